#!/usr/bin/env bash
# Starts Debian's PostgreSQL on 127.0.0.1 for the test run (installed by bootstrap.sh) and makes
# sure a test role may create databases; prints the URL the server tests take from
# BUERGERKOFFER_TEST_DATABASE_URL. Idempotent: a running cluster and an existing role are kept.
# Needs root (or the postgres user's rights) to start the cluster and create the role.
set -euo pipefail

ROLE=buergerkoffer_test
PASSWORD=buergerkoffer_test
PORT=${BUERGERKOFFER_TEST_PG_PORT:-5432}

as_postgres() { runuser -u postgres -- "$@"; }

command -v pg_lsclusters >/dev/null || { echo "test-postgres: PostgreSQL is not installed" >&2; exit 1; }

cluster=$(pg_lsclusters --no-header | awk -v port="$PORT" '$3 == port { print $1 " " $2; exit }')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_createcluster --port "$PORT" "$version" buergerkoffer_test >/dev/null
  cluster="$version buergerkoffer_test"
fi
# shellcheck disable=SC2086 # "version name"
if ! pg_lsclusters --no-header | awk -v port="$PORT" '$3 == port && $4 == "online" { found = 1 } END { exit !found }'; then
  pg_ctlcluster $cluster start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { echo "test-postgres: the server does not answer on port $PORT" >&2; exit 1; }

as_postgres psql -q -p "$PORT" -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END
\$\$;
SQL
# Test databases of earlier runs are dropped, so the disk does not fill up run after run.
for database in $(as_postgres psql -p "$PORT" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'bk\_test\_%'"); do
  as_postgres psql -q -p "$PORT" -c "DROP DATABASE IF EXISTS $database" >/dev/null
done
if ! as_postgres psql -p "$PORT" -Atc "SELECT 1 FROM pg_database WHERE datname = '$ROLE'" | grep -q 1; then
  as_postgres createdb -p "$PORT" -O "$ROLE" "$ROLE"
fi
echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$ROLE"
