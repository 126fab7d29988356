#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml [[hooks]]): shrinks the app's .wasm with binaryen's
# wasm-opt -Oz, in release builds only. The wasm-opt is npm's `binaryen` package in tools/
# (installed by scripts/setup.sh): Debian's binaryen is too old for wasm-bindgen 0.2.130
# output, and Trunk's own wasm-opt step would try to download one.
#
# Standalone: scripts/wasm-opt.sh FILE.wasm...   (optimises the files in place)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
wasm_opt="$root/tools/node_modules/.bin/wasm-opt"

if [ $# -gt 0 ]; then
    files=("$@")
else
    # Called by Trunk: optimise release builds only (a dev build stays fast to rebuild).
    if [ "${TRUNK_PROFILE:-release}" != "release" ]; then
        exit 0
    fi
    shopt -s nullglob
    files=("${TRUNK_STAGING_DIR:?TRUNK_STAGING_DIR is not set: run this from Trunk or give files}"/*.wasm)
fi
if [ ! -x "$wasm_opt" ]; then
    echo "wasm-opt.sh: ERROR: $wasm_opt is missing; run scripts/setup.sh (npm ci in tools/)" >&2
    exit 1
fi
for file in "${files[@]}"; do
    before=$(wc -c <"$file")
    started=$SECONDS
    # --low-memory-unused: rustc's wasm layout puts the stack first, so nothing lives in the
    # first KB of memory and binaryen may fold more address arithmetic (-5 KB gzipped).
    # --converge: repeat -Oz until the file stops shrinking (-1 KB gzipped for ~30 s more).
    "$wasm_opt" -Oz --low-memory-unused --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-reference-types --enable-mutable-globals --enable-multivalue "$file" -o "$file.opt"
    mv "$file.opt" "$file"
    echo "wasm-opt.sh: $(basename "$file"): $before -> $(wc -c <"$file") bytes in $((SECONDS - started)) s"
done
