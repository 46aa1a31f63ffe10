#!/usr/bin/env bash
# Apache RocketMQ 5.5.0 in Local mode (NameServer + one JVM with the proxy and the broker embedded), straight
# from Maven Central, on free 127.0.0.1 ports with a temp store: for trying the 5.x SDK or `wharf-bench
# grpc-produce` against upstream by hand. Prints the endpoints, runs until Ctrl-C, then stops everything and
# deletes the store. The benchmark scripts start the same set-up through lib.sh's start_apache_local.
#
# Usage: bench/apache-local.sh
# Environment: HEAP (1g, the proxy+broker JVM), QUEUES (8) and TOPIC (bench): the NORMAL topic created at start.
# Logs stay in bench/target/apache-local-<time>/ once stopped.
set -euo pipefail

[[ ${1:-} == -h ]] && { sed -n '2,9p' "$0"; exit 0; }
HEAP=${HEAP:-1g}
QUEUES=${QUEUES:-8}
TOPIC=${TOPIC:-bench}
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
bench_init apache-local
trap 'stop_all; cp -r "$SCRATCH/apache/logs" "$SCRATCH/apache/server.log" "$RESULTS/" 2>/dev/null || true; cleanup' EXIT

fetch_apache
log "starting Apache RocketMQ $ROCKETMQ_VERSION in Local mode"
start_apache_local "$SCRATCH/apache"
create_topic "$ADDRESS" "$TOPIC"
cat <<EOF
gRPC endpoint (5.x SDK, plaintext or TLS): $GRPC_ENDPOINT
NameServer (Remoting admin):               $ADDRESS
topic $TOPIC ($QUEUES queues, NORMAL), e.g.:
  java -jar $BENCH_JAR grpc-produce --endpoint $GRPC_ENDPOINT --topic $TOPIC
Ctrl-C stops it.
EOF
wait "${PIDS[@]}"
