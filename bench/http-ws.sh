#!/usr/bin/env bash
# Wharf's HTTP/2 JSON API and WebSocket transport, measured in one run on this machine (issue 5's goals):
#   1. produce: gRPC (the official 5.x SDK) and HTTP/2 (a Netty HTTP/2 client, every request a stream of one
#      connection) against the same gateway, alternating within each round (which goes first alternates too),
#      same settings (SIZE-byte bodies, THREADS threads, MODE sends, WARMUP + DURATION): the ratio HTTP/gRPC of
#      msg/s per round and its median (goal >= 0.7);
#   2. ws-latency: a WebSocket publisher at RATE msg/s and a subscriber on another connection (credits, acks)
#      in the same client process: delivery latency p99 (goal < 5 ms at 1,000 msg/s);
#   3. ws-idle: CONNECTIONS idle WebSocket connections held open; the gateway's heap after a full GC while
#      they are held, minus the same before they were opened (goal < 200 MiB for 10,000).
# Each round starts a fresh gateway on free 127.0.0.1 ports with a temp store (Remoting, gRPC, HTTP, WebSocket
# listeners) and creates its topics over the HTTP admin API.
#
# Usage: bench/http-ws.sh [-r rounds] [-d duration] [-w warmup] [-k]
#   -k  keep the jars as they are (default: build bench/target/wharf-bench.jar and gateway/target/wharf.jar first)
# Environment: SIZE (1024), THREADS (4), MODE (sync), QUEUES (8), HEAP (1g), RATE (1000), CONNECTIONS (10000).
# Results stay in bench/target/http-ws-<time>/.
set -euo pipefail

ROUNDS=3
DURATION=20s
WARMUP=5s
BUILD=true
while getopts "r:d:w:kh" opt; do
  case "$opt" in
    r) ROUNDS=$OPTARG ;;
    d) DURATION=$OPTARG ;;
    w) WARMUP=$OPTARG ;;
    k) BUILD=false ;;
    *) sed -n '2,19p' "$0"; exit 2 ;;
  esac
done
SIZE=${SIZE:-1024}
THREADS=${THREADS:-4}
MODE=${MODE:-sync}
QUEUES=${QUEUES:-8}
HEAP=${HEAP:-1g}
RATE=${RATE:-1000}
CONNECTIONS=${CONNECTIONS:-10000}
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
bench_init http-ws

if $BUILD; then
  log "building the bench tool and the gateway (offline; output in $RESULTS/build.log)"
  { mvn -B -o -q -f "$REPO/bench/pom.xml" package -DskipTests &&
    mvn -B -o -q -f "$REPO/pom.xml" -pl gateway -am package -DskipTests; } >"$RESULTS/build.log" 2>&1 \
    || { tail -20 "$RESULTS/build.log" >&2; die "build failed"; }
fi
cp "$WHARF_JAR" "$SCRATCH/wharf.jar"
WHARF_JAR=$SCRATCH/wharf.jar
{
  echo "commit $(git -C "$REPO" log -1 --format='%h %cI' 2>/dev/null || echo unknown)"
  echo "machine $(nproc) cores, kernel $(uname -r); load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS/environment.txt" >&2

# Creates NORMAL topic $1 through the HTTP admin API.
http_topic() {
  curl -sf -o /dev/null -X POST "http://$HTTP_ADDRESS/v1/topics" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"type\":\"NORMAL\",\"queues\":$QUEUES}" || die "could not create topic $1 over HTTP"
}

# The gateway's used heap in KiB after a full GC.
heap_used_kib() {
  jcmd "$WHARF_PID" GC.run >/dev/null
  sleep 1
  jcmd "$WHARF_PID" GC.heap_info | sed -nE 's/.*heap +total [0-9]+K, used ([0-9]+)K.*/\1/p' | head -1
}

produce() {
  local round=$1 kind=$2 topic=$3 cpu_before
  cpu_before=$(server_cpu_ticks)
  if [[ $kind == grpc ]]; then
    bench "$RESULTS/r$round-grpc.txt" grpc-produce --endpoint "$GRPC_ENDPOINT" --no-tls --topic "$topic" \
      --size "$SIZE" --threads "$THREADS" --mode "$MODE" --warmup "$WARMUP" --duration "$DURATION"
  else
    bench "$RESULTS/r$round-http.txt" http-produce --address "$HTTP_ADDRESS" --topic "$topic" \
      --size "$SIZE" --threads "$THREADS" --mode "$MODE" --warmup "$WARMUP" --duration "$DURATION"
  fi
  printf -v "PRODUCED_$kind" '%s' "$(json_field "$RESULT" msgsPerSec)"
  printf -v "P99_$kind" '%s' "$(json_field "$RESULT" sendP99Ms)"
  printf -v "SERVER_CPU_$kind" '%s' \
    "$(cpu_per_message $(( $(server_cpu_ticks) - cpu_before )) "$(json_field "$RESULT" acknowledged)")"
  printf -v "CLIENT_CPU_$kind" '%s' "$(json_field "$RESULT" clientCpuUsPerMsg)"
}

printf 'round\tgrpc_msgs\thttp_msgs\tratio\tgrpc_p99\thttp_p99\tws_p99\tws_delivered\tidle_heap_mib\tload\tgrpc_server_us\thttp_server_us\tgrpc_client_us\thttp_client_us\n' \
  >"$RESULTS/rounds.tsv"
for round in $(seq 1 "$ROUNDS"); do
  dir=$SCRATCH/r$round
  load=$(cut -d' ' -f1 /proc/loadavg)
  log "round $round: starting the gateway (load $load)"
  GRPC=true HTTP=true WS=true start_wharf "$dir" "$round"
  http_topic "grpc_r$round"
  http_topic "http_r$round"
  http_topic "ws_r$round"
  order=(grpc http)
  ((round % 2 == 0)) && order=(http grpc)
  for kind in "${order[@]}"; do
    log "round $round: $kind produce ($MODE, $THREADS threads, $SIZE B, $WARMUP + $DURATION)"
    produce "$round" "$kind" "${kind}_r$round"
  done
  log "round $round: WebSocket delivery latency at $RATE msg/s"
  bench "$RESULTS/r$round-ws-latency.txt" ws-latency --address "$WS_ADDRESS" --topic "ws_r$round" \
    --rate "$RATE" --warmup "$WARMUP" --duration "$DURATION"
  ws_p99=$(json_field "$RESULT" p99Ms)
  ws_delivered="$(json_field "$RESULT" delivered)/$(json_field "$RESULT" published)"
  log "round $round: $CONNECTIONS idle WebSocket connections"
  before=$(heap_used_kib)
  # The JDK's WebSocket client holds tens of KiB per connection: this client gets a larger heap.
  java "${CLIENT_JVM[@]}" -Xmx3g -jar "$BENCH_JAR" ws-idle --address "$WS_ADDRESS" --connections "$CONNECTIONS" \
    --hold 60s >"$RESULTS/r$round-ws-idle.txt" 2>&1 &
  CLIENT_PID=$!
  await_log "$RESULTS/r$round-ws-idle.txt" "HOLDING" "$CLIENT_PID" 240
  held=$(heap_used_kib)
  stop_pid "$CLIENT_PID"
  CLIENT_PID=
  idle_mib=$(awk -v a="$held" -v b="$before" 'BEGIN {printf "%.1f", (a - b) / 1024}')
  stop_all
  cp "$dir/server.log" "$RESULTS/r$round-server.log" 2>/dev/null || true
  rm -rf "$dir"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$PRODUCED_grpc" "$PRODUCED_http" \
    "$(ratio "$PRODUCED_http" "$PRODUCED_grpc")" "$P99_grpc" "$P99_http" "$ws_p99" "$ws_delivered" "$idle_mib" \
    "$load" "$SERVER_CPU_grpc" "$SERVER_CPU_http" "$CLIENT_CPU_grpc" "$CLIENT_CPU_http" >>"$RESULTS/rounds.tsv"
  log "round $round: grpc $PRODUCED_grpc msg/s, http $PRODUCED_http msg/s, ws p99 $ws_p99 ms, idle +$idle_mib MiB"
done

col() { awk -F'\t' -v c="$1" 'NR > 1 && $c != "" {print $c}' "$RESULTS/rounds.tsv" | median; }
{
  echo "medians over $ROUNDS rounds ($SIZE B, $THREADS threads, $MODE):"
  echo "  produce gRPC  $(col 2) msg/s (p99 $(col 5) ms; server CPU $(col 11) us/msg, client $(col 13))"
  echo "  produce HTTP  $(col 3) msg/s (p99 $(col 6) ms; server CPU $(col 12) us/msg, client $(col 14))"
  echo "  HTTP / gRPC   $(col 4)   (goal >= 0.7; median of the per-round ratios)"
  echo "  WebSocket delivery p99 at $RATE msg/s: $(col 7) ms   (goal < 5)"
  echo "  $CONNECTIONS idle WebSocket connections: +$(col 9) MiB heap   (goal < 200)"
} | tee "$RESULTS/summary.txt"
