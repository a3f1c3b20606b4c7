#!/usr/bin/env bash
# A fleet at its ordinary pace with everything on: HOSTS hosts beating every INTERVAL seconds into one hbd with
# history (history_days: 7), the journal, a live WebSocket client reading every frame, and /metrics scraped every 15 s.
# Prints hbd's average CPU (cores) over the measured window, the beats accepted, the frames and bytes the client read,
# the scrape's size and time, and RSS. The last line is JSON.
#
#   bench/ingest/fleet-load.sh                         # 100,000 hosts every 10 s, 60 s measured after 20 s
#   HOSTS=20000 MEASURE=30 NO_BUILD=1 bench/ingest/fleet-load.sh
set -euo pipefail

HOSTS=${HOSTS:-100000}
INTERVAL=${INTERVAL:-10}
WARM=${WARM:-20}
MEASURE=${MEASURE:-60}
KEY=fleet-load-key

source "$(dirname "$0")/common.sh"
require_tools jq curl python3
build_programs

work=$(mktemp -d /tmp/hbd-fleet.XXXXXX)
pids=()
cleanup() {
    [[ ${#pids[@]} -eq 0 ]] || kill "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

write_hbd_config "$work" "$KEY" "history_days: 7"
"$hbd" -f -c "$work/hbd.yaml" >"$work/hbd.log" 2>&1 &
hbd_pid=$!
pids+=("$hbd_pid")
for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1 && break
    sleep 0.05
done

# Every host known first, as in a running fleet (new hosts are dearer and not what this measures).
"$hbload" --server "127.0.0.1:$hb_port" --hosts "$HOSTS" --rate 50000 --seconds $(( (HOSTS + 49999) / 50000 + 1 )) --key "$KEY" >/dev/null

# The live client: a plain WebSocket handshake, then it reads every frame until stopped, and reports what it read.
cat >"$work/ws.py" <<'PY'
import base64, os, signal, socket, sys
sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
key = base64.b64encode(os.urandom(16)).decode()
sock.sendall(f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
buf = b""
while b"\r\n\r\n" not in buf:
    buf += sock.recv(4096)
head, buf = buf.split(b"\r\n\r\n", 1)
if b" 101 " not in head.split(b"\r\n")[0]:
    sys.exit("no upgrade: " + head.decode(errors="replace"))
frames = payload = 0
closed = False
def report(*_):
    print(f"{frames} {payload} {int(closed)}", flush=True)
    sys.exit(0)
signal.signal(signal.SIGTERM, report)
def need(n):
    global buf
    while len(buf) < n:
        chunk = sock.recv(1 << 20)
        if not chunk:
            raise EOFError
        buf += chunk
try:
    while True:
        need(2)
        length = buf[1] & 0x7F
        at = 2
        if length == 126:
            need(4); length = int.from_bytes(buf[2:4], "big"); at = 4
        elif length == 127:
            need(10); length = int.from_bytes(buf[2:10], "big"); at = 10
        need(at + length)
        if buf[0] & 0x0F == 8:
            closed = True
            break
        if buf[0] & 0x80:
            frames += 1
        payload += length
        buf = buf[at + length:]
except EOFError:
    closed = True
report()
PY
python3 "$work/ws.py" "$ws_port" >"$work/ws.out" &
ws_pid=$!
pids+=("$ws_pid")

"$hbload" --server "127.0.0.1:$hb_port" --hosts "$HOSTS" --rate $(( HOSTS / INTERVAL )) --seconds $(( WARM + MEASURE + 5 )) --key "$KEY" >"$work/load.out" &
load_pid=$!
pids+=("$load_pid")

scrape() {
    local out
    out=$(curl -fs -o /dev/null -w '%{size_download} %{time_total}' "http://127.0.0.1:$api_port/metrics")
    echo "$out" >>"$work/scrapes"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$hbd_pid/stat"; }

sleep "$WARM"
accepted_before=$(curl -fs "http://127.0.0.1:$api_port/api/status" | jq '.datagrams.accepted')
ticks_before=$(cpu_ticks)
started=$EPOCHREALTIME
for (( s = 0; s < MEASURE; s++ )); do
    (( s % 15 == 0 )) && scrape
    sleep 1
done
ticks_after=$(cpu_ticks)
elapsed=$(awk -v a="$EPOCHREALTIME" -v b="$started" 'BEGIN { print a - b }')
accepted_after=$(curl -fs "http://127.0.0.1:$api_port/api/status" | jq '.datagrams.accepted')
hz=$(getconf CLK_TCK)
cores=$(awk -v t=$(( ticks_after - ticks_before )) -v hz="$hz" -v s="$elapsed" 'BEGIN { printf "%.3f", t / hz / s }')
rss_mb=$(( $(awk '$1 == "VmRSS:" { print $2 }' "/proc/$hbd_pid/status") / 1024 ))
hwm_mb=$(( $(awk '$1 == "VmHWM:" { print $2 }' "/proc/$hbd_pid/status") / 1024 ))
wait "$load_pid" || true
kill -TERM "$ws_pid"; wait "$ws_pid" || true
read -r frames ws_bytes ws_closed <"$work/ws.out"
read -r scrape_bytes scrape_s < <(tail -1 "$work/scrapes")
accepted=$(( accepted_after - accepted_before ))
echo "hbd: $cores cores over ${elapsed%.*} s; accepted $accepted beats ($(( accepted / ${elapsed%.*} ))/s); live client: $frames frames, $ws_bytes bytes, closed early: $ws_closed; /metrics: $scrape_bytes bytes in $scrape_s s; RSS $rss_mb MiB (peak $hwm_mb)" >&2
printf '{"hosts":%d,"interval_s":%d,"cores":%s,"seconds":%.1f,"accepted":%d,"ws_frames":%d,"ws_bytes":%d,"ws_closed_early":%d,"metrics_bytes":%d,"metrics_s":%s,"rss_mb":%d,"peak_rss_mb":%d}\n' \
    "$HOSTS" "$INTERVAL" "$cores" "$elapsed" "$accepted" "$frames" "$ws_bytes" "$ws_closed" "$scrape_bytes" "$scrape_s" "$rss_mb" "$hwm_mb"
