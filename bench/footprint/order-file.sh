#!/usr/bin/env bash
# Regenerates src/Hbd.Client/hbc.order, the method order file of hbc's Native AOT build: the managed methods one run
# of the agent executes (start, first beat, more beats; interval 10, no checks, beats signed), in the order callgrind
# first records them. Signed, so the managed HMAC's few methods lie with the rest; without a key they are a few
# never-touched KiB among them. ILC lays them out first, so the code that runs shares pages (docs/benchmarks.md, footprint).
# Usage: bench/footprint/order-file.sh [seconds]   (default 25; needs valgrind, clang, lld, zlib1g-dev)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-25}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "$out" >&2
# ILC would otherwise reuse a binary it stripped earlier, and the order file would come out empty.
rm -rf src/Hbd.Client/obj/Release/net10.0/linux-x64/native
dotnet publish src/Hbd.Client -c Release -r linux-x64 -p:PublishAot=true -p:StripSymbols=false \
  -o "$out/bin" -nologo -v quiet >/dev/null
# valgrind cannot read ILC's DWARF; the symbol table is all it needs.
strip --strip-debug -o "$out/hbc.sym" "$out/bin/hbc"
printf 'interval: 10\nkey: "a long shared secret for the profile"\n' > "$out/hb.yaml"
# A sink that reads the beats, as a server would: a port where nothing listens makes every send an error path.
sink_port=$((20000 + RANDOM % 20000))
/usr/bin/python3 -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', $sink_port))
while True: s.recv(65536)" &
sink_pid=$!
HOME=$out timeout -s INT "$seconds" valgrind -q --tool=callgrind --compress-strings=no --compress-pos=no \
  --callgrind-out-file="$out/cg.out" "$out/hbc.sym" -q -c "$out/hb.yaml" 127.0.0.1:$sink_port || true
kill $sink_pid 2>/dev/null || true
nm "$out/hbc.sym" | awk '$2 == "t" || $2 == "T" { print $3 }' | sort -u > "$out/code"
# Every fn= in first-occurrence order, callgrind's "'N" suffixes dropped, kept when the binary defines it as code
# (callgrind files ILC's managed code under no object, so the symbol table decides what is ours).
awk '/^fn=/ { name = substr($0, 4); sub(/'\''[0-9]+$/, "", name); if (!(name in seen)) { seen[name]; print name } }' \
  "$out/cg.out" | awk 'NR == FNR { code[$0]; next } $0 in code' "$out/code" - > src/Hbd.Client/hbc.order
echo "src/Hbd.Client/hbc.order: $(wc -l < src/Hbd.Client/hbc.order) methods" >&2
