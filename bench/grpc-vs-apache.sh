#!/usr/bin/env bash
# Wharf's gRPC transport against Apache RocketMQ 5.5.0 in Local mode, both driven by the official 5.x SDK
# (rocketmq-client-java 5.2.0) the same way in the same run:
#   wharf   gateway/target/wharf.jar, Local mode, a gRPC listener and a Remoting listener (for admin commands)
#   apache  a NameServer and one JVM running the proxy with the broker embedded (ProxyStartup -pm local), from
#           Maven Central (lib.sh start_apache_local)
# Turns alternate (wharf apache wharf apache ...), never both systems at once. Each turn starts its system
# fresh on free 127.0.0.1 ports with a temp store, then:
#   1. creates two NORMAL topics of QUEUES queues with mqadmin (Remoting admin commands, which Wharf answers too);
#   2. produce: one SDK Producer shared by THREADS threads, SIZE-byte bodies, MODE sends, WARMUP unmeasured and
#      DURATION measured: msg/s and send latency percentiles (HdrHistogram);
#   3. pre-loads the second topic with exactly DRAIN_MESSAGES messages (async sends);
#   4. drains that backlog twice, with a SimpleConsumer and with a PushConsumer (the order alternates by round),
#      each under a new group whose offsets are first set to the first message of every queue: msg/s;
#   5. stops the system.
# The summary gives medians over the rounds and the ratios Wharf/Apache of those medians: produce throughput
# (issue 4's goal: >= 4), send p99 (<= 0.5), drain rates (>= 2).
#
# Usage: bench/grpc-vs-apache.sh [-r rounds] [-d duration] [-w warmup] [-n drain-messages] [-s "wharf apache"] [-k]
#   -k  keep the jars as they are (default: build bench/target/wharf-bench.jar and gateway/target/wharf.jar
#       first, offline)
# Environment: SIZE (1024), THREADS (4), MODE (sync), QUEUES (8), HEAP (1g, each server JVM), TLS (false: the
#   SDK speaks plaintext; true: TLS, which both servers accept on the same port), DRAIN_LIMIT (180s),
#   DRAIN_IDLE (30s: a drain also ends after this long without a message; "drained" then shows less than 100%),
#   JFR (false; true records a JFR profile of every Wharf turn, kept with the results).
# Results (logs, JSON lines, summary) stay in bench/target/grpc-vs-apache-<time>/; stores are deleted.
set -euo pipefail

ROUNDS=5
DURATION=20s
WARMUP=5s
DRAIN_MESSAGES=50000
SYSTEMS="wharf apache"
BUILD=true
while getopts "r:d:w:n:s:kh" opt; do
  case "$opt" in
    r) ROUNDS=$OPTARG ;;
    d) DURATION=$OPTARG ;;
    w) WARMUP=$OPTARG ;;
    n) DRAIN_MESSAGES=$OPTARG ;;
    s) SYSTEMS=$OPTARG ;;
    k) BUILD=false ;;
    *) sed -n '2,26p' "$0"; exit 2 ;;
  esac
done
SIZE=${SIZE:-1024}
THREADS=${THREADS:-4}
MODE=${MODE:-sync}
QUEUES=${QUEUES:-8}
HEAP=${HEAP:-1g}
TLS=${TLS:-false}
DRAIN_LIMIT=${DRAIN_LIMIT:-180s}
DRAIN_IDLE=${DRAIN_IDLE:-30s}
DRAIN_MODES=(simple push)
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
bench_init grpc-vs-apache

prepare() {
  if $BUILD; then
    log "building the bench tool and the gateway (offline; output in $RESULTS/build.log)"
    { mvn -B -o -q -f "$REPO/bench/pom.xml" package -DskipTests &&
      mvn -B -o -q -f "$REPO/pom.xml" -pl gateway -am package -DskipTests; } >"$RESULTS/build.log" 2>&1 \
      || { tail -20 "$RESULTS/build.log" >&2; die "build failed"; }
  fi
  [[ -f $BENCH_JAR ]] || die "$BENCH_JAR missing: mvn -B -o -q -f bench/pom.xml package"
  if [[ " $SYSTEMS " == *" wharf "* ]]; then
    [[ -f $WHARF_JAR ]] || die "$WHARF_JAR missing: mvn -B -o -q -pl gateway -am package -DskipTests"
    # A private copy, so a rebuild of the gateway during the run cannot change what is measured.
    cp "$WHARF_JAR" "$SCRATCH/wharf.jar"
    WHARF_JAR=$SCRATCH/wharf.jar
  fi
  {
    echo "commit $(git -C "$REPO" log -1 --format='%h %cI' 2>/dev/null || echo unknown)"
    echo "wharf.jar $(sha256sum "$WHARF_JAR" 2>/dev/null | cut -c1-16 || echo absent)"
    echo "machine $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r)"
    echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
    java -version 2>&1 | head -1
  } | tee "$RESULTS/environment.txt" >&2
  # mqadmin (Apache's class path) creates the topics, for Wharf as well.
  fetch_apache
}

# Runs one gRPC bench command ($1: output file, $2: command, then its options) against the turn's endpoint.
grpc_bench() {
  local out=$1 command=$2 tls=--no-tls
  shift 2
  $TLS && tls=--tls
  bench "$out" "$command" --endpoint "$GRPC_ENDPOINT" "$tls" "$@"
}

# Drains topic $2 of system $1 in round $3 ($4 messages) with each consumer mode; sets DRAIN_simple and
# DRAIN_push to "msg/s<TAB>delivered<TAB>client CPU us per message".
drain_all() {
  local system=$1 topic=$2 round=$3 expected=$4 turn mode
  for turn in 0 1; do
    # Odd rounds drain simple first, even rounds push first: neither always finds the backlog cold.
    mode=${DRAIN_MODES[(round + 1 + turn) % 2]}
    log "round $round: $system draining $expected messages with a $mode consumer"
    grpc_bench "$RESULTS/$system-r$round-drain-$mode.txt" grpc-consume --mode "$mode" --topic "$topic" \
      --group "drain_${mode}_${system}_r$round" --rewind-namesrv "$ADDRESS" --expect "$expected" \
      --duration "$DRAIN_LIMIT" --idle "$DRAIN_IDLE"
    printf -v "DRAIN_$mode" '%s\t%s\t%s' "$(json_field "$RESULT" msgsPerSec)" "$(json_field "$RESULT" delivered)" \
      "$(json_field "$RESULT" clientCpuUsPerMsg)"
  done
}

grpc_turn() {
  local system=$1 round=$2 dir=$SCRATCH/$1-r$2 admin produced expected cpu_before server_cpu load
  local topic=produce_${1}_r$2 backlog=drain_${1}_r$2
  mkdir -p "$dir"
  # The machine is shared: the one-minute load average at the start of each turn is kept with its figures.
  load=$(cut -d' ' -f1 /proc/loadavg)
  log "round $round: $system starting (load $load)"
  if [[ $system == wharf ]]; then
    GRPC=true start_wharf "$dir" "$round"
    admin=(-b "$ADDRESS")
  else
    start_apache_local "$dir"
    admin=("$ADDRESS")
  fi
  create_topic "${admin[@]}" "$topic"
  create_topic "${admin[@]}" "$backlog"
  log "round $round: $system at $GRPC_ENDPOINT, producing ($MODE, $THREADS threads, $SIZE B, $WARMUP + $DURATION)"
  cpu_before=$(server_cpu_ticks)
  grpc_bench "$RESULTS/$system-r$round-produce.txt" grpc-produce --topic "$topic" --size "$SIZE" \
    --threads "$THREADS" --mode "$MODE" --warmup "$WARMUP" --duration "$DURATION"
  produced=$RESULT
  server_cpu=$(cpu_per_message $(( $(server_cpu_ticks) - cpu_before )) "$(json_field "$produced" acknowledged)")
  log "round $round: $system pre-loading $DRAIN_MESSAGES messages"
  grpc_bench "$RESULTS/$system-r$round-fill.txt" grpc-produce --topic "$backlog" --size "$SIZE" \
    --threads "$THREADS" --mode async --in-flight 256 --warmup 0s --duration "$DRAIN_LIMIT" \
    --messages "$DRAIN_MESSAGES"
  expected=$(json_field "$RESULT" acknowledged)
  DRAIN_simple='' DRAIN_push=''
  if [[ $expected =~ ^[1-9][0-9]*$ ]]; then
    drain_all "$system" "$backlog" "$round" "$expected"
  else
    log "round $round: $system pre-loaded nothing; no drains"
    expected=0
  fi
  stop_all
  cp "$dir/server.log" "$RESULTS/$system-r$round-server.log" 2>/dev/null || true
  rm -rf "$dir"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$system" "$round" \
    "$(json_field "$produced" msgsPerSec)" "$(json_field "$produced" sendP50Ms)" \
    "$(json_field "$produced" sendP99Ms)" "$(json_field "$produced" sendP999Ms)" \
    "$(json_field "$produced" errors)" "$server_cpu" "$(json_field "$produced" clientCpuUsPerMsg)" \
    "$expected" "${DRAIN_simple:-$'\t\t'}" "${DRAIN_push:-$'\t\t'}" "$load" >>"$RESULTS/rounds.tsv"
  log "round $round: $system produce $(json_field "$produced" msgsPerSec) msg/s" \
    "(p99 $(json_field "$produced" sendP99Ms) ms), drains: simple ${DRAIN_simple%%$'\t'*} msg/s," \
    "push ${DRAIN_push%%$'\t'*} msg/s"
}

summarise() {
  local system
  {
    echo "Medians over $ROUNDS round(s): $SIZE B messages, $THREADS producer threads, $MODE sends over gRPC" \
      "($($TLS && echo TLS || echo plaintext)), $WARMUP warm-up + $DURATION measured; drains of $DRAIN_MESSAGES messages"
    printf '%-7s %10s %8s %8s %8s %7s %10s %10s %10s %10s %13s %5s\n' system "produce/s" "p50 ms" "p99 ms" "p999 ms" \
      errors "srv us/msg" "cli us/msg" "simple/s" "push/s" "drained s/p" load
    for system in $SYSTEMS; do
      printf '%-7s %10s %8s %8s %8s %7s %10s %10s %10s %10s %13s %5s\n' "$system" "$(column_median "$system" 3)" \
        "$(column_median "$system" 4)" "$(column_median "$system" 5)" "$(column_median "$system" 6)" \
        "$(column_median "$system" 7)" "$(column_median "$system" 8)" "$(column_median "$system" 9)" \
        "$(column_median "$system" 11)" "$(column_median "$system" 14)" \
        "$(drained_share "$system" 12 10)/$(drained_share "$system" 15 10)" "$(column_median "$system" 17)"
    done
    if [[ " $SYSTEMS " == *" wharf "* && " $SYSTEMS " == *" apache "* ]]; then
      printf 'wharf/apache: produce %sx (goal >= 4), send p99 %sx (goal <= 0.5), drain simple %sx, push %sx (goal >= 2)\n' \
        "$(ratio "$(column_median wharf 3)" "$(column_median apache 3)")" \
        "$(ratio "$(column_median wharf 5)" "$(column_median apache 5)")" \
        "$(ratio "$(column_median wharf 11)" "$(column_median apache 11)")" \
        "$(ratio "$(column_median wharf 14)" "$(column_median apache 14)")"
    fi
  } | tee "$RESULTS/summary.txt"
}

main() {
  prepare
  local columns=(system round produce_msgs_per_s send_p50_ms send_p99_ms send_p999_ms errors server_cpu_us_per_msg
    client_cpu_us_per_msg drain_expected simple_msgs_per_s simple_delivered simple_client_cpu_us_per_msg
    push_msgs_per_s push_delivered push_client_cpu_us_per_msg load1)
  (IFS=$'\t'; echo "${columns[*]}") >"$RESULTS/rounds.tsv"
  local round system
  for round in $(seq 1 "$ROUNDS"); do
    for system in $SYSTEMS; do grpc_turn "$system" "$round"; done
  done
  summarise
  log "results in $RESULTS"
}

main
