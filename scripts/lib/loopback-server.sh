# Shared by scripts/nats.sh and scripts/rsyslog.sh: a server process started in the background on
# 127.0.0.1:$port with its pid in $pidfile (both set by the sourcing script).

# A killed server can linger as a zombie (nothing reaps orphans here); kill -0 still finds those.
running() {
  [ -f "$pidfile" ] || return 1
  local pid; pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ]
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

# wait_listening NAME LOG: up to 10 s for the port to accept, else print the log and fail.
wait_listening() {
  for _ in $(seq 1 100); do
    if listening; then return 0; fi
    sleep 0.1
  done
  echo "$1 did not listen on 127.0.0.1:$port; see $2" >&2
  cat "$2" >&2
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
