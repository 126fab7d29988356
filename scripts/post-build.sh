#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml [[hooks]]): shrinks what a release build ships, with the
# npm tools in tools/ (installed by scripts/setup.sh; docs/size.md has what each step saves):
#   *.wasm  binaryen's wasm-opt -Oz (Debian's binaryen is too old for wasm-bindgen 0.2.130
#           output, and Trunk's own wasm-opt step would try to download one)
#   *.js    terser (Trunk's `minify` cannot parse wasm-bindgen's JS and leaves it alone)
# Debug builds are left as they are (fast to rebuild).
#
# Standalone: scripts/post-build.sh FILE.wasm|FILE.js...   (shrinks the files in place)
set -euo pipefail
tools="$(cd "$(dirname "$0")/.." && pwd)/tools/node_modules/.bin"

if [ $# -gt 0 ]; then
    files=("$@")
else
    if [ "${TRUNK_PROFILE:-release}" != "release" ]; then
        exit 0
    fi
    shopt -s nullglob
    staging="${TRUNK_STAGING_DIR:?TRUNK_STAGING_DIR is not set: run this from Trunk or give files}"
    files=("$staging"/*.wasm "$staging"/*.js)
fi
for tool in wasm-opt terser; do
    if [ ! -x "$tools/$tool" ]; then
        echo "post-build.sh: ERROR: $tools/$tool is missing; run scripts/setup.sh (npm ci in tools/)" >&2
        exit 1
    fi
done
for file in "${files[@]}"; do
    before=$(wc -c <"$file")
    started=$SECONDS
    case "$file" in
    *.wasm)
        # --low-memory-unused: rustc's wasm layout puts the stack first, so nothing lives in the
        # first KB of memory and binaryen may fold more address arithmetic (-5 KB gzipped).
        # --converge: repeat -Oz until the file stops shrinking (-1 KB gzipped for ~30 s more).
        "$tools/wasm-opt" -Oz --low-memory-unused --converge --enable-bulk-memory --enable-nontrapping-float-to-int \
            --enable-sign-ext --enable-reference-types --enable-mutable-globals --enable-multivalue "$file" -o "$file.min"
        ;;
    *.js)
        # An ES module: exports keep their names; locals are renamed and the code compressed.
        "$tools/terser" "$file" --module --compress --mangle --output "$file.min"
        ;;
    *)
        echo "post-build.sh: $file: neither .wasm nor .js" >&2
        exit 1
        ;;
    esac
    mv "$file.min" "$file"
    echo "post-build.sh: $(basename "$file"): $before -> $(wc -c <"$file") bytes in $((SECONDS - started)) s"
done
