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

install() {
  if ! command -v nats-server >/dev/null; then
    echo "Installing nats-server from Debian's packages..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq nats-server >/dev/null
  fi
}

# A killed server can linger as a zombie (nothing reaps orphans here); kill -0 still finds those.
running() {
  [ -f "$pidfile" ] || return 1
  local pid; pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ]
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

start() {
  install
  if running; then return 0; fi
  # A pid file left by a killed server makes rsyslogd refuse to start while that pid still exists (as a zombie).
  rm -f "$pidfile"
  mkdir -p "$dir/store"
  nohup nats-server -a 127.0.0.1 -p "$port" -js -sd "$dir/store" -P "$pidfile" >"$dir/nats-server.log" 2>&1 &
  for _ in $(seq 1 100); do
    if running && listening; then return 0; fi
    sleep 0.1
  done
  echo "nats-server did not listen on 127.0.0.1:$port; see $dir/nats-server.log" >&2
  cat "$dir/nats-server.log" >&2
  exit 1
}

stop() {
  if running; then
    local pid; pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  pid) running && cat "$pidfile" ;;
  *) echo "usage: $0 start [port] | stop [port] | pid [port]" >&2; exit 2 ;;
esac
