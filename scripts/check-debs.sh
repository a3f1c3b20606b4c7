#!/usr/bin/env bash
# Installs the hbc and hbd packages with dpkg, runs what they installed, removes and purges them, and checks that
# nothing is left: all in a throwaway view of this machine. /etc, /usr and /var are overlaid, in a mount namespace of
# this script's own, by layers in a tmpfs; so other programs (tests running at the same time that look for
# /etc/hb.yaml or /etc/hbd.yaml, an admin's apt) never see the packages, and the machine is as it was even when this
# script is killed halfway. Prints each step; stops at the first failed check with exit code 1. Needs root.
# Usage: scripts/check-debs.sh HBC_DEB HBD_DEB HB_PORT HBD_PORT WS_PORT   (free loopback ports for a trial hbd)
set -euo pipefail
[ $# -eq 5 ] || { echo "usage: $0 HBC_DEB HBD_DEB HB_PORT HBD_PORT WS_PORT" >&2; exit 2; }
if [ -z "${HBD_CHECK_DEBS_INSIDE:-}" ]; then
  [ "$(id -u)" -eq 0 ] || { echo "check-debs.sh: needs root (dpkg, mounts)" >&2; exit 1; }
  exec unshare --mount --propagation private env HBD_CHECK_DEBS_INSIDE=1 "$(realpath "$0")" \
    "$(realpath "$1")" "$(realpath "$2")" "$3" "$4" "$5"
fi
hbc_deb=$1 hbd_deb=$2 hb_port=$3 hbd_port=$4 ws_port=$5

fail() { echo "FAILED: $*"; exit 1; }
step() { echo "== $*"; }

layers=$(mktemp -d)
mount -t tmpfs hbd-check-debs "$layers"
for dir in etc usr var; do
  mkdir -p "$layers/upper/$dir" "$layers/work/$dir"
  mount -t overlay overlay -o "lowerdir=/$dir,upperdir=$layers/upper/$dir,workdir=$layers/work/$dir" "/$dir"
done
home=$layers/home # no ~/.hb.yaml: the programs find the packages' files in /etc
mkdir -p "$home"
hbd_pid=
trap '[ -z "$hbd_pid" ] || kill "$hbd_pid" 2>/dev/null || true' EXIT

step "dpkg -i"
DEBIAN_FRONTEND=noninteractive dpkg -i "$hbc_deb" "$hbd_deb" || fail "dpkg -i"
for package in hbc hbd; do
  [ "$(dpkg-query -W -f '${Status}' "$package")" = "install ok installed" ] || fail "$package is not installed"
done
installed_files=$(dpkg -L hbc hbd | grep -v -x '/\.' | sort -u)
echo "conffiles: $(dpkg-query -W -f '${Conffiles}\n' hbc hbd | awk 'NF {print $1}' | tr '\n' ' ')"

step "installed programs"
echo "hbc --version: $(HOME=$home /usr/bin/hbc --version)"
echo "hbd --version: $(HOME=$home /usr/bin/hbd --version)"
echo "hbd --check-config: $(HOME=$home /usr/bin/hbd --check-config 2>&1)" # the search order finds /etc/hbd.yaml
# The shipped /etc/hb.yaml is all comments: hbc reads it as an empty configuration.
HOME=$home /usr/bin/hbc --print json > "$layers/print.json" || fail "hbc --print json with the shipped /etc/hb.yaml"
echo "hbc --print json: $(grep -c . "$layers/print.json") lines"

step "nothing enabled or started"
enabled=$(find /etc/systemd/system -name 'hbc.service' -o -name 'hbd.service' 2>/dev/null)
[ -z "$enabled" ] || fail "enabled by the package: $enabled"
echo "enabled units: none"

step "systemd-analyze verify"
systemd-analyze verify /lib/systemd/system/hbc.service /lib/systemd/system/hbd.service 2>&1 || fail "systemd-analyze verify"
echo "units verified"

step "installed hbd serves and takes a beat from the installed hbc"
# State where the unit keeps it, so that purge has real state to take back; loopback and free ports.
printf 'listen: 127.0.0.1\nhb_port: %s\nhbd_port: %s\nws_port: %s\ndata_dir: /var/lib/hbd\n' \
  "$hb_port" "$hbd_port" "$ws_port" > "$layers/hbd.yaml"
HOME=$home /usr/bin/hbd -f -c "$layers/hbd.yaml" > "$layers/hbd.log" 2>&1 &
hbd_pid=$!
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$hbd_port/healthz" 2>/dev/null && break
  kill -0 "$hbd_pid" 2>/dev/null || fail "installed hbd exited: $(cat "$layers/hbd.log")"
  sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$hbd_port/healthz" || fail "installed hbd never served: $(cat "$layers/hbd.log")"
HOME=$home /usr/bin/hbc --once -n deb-installed "127.0.0.1:$hb_port" || fail "installed hbc --once"
for _ in $(seq 1 40); do
  curl -fsS "http://127.0.0.1:$hbd_port/api/hosts/deb-installed" 2>/dev/null | grep -q '"state":"up"' && break
  sleep 0.25
done
echo "api/hosts/deb-installed: $(curl -fsS "http://127.0.0.1:$hbd_port/api/hosts/deb-installed" | grep -o '"state":"[a-z]*"')"
kill "$hbd_pid"
wait "$hbd_pid" || true
hbd_pid=
# Where systemd puts StateDirectory= under DynamicUser=yes, as a started unit would have left it.
mkdir -p /var/lib/private/hbd && touch /var/lib/private/hbd/hbd.db
echo "state: $(find /var/lib/hbd /var/lib/private/hbd -type f | sort | tr '\n' ' ')"

step "dpkg -r"
dpkg -r hbc hbd || fail "dpkg -r"
for file in /usr/bin/hbc /usr/bin/hbd /lib/systemd/system/hbc.service /lib/systemd/system/hbd.service; do
  [ ! -e "$file" ] || fail "$file is still there after remove"
done
if [ ! -e /etc/hb.yaml ] || [ ! -e /etc/hbd.yaml ]; then fail "remove took the conffiles, which only purge may"; fi
echo "removed; conffiles and state kept"

step "dpkg -P"
dpkg -P hbc hbd || fail "dpkg -P"
for package in hbc hbd; do
  status=$(dpkg-query -W -f '${Status}' "$package" 2>/dev/null || true)
  [ -z "$status" ] || [ "$status" = "unknown ok not-installed" ] || fail "$package still known to dpkg: $status"
done
left=$(for file in $installed_files /etc/hb.yaml /etc/hbd.yaml /var/lib/hbd /var/lib/private/hbd; do
  # A directory the packages shared with the system (/usr/bin, /lib/systemd/system) stays, as it should.
  if [ -e "$file" ] || [ -L "$file" ]; then [ -d "$file" ] && [ -n "$(dpkg -S "$file" 2>/dev/null)" ] || echo "$file"; fi
done)
[ -z "$left" ] || fail "left after purge: $left"
# Whatever else the trial wrote, other than dpkg's own records, would be in the overlays' upper layers.
stray=$(cd "$layers/upper" && find . -type f ! -path './var/lib/dpkg/*' ! -path './var/log/*' ! -path './var/cache/*' \
  ! -path './etc/ld.so.cache')
[ -z "$stray" ] || fail "files written outside dpkg's records: $stray"
echo "purged; nothing left"
