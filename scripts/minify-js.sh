#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml [[hooks]]): minifies wasm-bindgen's JS glue with terser
# (npm, in tools/, installed by scripts/setup.sh), in release builds only. Trunk's own
# `minify` handles the CSS but leaves this file as wasm-bindgen wrote it (docs/size.md:
# 8.7 -> 6.8 KB gzipped).
#
# Standalone: scripts/minify-js.sh FILE.js...   (minifies the files in place)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
terser="$root/tools/node_modules/.bin/terser"

if [ $# -gt 0 ]; then
    files=("$@")
else
    if [ "${TRUNK_PROFILE:-release}" != "release" ]; then
        exit 0
    fi
    shopt -s nullglob
    files=("${TRUNK_STAGING_DIR:?TRUNK_STAGING_DIR is not set: run this from Trunk or give files}"/*.js)
fi
if [ ! -x "$terser" ]; then
    echo "minify-js.sh: ERROR: $terser is missing; run scripts/setup.sh (npm ci in tools/)" >&2
    exit 1
fi
for file in "${files[@]}"; do
    before=$(wc -c <"$file")
    # An ES module: exports keep their names; locals are renamed and the code compressed.
    "$terser" "$file" --module --compress --mangle --output "$file.min"
    mv "$file.min" "$file"
    echo "minify-js.sh: $(basename "$file"): $before -> $(wc -c <"$file") bytes"
done
