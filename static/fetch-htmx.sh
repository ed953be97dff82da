#!/usr/bin/env bash
# Vendors htmx from the npm registry at the pinned version and checks it against the pinned
# checksum. Run it only to change the version; the vendored file is committed.
set -euo pipefail
VERSION="${1:-2.0.11}"
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "htmx.org@${VERSION}" >/dev/null)
tar -xzf "$tmp"/htmx.org-"${VERSION}".tgz -C "$tmp"
cp "$tmp/package/dist/htmx.min.js" static/vendor/htmx.min.js
sum=$(sha256sum static/vendor/htmx.min.js | cut -d' ' -f1)
printf '%s  htmx.org@%s dist/htmx.min.js\n' "$sum" "$VERSION" > static/vendor/htmx.min.js.sha256
echo "htmx ${VERSION}: ${sum}"
