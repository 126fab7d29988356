#!/usr/bin/env bash
# The download size of a built site: wasm + JS + CSS, raw and gzip -9, per file and in total,
# against the product's budget (600 KB gzipped) and hard ceiling (1 MB gzipped).
#
#   scripts/size.sh [DIST]      default DIST: dist
# Exits 1 when the total is over the hard ceiling; says so (but passes) when over the budget.
set -euo pipefail
dist=${1:-dist}
BUDGET=$((600 * 1024))
CEILING=$((1024 * 1024))
total_raw=0
total_gz=0
shopt -s nullglob
for file in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css; do
    raw=$(wc -c <"$file")
    gz=$(gzip -9c "$file" | wc -c)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    printf 'size.sh: %-48s %9d bytes raw %8d gzipped\n' "$(basename "$file")" "$raw" "$gz"
done
printf 'size.sh: %-48s %9d bytes raw %8d gzipped (%d KB; budget %d KB, ceiling %d KB)\n' \
    "total" "$total_raw" "$total_gz" $((total_gz / 1024)) $((BUDGET / 1024)) $((CEILING / 1024))
if [ "$total_gz" -gt "$CEILING" ]; then
    echo "size.sh: FAILED: the download is over the 1 MB hard ceiling" >&2
    exit 1
elif [ "$total_gz" -gt "$BUDGET" ]; then
    echo "size.sh: over the 600 KB budget (under the 1 MB ceiling): see docs/size.md for what costs what"
fi
