#!/usr/bin/env bash
# Cluster mode (issue 8): Wharf's gateway and Apache RocketMQ 5.5.0's Proxy, each in Cluster mode in front of
# the same kind of Apache broker, driven by the official 5.x SDK (rocketmq-client-java) the same way:
#   wharf  gateway/target/wharf.jar with mode: cluster, a gRPC listener (and a Remoting one), NameServer of
#          the turn as its cluster
#   proxy  ProxyStartup -pm cluster against the same NameServer (lib.sh start_apache_proxy)
# Each turn starts a fresh NameServer and broker (lib.sh start_apache_broker) on free 127.0.0.1 ports with a temp
# store, creates a NORMAL topic of QUEUES queues on it with mqadmin, starts the front, produces through it (one
# SDK Producer shared by THREADS threads, SIZE-byte bodies, MODE sends, WARMUP unmeasured then DURATION measured:
# msg/s and send latency percentiles), and stops everything. Turns alternate (wharf proxy wharf proxy ...).
# CPU per message is reported for the front, the broker and the client separately, each over the measured window
# only (warm-up and JIT compilation left out) per message measured. The summary gives medians over the
# rounds and the ratios Wharf/Proxy of those medians (issue 8's goal: produce >= 2, send p99 <= 0.5).
#
# Usage: bench/cluster-vs-proxy.sh [-r rounds] [-d duration] [-w warmup] [-s "wharf proxy"] [-k]
#   -k  keep the jars as they are (default: build bench/target/wharf-bench.jar and gateway/target/wharf.jar
#       first, offline)
# Environment: SIZE (1024), THREADS (4), MODE (sync), QUEUES (8), HEAP (1g, each server JVM), TLS (false).
# Results (logs, JSON lines, summary) stay in bench/target/cluster-vs-proxy-<time>/; stores are deleted.
set -euo pipefail

ROUNDS=3
DURATION=20s
# Every turn starts three fresh JVMs (broker, front, SDK client) that share 2 cores, and a sync send at 4 threads
# runs at only a few hundred msg/s while their hot paths are still interpreted or in C1: after 5 s the chain ran
# at 250-650 msg/s (p50 5-12 ms), after 40 s (~100 000 sends) at ~3 000 msg/s (p50 ~1 ms). Measure the warm state.
WARMUP=40s
SYSTEMS="wharf proxy"
BUILD=true
while getopts "r:d:w:s:kh" opt; do
  case "$opt" in
    r) ROUNDS=$OPTARG ;;
    d) DURATION=$OPTARG ;;
    w) WARMUP=$OPTARG ;;
    s) SYSTEMS=$OPTARG ;;
    k) BUILD=false ;;
    *) sed -n '2,19p' "$0"; exit 2 ;;
  esac
done
SIZE=${SIZE:-1024}
THREADS=${THREADS:-4}
MODE=${MODE:-sync}
QUEUES=${QUEUES:-8}
HEAP=${HEAP:-1g}
TLS=${TLS:-false}
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
bench_init cluster-vs-proxy

prepare() {
  if $BUILD; then
    log "building the bench tool and the gateway (offline; output in $RESULTS/build.log)"
    { mvn -B -o -q -f "$REPO/bench/pom.xml" package -DskipTests &&
      mvn -B -o -q -f "$REPO/pom.xml" -pl gateway -am package -DskipTests; } >"$RESULTS/build.log" 2>&1 \
      || { tail -20 "$RESULTS/build.log" >&2; die "build failed"; }
  fi
  [[ -f $BENCH_JAR ]] || die "$BENCH_JAR missing: mvn -B -o -q -f bench/pom.xml package"
  [[ -f $WHARF_JAR ]] || die "$WHARF_JAR missing: mvn -B -o -q -pl gateway -am package -DskipTests"
  # A private copy, so a rebuild of the gateway during the run cannot change what is measured.
  cp "$WHARF_JAR" "$SCRATCH/wharf.jar"
  WHARF_JAR=$SCRATCH/wharf.jar
  {
    echo "commit $(git -C "$REPO" log -1 --format='%h %cI' 2>/dev/null || echo unknown)"
    echo "wharf.jar $(sha256sum "$WHARF_JAR" | cut -c1-16)"
    echo "machine $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r)"
    echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
    java -version 2>&1 | head -1
  } | tee "$RESULTS/environment.txt" >&2
  fetch_apache
}

cluster_turn() {
  local system=$1 round=$2 dir=$SCRATCH/$1-r$2 topic=produce_${1}_r$2 front_pid tls=--no-tls load
  local produced measured
  mkdir -p "$dir"
  load=$(cut -d' ' -f1 /proc/loadavg)
  log "round $round: $system starting (load $load)"
  start_apache_broker "$dir/apache"
  create_topic "$NAMESRV" "$topic"
  if [[ $system == wharf ]]; then
    WHARF_NAMESRV=$NAMESRV GRPC=true start_wharf "$dir/front" "$round"
    front_pid=$WHARF_PID
  else
    start_apache_proxy "$dir/front" "$NAMESRV"
    front_pid=$PROXY_PID
  fi
  $TLS && tls=--tls
  log "round $round: $system at $GRPC_ENDPOINT, producing ($MODE, $THREADS threads, $SIZE B, $WARMUP + $DURATION)"
  bench_window "$RESULTS/$system-r$round-produce.txt" "$front_pid" "$BROKER_PID" -- grpc-produce --endpoint "$GRPC_ENDPOINT" "$tls" --topic "$topic" \
    --size "$SIZE" --threads "$THREADS" --mode "$MODE" --warmup "$WARMUP" --duration "$DURATION"
  produced=$RESULT
  measured=$(json_field "$produced" messages)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$system" "$round" \
    "$(json_field "$produced" msgsPerSec)" "$(json_field "$produced" sendP50Ms)" \
    "$(json_field "$produced" sendP99Ms)" "$(json_field "$produced" sendP999Ms)" \
    "$(json_field "$produced" errors)" \
    "$(cpu_per_message "${WINDOW_TICKS[0]:-0}" "$measured")" \
    "$(cpu_per_message "${WINDOW_TICKS[1]:-0}" "$measured")" \
    "$(json_field "$produced" clientCpuUsPerMsg)" "$load" >>"$RESULTS/rounds.tsv"
  stop_all
  cp "$dir/front/server.log" "$RESULTS/$system-r$round-front.log" 2>/dev/null || true
  rm -rf "$dir"
  log "round $round: $system produce $(json_field "$produced" msgsPerSec) msg/s (p99 $(json_field "$produced" sendP99Ms) ms)"
}

summarise() {
  local system
  {
    echo "Medians over $ROUNDS round(s): $SIZE B messages, $THREADS producer threads, $MODE sends over gRPC" \
      "($($TLS && echo TLS || echo plaintext)) through a Cluster-mode front to one Apache broker, $WARMUP warm-up + $DURATION measured"
    printf '%-6s %10s %8s %8s %8s %7s %12s %12s %10s %5s\n' front "produce/s" "p50 ms" "p99 ms" "p999 ms" errors \
      "front us/msg" "broker us/m" "cli us/msg" load
    for system in $SYSTEMS; do
      printf '%-6s %10s %8s %8s %8s %7s %12s %12s %10s %5s\n' "$system" "$(column_median "$system" 3)" \
        "$(column_median "$system" 4)" "$(column_median "$system" 5)" "$(column_median "$system" 6)" \
        "$(column_median "$system" 7)" "$(column_median "$system" 8)" "$(column_median "$system" 9)" \
        "$(column_median "$system" 10)" "$(column_median "$system" 11)"
    done
    if [[ " $SYSTEMS " == *" wharf "* && " $SYSTEMS " == *" proxy "* ]]; then
      printf 'wharf/proxy: produce %sx (goal >= 2), send p99 %sx (goal <= 0.5)\n' \
        "$(ratio "$(column_median wharf 3)" "$(column_median proxy 3)")" \
        "$(ratio "$(column_median wharf 5)" "$(column_median proxy 5)")"
    fi
  } | tee "$RESULTS/summary.txt"
}

main() {
  prepare
  local columns=(system round produce_msgs_per_s send_p50_ms send_p99_ms send_p999_ms errors front_cpu_us_per_msg
    broker_cpu_us_per_msg client_cpu_us_per_msg load1)
  (IFS=$'\t'; echo "${columns[*]}") >"$RESULTS/rounds.tsv"
  local round system
  for round in $(seq 1 "$ROUNDS"); do
    for system in $SYSTEMS; do cluster_turn "$system" "$round"; done
  done
  summarise
  log "results in $RESULTS"
}

main
