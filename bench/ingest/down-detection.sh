#!/usr/bin/env bash
# Down detection: HOSTS simulated hosts beat once a second through hbload; DOWN_PERCENT of them stop after their first
# beat, once every host is known to hbd. For each host hbd then declares down, the delay is the time of its host_down journal entry minus its deadline,
# last_seen + down_after (both by hbd's clock). Prints the median, p99 and maximum over RUNS runs.
#
#   bench/ingest/down-detection.sh                           # 100,000 hosts, 1 % down, down_after 5 s, 3 runs
#   HOSTS=100000 DOWN_PERCENT=1 RUNS=3 NO_BUILD=1 bench/ingest/down-detection.sh
set -euo pipefail

HOSTS=${HOSTS:-100000}
DOWN_PERCENT=${DOWN_PERCENT:-1}
RUNS=${RUNS:-3}
DOWN_AFTER=5
KEY=down-detection-key

source "$(dirname "$0")/common.sh"
require_tools jq curl python3
build_programs

work=$(mktemp -d /tmp/hbd-down.XXXXXX)
hbd_pid=
cleanup() {
    if [[ -n $hbd_pid ]]; then
        kill "$hbd_pid" 2>/dev/null || true
        wait "$hbd_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

delays=$work/delays.txt
: > "$delays"
for run in $(seq 1 "$RUNS"); do
    write_hbd_config "$work" "$KEY" "late_after: 2s" "down_after: ${DOWN_AFTER}s"
    "$hbd" -f -c "$work/hbd.yaml" >"$work/hbd.log" 2>&1 &
    hbd_pid=$!
    for _ in $(seq 1 120); do
        curl -fs "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1 && break
        sleep 0.5
    done
    # First every host known, as in steady state (a flood of new hosts is another matter: see ingest.sh's warm-up).
    for _ in $(seq 1 10); do
        "$hbload" --server "127.0.0.1:$hb_port" --hosts "$HOSTS" --rate 50000 --seconds 3 --key "$KEY" >/dev/null
        [[ $(curl -fs "http://127.0.0.1:$api_port/api/status" | jq '.hosts.total') -ge $HOSTS ]] && break
    done
    # Then every host once a second for 12 s: the stopped ones are due at about 1 + DOWN_AFTER s, the others not
    # before 17 s.
    "$hbload" --server "127.0.0.1:$hb_port" --hosts "$HOSTS" --rate "$HOSTS" --seconds 12 --key "$KEY" \
        --down "$DOWN_PERCENT" --pool >"$work/hbload.txt"
    expected=$(tail -1 "$work/hbload.txt" | jq '.down_hosts')
    curl -fs "http://127.0.0.1:$api_port/api/journal?kind=host_down&limit=1000" >"$work/down.json"
    curl -fs "http://127.0.0.1:$api_port/api/hosts?state=down&limit=1000" >"$work/hosts.json"
    python3 - "$work/down.json" "$work/hosts.json" "$DOWN_AFTER" "$expected" "$run" >>"$delays" <<'PY'
import json, sys
from datetime import datetime
def t(s): return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
entries = json.load(open(sys.argv[1]))
hosts = {h["name"]: h for h in json.load(open(sys.argv[2]))["hosts"]}
down_after, expected, run = float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
found = 0
for e in entries:
    h = hosts.get(e["host"])
    if h is None or h["last_seen"] is None:
        continue
    found += 1
    print(f"{(t(e['time']) - (t(h['last_seen']) + down_after)) * 1000:.1f}")
print(f"run {run}: {found} of {expected} stopped hosts declared down", file=sys.stderr)
PY
    kill "$hbd_pid"; wait "$hbd_pid" 2>/dev/null || true; hbd_pid=
done

python3 - "$delays" "$HOSTS" "$DOWN_PERCENT" "$RUNS" <<'PY'
import sys
d = sorted(float(x) for x in open(sys.argv[1]) if x.strip())
q = lambda p: d[min(len(d) - 1, int(p * len(d)))]
print(f"{sys.argv[2]} hosts, {sys.argv[3]} % down, {sys.argv[4]} runs, {len(d)} hosts declared down")
print(f"| delay after the deadline | median | p99 | max |\n|---|---|---|---|\n| ms | {q(0.5):.0f} | {q(0.99):.0f} | {d[-1]:.0f} |")
PY
