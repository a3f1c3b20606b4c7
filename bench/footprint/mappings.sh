#!/usr/bin/env bash
# Where each hbc build's resident memory lies: several instances of every binary at once, each beating every 10 s to a
# loopback UDP sink; after the seconds given, Rss per mapping from /proc/PID/smaps (hbc's image, each library, [heap],
# malloc's arenas, thread stacks, the rest of anonymous memory) and VmHWM, as means over every instance of a binary.
# Coarser per run than compare.sh and finer per mapping: a difference of one library's few pages shows.
# Usage: bench/footprint/mappings.sh [seconds] [instances] [rounds] BINARY...   (default 40 s, 4 instances, 3 rounds)
set -euo pipefail
seconds=${1:-40} instances=${2:-4} rounds=${3:-3}
shift 3 || { echo "usage: $0 seconds instances rounds BINARY..." >&2; exit 2; }
[ $# -ge 1 ] || { echo "usage: $0 seconds instances rounds BINARY..." >&2; exit 2; }
source "$(dirname "$0")/beat-sink.sh"

for round in $(seq 1 "$rounds"); do
  started=()
  for b in $(seq 1 $#); do
    for i in $(seq 1 "$instances"); do
      HOME=$work "${!b}" -q -c "$work/hb.yaml" "127.0.0.1:$port" &
      started+=("$b:$!")
      pids+=($!)
    done
  done
  sleep "$seconds"
  for entry in "${started[@]}"; do
    pid=${entry#*:}
    { echo "binary ${entry%%:*}"; grep VmHWM "/proc/$pid/status"; cat "/proc/$pid/smaps"; } > "$work/r$round-$pid.smaps"
    kill "$pid"
  done
  wait "${started[@]#*:}" 2>/dev/null || true
done

/usr/bin/python3 - "$work" "$@" <<'PY'
import collections, glob, re, sys
work, binaries = sys.argv[1], sys.argv[2:]
ARENA = 64 << 20
sums = [collections.Counter() for _ in binaries]
runs = [0] * len(binaries)
for path in glob.glob(f"{work}/r*.smaps"):
    lines = open(path).read().splitlines()
    b = int(lines[0].split()[1]) - 1
    runs[b] += 1
    sums[b]["VmHWM"] += int(lines[1].split()[1])
    maps, key = [], None
    for line in lines[2:]:
        m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\S+)\s*(.*)", line)
        if m:
            maps.append([int(m[1], 16), int(m[2], 16), m[3], m[5].strip(), 0])
        elif line.startswith("Rss:"):
            maps[-1][4] = int(line.split()[1])
    for i, (start, end, perms, name, rss) in enumerate(maps):
        nxt = maps[i + 1] if i + 1 < len(maps) else None
        if name:
            key = "hbc" if name == binaries[b] or name.endswith("/hbc") else name.rsplit("/", 1)[-1]
        elif perms == "rw-p" and start % ARENA == 0 and nxt and not nxt[3] and nxt[2] == "---p" and nxt[0] == end \
                and nxt[1] == start + ARENA:
            key = "malloc arenas"
        elif i > 0 and maps[i - 1][2] == "---p" and maps[i - 1][1] == start and maps[i - 1][1] - maps[i - 1][0] == 4096 \
                and 0x7f000 <= end - start <= 0x1000000:
            key = "thread stacks"
        else:
            key = "anonymous, other"
        sums[b][key] += rss
keys = ["VmHWM"] + sorted({k for s in sums for k in s if k != "VmHWM"}, key=lambda k: -sums[0][k])
print("| kB (mean of each binary's instances) | " + " | ".join(f"{chr(65 + i)}" for i in range(len(binaries))) + " |")
print("|---|" + "---|" * len(binaries))
for k in keys:
    print(f"| {k} | " + " | ".join(f"{sums[i][k] / runs[i]:,.0f}" for i in range(len(binaries))) + " |")
print()
for i, b in enumerate(binaries):
    print(f"{chr(65 + i)}: {b} ({runs[i]} instances)")
PY
echo "${seconds} s per round, $rounds rounds of $instances instances of each binary at once, on $(nproc) cores, $(date -u +%Y-%m-%d)"
