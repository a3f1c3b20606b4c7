#!/usr/bin/env bash
# Ingest benchmark: hbload's signed beats against hbd, and against a baseline receiver that only counts datagrams
# (a C recvmmsg loop built here from a here-document; not product code), in the same run so that the ratio
# hbd/baseline says what hbd costs on this machine as it is at the moment.
#
#   bench/ingest/ingest.sh                      # defaults below
#   RATES="100000 max" RUNS=1 SECONDS_PER_RUN=5 bench/ingest/ingest.sh
#
# Settings (environment):
#   RATES            offered rates, datagrams/s, "max" for as fast as hbload goes   (50000 100000 200000 max)
#   RUNS             runs per rate; the table shows medians                          (3)
#   SECONDS_PER_RUN  how long hbload sends in each run                               (10)
#   HOSTS            simulated hosts                                                 (100000)
#   THREADS          hbload's sender threads                                         (1)
#   HISTORY_DAYS     hbd's history_days                                              (0)
#   POOL             1: hbload signs every beat before its clock starts (--pool), so    (1)
#                    that it spends nothing on signing while it sends; 0: as it goes
#   OFFLOAD          1: hbload sends with UDP segmentation offload; 0: --no-offload     (1)
#   NO_BUILD=1       use the Release builds already there
#
# One hbd (Release, loopback, free ports, a temporary data_dir, a shared key) serves every run. A warm-up round at
# 50,000/s creates the hosts first, so the runs measure known hosts, as in steady state; each hbload run still starts
# new run ids. For each rate and run: the baseline receiver with hbload sending at it, then hbd with hbload sending at
# it; hbd's share is datagrams.accepted of /api/status (after it stops moving) over what hbload sent.
set -euo pipefail

RATES=${RATES:-"50000 100000 200000 max"}
RUNS=${RUNS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
HOSTS=${HOSTS:-100000}
THREADS=${THREADS:-1}
HISTORY_DAYS=${HISTORY_DAYS:-0}
POOL=${POOL:-1}
OFFLOAD=${OFFLOAD:-1}
KEY=ingest-benchmark-key

source "$(dirname "$0")/common.sh"
require_tools jq curl awk
cc=$(command -v cc || command -v clang || command -v gcc || true)
[[ -n $cc ]] || { echo "ingest.sh: needs a C compiler (cc, clang or gcc)" >&2; exit 1; }

build_programs

work=$(mktemp -d /tmp/hbd-ingest.XXXXXX)
hbd_pid=
receiver_pid=
cleanup() {
    [[ -n $receiver_pid ]] && kill "$receiver_pid" 2>/dev/null || true
    if [[ -n $hbd_pid ]]; then
        kill "$hbd_pid" 2>/dev/null || true
        wait "$hbd_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# The baseline: counts datagrams on 127.0.0.1:PORT with recvmmsg in batches of 64, into the same 8 MiB receive buffer
# hbd asks for. Prints "ready" once bound; stops 1 s after the last datagram, or after MAX_SECONDS; prints the count.
cat > "$work/udpcount.c" <<'C'
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#define BATCH 64
#define SLOT 16384

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: udpcount PORT MAX_SECONDS\n"); return 2; }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int size = 8 * 1024 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    struct timeval poll = { 0, 100000 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &poll, sizeof poll);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0) { perror("bind"); return 1; }
    printf("ready\n");
    fflush(stdout);

    static char buffers[BATCH][SLOT];
    struct iovec iov[BATCH];
    struct mmsghdr messages[BATCH];
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = buffers[i];
        iov[i].iov_len = SLOT;
        messages[i] = (struct mmsghdr){ .msg_hdr = { .msg_iov = &iov[i], .msg_iovlen = 1 } };
    }
    long long count = 0;
    double start = now(), last = 0, limit = atof(argv[2]);
    while (now() - start < limit && (count == 0 || now() - last < 1.0)) {
        int n = recvmmsg(fd, messages, BATCH, 0, NULL);
        if (n > 0) {
            count += n;
            last = now();
        }
    }
    printf("%lld\n", count);
    return 0;
}
C
"$cc" -O2 -o "$work/udpcount" "$work/udpcount.c"

# Datagrams the kernel dropped at the UDP socket bound to 127.0.0.1:PORT (the last column of /proc/net/udp).
socket_drops() {
    awk -v local="$(printf '0100007F:%04X' "$1")" '$2 == local { print $NF; found = 1 } END { if (!found) print 0 }' /proc/net/udp
}

write_hbd_config "$work" "$KEY" "history_days: $HISTORY_DAYS"
"$hbd" -f -c "$work/hbd.yaml" >"$work/hbd.log" 2>&1 &
hbd_pid=$!
for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1 && break
    kill -0 "$hbd_pid" 2>/dev/null || { echo "ingest.sh: hbd exited:" >&2; cat "$work/hbd.log" >&2; exit 1; }
    sleep 0.5
done

accepted() { curl -fs "http://127.0.0.1:$api_port/api/status" | jq '.datagrams.accepted'; }

# hbd's accepted count once it has stopped moving (hbd drains its socket after hbload is done); at most 10 s.
settled_accepted() {
    local previous current
    previous=$(accepted)
    for _ in $(seq 1 20); do
        sleep 0.5
        current=$(accepted)
        [[ $current == "$previous" ]] && break
        previous=$current
    done
    echo "$previous"
}

# Runs hbload against PORT at RATE for SECONDS (default SECONDS_PER_RUN) and prints its last line (the JSON report).
load() {
    local seconds=${3:-$SECONDS_PER_RUN} flags=()
    [[ $POOL == 1 ]] && flags+=(--pool)
    [[ $OFFLOAD == 1 ]] || flags+=(--no-offload)
    timeout "$(awk -v s="$seconds" 'BEGIN { print int(s) + 120 }')" "$hbload" --server "127.0.0.1:$1" --hosts "$HOSTS" \
        --rate "$2" --seconds "$seconds" --key "$KEY" --threads "$THREADS" "${flags[@]}" | tail -n 1
}

# Two rounds at 50,000/s, so that every host has beaten even if hbload falls behind on a busy machine.
echo "warm-up: $HOSTS hosts at 50,000/s until hbd knows them all" >&2
for _ in 1 2 3; do
    load "$hb_port" 50000 "$(awk -v h="$HOSTS" 'BEGIN { print 2 * h / 50000 + 0.5 }')" >/dev/null
    settled_accepted >/dev/null
    known=$(curl -fs "http://127.0.0.1:$api_port/api/status" | jq '.hosts.total')
    (( known >= HOSTS )) && break
done
echo "warm-up: hbd knows $known hosts" >&2

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "| offered | run | baseline sent/s | baseline received % | hbd sent/s | hbd accepted % | hbd socket drops | hbd/baseline |" >&2
echo "|---|---|---|---|---|---|---|---|" >&2
summary=()
for rate in $RATES; do
    : >"$work/runs"
    for run in $(seq 1 "$RUNS"); do
        port=$(free_port)
        "$work/udpcount" "$port" $(( SECONDS_PER_RUN + 30 )) >"$work/count" &
        receiver_pid=$!
        until grep -qs ready "$work/count"; do sleep 0.05; done
        base=$(load "$port" "$rate")
        wait "$receiver_pid" || true
        receiver_pid=
        received=$(tail -n 1 "$work/count")

        before=$(accepted)
        drops_before=$(socket_drops "$hb_port")
        sent=$(load "$hb_port" "$rate")
        after=$(settled_accepted)
        drops=$(( $(socket_drops "$hb_port") - drops_before ))

        line=$(jq -rn --argjson b "$base" --argjson h "$sent" --argjson received "$received" --argjson accepted "$((after - before))" \
            --argjson drops "$drops" --arg rate "$rate" --arg run "$run" '
            ($received / $b.sent * 100) as $bp | ($accepted / $h.sent * 100) as $hp
            | [$rate, $run, $b.rate, $bp, $h.rate, $hp, $drops, (if $bp > 0 then $hp / $bp else 0 end)] | @tsv')
        echo "$line" >>"$work/runs"
        IFS=$'\t' read -r r n brate bp hrate hp d ratio <<<"$line"
        printf '| %s | %s | %.0f | %.2f | %.0f | %.2f | %s | %.3f |\n' "$r" "$n" "$brate" "$bp" "$hrate" "$hp" "$d" "$ratio" >&2
    done
    col() { cut -f "$1" "$work/runs" | median; }
    summary+=("$(printf '| %s | %.0f | %.2f | %.0f | %.2f | %.3f |' "$rate" "$(col 3)" "$(col 4)" "$(col 5)" "$(col 6)" "$(col 8)")")
done

echo
echo "Median of $RUNS run(s), $HOSTS hosts, ${SECONDS_PER_RUN} s each, signed beats (pool $POOL, offload $OFFLOAD), $THREADS sender thread(s), history_days $HISTORY_DAYS, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg):"
echo
echo "| offered rate | baseline: hbload sent/s | baseline received % | hbd: hbload sent/s | hbd accepted % | hbd/baseline |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
