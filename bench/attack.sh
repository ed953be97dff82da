#!/usr/bin/env bash
# The second probe's memory attacks against one sitecard process (argon2id sign-in flood,
# a contact form of millions of fields, a burst of huge photos), printing how each was
# answered and the process's peak resident memory (VmHWM) after each. The bar: under
# 300 MB throughout. The third probe's costs a visitor could multiply (issue 25, 1–3):
# spellings of a card's address and a flood of cards (cache), vCards and QR codes asked
# for over and over (drawn), imports that would make a card of 100,000 items (bigcard).
#   bench/attack.sh
#   BENCH_MARIADB_URL=mysql://sitecard:sitecard@127.0.0.1:3306/sitecard_bench bench/attack.sh
# It starts with the third probe's backup attacks (bench/attack-backup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-18093}"
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/sitecard" ./cmd/sitecard
go build -o "$work/attack" ./bench/attack
# The third probe's backup attacks (issue 25 §4 and §7) come first, on a process of their
# own: the login flood below throttles the admin's sign-in for a while.
. bench/attack-backup.sh
ADDR="127.0.0.1:$PORT" DATA_DIR="$work/data" DATABASE_URL="${BENCH_MARIADB_URL:-sqlite://$work/data/sitecard.db}" \
  LOG_LEVEL=warn METRICS_TOKEN=attack-metrics ADMIN_LOGIN=admin ADMIN_PASSWORD=attack-pass-1 "$work/sitecard" &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
peak() { awk '/VmHWM/ {printf "%d MB", $2 / 1024}' "/proc/$pid/status"; }
rss() { awk '/VmRSS/ {printf "%d MB", $2 / 1024}' "/proc/$pid/status"; }
echo "started: rss $(rss), peak $(peak)"
# The phases that sign in come first: the login flood locks the admin's login from this
# address. drawn, cache and bigcard are the third probe's (issue 25, items 1–3).
for phase in photo drawn cache bigcard login contact; do
  "$work/attack" -url "http://127.0.0.1:$PORT" -login admin -password attack-pass-1 -phase "$phase" \
    -pid "$pid" -metrics-token attack-metrics
  echo "  after $phase: rss $(rss), peak $(peak)"
done

