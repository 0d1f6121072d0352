#!/bin/sh
# Runs once, when the postgres image initialises an empty data volume: prflow's own role and
# database, apart from Temporal's (temporal, temporal_visibility), so each can be dumped alone.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v prflow_password="$PRFLOW_DB_PASSWORD" <<'SQL'
CREATE ROLE prflow LOGIN PASSWORD :'prflow_password';
CREATE DATABASE prflow OWNER prflow;
SQL
