#!/usr/bin/env bash
# A streaming standby of the scripts/pg.sh cluster, for replica reads (docs/scaling.md) and their tests:
# pg_basebackup -R into a folder this project owns, loopback only, run as the postgres OS user. Safe to re-run:
# a running standby is left alone, a stopped one is started again, a folder that is not a standby is rebuilt.
#   scripts/replica.sh start    create (if needed) and start the standby on 127.0.0.1:${AE_PG_REPLICA_PORT:-55433}
#   scripts/replica.sh stop
#   scripts/replica.sh url      print the reader role's connection string on the standby
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
primary_port="${AE_PG_PORT:-55432}"
port="${AE_PG_REPLICA_PORT:-55433}"
bin=/usr/lib/postgresql/15/bin
data="${AE_PG_REPLICA_DATA:-$here/.local/pg-replica/data}"

as_postgres() { runuser -u postgres -- "$@"; }

locate() {
  # Same fallback as scripts/pg.sh when the postgres user cannot reach the checkout.
  mkdir -p "$(dirname "$data")"
  if ! as_postgres test -x "$(dirname "$data")" 2>/dev/null; then
    data="/var/tmp/auditexplorer-pg-replica-$port/data"
    mkdir -p "$(dirname "$data")"
  fi
  chown postgres:postgres "$(dirname "$data")"
  log="$(dirname "$data")/postgres.log"
}

running() { as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

start() {
  locate
  if running; then return 0; fi
  local from=0
  [ -f "$log" ] && from=$(stat -c %s "$log")
  launch
  # A standby stopped so long that the primary recycled the WAL it needs never catches up (there is no slot, on
  # purpose): rebuild it from a fresh base backup instead of leaving it stale.
  for _ in $(seq 1 20); do
    if tail -c "+$((from + 1))" "$log" 2>/dev/null | grep -q "has already been removed"; then
      echo "The standby fell too far behind the primary; rebuilding it"
      as_postgres "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null
      rm -f "$data/standby.signal"
      launch
      return 0
    fi
    # Streaming on two polls in a row: a receiver that is refused also streams for an instant first.
    if [ "$(as_postgres psql -h 127.0.0.1 -p "$port" -U postgres -Atc "select status from pg_stat_wal_receiver" 2>/dev/null)" = "streaming" ]; then
      streaming=$((${streaming:-0} + 1))
      [ "$streaming" -ge 2 ] && return 0
    else
      streaming=0
    fi
    sleep 0.5
  done
}

launch() {
  if [ ! -f "$data/standby.signal" ]; then
    echo "Creating a streaming standby of 127.0.0.1:$primary_port in $data"
    rm -rf "$data"
    # -R writes primary_conninfo and standby.signal; -X stream brings the WAL the copy needs. No replication
    # slot: a forgotten standby must never make the primary keep WAL without bound (start() rebuilds one that
    # fell behind).
    as_postgres "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$data" -X stream -c fast -R
  fi
  # A hot standby needs max_connections (and a few others) at least as high as the primary's: scripts/pg.sh uses 300.
  echo "Starting the standby on 127.0.0.1:$port"
  as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t 120 start -o \
    "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=/tmp -c hot_standby=on -c max_connections=${AE_PG_REPLICA_MAX_CONNECTIONS:-300} ${AE_PG_REPLICA_OPTIONS:-}" >/dev/null
}

stop() {
  locate
  if running; then as_postgres "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null; fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) echo "Host=127.0.0.1;Port=$port;Username=auditexplorer_reader;Database=auditexplorer" ;;
  *) echo "usage: $0 start | stop | url" >&2; exit 2 ;;
esac
