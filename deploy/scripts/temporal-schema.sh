#!/bin/sh
# Creates (first run) or upgrades (later runs) the schemas of Temporal's two PostgreSQL databases,
# then exits: the steps `npm run start:cluster` runs, with the schemas embedded in temporal-sql-tool
# 1.29.1. Run by the temporal-schema service of deploy/docker-compose.yml (temporalio/admin-tools).
# `setup-schema -v 0.0` only creates the version tables when they are missing; `update-schema`
# applies the versioned steps the database does not have yet. Both are safe to repeat.
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS (the PostgreSQL host) is required}"
: "${DB_PORT:=5432}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
: "${TEMPORAL_DB:=temporal}"
: "${TEMPORAL_VISIBILITY_DB:=temporal_visibility}"
# temporal-sql-tool reads the password from SQL_PASSWORD, which keeps it off the command line.
export SQL_PASSWORD="${POSTGRES_PWD:?POSTGRES_PWD is required}"

sql() {
  temporal-sql-tool --plugin postgres12 --endpoint "$POSTGRES_SEEDS" --port "$DB_PORT" \
    --user "$POSTGRES_USER" "$@"
}

sql --database "$TEMPORAL_DB" setup-schema -v 0.0
sql --database "$TEMPORAL_DB" update-schema --schema-name postgresql/v12/temporal
sql --database "$TEMPORAL_VISIBILITY_DB" setup-schema -v 0.0
sql --database "$TEMPORAL_VISIBILITY_DB" update-schema --schema-name postgresql/v12/visibility
echo "Temporal schemas are up to date in $TEMPORAL_DB and $TEMPORAL_VISIBILITY_DB"
