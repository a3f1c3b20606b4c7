#!/usr/bin/env bash
# Scale of state: HOSTS simulated hosts beating without a pause at RATE beats a second (each every HOSTS / RATE
# seconds) for ROUNDS rounds into one hbd (history off), then hbd restarted on that store. Prints the hosts known,
# hbd's peak RSS while taking them in and beating (MiB, as all sizes here), RSS at the end, the beats whose body was
# not kept while the store caught up, the store's size, the time from the restart until
# /healthz answers, and RSS after it. The last line is JSON.
#
#   bench/ingest/million-hosts.sh                          # 1,000,000 hosts at 50,000 beats a second, 4 rounds
#   HOSTS=200000 NO_BUILD=1 bench/ingest/million-hosts.sh
#   KEEP=/tmp/dir bench/ingest/million-hosts.sh            # keep hbd's data folder there, for a profile of the restart
set -euo pipefail

HOSTS=${HOSTS:-1000000}
RATE=${RATE:-50000}
ROUNDS=${ROUNDS:-4}
KEY=million-hosts-key

source "$(dirname "$0")/common.sh"
require_tools jq curl
build_programs

work=${KEEP:-$(mktemp -d /tmp/hbd-million.XXXXXX)}
mkdir -p "$work"
hbd_pid=
cleanup() {
    if [[ -n $hbd_pid ]]; then
        kill "$hbd_pid" 2>/dev/null || true
        wait "$hbd_pid" 2>/dev/null || true
    fi
    [[ -n ${KEEP:-} ]] || rm -rf "$work"
}
trap cleanup EXIT

write_hbd_config "$work" "$KEY"

status() { curl -fs "http://127.0.0.1:$api_port/api/status"; }
kib() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$hbd_pid/status"; }

# Starts hbd; sets startup_s to the seconds until /healthz answers.
start_hbd() {
    local started=$EPOCHREALTIME
    "$hbd" -f -c "$work/hbd.yaml" >>"$work/hbd.log" 2>&1 &
    hbd_pid=$!
    for _ in $(seq 1 1200); do
        curl -fs "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1 && break
        kill -0 "$hbd_pid" 2>/dev/null || { echo "hbd exited; see $work/hbd.log" >&2; exit 1; }
        sleep 0.05
    done
    startup_s=$(awk -v a="$EPOCHREALTIME" -v b="$started" 'BEGIN { printf "%.2f", a - b }')
}

start_hbd
# Every host beats at its interval without a pause, as a fleet does: a pause longer than the interval would make every
# host late, then up again, a journal entry each. New hosts are the dearest to take in, so the first round may miss
# some; the next rounds add them.
known=0
"$hbload" --server "127.0.0.1:$hb_port" --hosts "$HOSTS" --rate "$RATE" --seconds $(( ROUNDS * HOSTS / RATE )) --key "$KEY" >/dev/null
known=$(status | jq '.hosts.total')
echo "hosts known: $known" >&2
sleep 5
peak_mb=$(( $(kib VmHWM) / 1024 ))
rss_mb=$(( $(kib VmRSS) / 1024 ))
not_kept=$(curl -fs "http://127.0.0.1:$api_port/metrics" | awk '$1 == "hbd_beat_bodies_not_kept_total" { print $2 }')
echo "peak RSS ${peak_mb} MB, RSS ${rss_mb} MB with $known hosts; beats whose body was not kept: $not_kept" >&2

kill -TERM "$hbd_pid"; wait "$hbd_pid" || true; hbd_pid=
store_mb=$(( $(du -sk "$work/data" | cut -f1) / 1024 ))
start_hbd
restart_s=$startup_s
sleep 2
restored=$(status | jq '.hosts.total')
after_mb=$(( $(kib VmRSS) / 1024 ))
after_peak_mb=$(( $(kib VmHWM) / 1024 ))
echo "restart ${restart_s} s, $restored hosts, RSS ${after_mb} MB (peak ${after_peak_mb} MB), store ${store_mb} MB" >&2
printf '{"hosts":%d,"bodies_not_kept":%d,"peak_rss_mb":%d,"rss_mb":%d,"store_mb":%d,"restart_s":%s,"restored":%d,"rss_after_restart_mb":%d,"peak_after_restart_mb":%d}\n' \
    "$known" "$not_kept" "$peak_mb" "$rss_mb" "$store_mb" "$restart_s" "$restored" "$after_mb" "$after_peak_mb"
