#!/usr/bin/env bash
# The API's contract: schemathesis (contract/.venv, from requirements.txt) against the OpenAPI
# document a real server serves, with the demo data, once for each role with a real session:
# a clerk on an enrolled laptop, the back office, an admin, and nobody signed in. Signing out
# runs on a session of its own. Every check is on; any failure fails the run.
#
#   contract/run.sh PATH/TO/buergerkoffer DIST_DIR
set -euo pipefail
bin=$(realpath "$1")
dist=$(realpath "$2")
cd "$(dirname "$0")"
st=$PWD/.venv/bin/st
[ -x "$st" ] || { echo "contract: schemathesis is missing; run scripts/bootstrap.sh test" >&2; exit 1; }
export SCHEMATHESIS_HOOKS=hooks PYTHONPATH=$PWD

data=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" --data-dir "$data" serve --listen "127.0.0.1:$port" --dist-dir "$dist" --demo >"$data/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT
api=http://127.0.0.1:$port/api
for _ in $(seq 150); do curl -sf "$api/health/ready" >/dev/null && break; sleep 0.2; done
curl -sf "$api/health/ready" >/dev/null || { cat "$data/server.log"; echo "contract: the server did not start" >&2; exit 1; }

# A session token for `username`, with the device key `key` (hex) enrolling a laptop, if given.
session() {
  local body
  body=$(python3 -c 'import json, sys; print(json.dumps({"username": sys.argv[1], "password": "Koffer-Demo-2026", **({"device_label": "Vertragsprüfung", "device_key": sys.argv[2]} if len(sys.argv) > 2 else {})}))' "$@")
  curl -sf -H 'content-type: application/json' -d "$body" "$api/sessions" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
laptop_key=$(openssl ecparam -name prime256v1 -genkey -noout | openssl ec -pubout -outform DER 2>/dev/null \
  | tail -c 65 | od -An -tx1 | tr -d ' \n')
# Every session before any run: the runs sign in with wrong passwords thousands of times, which
# holds back sign-ins from this address (as it should).
clerk=$(session m.schreiber "$laptop_key")
back_office=$(session b.richter)
admin=$(session m.admin)
leaving=$(session b.richter)

failed=0
run() {
  local who=$1
  shift
  echo "--- contract as $who"
  "$st" run "$api/openapi.json" --checks all --max-examples 30 --seed 1 --no-color "$@" \
    > "$data/run.log" 2>&1 || failed=1
  # The verdict and what it found; the whole report only when something failed.
  if grep -qE '^(Failures|Errors):' "$data/run.log"; then cat "$data/run.log"; failed=1; fi
  grep -E 'generated|passed|failed|error' "$data/run.log" | tail -2
}
# The admin's run last but one: it may revoke laptops, disable people and reset passwords.
run "clerk on a laptop (m.schreiber)" -H "Authorization: Bearer $clerk" --exclude-operation-id sign_out
run "back office (b.richter)" -H "Authorization: Bearer $back_office" --exclude-operation-id sign_out
run "back office signing out" -H "Authorization: Bearer $leaving" --include-operation-id sign_out
run "admin (m.admin)" -H "Authorization: Bearer $admin" --exclude-operation-id sign_out
run "nobody signed in" --exclude-operation-id sign_out
if grep -q ' ERROR ' "$data/server.log"; then grep ' ERROR ' "$data/server.log"; failed=1; fi
exit "$failed"
