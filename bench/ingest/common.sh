# Shared by the ingest benchmarks (sourced): where the Release programs are, their build, and free loopback ports.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
hbd=$root/src/Hbd.Server/bin/Release/net10.0/hbd
hbload=$root/bench/Hbd.Load/bin/Release/net10.0/hbload

# Exits with a message naming the script when one of the tools is missing.
require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$(basename "$0"): needs $tool" >&2; exit 1; }
    done
}

# hbd and hbload, Release, unless NO_BUILD=1.
build_programs() {
    if [[ ${NO_BUILD:-0} != 1 ]]; then
        dotnet build "$root/src/Hbd.Server" -c Release -v quiet -nologo >/dev/null
        dotnet build "$root/bench/Hbd.Load" -c Release -v quiet -nologo >/dev/null
    fi
}

# A port free on loopback for both UDP and TCP (hbd listens on both kinds).
free_port() {
    local port hex
    while :; do
        port=$(( 20000 + RANDOM % 40000 ))
        hex=$(printf ':%04X ' "$port")
        if ! grep -q "$hex" /proc/net/udp /proc/net/tcp /proc/net/udp6 /proc/net/tcp6 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# A fresh data folder in DIR and DIR/hbd.yaml for one hbd on loopback with key KEY, on free ports it sets in hb_port,
# api_port and ws_port; each further argument is one more line of the file (history_days: 0 unless one names it).
write_hbd_config() {
    local dir=$1 key=$2 line
    shift 2
    hb_port=$(free_port); api_port=$(free_port); ws_port=$(free_port)
    rm -rf "$dir/data"; mkdir -p "$dir/data"
    {
        printf 'listen: 127.0.0.1\nhb_port: %s\nhbd_port: %s\nws_port: %s\ndata_dir: "%s"\nkey: %s\n' \
            "$hb_port" "$api_port" "$ws_port" "$dir/data" "$key"
        [[ " $* " == *" history_days:"* ]] || echo "history_days: 0"
        for line in "$@"; do echo "$line"; done
    } > "$dir/hbd.yaml"
}
