#!/usr/bin/env bash
# Measures GET / on sitecard against nginx serving the very same bytes as a static file,
# on this machine, in this run. Needs wrk and nginx (apt-get install -y wrk nginx).
#   bench/run.sh            # 32 connections, 10 s each
#   DURATION=30s CONNECTIONS=64 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
APP_PORT="${APP_PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-18081}"
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y wrk nginx curl)" >&2; exit 2; }
done

work=$(mktemp -d)
chmod 755 "$work" # nginx workers run as www-data and must read the page
app_pid=""; nginx_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "${BENCH_DEBUG:-}" ] && set -x

go build -o "$work/sitecard" ./cmd/sitecard
# Request logs off for both servers: nginx below has access_log off too.
# Metrics on, as in production: their cost is part of what is measured.
ADDR="127.0.0.1:$APP_PORT" DATA_DIR="$work/data" LOG_LEVEL=warn METRICS_TOKEN=bench "$work/sitecard" &
app_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$APP_PORT/healthz" >/dev/null && break; sleep 0.1; done

mkdir -p "$work/www"
curl -fs "http://127.0.0.1:$APP_PORT/" -o "$work/www/index.html"
chmod -R a+rX "$work/www"
bytes=$(wc -c < "$work/www/index.html")

cat > "$work/nginx.conf" <<NGINX
daemon off;
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  default_type text/html;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/www;
    index index.html;
  }
}
NGINX
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf" -e "$work/nginx-error.log" &
nginx_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$NGINX_PORT/" >/dev/null && break; sleep 0.1; done
cmp -s <(curl -fs "http://127.0.0.1:$NGINX_PORT/") "$work/www/index.html" || { echo "bench: nginx serves other bytes" >&2; cat "$work/nginx-error.log" >&2; exit 1; }

# A phone browser's User-Agent, so that sitecard counts every request as a page view, as
# it would for real visitors.
UA="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 KAKAOTALK 10.4.5"
run() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "User-Agent: $UA" "$1"; }
# A short warm-up for both, then the measured runs.
wrk -t1 -c4 -d2s "http://127.0.0.1:$APP_PORT/" >/dev/null
wrk -t1 -c4 -d2s "http://127.0.0.1:$NGINX_PORT/" >/dev/null
# CPU time (user + system, in clock ticks) of a process tree: the server itself and, for
# nginx, its workers.
ticks() { local t=0; for p in "$@" $(pgrep -P "$1" 2>/dev/null); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
hz=$(getconf CLK_TCK)
a0=$(ticks "$app_pid"); app_out=$(run "http://127.0.0.1:$APP_PORT/"); a1=$(ticks "$app_pid")
n0=$(ticks "$nginx_pid"); nginx_out=$(run "http://127.0.0.1:$NGINX_PORT/"); n1=$(ticks "$nginx_pid")
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$app_pid/status")

rps() { awk '/Requests\/sec/ {print $2}' <<<"$1"; }
p99() { awk '$1 == "99%" {print $2}' <<<"$1"; }
app_rps=$(rps "$app_out"); nginx_rps=$(rps "$nginx_out")
ratio=$(awk -v a="$app_rps" -v n="$nginx_rps" 'BEGIN {printf "%.2f", a / n}')

echo "== sitecard GET / ($bytes bytes, $CONNECTIONS connections, $DURATION) =="
echo "$app_out"
echo "== nginx, same bytes as a static file =="
echo "$nginx_out"
echo
printf '%-10s %12s %10s\n' server req/s p99
printf '%-10s %12s %10s\n' sitecard "$app_rps" "$(p99 "$app_out")"
printf '%-10s %12s %10s\n' nginx "$nginx_rps" "$(p99 "$nginx_out")"
echo "ratio sitecard/nginx: $ratio (target >= 1.0)"
total() { awk '/requests in/ {print $1}' <<<"$1"; }
cpu() { awk -v t="$1" -v hz="$hz" -v n="$2" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}'; }
echo "CPU per request: sitecard $(cpu $((a1 - a0)) "$(total "$app_out")") µs, nginx $(cpu $((n1 - n0)) "$(total "$nginx_out")") µs"
echo "sitecard peak RSS: $((rss_kb / 1024)) MB (target < 60 MB)"
