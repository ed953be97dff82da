#!/usr/bin/env bash
# Vendors the JSON Resume schema from the npm registry (@jsonresume/schema) at the pinned
# version, with its checksum. Run it only to change the version; the file is committed and
# the tests validate the card's résumé.json against it.
set -euo pipefail
VERSION="${1:-1.3.1}"
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@jsonresume/schema@${VERSION}" >/dev/null)
tar -xzf "$tmp"/jsonresume-schema-"${VERSION}".tgz -C "$tmp"
cp "$tmp/package/schema.json" schema.json
sum=$(sha256sum schema.json | cut -d' ' -f1)
printf '%s  @jsonresume/schema@%s schema.json\n' "$sum" "$VERSION" > schema.json.sha256
echo "@jsonresume/schema ${VERSION}: ${sum}"
