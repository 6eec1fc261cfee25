#!/usr/bin/env bash
# Write overhead of audit.append_event measured with pgbench against a fresh database on the
# local cluster (127.0.0.1:55432). Plain and audited runs alternate so outside load hits both.
# Usage: bench/pgbench/run.sh [seconds per run, default 10] [rounds, default 2] [clients, default 8]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-10}"; rounds="${2:-2}"; clients="${3:-8}"
pgbench="$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)"
db="ae_pgbench_$$"
server="-h 127.0.0.1 -p 55432"

psql $server -U postgres -qc "create database $db owner auditexplorer_owner"
trap 'psql $server -U postgres -qc "drop database if exists $db with (force)"' EXIT
dotnet run --project "$root/src/Cli" -c Release -- migrate \
    --connection "Host=127.0.0.1;Port=55432;Username=auditexplorer_owner;Database=$db" >/dev/null
psql $server -U auditexplorer_owner -d "$db" -q -f "$here/setup.sql"
psql $server -U auditexplorer_owner -d "$db" -qc "vacuum analyze public.contracts"

run() { # script clients
    "$pgbench" $server -U auditexplorer_writer -n -M prepared -T "$seconds" -c "$2" -j "$(( $2 < 2 ? 1 : 2 ))" \
        -r -f "$here/$1.sql" "$db" 2>/dev/null |
        awk -v s="$1" -v c="$2" '/^tps/ {tps=$3} /^latency average/ {lat=$4} END {printf "%-8s clients=%-2s tps=%8.1f  avg latency=%6.3f ms\n", s, c, tps, lat}'
}
for c in 1 "$clients"; do
    for r in $(seq "$rounds"); do run plain "$c"; run audited "$c"; done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
