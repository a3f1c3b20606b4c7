#!/usr/bin/env bash
# Every test: unit, property and end-to-end (real hbd and hbc processes on loopback).
# Installs what the tests need first (as root, through apt when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK is needed (dotnet on PATH)" >&2; exit 1; }
scripts/install-test-deps.sh
dotnet build hbd.slnx -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet test hbd.slnx -c Release --no-build -nologo --logger "console;verbosity=minimal" "$@"
