#!/usr/bin/env bash
# Quick start: hbd on its embedded defaults and an hbc reporting this machine to it.
# Dashboard and API on http://127.0.0.1:50004 (the API under /api). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "run.sh: the .NET 10 SDK is needed (dotnet on PATH)" >&2; exit 1; }
scripts/install-build-deps.sh # node and npm for the dashboard, when missing
dotnet build hbd.slnx -c Release -nologo -v quiet -clp:ErrorsOnly
hbd="src/Hbd.Server/bin/Release/net10.0/hbd"
hbc="src/Hbd.Client/bin/Release/net10.0/hbc"
"$hbd" -f &
server=$!
trap 'kill $server $client 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
# hbd takes a moment to bind; hbc's first beat goes out at once, so wait for the API.
for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/50004) 2>/dev/null && break
  sleep 0.1
done
"$hbc" 127.0.0.1 &
client=$!
echo "hbd is up: the dashboard at http://127.0.0.1:50004/, the API at http://127.0.0.1:50004/api/hosts (Ctrl-C to stop)" >&2
wait $server
