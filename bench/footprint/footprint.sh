#!/usr/bin/env bash
# Side-by-side footprint of hbc (Native AOT) and Debian's prometheus-node-exporter, same machine,
# same minute: resident memory (VmRSS, VmHWM) and CPU time (user + system).
#   hbc:           one beat every 10 s to a loopback UDP port where a sink reads them (a server that answers
#                  nothing, as hbd; a port where nothing listens would make every send an error hbc reports)
#   node_exporter: one scrape of /metrics every 10 s (what a Prometheus at 10 s would cost it)
# Usage: bench/footprint/footprint.sh [seconds] [--key]   (default 60; --key: hbc signs its beats, `key:` set)
#   HBC=PATH bench/footprint/footprint.sh ...   measures that hbc binary instead of publishing one (for example the
#                                               glibc 2.31 build of scripts/build-packages.sh, OUTDIR/hbc-amd64/hbc)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
signed=${2:-}
[ -z "$signed" ] || [ "$signed" = --key ] || { echo "usage: $0 [seconds] [--key]" >&2; exit 2; }
exporter=/usr/bin/prometheus-node-exporter
if [ ! -x "$exporter" ] || ! command -v clang >/dev/null || ! command -v curl >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus-node-exporter clang lld zlib1g-dev curl >/dev/null
fi
pkill -x prometheus-node-exporter 2>/dev/null || true   # the package may have started its own

out=$(mktemp -d)
if [ -n "${HBC:-}" ]; then
  mkdir -p "$out/hbc" && cp "$HBC" "$out/hbc/hbc"
else
  dotnet publish src/Hbd.Client -c Release -r linux-x64 -p:PublishAot=true -o "$out/hbc" -nologo -v quiet >/dev/null
fi
home=$(mktemp -d)
printf 'interval: 10\n' > "$home/hb.yaml"
[ "$signed" = --key ] && printf 'key: "a long shared secret for the footprint"\n' >> "$home/hb.yaml"

port=$((20000 + RANDOM % 20000))
sink_port=$((port + 1))
"$exporter" --web.listen-address=127.0.0.1:$port >/dev/null 2>&1 &
exporter_pid=$!
/usr/bin/python3 -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', $sink_port))
while True: s.recv(65536)" &
sink_pid=$!
HOME=$home "$out/hbc/hbc" -q -c "$home/hb.yaml" 127.0.0.1:$sink_port &
hbc_pid=$!
trap 'kill $exporter_pid $hbc_pid $sink_pid 2>/dev/null || true' EXIT

ticks=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$ticks" '{print ($14 + $15) * 1000 / t}' "/proc/$1/stat"; }
kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

sleep 1
start_hbc=$(cpu_ms $hbc_pid); start_exp=$(cpu_ms $exporter_pid)
end=$((SECONDS + seconds))
while [ $SECONDS -lt $end ]; do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/metrics"
  sleep 10
done

report() { # name pid start
  local cpu; cpu=$(awk -v a="$(cpu_ms "$2")" -v b="$3" -v s="$seconds" 'BEGIN{printf "%.0f", (a - b) * 60 / s}')
  printf '| %s | %s | %.1f | %.1f | %s |\n' "$1" "$(kib "$2" VmSize | awk '{printf "%.0f", $1/1024}')" \
    "$(awk -v k="$(kib "$2" VmRSS)" 'BEGIN{print k/1024}')" "$(awk -v k="$(kib "$2" VmHWM)" 'BEGIN{print k/1024}')" "$cpu"
}
echo "| program | VmSize MiB | VmRSS MiB | VmHWM MiB | CPU ms per minute |"
echo "|---|---|---|---|---|"
report "hbc $(HOME=$home "$out/hbc/hbc" --version) (Native AOT, 10 s interval${signed:+, key set})" $hbc_pid "$start_hbc"
report "prometheus-node-exporter $("$exporter" --version 2>&1 | awk 'NR==1{print $3}') (scraped every 10 s)" $exporter_pid "$start_exp"
echo
echo "hbc binary: $(du -k "$out/hbc/hbc" | cut -f1) KiB; measured over ${seconds} s on $(nproc) cores, $(date -u +%Y-%m-%d)"
# Signing is managed code in hbc: OpenSSL (and .NET's shim for it) loaded would be about 4 MiB more.
echo "OpenSSL mapped in hbc: $(grep -q -E 'libssl|libcrypto|Cryptography\.Native' "/proc/$hbc_pid/maps" && echo yes || echo no)"
