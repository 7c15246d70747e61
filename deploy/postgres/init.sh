#!/bin/sh
# Runs once, when the official postgres image initialises an empty data directory
# (/docker-entrypoint-initdb.d). Creates GiaoViec's database and Temporal's two, each owned by its
# own role. Temporal's schemas are then created by the temporal-schema service (temporal-sql-tool),
# GiaoViec's by the migrate service: neither is created here.
set -eu

: "${GIAOVIEC_DB:=giaoviec}"
: "${GIAOVIEC_DB_USER:=giaoviec}"
: "${GIAOVIEC_DB_PASSWORD:?GIAOVIEC_DB_PASSWORD is required}"
: "${TEMPORAL_DB:=temporal}"
: "${TEMPORAL_VISIBILITY_DB:=temporal_visibility}"
: "${TEMPORAL_DB_USER:=temporal}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD is required}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_db="$GIAOVIEC_DB" -v app_user="$GIAOVIEC_DB_USER" -v app_pw="$GIAOVIEC_DB_PASSWORD" \
  -v t_db="$TEMPORAL_DB" -v tv_db="$TEMPORAL_VISIBILITY_DB" \
  -v t_user="$TEMPORAL_DB_USER" -v t_pw="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_pw';
CREATE DATABASE :"app_db" OWNER :"app_user" ENCODING 'UTF8' TEMPLATE template0;
CREATE ROLE :"t_user" LOGIN PASSWORD :'t_pw';
CREATE DATABASE :"t_db" OWNER :"t_user" ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE :"tv_db" OWNER :"t_user" ENCODING 'UTF8' TEMPLATE template0;
SQL
