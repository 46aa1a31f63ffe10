#!/usr/bin/env bash
# POP against pull consumption on Wharf (Local mode), draining the same backlog each way:
#   pull           the push consumer as most users run it: client rebalance, PULL_MESSAGE, offsets committed
#                  now and then
#   pop            the same push consumer in POP mode: the group's request mode set to POP, broker-side
#                  assignment, POP_MESSAGE and one ACK_MESSAGE per message (what a 5.x Remoting consumer does)
#   pop_batch_ack  no push consumer: one POP_MESSAGE in flight per queue, one BATCH_ACK_MESSAGE per batch (how a
#                  gRPC proxy consumes for its clients): the server's POP path without the client's per-message ack
# One gateway on a free 127.0.0.1 port with a temp store; a topic of QUEUES queues; the producer benchmark fills
# the backlog for the given time; then each round drains the whole backlog once per mode, each drain under a new
# group from the first offset. The order rotates between rounds (pull pop pop_batch_ack, pop pop_batch_ack pull,
# ...) so cache and JIT warm-up favour none. The summary gives each mode's median rate and its ratio to pull.
#
# Usage: bench/pop-vs-pull.sh [-r rounds] [-d fill-duration]
# Environment: SIZE (1024), THREADS (4 producer threads, async sends), CONSUME_THREADS (20), QUEUES (8),
#   POP_THRESHOLD (96, the client's popThresholdForQueue), HEAP (1g), DRAIN_LIMIT (180s), DRAIN_IDLE (20s: a
#   drain also ends after this long without a message; the summary's "drained" column then shows less than 100%).
# Results (logs, JSON lines, summary) stay in bench/target/pop-vs-pull-<time>/; the store is deleted.
set -euo pipefail

ROUNDS=3
FILL=10s
while getopts "r:d:h" opt; do
  case "$opt" in
    r) ROUNDS=$OPTARG ;;
    d) FILL=$OPTARG ;;
    *) sed -n '2,19p' "$0"; exit 2 ;;
  esac
done
SIZE=${SIZE:-1024}
THREADS=${THREADS:-4}
CONSUME_THREADS=${CONSUME_THREADS:-20}
POP_THRESHOLD=${POP_THRESHOLD:-96}
QUEUES=${QUEUES:-8}
HEAP=${HEAP:-1g}
DRAIN_LIMIT=${DRAIN_LIMIT:-180s}
DRAIN_IDLE=${DRAIN_IDLE:-20s}

MODES=(pull pop pop_batch_ack)

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
bench_init pop-vs-pull

check_prerequisites() {
  [[ -f $BENCH_JAR ]] || die "$BENCH_JAR missing: mvn -B -o -q -f bench/pom.xml package"
  [[ -f $WHARF_JAR ]] || die "$WHARF_JAR missing: build the gateway module first"
  # A private copy, so a rebuild of the gateway during the run cannot change what is measured.
  cp "$WHARF_JAR" "$SCRATCH/wharf.jar"
  WHARF_JAR=$SCRATCH/wharf.jar
  {
    echo "commit $(git -C "$REPO" log -1 --format='%h %cI' 2>/dev/null || echo unknown)"
    echo "wharf.jar $(sha256sum "$WHARF_JAR" | cut -c1-16)"
    echo "machine $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
    java -version 2>&1 | head -1
  } >"$RESULTS/environment.txt"
  # mqadmin (Apache's class path) creates the topic with its queue count.
  fetch_apache
}

# Drains the backlog of $EXPECTED messages once in mode $1 (round $2); appends a line to rounds.tsv.
drain() {
  local mode=$1 round=$2
  log "round $round: draining with $mode"
  bench "$RESULTS/$mode-r$round.txt" consume --mode "$mode" --namesrv "$ADDRESS" --topic "$TOPIC" \
    --group "drain_${mode}_r$round" --threads "$CONSUME_THREADS" --pop-threshold "$POP_THRESHOLD" \
    --expect "$EXPECTED" --duration "$DRAIN_LIMIT" --idle "$DRAIN_IDLE"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$round" "$(json_field "$RESULT" msgsPerSec)" \
    "$(json_field "$RESULT" delivered)" "$EXPECTED" "$(json_field "$RESULT" seconds)" >>"$RESULTS/rounds.tsv"
  log "round $round: $mode $(json_field "$RESULT" msgsPerSec) msg/s"
}

mode_median() { awk -F'\t' -v m="$1" '$1 == m && $3 != "" {print $3}' "$RESULTS/rounds.tsv" | median; }

drained_share() {
  awk -F'\t' -v m="$1" '$1 == m {d += $4; e += $5} END {if (e > 0) printf "%.1f%%", 100 * d / e; else print "n/a"}' \
    "$RESULTS/rounds.tsv"
}

summarise() {
  local mode
  {
    echo "Backlog of $EXPECTED messages of $SIZE B on $QUEUES queues; $ROUNDS round(s), $CONSUME_THREADS consume" \
      "threads, pop threshold $POP_THRESHOLD"
    printf '%-14s %12s %9s %9s\n' mode "median msg/s" drained "x pull"
    for mode in "${MODES[@]}"; do
      printf '%-14s %12s %9s %9s\n' "$mode" "$(mode_median "$mode")" "$(drained_share "$mode")" \
        "$(ratio "$(mode_median "$mode")" "$(mode_median pull)")"
    done
  } | tee "$RESULTS/summary.txt"
}

main() {
  check_prerequisites
  printf 'mode\tround\tdrain_msgs_per_s\tdelivered\texpected\tdrain_s\n' >"$RESULTS/rounds.tsv"
  start_wharf "$SCRATCH/wharf" 1
  TOPIC=pop_vs_pull
  create_topic -b "$ADDRESS" "$TOPIC"
  log "Wharf at $ADDRESS; filling the backlog ($THREADS threads, async, $SIZE B, $FILL)"
  bench "$RESULTS/fill.txt" produce --namesrv "$ADDRESS" --topic "$TOPIC" --size "$SIZE" --threads "$THREADS" \
    --mode async --warmup 0s --duration "$FILL"
  EXPECTED=$(json_field "$RESULT" acknowledged)
  local round turn
  for round in $(seq 1 "$ROUNDS"); do
    for turn in $(seq 0 $((${#MODES[@]} - 1))); do
      drain "${MODES[(round - 1 + turn) % ${#MODES[@]}]}" "$round"
    done
  done
  stop_all
  cp "$SCRATCH/wharf/server.log" "$RESULTS/server.log" 2>/dev/null || true
  summarise
  log "results in $RESULTS"
}

main
