#!/usr/bin/env bash
# Runs one cargo-fuzz target under a memory cap (needs a nightly toolchain and
# `cargo install cargo-fuzz`):
#   scripts/fuzz.sh apply_yaml|commands|journal [SECONDS]     (default 300 s)
# libFuzzer stops with a crash report when one input makes the process hold more than 1 GB
# (-rss_limit_mb) or allocate more than 512 MB at once (-malloc_limit_mb), or runs one input
# for more than 20 s (-timeout): kubeplay's own budget for any input ("Done when" of issue 9).
# It starts from fuzz/corpus/TARGET/ (regressions go there too; `cargo test` runs them all).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh apply_yaml|commands|journal [SECONDS]}
seconds=${2:-300}
mkdir -p "fuzz/corpus/$target"
exec cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -rss_limit_mb=1024 -malloc_limit_mb=512 -timeout=20 -max_total_time="$seconds"
