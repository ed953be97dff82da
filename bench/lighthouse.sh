#!/usr/bin/env bash
# Lighthouse's accessibility score for the card, chat, contact, sign-in and dashboard pages,
# with Debian's chromium, in light and dark. Needs Node.js and npm (the lighthouse package
# is installed from npm into a temporary folder) and chromium.
#   bench/lighthouse.sh
#   CATEGORIES=accessibility,best-practices,seo,performance bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-18096}"
CATEGORIES="${CATEGORIES:-accessibility}"
LIGHTHOUSE_VERSION=13.5.0
CHROME_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CHROME_PATH
for tool in node npm curl "$CHROME_PATH"; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y nodejs npm chromium curl)" >&2; exit 2; }
done
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm pkg set type=module >/dev/null && npm install --no-audit --no-fund --silent "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null)
go build -o "$work/sitecard" ./cmd/sitecard
base="http://127.0.0.1:$PORT"
ADDR="127.0.0.1:$PORT" BASE_URL="$base" DATA_DIR="$work/data" LOG_LEVEL=warn ADMIN_LOGIN=admin ADMIN_PASSWORD=lighthouse-pass \
  "$work/sitecard" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.1; done
# Sign in once with curl; bench/lighthouse.mjs gives the browser that session.
jar="$work/jar"
token=$(curl -fs -c "$jar" "$base/login" | sed -n 's/.*name="csrf-token" content="\([^"]*\)".*/\1/p' | head -1)
curl -fs -b "$jar" -c "$jar" -o /dev/null -X POST --data-urlencode "_csrf=$token" --data-urlencode login=admin \
  --data-urlencode password=lighthouse-pass "$base/login"
session=$(awk '$6 == "sitecard_session" {print $7}' "$jar" | head -1)
cp bench/lighthouse.mjs "$work/"
printf '%-24s %-6s %s\n' page theme "$CATEGORIES"
status=0
for theme in light dark; do
  # A visitor's pages without the session (signed in, /login goes on to /admin), then the dashboard.
  (cd "$work" && node lighthouse.mjs "$base" "" "$CATEGORIES" "$theme" / /c/demo/chat /c/demo/contact /login) || status=1
  (cd "$work" && node lighthouse.mjs "$base" "$session" "$CATEGORIES" "$theme" /admin /admin/cards/1 /admin/messages /admin/members /admin/kakao /admin/channels /admin/account) || status=1
done
exit $status
