#!/usr/bin/env bash
# A throwaway NATS server with JetStream for the NATS stream destination's tests and benchmark:
# installs Debian's nats-server when missing, listens on 127.0.0.1 only, keeps its JetStream store
# under .local/nats/PORT (so a restart keeps streams and their messages). Safe to run again.
#   scripts/nats.sh start [port]
#   scripts/nats.sh stop [port]
#   scripts/nats.sh pid [port]     the server's process id (tests kill it)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${2:-54222}"
dir="$here/.local/nats/$port"
pidfile="$dir/nats-server.pid"
# shellcheck source=lib/loopback-server.sh
. "$here/scripts/lib/loopback-server.sh"

install() {
  if ! command -v nats-server >/dev/null; then
    echo "Installing nats-server from Debian's packages..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq nats-server >/dev/null
  fi
}

start() {
  install
  if running; then return 0; fi
  # A pid file left by a killed server would name a pid that may still exist (as a zombie).
  rm -f "$pidfile"
  mkdir -p "$dir/store"
  nohup nats-server -a 127.0.0.1 -p "$port" -js -sd "$dir/store" -P "$pidfile" >"$dir/nats-server.log" 2>&1 &
  wait_listening nats-server "$dir/nats-server.log"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  pid) running && cat "$pidfile" ;;
  *) echo "usage: $0 start [port] | stop [port] | pid [port]" >&2; exit 2 ;;
esac
