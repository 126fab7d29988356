#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml [[hooks]]): shrinks what a release build ships, with the
# npm tools in tools/ (installed by scripts/setup.sh; docs/size.md has what each step saves):
#   *.wasm  the functions in name order (scripts/wasm-order.py: 23 KB less gzipped), then
#           binaryen's wasm-opt -Oz (Debian's binaryen is too old for wasm-bindgen 0.2.130
#           output, and Trunk's own wasm-opt step would try to download one)
#   *.js    terser (Trunk's `minify` cannot parse wasm-bindgen's JS and leaves it alone)
# Debug builds are left as they are (fast to rebuild).
#
# Standalone: scripts/post-build.sh FILE.wasm|FILE.js...   (shrinks the files in place)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tools="$here/../tools/node_modules/.bin"

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
        # Alike functions side by side (same Rust path, then same bytes) gzip smaller: gzip only
        # looks 32 KB back, and the linker's order scatters a generic's copies. wasm-order.py
        # renames the functions to their rank from wasm-bindgen's names; wasm-opt sorts them
        # by that name first (its -Oz keeps the order; with -g to keep names instead, -Oz
        # would optimize less).
        python3 "$here/wasm-order.py" "$file" "$file.named"
        passes=(
            --reorder-functions-by-name
            # A function called from one place is inlined only if small (--one-caller-inline-
            # max-function-size); kept apart, it gzips beside its kind (-4 KB gzipped).
            -ocimfs=20
            # Control flow rebuilt by binaryen's relooper before -Oz (-2 KB gzipped).
            --flatten --rereloop
            -Oz
            # rustc's wasm layout puts the stack first, so nothing lives in the first KB of
            # memory and binaryen may fold more address arithmetic (-5 KB gzipped).
            --low-memory-unused
            # Custom sections no browser reads.
            --strip-producers --strip-target-features
        )
        "$tools/wasm-opt" "${passes[@]}" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
            --enable-reference-types --enable-mutable-globals --enable-multivalue "$file.named" -o "$file.min"
        rm "$file.named"
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
