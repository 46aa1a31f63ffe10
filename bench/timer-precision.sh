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

REPO=$(cd "$(dirname "$0")/.." && pwd)
BENCH_JAR=$REPO/bench/target/wharf-bench.jar
WHARF_JAR=$REPO/gateway/target/wharf.jar
RESULTS=$REPO/bench/target/timer-$(date +%Y%m%d-%H%M%S)
SCRATCH=$(mktemp -d /tmp/wharf-timer.XXXXXX)
mkdir -p "$RESULTS"
[[ -f $BENCH_JAR ]] || { echo "no $BENCH_JAR: mvn -f bench/pom.xml package" >&2; exit 1; }
[[ -f $WHARF_JAR ]] || { echo "no $WHARF_JAR: mvn -pl gateway -am package" >&2; exit 1; }

GATEWAY_PID=
cleanup() {
  if [[ -n $GATEWAY_PID ]] && kill -0 "$GATEWAY_PID" 2>/dev/null; then
    kill -TERM "$GATEWAY_PID"
    wait "$GATEWAY_PID" 2>/dev/null || true
  fi
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$SCRATCH/wharf.yaml" <<YAML
mode: local
listeners:
  - name: remoting
    host: 127.0.0.1
    port: $port
    protocols: [remoting]
store:
  path: $SCRATCH/store
  flush: async
YAML
java -server "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC -jar "$WHARF_JAR" --config "$SCRATCH/wharf.yaml" \
  >"$RESULTS/gateway.log" 2>&1 &
GATEWAY_PID=$!
for _ in $(seq 1 900); do
  grep -q "Wharf listening: remoting on" "$RESULTS/gateway.log" && break
  kill -0 "$GATEWAY_PID" 2>/dev/null || { tail -20 "$RESULTS/gateway.log" >&2; exit 1; }
  sleep 0.1
done

echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g "-Drocketmq.log.root=$SCRATCH/client-logs" -jar "$BENCH_JAR" timer \
  --namesrv "127.0.0.1:$port" --topic "TimerBench$$" --messages "$MESSAGES" \
  --min-delay "$MIN_DELAY" --max-delay "$MAX_DELAY" --size "$SIZE" | tee "$RESULTS/report.txt"
echo "gateway peak resident memory: $(awk '/VmHWM/ {print $2, $3}' "/proc/$GATEWAY_PID/status")" \
  | tee -a "$RESULTS/report.txt"
echo "results in $RESULTS"
