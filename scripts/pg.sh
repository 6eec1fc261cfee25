#!/usr/bin/env bash
# Local PostgreSQL 15 for the demo and the tests: installs it if missing, keeps a cluster in a
# folder this project owns, listens on loopback only. Safe to run again.
#   scripts/pg.sh start [database...]   install, init, start, create roles and databases
#   scripts/pg.sh stop
#   scripts/pg.sh url                   print the superuser connection string
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${AE_PG_PORT:-55432}"
bin=/usr/lib/postgresql/15/bin
data="${AE_PG_DATA:-$here/.local/pg/data}"
log="$(dirname "$data")/postgres.log"

as_postgres() { runuser -u postgres -- "$@"; }

install() {
  if [ ! -x "$bin/initdb" ] || ! command -v psql >/dev/null; then
    echo "Installing PostgreSQL 15 from Debian's packages..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql-15 postgresql-client-15 >/dev/null
  fi
}

init() {
  # The postgres OS user must reach the data folder; fall back to /var/tmp when the
  # checkout lives somewhere it cannot traverse.
  mkdir -p "$(dirname "$data")"
  if ! as_postgres test -x "$(dirname "$data")" 2>/dev/null; then
    data="/var/tmp/auditexplorer-pg-$port/data"; log="$(dirname "$data")/postgres.log"
    mkdir -p "$(dirname "$data")"
  fi
  chown postgres:postgres "$(dirname "$data")"
  if [ ! -f "$data/PG_VERSION" ]; then
    echo "Creating a PostgreSQL cluster in $data"
    as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  fi
}

start() {
  install; init
  if ! as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "Starting PostgreSQL on 127.0.0.1:$port"
    as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=/tmp -c max_connections=300 -c shared_buffers=1GB -c work_mem=32MB -c maintenance_work_mem=512MB -c max_wal_size=8GB -c checkpoint_timeout=30min ${AE_PG_OPTIONS:-}" >/dev/null
  fi
  psql_super -q -f "$here/db/bootstrap.sql" >/dev/null
  for db in "$@"; do
    if [ -z "$(psql_super -tAc "select 1 from pg_database where datname = '$db'")" ]; then
      psql_super -qc "create database \"$db\" owner auditexplorer_owner" >/dev/null
    fi
  done
}

psql_super() { psql -X -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

case "${1:-start}" in
  start) shift || true; start "$@" ;;
  stop) init; as_postgres "$bin/pg_ctl" -D "$data" -m fast stop || true ;;
  url) echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" ;;
  *) echo "usage: $0 start [db...] | stop | url" >&2; exit 2 ;;
esac
