#!/usr/bin/env bash
# Runs every test suite — unit, integration (real PostgreSQL) and E2E (real Chromium, real
# OpenID Connect sign-in) — after installing what they need. Ends with one summary line:
#   Tests: N passed, N failed, N skipped
# and exits non-zero if a test failed or none ran.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
configuration="${AE_CONFIGURATION:-Release}"
results="$here/.local/test-results"

summary() { echo "Tests: $1 passed, $2 failed, $3 skipped"; }

missing=()
command -v chromium >/dev/null || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15 postgresql-client-15)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null || { echo "apt-get install failed"; summary 0 1 0; exit 1; }
fi

AE_PG_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" scripts/pg.sh start || { summary 0 1 0; exit 1; }
# A streaming standby for the replica-read tests (ReplicaReadsTests); already running or existing: just started.
AE_PG_REPLICA_OPTIONS="-c fsync=off -c full_page_writes=off" scripts/replica.sh start || { summary 0 1 0; exit 1; }
export AE_PG_REPLICA_PORT="${AE_PG_REPLICA_PORT:-55433}"

echo "Building ($configuration)..."
if ! dotnet build AuditExplorer.sln -c "$configuration" -nologo -clp:ErrorsOnly; then
  echo "Build failed."
  summary 0 1 0
  exit 1
fi

rm -rf "$results"; mkdir -p "$results"
crashed=0
for suite in Unit Integration E2E; do
  echo "=== $suite tests ==="
  dotnet test "tests/$suite" -c "$configuration" --no-build -nologo \
    --logger "trx;LogFileName=$suite.trx" --logger "console;verbosity=normal" --results-directory "$results"
  if [ ! -f "$results/$suite.trx" ]; then
    echo "The $suite suite did not report results (it crashed before finishing)."
    crashed=$((crashed + 1))
  fi
done

passed=0; failed=$crashed; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$(get total); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + p)); failed=$((failed + f + e + t + a))
  skipped=$((skipped + total - p - f - e - t - a))
done

# What failed, last of all, so that the end of a long log (often all a CI page shows) names it.
if [ "$failed" -gt 0 ]; then
  # A page that said "quote reference ..." logged the error behind it in the web app's output: one line each.
  for log in "$results"/e2e-*.log; do
    [ -f "$log" ] || continue
    if grep -qE '(^| )fail: ' "$log"; then
      echo "Errors the E2E programs logged ($(basename "$log"), first lines):"
      grep -E '(^| )fail: ' "$log" | cut -c1-300 | head -n 8
    fi
  done
  echo "Failed tests (name: first line of the failure):"
  command -v python3 >/dev/null || grep -ho '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$results"/*.trx | grep -o 'testName="[^"]*"'
  command -v python3 >/dev/null && python3 - "$results" <<'PY' || true
import glob, html, re, sys
for trx in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    text = open(trx, encoding="utf-8", errors="replace").read()
    for m in re.finditer(r'<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"[^>]*>(.*?)</UnitTestResult>', text, re.S):
        msg = re.search(r"<Message>(.*?)</Message>", m.group(2), re.S)
        first = html.unescape(msg.group(1)).strip().splitlines()[0][:240] if msg else ""
        print("  " + re.sub(r"^AuditExplorer\.Tests\.", "", html.unescape(m.group(1)))[:200] + ": " + first)
PY
fi
summary "$passed" "$failed" "$skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
