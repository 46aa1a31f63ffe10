#!/usr/bin/env bash
# The transport framework's costs (issue 6), measured in one run on this machine:
#   1. unified against dedicated ports: one gateway with a dedicated Remoting listener, a dedicated gRPC
#      listener and a unified listener carrying remoting+grpc+http+websocket; per round, the same produce load
#      (the official Remoting client, then the 5.x gRPC SDK; SIZE-byte bodies, THREADS threads, sync) against
#      the dedicated port and the unified one, order alternating: the ratio unified/dedicated of msg/s per round
#      (goal >= 0.97 for both);
#   2. connection set-up: `wharf-bench connect` (TCP, optional TLS, one Remoting request) against the
#      dedicated Remoting port in plaintext and TLS and the unified port in plaintext and TLS: p99
#      (goals < 1 ms plaintext, < 10 ms TLS);
#   3. idle cost per protocol: gateways with remoting, then +grpc, +http, +websocket listeners and no
#      connections; heap after a full GC and RSS, each protocol's share the difference to the one before
#      (goal < 2 MiB each).
#
# Usage: bench/transport-framework.sh [-r rounds] [-d duration] [-w warmup] [-k]
# Environment: SIZE (1024), THREADS (4), QUEUES (8), HEAP (1g), CONNECTIONS (2000).
# Results stay in bench/target/transport-framework-<time>/.
set -euo pipefail

ROUNDS=3
DURATION=15s
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
QUEUES=${QUEUES:-8}
HEAP=${HEAP:-1g}
CONNECTIONS=${CONNECTIONS:-2000}
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
bench_init transport-framework

if $BUILD; then
  log "building the bench tool and the gateway (offline; output in $RESULTS/build.log)"
  { mvn -B -o -q -f "$REPO/bench/pom.xml" package -DskipTests &&
    mvn -B -o -q -f "$REPO/pom.xml" -pl gateway -am package -DskipTests; } >"$RESULTS/build.log" 2>&1 \
    || { tail -20 "$RESULTS/build.log" >&2; die "build failed"; }
fi
cp "$WHARF_JAR" "$SCRATCH/wharf.jar"
WHARF_JAR=$SCRATCH/wharf.jar
echo "commit $(git -C "$REPO" log -1 --format='%h %cI'); load $(cut -d' ' -f1-3 /proc/loadavg)" \
  | tee "$RESULTS/environment.txt" >&2

# Starts a gateway in $1 with the listeners of YAML $2 and waits for $3 "Wharf listening" lines; sets
# GATEWAY_PID and PORTS (the listeners' ports in order).
start_gateway() {
  local dir=$1 listeners=$2 expected=$3 i
  mkdir -p "$dir"
  printf 'listeners:\n%s\nstore:\n  path: %s/store\n' "$listeners" "$dir" >"$dir/wharf.yaml"
  java "${SERVER_JVM[@]}" -jar "$WHARF_JAR" --config "$dir/wharf.yaml" >"$dir/server.log" 2>&1 &
  GATEWAY_PID=$!
  PIDS+=("$GATEWAY_PID")
  for i in $(seq 1 600); do
    (( $(grep -c "Wharf listening" "$dir/server.log" || true) >= expected )) && break
    kill -0 "$GATEWAY_PID" 2>/dev/null || { tail -20 "$dir/server.log" >&2; die "the gateway died"; }
    sleep 0.1
  done
  mapfile -t PORTS < <(sed -nE 's/.*Wharf listening: .* on [^:]+:([0-9]+)$/\1/p' "$dir/server.log")
}

listener() {  # name, protocols, tls mode ("" for none)
  printf '  - name: %s\n    host: 127.0.0.1\n    port: %s\n    protocols: [%s]\n' "$1" "$(free_port)" "$2"
  [[ -n $3 ]] && printf '    tls:\n      mode: %s\n' "$3"
  return 0
}

heap_used_kib() {
  jcmd "$GATEWAY_PID" GC.run >/dev/null
  sleep 1
  jcmd "$GATEWAY_PID" GC.heap_info | sed -nE 's/.*heap +total [0-9]+K, used ([0-9]+)K.*/\1/p' | head -1
}

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$GATEWAY_PID/status"; }

printf 'round\tremoting_dedicated\tremoting_unified\tremoting_ratio\tgrpc_dedicated\tgrpc_unified\tgrpc_ratio\tconnect_plain_dedicated_p99\tconnect_tls_dedicated_p99\tconnect_plain_unified_p99\tconnect_tls_unified_p99\n' \
  >"$RESULTS/rounds.tsv"
for round in $(seq 1 "$ROUNDS"); do
  dir=$SCRATCH/r$round
  log "round $round: gateway with dedicated and unified listeners (load $(cut -d' ' -f1 /proc/loadavg))"
  start_gateway "$dir" "$(listener remoting remoting ''; listener remoting-tls remoting permissive;
    listener grpc grpc ''; listener unified 'remoting, grpc, http, websocket' permissive)" 4
  remoting=127.0.0.1:${PORTS[0]} remoting_tls=127.0.0.1:${PORTS[1]} grpc=127.0.0.1:${PORTS[2]} unified=127.0.0.1:${PORTS[3]}
  for topic in "remoting_r$round" "grpc_r$round"; do
    curl -sf -o /dev/null -X POST "http://$unified/v1/topics" -H 'Content-Type: application/json' \
      -d "{\"name\":\"$topic\",\"type\":\"NORMAL\",\"queues\":$QUEUES}" || die "could not create $topic"
  done
  order=(dedicated unified)
  ((round % 2 == 0)) && order=(unified dedicated)
  declare -A RATE=()
  for port in "${order[@]}"; do
    target=$remoting
    [[ $port == unified ]] && target=$unified
    log "round $round: Remoting produce on the $port port"
    bench "$RESULTS/r$round-remoting-$port.txt" produce --namesrv "$target" --topic "remoting_r$round" \
      --size "$SIZE" --threads "$THREADS" --warmup "$WARMUP" --duration "$DURATION"
    RATE[remoting_$port]=$(json_field "$RESULT" msgsPerSec)
  done
  for port in "${order[@]}"; do
    target=$grpc
    [[ $port == unified ]] && target=$unified
    log "round $round: gRPC produce on the $port port"
    bench "$RESULTS/r$round-grpc-$port.txt" grpc-produce --endpoint "$target" --no-tls --topic "grpc_r$round" \
      --size "$SIZE" --threads "$THREADS" --warmup "$WARMUP" --duration "$DURATION"
    RATE[grpc_$port]=$(json_field "$RESULT" msgsPerSec)
  done
  declare -A SETUP=()
  for case in "plain_dedicated $remoting --no-tls" "tls_dedicated $remoting_tls --tls" \
      "plain_unified $unified --no-tls" "tls_unified $unified --tls"; do
    read -r name address tls <<<"$case"
    log "round $round: connection set-up, $name"
    bench "$RESULTS/r$round-connect-$name.txt" connect --address "$address" "$tls" --connections "$CONNECTIONS"
    SETUP[$name]=$(json_field "$RESULT" p99Ms)
  done
  stop_all
  cp "$dir/server.log" "$RESULTS/r$round-server.log"
  rm -rf "$dir"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" \
    "${RATE[remoting_dedicated]}" "${RATE[remoting_unified]}" "$(ratio "${RATE[remoting_unified]}" "${RATE[remoting_dedicated]}")" \
    "${RATE[grpc_dedicated]}" "${RATE[grpc_unified]}" "$(ratio "${RATE[grpc_unified]}" "${RATE[grpc_dedicated]}")" \
    "${SETUP[plain_dedicated]}" "${SETUP[tls_dedicated]}" "${SETUP[plain_unified]}" "${SETUP[tls_unified]}" \
    >>"$RESULTS/rounds.tsv"
done

printf 'round\tprotocols\theap_kib\trss_kib\n' >"$RESULTS/idle.tsv"
for round in $(seq 1 "$ROUNDS"); do
  set_listeners=""
  count=0
  for protocol in remoting grpc http websocket; do
    set_listeners+="$(listener "$protocol" "$protocol" '')"$'\n'
    count=$((count + 1))
    dir=$SCRATCH/idle-$protocol-r$round
    start_gateway "$dir" "$set_listeners" "$count"
    sleep 3
    printf '%s\t%s\t%s\t%s\n' "$round" "$protocol" "$(heap_used_kib)" "$(rss_kib)" >>"$RESULTS/idle.tsv"
    stop_all
    rm -rf "$dir"
  done
done

col() { awk -F'\t' -v c="$1" 'NR > 1 && $c != "" {print $c}' "$RESULTS/rounds.tsv" | median; }
idle_share() {  # protocol, column (3 heap, 4 rss): median over rounds of the difference to the previous set
  awk -F'\t' -v p="$1" -v c="$2" 'NR > 1 {v[$1","$2]=$c}
    END {split("remoting grpc http websocket", order, " ");
         for (k in v) { split(k, rk, ","); r[rk[1]] = 1 }
         for (round in r) { for (i = 2; i <= 4; i++) if (order[i] == p) print (v[round","p] - v[round","order[i-1]]) / 1024 }}' \
    "$RESULTS/idle.tsv" | median
}
{
  echo "medians over $ROUNDS rounds ($SIZE B, $THREADS threads, sync):"
  echo "  Remoting produce: dedicated $(col 2) msg/s, unified $(col 3) msg/s, unified/dedicated $(col 4) (goal >= 0.97)"
  echo "  gRPC produce:     dedicated $(col 5) msg/s, unified $(col 6) msg/s, unified/dedicated $(col 7) (goal >= 0.97)"
  echo "  connection set-up p99: plaintext $(col 8) ms dedicated, $(col 10) ms unified (goal < 1); TLS $(col 9) ms dedicated, $(col 11) ms unified (goal < 10)"
  for protocol in grpc http websocket; do
    echo "  idle $protocol listener: heap +$(idle_share "$protocol" 3) MiB, RSS +$(idle_share "$protocol" 4) MiB (goal < 2 each)"
  done
} | tee "$RESULTS/summary.txt"
