#!/usr/bin/env bash
# A soak: 60 s at 64 connections on the card page, then on the contact API, against one
# sitecard process, sampling its resident memory every 5 s. It reports errors (socket
# errors and non-2xx answers) and the RSS samples, which should stay flat after warm-up.
#   bench/soak.sh
#   BENCH_MARIADB_URL=mysql://sitecard:sitecard@127.0.0.1:3306/sitecard_bench bench/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-60s}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-18092}"
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
work=$(mktemp -d)
pid=""
sampler=""
trap '[ -n "$sampler" ] && kill "$sampler" 2>/dev/null; [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/sitecard" ./cmd/sitecard
ADDR="127.0.0.1:$PORT" DATA_DIR="$work/data" DATABASE_URL="${BENCH_MARIADB_URL:-sqlite://$work/data/sitecard.db}" \
  LOG_LEVEL=warn METRICS_TOKEN=bench CONTACT_RATE_PER_IP=1000000/1m CONTACT_RATE_PER_CARD=100000000/1h "$work/sitecard" &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done

# RSS in MB every 5 s, into a file, while the runs go on.
(while kill -0 "$pid" 2>/dev/null; do awk '/VmRSS/ {printf "%d ", $2 / 1024}' "/proc/$pid/status" >>"$work/rss"; sleep 5; done) &
sampler=$!

soak() { # name wrk-arguments…
  local name=$1
  shift
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
  local errors non2xx
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-8s %10s req/s  p99 %-8s requests %-9s socket errors %-4s non-2xx %s\n' "$name" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "$(awk '/requests in/ {print $1}' <<<"$out")" "${errors:-0}" "${non2xx:-0}"
  echo "rss MB every 5 s so far: $(cat "$work/rss")"
}
soak card -H "User-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)" "http://127.0.0.1:$PORT/"
soak contact -s bench/contact.lua "http://127.0.0.1:$PORT/"
