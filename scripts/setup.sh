#!/usr/bin/env bash
# Installs what kubeplay needs to build (and, with --browser, to run the browser tests), and
# only what is missing, so a second run takes about a second. Used by serve.sh and test.sh.
#
#   scripts/setup.sh            wasm target, wasm-bindgen CLI, Trunk, crates, wasm-opt and terser (npm)
#   scripts/setup.sh --browser  + Debian chromium/chromium-driver, a Chinese font, playwright-core (npm ci in e2e/)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;}' Cargo.lock)
WITH_BROWSER=0
[ "${1:-}" = "--browser" ] && WITH_BROWSER=1

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { echo "setup: $*"; }
# Prints a clear reason and what to do, then stops (no stack trace).
fail() {
    echo "setup: ERROR: $1" >&2
    [ -n "${2:-}" ] && echo "setup:        $2" >&2
    exit 1
}
# Runs an install command, timing it; on failure explains which step could not run.
install_step() {
    local what=$1 hint=$2
    shift 2
    say "installing $what: $*"
    local started=$SECONDS
    if ! "$@"; then
        fail "could not install $what (command: $*)" "$hint"
    fi
    say "installed $what in $((SECONDS - started)) s"
}
# Runs a command as root: directly, through passwordless sudo, or not at all.
as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        fail "'$*' needs root, and this user is not root and has no passwordless sudo" \
            "run it yourself as root (or with sudo), then run this script again"
    fi
}

# --- Rust toolchain and wasm target --------------------------------------------------------
command -v cargo >/dev/null || fail "cargo is not installed" "install Rust with rustup (https://rustup.rs), then run this script again"
command -v rustup >/dev/null || fail "rustup is not installed" "the wasm32 target is added with rustup; install Rust with rustup (https://rustup.rs)"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown target: ok"
else
    install_step "the wasm32-unknown-unknown target" "rustup needs network access to its dist server" \
        rustup target add wasm32-unknown-unknown
fi

# --- wasm-bindgen CLI (also provides wasm-bindgen-test-runner) -----------------------------
[ -n "$WASM_BINDGEN_VERSION" ] || fail "no wasm-bindgen version found in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "wasm-bindgen $WASM_BINDGEN_VERSION: ok"
else
    # No --locked: its lock file wants a webpki-roots release the crates registry here lacks.
    install_step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 min)" "cargo needs network access to the crates registry" \
        cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# --- Trunk -----------------------------------------------------------------------------------
if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
    say "trunk $TRUNK_VERSION: ok"
else
    install_step "trunk $TRUNK_VERSION (about 6-8 min on 2 cores)" "cargo needs network access to the crates registry" \
        cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# --- crates (Trunk builds with --offline) --------------------------------------------------
if ! cargo fetch --locked --quiet 2>/dev/null; then
    install_step "the crates in Cargo.lock" "cargo needs network access to the crates registry, and Cargo.lock must be up to date" cargo fetch --locked
else
    say "crates: ok"
fi

# --- binaryen's wasm-opt (npm, in tools/): Trunk's post-build hook runs it on release builds --
command -v node >/dev/null && command -v npm >/dev/null \
    || fail "node/npm are missing" "install Node.js 20 or newer with npm (wasm-opt and the browser tests use it), then run this script again"
# Every package of tools/package.json at its locked version (binaryen, terser), else `npm ci`.
versions='const lock = require("./tools/package-lock.json");
    Object.keys(require("./tools/package.json").dependencies).map(name => {
        let have = "";
        try { have = require("./tools/node_modules/" + name + "/package.json").version } catch {}
        return name + " " + lock.packages["node_modules/" + name].version + (have === lock.packages["node_modules/" + name].version ? "" : " missing");
    }).join(", ")'
wanted=$(node -p "$versions")
if [[ "$wanted" != *missing* ]]; then
    say "npm build tools ($wanted): ok"
else
    install_step "npm build tools in tools/ (binaryen's wasm-opt, terser; npm ci)" "npm needs network access to the npm registry" \
        npm ci --prefix tools --no-audit --no-fund
fi

[ "$WITH_BROWSER" = 1 ] || exit 0

# --- Chromium and chromedriver (Debian packages; never a browser downloaded by npm) ---------
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    say "chromium + chromedriver: ok ($(chromium --version 2>/dev/null | head -n1))"
else
    command -v apt-get >/dev/null || fail "chromium/chromedriver are missing and this is not a Debian-like system" \
        "install Chromium and a matching chromedriver at /usr/bin/chromium and /usr/bin/chromedriver"
    started=$SECONDS
    say "installing chromium + chromium-driver with apt-get"
    as_root apt-get update -q || fail "apt-get update failed" "apt needs network access to the Debian mirrors"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver \
        || fail "apt-get install chromium chromium-driver failed" "apt needs network access to the Debian mirrors"
    say "installed chromium + chromium-driver in $((SECONDS - started)) s"
fi

# --- A Chinese font, so the 中文 screenshots show characters, not boxes (about 5 MB) --------
if command -v fc-list >/dev/null && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n1)" ]; then
    say "Chinese font: ok"
elif command -v apt-get >/dev/null; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fonts-wqy-microhei \
        || say "WARNING: could not install fonts-wqy-microhei; Chinese screenshots will show boxes"
else
    say "WARNING: no Chinese font; Chinese screenshots will show boxes"
fi

# --- Node and playwright-core -------------------------------------------------------------
command -v node >/dev/null && command -v npm >/dev/null \
    || fail "node/npm are missing" "install Node.js 20 or newer with npm, then run this script again"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
    || fail "Node.js $(node --version) is too old" "playwright-core needs Node.js 20 or newer"
wanted=$(node -p 'require("./e2e/package-lock.json").packages["node_modules/playwright-core"].version')
have=$(node -p 'try { require("./e2e/node_modules/playwright-core/package.json").version } catch { "" }')
if [ "$wanted" = "$have" ]; then
    say "playwright-core $have: ok"
else
    # npm ci installs exactly the committed lock file; playwright-core downloads no browser.
    install_step "playwright-core $wanted (npm ci in e2e/)" "npm needs network access to the npm registry" \
        npm ci --prefix e2e --no-audit --no-fund
fi
