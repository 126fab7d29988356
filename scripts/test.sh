#!/usr/bin/env bash
# Sets up whatever is missing for testing, then runs every test:
#   0. `cargo fmt --check` and `cargo clippy -D warnings` (the code's own settings)
#   1. native `cargo test` (engine, printing, ...), and the UI reducer tests (`--features web`)
#   2. tests/web.rs in headless Chromium (wasm-bindgen-test-runner + chromedriver)
#   3. a release build with Trunk, served from / and from a sub-path /kubeplay/, driven by
#      Playwright (e2e/e2e.mjs) in headless Chromium
# The last line is `test.sh: all tests passed` or names the suite that failed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# Pick chromedriver explicitly, so an installed geckodriver is not chosen instead.
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

suite() {
    local name=$1
    shift
    echo
    echo "== $name: $*"
    local started=$SECONDS
    if ! "$@"; then
        echo
        echo "test.sh: FAILED: $name"
        exit 1
    fi
    echo "== $name: ok ($((SECONDS - started)) s)"
}

suite "format (rustfmt.toml)" cargo fmt --check
suite "clippy, warnings as errors" cargo clippy --all-targets --features web -- -D warnings
suite "native tests" cargo test
suite "UI reducer tests (native)" cargo test --features web --lib ui::
suite "wasm tests in headless Chromium" cargo test --target wasm32-unknown-unknown --features web --test web
suite "release build (trunk)" trunk build --dist dist-test

suite "download size (wasm + JS + CSS gzipped <= 710 KB; budget 600 KB)" scripts/size.sh dist-test

# Serve dist-test at / and at /kubeplay/ (a GitHub Pages project site's layout). Python's
# http.server sends application/wasm, which streaming instantiation needs.
site=$(mktemp -d)
ln -s "$PWD/dist-test" "$site/kubeplay"
server_pids=()
cleanup() {
    for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$site"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
root_port=$(free_port)
python3 -m http.server "$root_port" --bind 127.0.0.1 --directory dist-test >/dev/null 2>&1 &
server_pids+=($!)
sub_port=$(free_port)
python3 -m http.server "$sub_port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server_pids+=($!)
# Wait (up to 5 s) until both servers answer.
python3 - "http://127.0.0.1:$root_port/" "http://127.0.0.1:$sub_port/kubeplay/" <<'PY'
import sys, time, urllib.request
for url in sys.argv[1:]:
    for _ in range(50):
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
PY

suite "end-to-end (Playwright)" node e2e/e2e.mjs "http://127.0.0.1:$root_port/" "http://127.0.0.1:$sub_port/kubeplay/"
echo
echo "test.sh: all tests passed (native, wasm in Chromium, e2e at / and /kubeplay/)"
