#!/usr/bin/env bash
# Debian packages the build needs besides the .NET SDK: node and npm build the dashboard (web/) that hbd embeds.
# Installed only when missing.
set -euo pipefail
need=()
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-build-deps.sh: missing ${need[*]}; run as root or install them" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
