#!/usr/bin/env bash
# Builds the apps in release into dist/: the clerk's Koffer at /, then the town hall's Rathaus
# app into dist/rathaus/ and the Bürger-Terminal into dist/terminal/ (in this order: the
# Koffer's build replaces dist/). Expects the tools of
# scripts/bootstrap.sh on PATH (run.sh and test.sh put them there).
set -euo pipefail
cd "$(dirname "$0")/.."
# The stylesheet on KERN and its fonts (style/build/), taken in by both apps.
node scripts/kern_style.mjs
trunk build --release --offline
trunk build --release --offline --config rathaus/Trunk.toml
trunk build --release --offline --config terminal/Trunk.toml
