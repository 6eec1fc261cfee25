#!/usr/bin/env bash
# Runs AuditExplorer locally with demo data: PostgreSQL 15 (installed if missing), migrations,
# demo history (only into an empty store), the demo identity provider, the sealer and checkpoint
# signer (its own process: the web app holds no private key) and the web app.
# Safe to run again: it reuses the cluster and data and replaces earlier app processes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
web_port="${AE_WEB_PORT:-5080}"
idp_port="${AE_IDP_PORT:-5081}"
run="$here/.local/run"; mkdir -p "$run"

scripts/pg.sh start auditexplorer
echo "Building..."
dotnet build AuditExplorer.sln -c Release -nologo -clp:ErrorsOnly

cli() { dotnet src/Cli/bin/Release/net10.0/auditexplorer.dll "$@"; }
export AUDITEXPLORER_OWNER_CONNECTION="Host=127.0.0.1;Port=${AE_PG_PORT:-55432};Username=auditexplorer_owner;Database=auditexplorer"
AUDITEXPLORER_SUPERUSER_CONNECTION="Host=127.0.0.1;Port=${AE_PG_PORT:-55432};Username=postgres;Database=auditexplorer" cli migrate
cli seed-demo --if-empty

for name in devidentity sealer web; do
  if [ -f "$run/$name.pid" ]; then kill "$(cat "$run/$name.pid")" 2>/dev/null || true; rm -f "$run/$name.pid"; fi
done
sleep 1

ASPNETCORE_ENVIRONMENT=Development DevIdentity__WebBaseUrls="http://127.0.0.1:$web_port" \
  nohup dotnet tools/DevIdentity/bin/Release/net10.0/AuditExplorer.DevIdentity.dll --urls "http://127.0.0.1:$idp_port" \
  > "$run/devidentity.log" 2>&1 &
echo $! > "$run/devidentity.pid"

# The sealer and signer: its own service with the sealer's credentials and the checkpoint key.
AUDITEXPLORER_SEALER_CONNECTION="Host=127.0.0.1;Port=${AE_PG_PORT:-55432};Username=auditexplorer_sealer;Database=auditexplorer" \
AUDITEXPLORER_CHECKPOINT_DEV_KEYS="$here/.local/keys" \
  nohup dotnet src/Cli/bin/Release/net10.0/auditexplorer.dll seal --watch --checkpoint-interval 10 > "$run/sealer.log" 2>&1 &
echo $! > "$run/sealer.pid"
for _ in $(seq 1 100); do grep -q "Sealing every" "$run/sealer.log" 2>/dev/null && break; sleep 0.2; done
public_key="$(AUDITEXPLORER_CHECKPOINT_DEV_KEYS="$here/.local/keys" cli public-key | head -n 1)"

cat <<MSG

AuditExplorer:      http://127.0.0.1:$web_port
Identity provider:  http://127.0.0.1:$idp_port  (demo users listed there)
Demo users (password = <name>-demo-pass):
  alice  compliance officer   tenants acme, globex
  frank  compliance officer   tenant acme
  bob    support engineer     tenant acme (personal data redacted)
  carol  auditor              tenant initech
  dave   audit admin          tenants acme, globex, initech
  erin   no tenant
Stop with Ctrl+C.
MSG

trap 'kill "$(cat "$run/devidentity.pid")" "$(cat "$run/sealer.pid")" 2>/dev/null || true; rm -f "$run"/*.pid' EXIT
cd src/Web
# The demo turns the ingest API on (writer role); audit admins create its keys on the API keys page.
ASPNETCORE_ENVIRONMENT=Development Oidc__Authority="http://127.0.0.1:$idp_port" Checkpoints__TrustedKeys__0="$public_key" \
  ConnectionStrings__Ingest="Host=127.0.0.1;Port=55432;Username=auditexplorer_writer;Database=auditexplorer" \
  dotnet bin/Release/net10.0/AuditExplorer.Web.dll --urls "http://127.0.0.1:$web_port" &
echo $! > "$run/web.pid"
wait "$(cat "$run/web.pid")"
