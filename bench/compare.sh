#!/usr/bin/env bash
# Wharf (Local mode) against Apache RocketMQ 5.5.0, measured the same way in the same run:
#   wharf   the gateway jar, Local mode, its Remoting port given to the client as name server
#   apache  NameServer + broker; the client talks to the broker directly (routes from the NameServer)
#   proxy   NameServer + broker + proxy in Cluster mode; the client uses the proxy's Remoting port.
#           (Local mode cannot serve Remoting clients in 5.5.0: its routes name the gRPC port, see
#           docs/PERFORMANCE.md.)
# Each turn starts one system fresh on free 127.0.0.1 ports with a temp store, creates the topic with the
# same queue count everywhere (Apache's mqadmin updateTopic, which Wharf answers too), runs the producer
# benchmark (warm-up excluded), drains the whole backlog with a push consumer under a new group, and stops.
# Turns are interleaved (wharf apache proxy, wharf apache proxy, ...) so slow drifts of this shared machine
# hit every system alike; the summary gives medians and the ratios Wharf/Apache broker and Wharf/proxy.
#
# Usage: bench/compare.sh [-r rounds] [-d duration] [-w warmup] [-s "wharf apache proxy"] [-j]
#   -j  record a JFR profile of every Wharf turn (kept with the results)
# Environment: SIZE (1024), THREADS (4), MODE (sync), QUEUES (8), HEAP (1g), DRAIN_LIMIT (180s),
#   DRAIN_IDLE (60s: a drain also ends after this long without a message; the summary's "drained" column
#   then shows less than 100%).
# Results (logs, JSON lines, summary, JFR) stay in bench/target/compare-<time>/; stores are deleted.
set -euo pipefail

ROUNDS=3
DURATION=20s
WARMUP=5s
SYSTEMS="wharf apache proxy"
JFR=false
while getopts "r:d:w:s:jh" opt; do
  case "$opt" in
    r) ROUNDS=$OPTARG ;;
    d) DURATION=$OPTARG ;;
    w) WARMUP=$OPTARG ;;
    s) SYSTEMS=$OPTARG ;;
    j) JFR=true ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
  esac
done
SIZE=${SIZE:-1024}
THREADS=${THREADS:-4}
MODE=${MODE:-sync}
HEAP=${HEAP:-1g}
QUEUES=${QUEUES:-8}
DRAIN_LIMIT=${DRAIN_LIMIT:-180s}
DRAIN_IDLE=${DRAIN_IDLE:-60s}
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
bench_init compare

check_prerequisites() {
  [[ -f $BENCH_JAR ]] || die "$BENCH_JAR missing: mvn -B -o -q -f bench/pom.xml package"
  if [[ " $SYSTEMS " == *" wharf "* ]]; then
    [[ -f $WHARF_JAR ]] || die "$WHARF_JAR missing: build the gateway module first"
    # A private copy, so a rebuild of the gateway during the run cannot change what is measured.
    cp "$WHARF_JAR" "$SCRATCH/wharf.jar"
    WHARF_JAR=$SCRATCH/wharf.jar
  fi
  {
    echo "commit $(git -C "$REPO" log -1 --format='%h %cI' 2>/dev/null || echo unknown)"
    echo "wharf.jar $(sha256sum "$WHARF_JAR" 2>/dev/null | cut -c1-16 || echo absent)"
    echo "machine $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r)"
    java -version 2>&1 | head -1
  } >"$RESULTS/environment.txt"
  # Every system needs the Apache class path at least for mqadmin, which creates the topics.
  fetch_apache
}

# Each start_* runs in this shell (PIDS must see its processes) and sets ADDRESS to what the benchmark
# client is given as its name server.
start_apache() {
  start_apache_broker "$1"
  ADDRESS=$NAMESRV
}

start_proxy() {
  start_apache_broker "$1"
  start_apache_proxy "$1/proxy" "$NAMESRV"
  ADDRESS=$PROXY_REMOTING
}

summarise() {
  local system
  {
    echo "Medians over $ROUNDS round(s); $SIZE B messages, $THREADS producer threads, $MODE sends, $WARMUP warm-up + $DURATION measured"
    printf '%-8s %10s %8s %8s %8s %7s %10s %8s %10s %10s\n' system "produce/s" "p50 ms" "p99 ms" "p999 ms" \
      errors "drain/s" drained "srv us/msg" "cli us/msg"
    for system in $SYSTEMS; do
      printf '%-8s %10s %8s %8s %8s %7s %10s %8s %10s %10s\n' "$system" "$(column_median "$system" 3)" \
        "$(column_median "$system" 4)" "$(column_median "$system" 5)" "$(column_median "$system" 6)" \
        "$(column_median "$system" 7)" "$(column_median "$system" 8)" "$(drained_share "$system" 9 10)" \
        "$(column_median "$system" 12)" "$(column_median "$system" 13)"
    done
    if [[ " $SYSTEMS " == *" wharf "* ]]; then
      for system in apache proxy; do
        [[ " $SYSTEMS " == *" $system "* ]] || continue
        printf 'wharf/%s: produce %sx, drain %sx\n' "$system" \
          "$(ratio "$(column_median wharf 3)" "$(column_median "$system" 3)")" \
          "$(ratio "$(column_median wharf 8)" "$(column_median "$system" 8)")"
      done
    fi
  } | tee "$RESULTS/summary.txt"
}

main() {
  check_prerequisites
  printf 'system\tround\tproduce_msgs_per_s\tsend_p50_ms\tsend_p99_ms\tsend_p999_ms\terrors\tdrain_msgs_per_s\tdelivered\texpected\tdrain_s\tserver_cpu_us_per_msg\tclient_cpu_us_per_msg\n' \
    >"$RESULTS/rounds.tsv"
  local round system
  for round in $(seq 1 "$ROUNDS"); do
    for system in $SYSTEMS; do run_turn "$system" "$round"; done
  done
  summarise
  log "results in $RESULTS"
}

main
