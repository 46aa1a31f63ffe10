#!/usr/bin/env bash
# Timer precision of a Wharf gateway (Local mode): starts the gateway on a free 127.0.0.1 port with a temp
# store, runs `wharf-bench timer` (N messages with setDeliverTimeMs spread over [send+MIN, send+MAX] to a
# DELAY topic it creates, a push consumer recording store/receive time minus asked time), prints the report,
# the gateway's peak resident memory, and stops the gateway.
#
# Usage: bench/timer-precision.sh [-n messages] [-m min-delay] [-x max-delay]
#   defaults: 100000 messages, 20s .. 60s
# Environment: HEAP (1g), SIZE (256 body bytes). Needs gateway/target/wharf.jar and bench/target/wharf-bench.jar.
# The log and the report stay in bench/target/timer-<time>/; the store is deleted.
set -euo pipefail

MESSAGES=100000
MIN_DELAY=20s
MAX_DELAY=60s
while getopts "n:m:x:h" opt; do
  case "$opt" in
    n) MESSAGES=$OPTARG ;;
    m) MIN_DELAY=$OPTARG ;;
    x) MAX_DELAY=$OPTARG ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
  esac
done
HEAP=${HEAP:-1g}
SIZE=${SIZE:-256}
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
bench_init timer

[[ -f $BENCH_JAR ]] || die "no $BENCH_JAR: mvn -f bench/pom.xml package"
[[ -f $WHARF_JAR ]] || die "no $WHARF_JAR: mvn -pl gateway -am package"

start_wharf "$SCRATCH/wharf" 1
GATEWAY_PID=${PIDS[0]}
# The report keeps the gateway's log; lib.sh starts it in the scratch directory, deleted on exit.
trap 'stop_all; cp "$SCRATCH/wharf/server.log" "$RESULTS/gateway.log" 2>/dev/null || true; cleanup' EXIT

echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
# A larger client heap than lib.sh's CLIENT_JVM: the bench keeps every message's timings (the last -Xmx wins).
java "${CLIENT_JVM[@]}" -Xmx1g -jar "$BENCH_JAR" timer \
  --namesrv "$ADDRESS" --topic "TimerBench$$" --messages "$MESSAGES" \
  --min-delay "$MIN_DELAY" --max-delay "$MAX_DELAY" --size "$SIZE" | tee "$RESULTS/report.txt"
echo "gateway peak resident memory: $(awk '/VmHWM/ {print $2, $3}' "/proc/$GATEWAY_PID/status")" \
  | tee -a "$RESULTS/report.txt"
echo "results in $RESULTS"
