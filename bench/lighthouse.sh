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
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null)
go build -o "$work/sitecard" ./cmd/sitecard
base="http://127.0.0.1:$PORT"
ADDR="127.0.0.1:$PORT" BASE_URL="$base" DATA_DIR="$work/data" LOG_LEVEL=warn ADMIN_LOGIN=admin ADMIN_PASSWORD=lighthouse-pass \
  "$work/sitecard" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.1; done
# Sign in once with curl; Lighthouse sends the session cookie with the dashboard's request.
jar="$work/jar"
token=$(curl -fs -c "$jar" "$base/login" | sed -n 's/.*name="csrf-token" content="\([^"]*\)".*/\1/p' | head -1)
curl -fs -b "$jar" -c "$jar" -o /dev/null -X POST --data-urlencode "_csrf=$token" --data-urlencode login=admin \
  --data-urlencode password=lighthouse-pass "$base/login"
session=$(awk '$6 ~ /session/ {print $6 "=" $7}' "$jar" | head -1)
printf '%-24s %-6s %s\n' page theme "$CATEGORIES"
for theme in light dark; do
  for page in / /c/demo/chat /c/demo/contact /login /admin; do
    cookie="theme=$theme"
    [ "$page" = /admin ] && cookie="$cookie; $session"
    "$work/node_modules/.bin/lighthouse" "$base$page" --quiet --only-categories="$CATEGORIES" \
      --chrome-flags="--headless=new --no-sandbox" --extra-headers="{\"Cookie\": \"$cookie\"}" \
      --output=json --output-path="$work/report.json" >/dev/null 2>&1 || { echo "lighthouse failed on $page" >&2; exit 1; }
    scores=$(node -e 'const r = require(process.argv[1]); console.log(Object.values(r.categories).map(c => c.id + " " + Math.round(c.score * 100)).join("  ") + "  (" + new URL(r.finalDisplayedUrl).pathname + ")");
      for (const a of Object.values(r.audits)) if (a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary") console.log("    failed: " + a.id + " — " + a.title)' "$work/report.json")
    printf '%-24s %-6s %s\n' "$page" "$theme" "$scores"
  done
done
