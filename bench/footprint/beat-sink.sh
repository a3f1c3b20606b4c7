# Sourced by compare.sh and mappings.sh: a scratch folder ($work) with an agent configuration beating every 10 s
# ($work/hb.yaml), and a loopback UDP port ($port) where a sink reads the beats, as a server would (a port where nothing
# listens would make every send an error the agent reports). Processes added to $pids are killed on exit.
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
printf 'interval: 10\n' > "$work/hb.yaml"
port=$((20000 + RANDOM % 20000))
/usr/bin/python3 -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', $port))
while True: s.recv(65536)" &
pids+=($!)
