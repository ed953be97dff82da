#!/usr/bin/env bash
# Accepted POST /kakao/ messages per second, on SQLite and (with BENCH_MARIADB_URL) on
# MariaDB, then checks that every accepted message is in the table.
#   bench/contact.sh
#   BENCH_MARIADB_URL=mysql://sitecard:sitecard@127.0.0.1:3306/sitecard_bench bench/contact.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-18090}"
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/sitecard" ./cmd/sitecard

run() { # name database-url
  local name=$1 url=$2
  # The limits are on (the atomic counter is part of every accepted message) but set too
  # high to refuse anything. The demo card has an owner, as on a real site, so each message
  # also takes the check of the owner's KakaoTalk connection. No Kakao key: the messages
  # wait in the outbox, which is the write path being measured.
  ADDR="127.0.0.1:$PORT" DATA_DIR="$work/data-$name" DATABASE_URL="$url" LOG_LEVEL=warn \
    ADMIN_LOGIN=owner ADMIN_PASSWORD=bench-owner-pass \
    CONTACT_RATE_PER_IP="${CONTACT_RATE_PER_IP:-1000000/1m}" CONTACT_RATE_PER_CARD="${CONTACT_RATE_PER_CARD:-1000000/1h}" "$work/sitecard" &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/contact.lua "http://127.0.0.1:$PORT/")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  refused=$(awk '/non-200/ {s += $NF} END {print s + 0}' <<<"$out")
  stored=$(DATABASE_URL="$url" DATA_DIR="$work/data-$name" go run ./bench/count 2>/dev/null || echo "?")
  printf '%-8s %10s req/s  p99 %-8s requests %-8s refused %-4s stored %s\n' "$name" "$rps" "$p99" "$total" "$refused" "$stored"
}

run sqlite "sqlite://$work/data-sqlite/sitecard.db"
if [ -n "${BENCH_MARIADB_URL:-}" ]; then
  run mariadb "$BENCH_MARIADB_URL"
fi
