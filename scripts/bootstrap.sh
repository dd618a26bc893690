#!/usr/bin/env bash
# Installs what building (and, with `test`, testing) Bürgerkoffer needs, and skips what is present.
# Everything comes from crates.io, npm, PyPI or Debian's packages; no tool downloads anything of its
# own.
#
#   scripts/bootstrap.sh build   Rust wasm target, Trunk, wasm-bindgen-cli, wasm-opt
#   scripts/bootstrap.sh test    the above, plus Chromium, ChromeDriver, Playwright, PostgreSQL,
#                                schemathesis, cargo-deb, debootstrap and systemd-nspawn
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-test}

TRUNK_VERSION=0.21.14
CARGO_DEB_VERSION=3.8.0
# The CLI must be the exact version of the wasm-bindgen crate the app links (Cargo.lock).
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, "", $3); print $3 }' Cargo.lock)

export PATH="$HOME/.cargo/bin:$PATH"
started=$SECONDS
say() { printf '[bootstrap %3ds] %s\n' "$((SECONDS - started))" "$*"; }

command -v cargo >/dev/null || { echo "bootstrap: no Rust toolchain (cargo) on PATH; install rustup first" >&2; exit 1; }

# --- Debian packages ---------------------------------------------------------------------------
missing=()
command -v python3 >/dev/null || missing+=(python3)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v cc >/dev/null || missing+=(gcc libc6-dev)
# The Trunk post-build step writes a brotli copy of every shell file (scripts/precache_shell.py).
command -v brotli >/dev/null || missing+=(brotli)
if [ "$purpose" = test ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  # The server's tests run against PostgreSQL too (scripts/test-postgres.sh starts it).
  command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
  # The contract test's schemathesis lives in a venv of its own (contract/.venv).
  python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
  # The Debian package's test: a clean Debian root that boots under systemd.
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v systemd-nspawn >/dev/null || missing+=(systemd-container)
  command -v dpkg-shlibdeps >/dev/null || missing+=(dpkg-dev)
fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- Rust target and tools ---------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# These tools are compiled from source. Their own speed hardly matters, so a cheap profile (no LTO,
# opt-level 1, many codegen units) is used: about a third of their release build time on 2 cores.
# CARGO_TARGET_DIR is dropped so they never mix with the project's build.
cheap_install() {
  env -u CARGO_TARGET_DIR \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
    CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
    CARGO_PROFILE_RELEASE_DEBUG=false \
    CARGO_PROFILE_RELEASE_STRIP=true \
    cargo install --quiet "$@"
}

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (takes several minutes)"
  cheap_install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f1,2)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lockfile names a dependency version the registry no longer serves.
  cheap_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "$purpose" = test ] && [ "$(cargo deb --version 2>/dev/null)" != "cargo-deb $CARGO_DEB_VERSION" ]; then
  say "installing cargo-deb $CARGO_DEB_VERSION"
  cheap_install cargo-deb --version "$CARGO_DEB_VERSION" --locked
fi

# Fuzzing needs a nightly toolchain; where the machine has one, cargo-fuzz runs the device parsers.
if [ "$purpose" = test ] && rustup toolchain list | grep -q '^nightly' && ! command -v cargo-fuzz >/dev/null; then
  say "installing cargo-fuzz"
  cheap_install cargo-fuzz --locked
fi

# --- npm packages, from committed lockfiles ----------------------------------------------------
npm_install() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages in $dir/"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install tools
if [ "$purpose" = test ]; then
  npm_install e2e
  # pouchdb-server, the peer of the sync benchmark (leveldown ships prebuilt binaries).
  npm_install bench/sync
fi

# --- PyPI packages, pinned -------------------------------------------------------------------
if [ "$purpose" = test ] && ! cmp -s contract/requirements.txt contract/.venv/requirements.txt; then
  say "installing schemathesis into contract/.venv"
  rm -rf contract/.venv
  python3 -m venv contract/.venv
  contract/.venv/bin/pip install --quiet --disable-pip-version-check -r contract/requirements.txt
  cp contract/requirements.txt contract/.venv/requirements.txt
fi

say "ready: $(trunk --version), $(wasm-bindgen --version | cut -d' ' -f1,2), $(tools/node_modules/.bin/wasm-opt --version | cut -d' ' -f1-3)"
