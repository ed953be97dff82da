#!/usr/bin/env bash
# Growth: seeds MariaDB with a large site (bench/growth.sql: 200 members, 10,000 cards,
# 2 million page-view days, 300,000 link clicks, 200,000 messages with their history),
# then times the pages an admin, a member and a visitor see (bench/growth), and reports
# the start-up time with migrations and the resident memory after the run.
#   bench/growth.sh
#   BENCH_MARIADB_URL=mysql://user:pass@127.0.0.1:3306/sitecard_growth N=500 bench/growth.sh
# The database named in the URL is dropped and created again.
set -euo pipefail
cd "$(dirname "$0")/.."
URL="${BENCH_MARIADB_URL:-mysql://sitecard:sitecard@127.0.0.1:3306/sitecard_growth}"
N="${N:-200}"
PORT="${PORT:-18094}"
PASSWORD=growth-pass-1
[[ "$URL" =~ ^mysql://([^:]+):([^@]*)@([^:/]+):([0-9]+)/([A-Za-z0-9_]+)$ ]] ||
  { echo "bench: BENCH_MARIADB_URL must be mysql://user:pass@host:port/db" >&2; exit 2; }
db=(mariadb -h "${BASH_REMATCH[3]}" -P "${BASH_REMATCH[4]}" -u "${BASH_REMATCH[1]}" "-p${BASH_REMATCH[2]}")
name="${BASH_REMATCH[5]}"
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/sitecard" ./cmd/sitecard
go build -o "$work/growth" ./bench/growth
"${db[@]}" -e "DROP DATABASE IF EXISTS $name; CREATE DATABASE $name CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"

# start: runs the site and keeps in $ms how long it took to answer /readyz.
start() {
  local t0
  t0=$(date +%s%N)
  ADDR="127.0.0.1:$PORT" DATA_DIR="$work/data" DATABASE_URL="$URL" LOG_LEVEL=warn CHAT_RATE_PER_IP=0 \
    ADMIN_LOGIN=admin ADMIN_PASSWORD="$PASSWORD" "$work/sitecard" >>"$work/log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
    sleep 0.005
  done
  ms=$((($(date +%s%N) - t0) / 1000000))
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

start
echo "start-up on an empty database (every migration, the demo card, the admin): $ms ms"
stop
t0=$(date +%s)
"${db[@]}" "$name" <bench/growth.sql
echo "seeded in $(($(date +%s) - t0)) s"
start
echo "start-up on the seeded database: $ms ms"
"$work/growth" -url "http://127.0.0.1:$PORT" -password "$PASSWORD" -n "$N"
echo "resident memory after the run: $(awk '/VmRSS/ {printf "%d MB", $2 / 1024}' "/proc/$pid/status"), peak $(awk '/VmHWM/ {printf "%d MB", $2 / 1024}' "/proc/$pid/status")"
