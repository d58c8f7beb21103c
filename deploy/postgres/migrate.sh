#!/usr/bin/env bash
# Creates or upgrades the engine's PostgreSQL schema: every *.sql beside this script, in file-name order,
# in one transaction, under the same advisory lock as PostgresSchema.EnsureAsync (which silos run on start).
# Idempotent: running it again changes nothing.
#   deploy/postgres/migrate.sh "postgresql://user:password@host:5432/privatedomain"
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 <connection string or URI accepted by psql>" >&2
    exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Byte order, as PostgresSchema sorts the embedded scripts (ordinal), whatever the locale.
mapfile -t scripts < <(cd "$here" && LC_ALL=C ls -1 -- *.sql)
args=()
for script in "${scripts[@]}"; do
    args+=(-f "$here/$script")
done

# 0x5044534348454D41 ("PDSCHEMA") = PostgresSchema.AdvisoryLockKey. Re-runs would only print
# "already exists, skipping" notices, so those are kept quiet.
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql "$1" -v ON_ERROR_STOP=1 -1 -q -o /dev/null \
    -c "SELECT pg_advisory_xact_lock(5783839369890975041)" \
    "${args[@]}"
echo "schema up to date: ${scripts[*]}"
