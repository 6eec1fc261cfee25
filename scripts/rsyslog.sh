#!/usr/bin/env bash
# A throwaway rsyslog receiver for the syslog stream destination's tests and benchmark: installs
# Debian's rsyslog when missing, listens on 127.0.0.1 only (TCP, octet-counted or LF framing),
# writes every message exactly as received (%rawmsg%, one a line) to OUTFILE. Safe to run again.
#   scripts/rsyslog.sh start [port] [outfile]   TLS (RFC 5425) when AE_SYSLOG_TLS_CERT, _KEY and _CA name PEM files
#   scripts/rsyslog.sh stop [port]
#   scripts/rsyslog.sh pid [port]               the receiver's process id (tests pause and kill it)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${2:-55514}"
dir="$here/.local/rsyslog/$port"
out="${3:-$dir/messages.log}"
pidfile="$dir/rsyslogd.pid"
# shellcheck source=lib/loopback-server.sh
. "$here/scripts/lib/loopback-server.sh"

install() {
  # rsyslog-gnutls brings the TLS stream driver (lmnsd_gtls) RFC 5425 needs.
  if ! command -v rsyslogd >/dev/null || ! dpkg-query -W -f='${Status}' rsyslog-gnutls 2>/dev/null | grep -q "ok installed"; then
    echo "Installing rsyslog from Debian's packages..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq rsyslog rsyslog-gnutls >/dev/null
  fi
}

config() {
  local tls="" input_driver=""
  if [ -n "${AE_SYSLOG_TLS_CERT:-}" ]; then
    tls="global(defaultNetstreamDriver=\"gtls\" defaultNetstreamDriverCAFile=\"$AE_SYSLOG_TLS_CA\" defaultNetstreamDriverCertFile=\"$AE_SYSLOG_TLS_CERT\" defaultNetstreamDriverKeyFile=\"$AE_SYSLOG_TLS_KEY\")"
    input_driver='streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon"'
  fi
  cat <<CONF
global(workDirectory="$dir/work" maxMessageSize="${AE_SYSLOG_MAX_MESSAGE_SIZE:-64k}")
$tls
module(load="imtcp" maxSessions="200" $input_driver)
template(name="aeRaw" type="string" string="%rawmsg%\n")
ruleset(name="aeReceive") {
  action(type="omfile" file="$out" template="aeRaw")
}
input(type="imtcp" address="127.0.0.1" port="$port" ruleset="aeReceive" supportOctetCountedFraming="on")
CONF
}

start() {
  install
  if running; then return 0; fi
  # A pid file left by a killed server makes rsyslogd refuse to start while that pid still exists (as a zombie).
  rm -f "$pidfile"
  mkdir -p "$dir/work" "$(dirname "$out")"
  config > "$dir/rsyslog.conf"
  rsyslogd -N1 -f "$dir/rsyslog.conf" >"$dir/check.log" 2>&1 || { cat "$dir/check.log" >&2; exit 1; }
  # -n: stay in the foreground of this background job (no daemon manager here); -i: our own pid file.
  nohup rsyslogd -n -f "$dir/rsyslog.conf" -i "$pidfile" >"$dir/rsyslogd.log" 2>&1 &
  wait_listening rsyslog "$dir/rsyslogd.log"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  pid) running && cat "$pidfile" ;;
  *) echo "usage: $0 start [port] [outfile] | stop [port] | pid [port]" >&2; exit 2 ;;
esac
