#!/usr/bin/env bash
# Two hbc binaries side by side, same machine, same seconds: each beats every 10 s to a loopback UDP sink, and at the
# end their VmHWM (kB, /proc/PID/status) and CPU time (ms per minute, summed over the threads' schedstat, which counts
# nanoseconds where /proc/PID/stat counts 10 ms ticks). Finer than footprint.sh, for telling two builds apart.
# Usage: bench/footprint/compare.sh BINARY_A BINARY_B [seconds] [runs]   (default 40 s, 3 runs; one line per run)
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BINARY_A BINARY_B [seconds] [runs]" >&2; exit 2; }
a=$(realpath "$1") b=$(realpath "$2") seconds=${3:-40} runs=${4:-3}

cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{s += $1} END {printf "%.0f", s}'; }
hwm_kb() { awk '$1 == "VmHWM:" {print $2}' "/proc/$1/status"; }

source "$(dirname "$0")/beat-sink.sh"

echo "| run | A VmHWM kB | B VmHWM kB | A CPU ms/min | B CPU ms/min |"
echo "|---|---|---|---|---|"
for run in $(seq 1 "$runs"); do
  HOME=$work "$a" -q -c "$work/hb.yaml" "127.0.0.1:$port" &
  pid_a=$!
  HOME=$work "$b" -q -c "$work/hb.yaml" "127.0.0.1:$port" &
  pid_b=$!
  pids+=("$pid_a" "$pid_b")
  sleep 1
  start_a=$(cpu_ns $pid_a) start_b=$(cpu_ns $pid_b)
  sleep "$seconds"
  cpu_a=$(awk -v e="$(cpu_ns $pid_a)" -v s="$start_a" -v t="$seconds" 'BEGIN {printf "%.1f", (e - s) / 1e6 * 60 / t}')
  cpu_b=$(awk -v e="$(cpu_ns $pid_b)" -v s="$start_b" -v t="$seconds" 'BEGIN {printf "%.1f", (e - s) / 1e6 * 60 / t}')
  echo "| $run | $(hwm_kb $pid_a) | $(hwm_kb $pid_b) | $cpu_a | $cpu_b |"
  kill "$pid_a" "$pid_b"
  wait "$pid_a" "$pid_b" 2>/dev/null || true
done
echo
echo "A: $a ($(du -k "$a" | cut -f1) KiB), B: $b ($(du -k "$b" | cut -f1) KiB); ${seconds} s per run on $(nproc) cores, $(date -u +%Y-%m-%d)"
