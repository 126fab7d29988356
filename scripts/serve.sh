#!/usr/bin/env bash
# Sets up whatever is missing, then builds and serves kubeplay at http://127.0.0.1:8080/
# (PORT=... to change), rebuilding and reloading the page when a file changes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Trunk's update check asks the crates registry on every start; nothing to gain here.
export TRUNK_SKIP_VERSION_CHECK=true
echo "serve: building, then serving http://127.0.0.1:${PORT:-8080}/ (Ctrl+C stops)"
exec trunk serve --port "${PORT:-8080}"
