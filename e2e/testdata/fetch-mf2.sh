#!/usr/bin/env bash
# Bundles the microformats2 parser from npm (microformats-parser, with parse5) into one
# script the browser tests load into Chromium to read the card's h-card, as an independent
# parser. Run it only to change the versions; the bundle and its checksum are committed.
set -euo pipefail
PARSER="${1:-2.0.6}"
ESBUILD=0.28.2
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund "microformats-parser@$PARSER" "esbuild@$ESBUILD" >/dev/null &&
  echo 'import { mf2 } from "microformats-parser"; window.mf2 = mf2;' >entry.js &&
  ./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --log-level=warning --outfile=mf2.js)
cp "$tmp/mf2.js" mf2.js
printf '%s  microformats-parser@%s, bundled by esbuild@%s\n' "$(sha256sum mf2.js | cut -d' ' -f1)" "$PARSER" "$ESBUILD" >mf2.js.sha256
cat mf2.js.sha256
