#!/usr/bin/env bash
# Every test: unit, property and end-to-end (real hbd and hbc processes on loopback).
# Installs what the tests need first (as root, through apt when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK is needed (dotnet on PATH)" >&2; exit 1; }
scripts/install-test-deps.sh
dotnet build hbd.slnx -c Release -nologo -v quiet -clp:ErrorsOnly
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test hbd.slnx -c Release --no-build -nologo --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log" || status=$?
# One closing line over all test projects.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
