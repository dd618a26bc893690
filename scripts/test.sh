#!/usr/bin/env bash
# Every test: format and lints, native unit and integration tests, app tests in headless Chromium,
# the release build, end-to-end journeys in Chromium, and the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"

started=$SECONDS
step() { printf '\n=== [%4ds] %s\n' "$((SECONDS - started))" "$*"; }
# Test output is also kept here, to add up what every runner counted at the end.
results=$(mktemp)
trap 'rm -f "$results"' EXIT
counted() { "$@" 2>&1 | tee -a "$results"; }

step "format"
cargo fmt --all -- --check

step "lints (native crates, then the apps and what they share, for wasm)"
cargo clippy --workspace --exclude app --exclude ui --exclude rathaus --exclude terminal --all-targets --quiet -- -D warnings
cargo clippy --package app --package ui --package rathaus --package terminal --target wasm32-unknown-unknown \
  --all-targets --quiet -- -D warnings

step "native tests: domain, devices, server (with SQLite), bench"
counted cargo test --package domain --package devices --package server --package bench

step "the server's tests again, on PostgreSQL"
postgres_url=${BUERGERKOFFER_TEST_DATABASE_URL:-$(scripts/test-postgres.sh)}
BUERGERKOFFER_TEST_DATABASE_URL=$postgres_url counted cargo test --package server

step "app tests in headless Chromium (wasm-bindgen-test)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  counted cargo test --package app --package ui --package rathaus --package terminal --target wasm32-unknown-unknown --lib

step "fuzzing the device parsers and the data schema check (10 s each)"
if rustup toolchain list | grep -q '^nightly' && command -v cargo-fuzz >/dev/null; then
  # Each its own workspace and target dir: sanitizer builds must not mix with the project's. A
  # target's dictionary (fuzz/<target>.dict) is handed to libFuzzer where there is one.
  for crate in devices domain; do
    (cd "$crate" && for target in $(cargo +nightly fuzz list); do
      dict=(); [ -f "fuzz/$target.dict" ] && dict=("-dict=fuzz/$target.dict")
      CARGO_TARGET_DIR=fuzz/target cargo +nightly fuzz run -O "$target" -- -max_total_time=10 "${dict[@]}" 2>&1 \
        | grep -E '^Done|ERROR|SUMMARY' || { echo "fuzz target $target failed"; exit 1; }
    done) || exit 1
  done
else
  echo "skipped: no nightly toolchain on this machine"
fi

step "release build of the apps (Koffer, Rathaus, Terminal)"
scripts/build-apps.sh

step "end-to-end journeys in Chromium"
cargo build --package server --bin buergerkoffer --quiet
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
(cd e2e && BUERGERKOFFER_BIN="$target_dir/debug/buergerkoffer" BUERGERKOFFER_DIST="$PWD/../dist" counted npm test --silent)

step "the opening journey again over HTTPS: a test CA, the PWA installs and works offline"
tls_dir=$(mktemp -d)
scripts/test-certificate.sh "$tls_dir"
(cd e2e && BUERGERKOFFER_E2E_TLS_DIR="$tls_dir" NODE_EXTRA_CA_CERTS="$tls_dir/ca.pem" \
  BUERGERKOFFER_BIN="$target_dir/debug/buergerkoffer" BUERGERKOFFER_DIST="$PWD/../dist" \
  counted node --test journeys/opening_the_koffer.test.js)
rm -rf "$tls_dir"

step "the API's contract: schemathesis against the served OpenAPI document, for each role"
contract/run.sh "$target_dir/debug/buergerkoffer" dist

step "benchmark: bundle size"
cargo run --quiet --package bench --bin bundle-size -- dist

step "benchmark: encrypted store in Chromium (unlock, save, load 10,000)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=300 \
  cargo test --package app --target wasm32-unknown-unknown --release --test store_bench -- --nocapture \
  | grep -E ' ms|^choice'

step "benchmark: the clerk's desk in Chromium (unlock to the day's list with 1,000 cases; 10,000: load, list, search; opening a form)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=300 \
  cargo test --package app --target wasm32-unknown-unknown --release --test desk_bench -- --nocapture \
  | grep -E ' ms|bytes'

step "benchmark: sync against pouchdb-server (10,000 cases; incremental with 100,000)"
cargo build --release --package server --bin buergerkoffer --package bench --bin sync-peer \
  --bin sign-in-load --bin clerk-load --bin fault-run --bin booking-load --bin handover-export --quiet
BUERGERKOFFER_BIN="$target_dir/release/buergerkoffer" \
  POUCHDB_SERVER_BIN="$PWD/bench/sync/node_modules/.bin/pouchdb-server" \
  "$target_dir/release/sync-peer"

step "the Debian package: installed into a clean Debian root, booted under systemd, serving"
scripts/test-debian-package.sh

step "benchmark: startup on a slow link and an old laptop (Chromium's network and CPU emulation)"
(cd e2e && BUERGERKOFFER_BIN="$target_dir/release/buergerkoffer" BUERGERKOFFER_DIST="$PWD/../dist" \
  node benchmarks/startup.js)

step "benchmark: a day's work (30 visits, 20 photos) home over 3G, the link cut twice"
(cd e2e && BUERGERKOFFER_BIN="$target_dir/release/buergerkoffer" BUERGERKOFFER_DIST="$PWD/../dist" \
  node benchmarks/transfer.js)

step "benchmark: video assistance, from the call at the kiosk to both sides connected (loopback)"
(cd e2e && BUERGERKOFFER_BIN="$target_dir/release/buergerkoffer" BUERGERKOFFER_DIST="$PWD/../dist" \
  node benchmarks/video_call.js)

step "benchmark: the evaluation over 1,000,000 cases (SQLite, then PostgreSQL)"
BUERGERKOFFER_TEST_DATABASE_URL=$postgres_url cargo bench --quiet --package server --bench evaluation

# The URL of an empty PostgreSQL database named $1 (test databases are dropped at the next run).
empty_database() { psql "$postgres_url" -qc "CREATE DATABASE $1" && echo "${postgres_url%/*}/$1"; }

step "benchmark: 50 and 500 clerks transferring their visits (SQLite, then PostgreSQL)"
for database in "" "--database-url=$(empty_database "bk_test_clerk_load_$$")"; do
  BUERGERKOFFER_BIN="$target_dir/release/buergerkoffer" "$target_dir/release/clerk-load" $database
done

step "benchmark: the public page's time to first byte, and 50 citizens booking at once (SQLite, then PostgreSQL)"
for database in "" "--database-url=$(empty_database "bk_test_booking_load_$$")"; do
  BUERGERKOFFER_BIN="$target_dir/release/buergerkoffer" "$target_dir/release/booking-load" $database
done

step "benchmark: a handover package with 5 photos, and a batch export of 1,000 cases (SQLite, then PostgreSQL)"
for database in "" "--database-url=$(empty_database "bk_test_handover_$$")"; do
  BUERGERKOFFER_BIN="$target_dir/release/buergerkoffer" "$target_dir/release/handover-export" $database
done

step "faults while laptops transfer (SIGKILL, cut connections, duplicates, reordering, clocks, database away), then every case counted"
for database in "" "--database-url=$(empty_database "bk_test_fault_run_$$")"; do
  BUERGERKOFFER_BIN="$target_dir/release/buergerkoffer" "$target_dir/release/fault-run" $database
done

step "benchmark: 300 sign-ins at once (peak server memory; Argon2 checks are bounded)"
BUERGERKOFFER_BIN="$target_dir/release/buergerkoffer" "$target_dir/release/sign-in-load"

step "summary"
# cargo: "test result: ok. N passed; M failed; …"; node: "# pass N" / "# fail M".
awk '/^test result:/ { passed += $4; failed += $6 }
     /^# pass / { passed += $3 } /^# fail / { failed += $3 }
     END { printf "tests: %d passed, %d failed\n", passed, failed }' "$results"
