#!/usr/bin/env bash
# The main job: builds both apps in release, then serves them and the API on 127.0.0.1 with the
# embedded SQLite database in ./data, seeded with demo municipalities and accounts (printed).
# Port: BUERGERKOFFER_PORT (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh build
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"

scripts/build-apps.sh
cargo build --release --package server --bin buergerkoffer
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

port=${BUERGERKOFFER_PORT:-8080}
echo
echo "Bürgerkoffer läuft auf http://127.0.0.1:$port/  (Strg-C beendet)"
echo "Das Rathaus (Sachbearbeitung): http://127.0.0.1:$port/rathaus/"
echo "Das Bürger-Terminal (Kiosk):   http://127.0.0.1:$port/terminal/"
echo
exec "$target_dir/release/buergerkoffer" serve --demo \
  --listen "127.0.0.1:$port" \
  --data-dir "${BUERGERKOFFER_DATA_DIR:-data}" \
  --dist-dir dist
