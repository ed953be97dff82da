#!/usr/bin/env bash
# Chatbot answers per second on the embedded default (no model: lexical ranking and
# quoted answers), on the demo card, over the JSON API.
#   bench/chat.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-18091}"
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/sitecard" ./cmd/sitecard

# The question limit is off: this measures answering, not the limit.
ADDR="127.0.0.1:$PORT" DATA_DIR="$work/data" DATABASE_URL="sqlite://$work/data/sitecard.db" LOG_LEVEL=warn \
  CHAT_RATE_PER_IP=0 "$work/sitecard" &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
# The demo card is indexed in the background at start; wait for a quoted answer.
for _ in $(seq 1 100); do
  curl -fs -H 'Content-Type: application/json' -d '{"question":"email?"}' "http://127.0.0.1:$PORT/chat/" | grep -q example.com && break
  sleep 0.1
done
out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/chat.lua "http://127.0.0.1:$PORT/")
echo "$out" | grep -E "Requests/sec|Latency|99%|50%|non-200|requests in"
