#!/usr/bin/env bash
# The transport framework's costs (issue 6), measured in one run on this machine:
#   1. unified against dedicated ports: one gateway with a dedicated Remoting listener, a dedicated gRPC
#      listener and a unified listener carrying remoting+grpc+http+websocket; per protocol one `--versus` run
#      (the official Remoting client, then the 5.x gRPC SDK; SIZE-byte bodies, THREADS threads, sync): one
#      process with a client per port, its threads switched between the ports every SLICE (A B B A ..., the
#      warm-up alternating too; which port is A flips every other round), so both ports see the same client,
#      the same JIT warm-up and the same machine noise: the ratio unified/dedicated per round (goal >= 0.97);
#   2. connection set-up: `wharf-bench connect --versus` (TCP, optional TLS with a full handshake each time,
#      one Remoting request) in plaintext and in TLS, one client alternating connection by connection between
#      the dedicated Remoting port and the unified port (warm-up too; which port is A flips every other round):
#      p99 of each (goals < 1 ms plaintext, < 10 ms TLS);
#   3. idle cost per protocol: per round one gateway with a remoting listener, to which +grpc (TLS disabled),
#      +http, +websocket listeners are added in turn through its watched configuration file, then the gRPC
#      listener's default TLS (permissive, development certificate) for what TLS itself costs; no connections;
#      MALLOC_ARENA_MAX=2 unless set; the heap fixed and pre-touched (-Xms=-Xmx=IDLE_HEAP, AlwaysPreTouch) so
#      that RSS moves only with what the protocols add; heap after a full GC, RSS after a native heap trim, and NMT's
#      committed total and per category, read once NMT has settled after each step (within 128 KiB for 6 s); each
#      protocol's share the difference to the step before, within one process (goal < 2 MiB each).
#
# Usage: bench/transport-framework.sh [-r rounds] [-d duration] [-w warmup] [-p parts] [-k]
#   -p: which parts to run, a comma-separated subset of throughput,connect,idle (default all three)
#   -k: keep the jars as built (no build)
# Environment: SIZE (1024), THREADS (4), QUEUES (8), HEAP (1g), IDLE_HEAP (256m), CONNECTIONS (2000), SLICE (2s).
# Results stay in bench/target/transport-framework-<time>/.
set -euo pipefail

ROUNDS=3
DURATION=64s
WARMUP=20s
BUILD=true
PARTS=throughput,connect,idle
while getopts "r:d:w:p:kh" opt; do
  case "$opt" in
    r) ROUNDS=$OPTARG ;;
    d) DURATION=$OPTARG ;;
    w) WARMUP=$OPTARG ;;
    p) PARTS=$OPTARG ;;
    k) BUILD=false ;;
    *) sed -n '2,25p' "$0"; exit 2 ;;
  esac
done
part() { [[ ,$PARTS, == *,$1,* ]]; }
SIZE=${SIZE:-1024}
THREADS=${THREADS:-4}
QUEUES=${QUEUES:-8}
HEAP=${HEAP:-1g}
IDLE_HEAP=${IDLE_HEAP:-256m}
CONNECTIONS=${CONNECTIONS:-2000}
SLICE=${SLICE:-2s}
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
  : >"$dir/server.log"  # exists before the background JVM's redirection, for the wait below
  java "${SERVER_JVM[@]}" "${EXTRA_JVM[@]}" -jar "$WHARF_JAR" --config "$dir/wharf.yaml" >"$dir/server.log" 2>&1 &
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

# Native Memory Tracking's summary as "category<TAB>committed KiB" lines, "Total" first.
nmt_committed_kib() {
  jcmd "$GATEWAY_PID" VM.native_memory summary scale=KB | sed -nE \
    -e 's/^Total: reserved=[0-9]+KB, committed=([0-9]+)KB.*/Total\t\1/p' \
    -e 's/^-[[:space:]]+([A-Za-z][A-Za-z ]*[a-z]) \(reserved=[0-9]+KB, committed=([0-9]+)KB\).*/\1\t\2/p'
}

EXTRA_JVM=()
printf 'round\tremoting_dedicated\tremoting_unified\tremoting_ratio\tgrpc_dedicated\tgrpc_unified\tgrpc_ratio\tconnect_plain_dedicated_p99\tconnect_tls_dedicated_p99\tconnect_plain_unified_p99\tconnect_tls_unified_p99\n' \
  >"$RESULTS/rounds.tsv"
for round in $(seq 1 "$ROUNDS"); do
  part throughput || part connect || break
  dir=$SCRATCH/r$round
  log "round $round: gateway with dedicated and unified listeners (load $(cut -d' ' -f1 /proc/loadavg))"
  start_gateway "$dir" "$(listener remoting remoting ''; listener remoting-tls remoting permissive;
    listener grpc grpc ''; listener unified 'remoting, grpc, http, websocket' permissive)" 4
  remoting=127.0.0.1:${PORTS[0]} remoting_tls=127.0.0.1:${PORTS[1]} grpc=127.0.0.1:${PORTS[2]} unified=127.0.0.1:${PORTS[3]}
  declare -A RATE=([remoting_dedicated]='' [remoting_unified]='' [grpc_dedicated]='' [grpc_unified]='')
  if part throughput; then
    for topic in "remoting_r$round" "grpc_r$round"; do
      curl -sf -o /dev/null -X POST "http://$unified/v1/topics" -H 'Content-Type: application/json' \
        -d "{\"name\":\"$topic\",\"type\":\"NORMAL\",\"queues\":$QUEUES}" || die "could not create $topic"
    done
    for protocol in remoting grpc; do
      dedicated=$remoting
      [[ $protocol == grpc ]] && dedicated=$grpc
      # The pattern's first side alternates between rounds (A B B A gives A the blocks' outer slices).
      sides=(dedicated unified)
      ((round % 2 == 0)) && sides=(unified dedicated)
      declare -A ADDRESS_OF=([dedicated]=$dedicated [unified]=$unified)
      first=${ADDRESS_OF[${sides[0]}]} second=${ADDRESS_OF[${sides[1]}]}
      log "round $round: $protocol produce alternating ${sides[0]} and ${sides[1]} in $SLICE slices"
      if [[ $protocol == remoting ]]; then
        bench "$RESULTS/r$round-remoting.txt" produce --namesrv "$first" --versus "$second" --topic "remoting_r$round" \
          --size "$SIZE" --threads "$THREADS" --warmup "$WARMUP" --duration "$DURATION" --slice "$SLICE"
      else
        bench "$RESULTS/r$round-grpc.txt" grpc-produce --endpoint "$first" --versus "$second" --no-tls \
          --topic "grpc_r$round" --size "$SIZE" --threads "$THREADS" --warmup "$WARMUP" --duration "$DURATION" \
          --slice "$SLICE"
      fi
      RATE[${protocol}_${sides[0]}]=$(json_field "$RESULT" msgsPerSec)
      RATE[${protocol}_${sides[1]}]=$(json_field "$RESULT" versusMsgsPerSec)
    done
  fi
  declare -A SETUP=([plain_dedicated]='' [tls_dedicated]='' [plain_unified]='' [tls_unified]='')
  if part connect; then
    # As for throughput: one client alternates between the ports, connection by connection (warm-up too), and
    # which port is A flips per round.
    for mode in plain tls; do
      sides=(dedicated unified)
      ((round % 2 == 0)) && sides=(unified dedicated)
      dedicated=$remoting tls_flag=--no-tls
      [[ $mode == tls ]] && dedicated=$remoting_tls tls_flag=--tls
      declare -A ADDRESS_OF=([dedicated]=$dedicated [unified]=$unified)
      log "round $round: connection set-up, $mode, alternating ${sides[0]} and ${sides[1]}"
      bench "$RESULTS/r$round-connect-$mode.txt" connect --address "${ADDRESS_OF[${sides[0]}]}" \
        --versus "${ADDRESS_OF[${sides[1]}]}" "$tls_flag" --connections "$CONNECTIONS"
      SETUP[${mode}_${sides[0]}]=$(json_field "$RESULT" p99Ms)
      SETUP[${mode}_${sides[1]}]=$(json_field "$RESULT" versusP99Ms)
    done
  fi
  stop_all
  cp "$dir/server.log" "$RESULTS/r$round-server.log"
  rm -rf "$dir"
  ratio_of() { [[ -n $1 && -n $2 ]] && ratio "$1" "$2" || true; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" \
    "${RATE[remoting_dedicated]}" "${RATE[remoting_unified]}" "$(ratio_of "${RATE[remoting_unified]}" "${RATE[remoting_dedicated]}")" \
    "${RATE[grpc_dedicated]}" "${RATE[grpc_unified]}" "$(ratio_of "${RATE[grpc_unified]}" "${RATE[grpc_dedicated]}")" \
    "${SETUP[plain_dedicated]}" "${SETUP[tls_dedicated]}" "${SETUP[plain_unified]}" "${SETUP[tls_unified]}" \
    >>"$RESULTS/rounds.tsv"
done

printf 'round\tprotocols\theap_kib\trss_kib\tnmt_kib\n' >"$RESULTS/idle.tsv"
printf 'round\tprotocols\tcategory\tcommitted_kib\n' >"$RESULTS/idle-nmt.tsv"
SERVER_JVM=(-server "-Xms$IDLE_HEAP" "-Xmx$IDLE_HEAP" -XX:+UseG1GC -XX:+AlwaysPreTouch)
EXTRA_JVM=(-XX:NativeMemoryTracking=summary)
# glibc's per-thread malloc arenas otherwise move RSS by megabytes from one start to the next.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# One gateway per round: remoting at start, then each protocol added to the running gateway through its watched
# configuration file, so that a step's difference is what that listener added to this process, not the noise of
# another JVM start (RSS moves by megabytes between starts).
# Waits until the JIT has compiled what a step set off: NMT's committed total, read every 2 s, stays within
# 128 KiB three times running (at most 60 s). A fixed wait read some steps mid-compilation (the compiler's arenas
# hold megabytes for seconds and are given back when it is done).
settle() {
  local previous=0 now steady=0 i
  for i in $(seq 1 30); do
    sleep 2
    now=$(nmt_committed_kib | awk -F'\t' '$1 == "Total" {print $2}')
    if (( now - previous < 128 && previous - now < 128 )); then
      steady=$((steady + 1))
      (( steady >= 3 )) && return 0
    else
      steady=0
    fi
    previous=$now
  done
  log "NMT still moving after 60 s; measuring anyway"
}
measure_idle() {  # round, step
  local heap
  settle
  heap=$(heap_used_kib)
  # glibc keeps freed native memory (compiler arenas, start-up buffers) resident until trimmed; trimmed, RSS is
  # what the process holds, not when malloc last gave pages back.
  jcmd "$GATEWAY_PID" System.trim_native_heap >/dev/null
  nmt_committed_kib | sed "s/^/$1\t$2\t/" >>"$RESULTS/idle-nmt.tsv"
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$heap" "$(rss_kib)" \
    "$(awk -F'\t' -v r="$1" -v p="$2" '$1 == r && $2 == p && $3 == "Total" {print $4}' "$RESULTS/idle-nmt.tsv")" \
    >>"$RESULTS/idle.tsv"
}
for round in $(seq 1 "$ROUNDS"); do
  part idle || break
  dir=$SCRATCH/idle-r$round
  set_listeners="$(listener remoting remoting '')"$'\n'
  start_gateway "$dir" "$set_listeners" 1
  measure_idle "$round" remoting
  cp "$dir/wharf.yaml" "$RESULTS/idle-remoting.yaml"
  served=$(grep -c "ListenerSet - listener .* serving" "$dir/server.log" || true)
  for protocol in grpc http websocket tls; do
    case $protocol in
      # gRPC alone: a gRPC listener is TLS-permissive with a development certificate unless told otherwise.
      grpc) set_listeners+="$(listener grpc grpc disabled)"$'\n' ;;
      # The last step turns the gRPC listener's default TLS back on (the listener is replaced): what TLS costs.
      tls) set_listeners=$(sed '/^    tls:$/,/^      mode: disabled$/d' <<<"$set_listeners")$'\n' ;;
      *) set_listeners+="$(listener "$protocol" "$protocol" '')"$'\n' ;;
    esac
    printf 'listeners:\n%s\nstore:\n  path: %s/store\n' "$set_listeners" "$dir" >"$dir/wharf.yaml.new"
    mv "$dir/wharf.yaml.new" "$dir/wharf.yaml"
    served=$((served + 1))
    for i in $(seq 1 300); do
      (( $(grep -c "ListenerSet - listener .* serving" "$dir/server.log" || true) >= served )) && break
      sleep 0.1
    done
    (( $(grep -c "ListenerSet - listener .* serving" "$dir/server.log" || true) >= served )) || die "the gateway did not take the $protocol step"
    measure_idle "$round" "$protocol"
    cp "$dir/wharf.yaml" "$RESULTS/idle-$protocol.yaml"
  done
  stop_all
  rm -rf "$dir"
done

col() { awk -F'\t' -v c="$1" 'NR > 1 && $c != "" {print $c}' "$RESULTS/rounds.tsv" | median; }
idle_share() {  # protocol, column (3 heap, 4 rss, 5 NMT committed): median over rounds of the difference to the previous set
  awk -F'\t' -v p="$1" -v c="$2" 'NR > 1 {v[$1","$2]=$c}
    END {split("remoting grpc http websocket tls", order, " ");
         for (k in v) { split(k, rk, ","); r[rk[1]] = 1 }
         for (round in r) { for (i = 2; i <= 5; i++) if (order[i] == p) print (v[round","p] - v[round","order[i-1]]) / 1024 }}' \
    "$RESULTS/idle.tsv" | median
}
nmt_shares() {  # protocol: the NMT categories whose committed memory grew or shrank by 256 KiB or more (medians)
  local previous category delta
  case $1 in grpc) previous=remoting ;; http) previous=grpc ;; websocket) previous=http ;; tls) previous=websocket ;; esac
  awk -F'\t' 'NR > 1 && $3 != "Total" {print $3}' "$RESULTS/idle-nmt.tsv" | sort -u | while read -r category; do
    delta=$(awk -F'\t' -v p="$1" -v q="$previous" -v c="$category" '$3 == c && $2 == p {now[$1] = $4}
        $3 == c && $2 == q {before[$1] = $4} END {for (r in now) print now[r] - before[r]}' "$RESULTS/idle-nmt.tsv" | median)
    awk -v d="$delta" -v c="$category" 'BEGIN {if (d >= 256 || d <= -256) printf "%d\t%s\n", d, c}'
  done | sort -rn | awk -F'\t' '{printf "%s%s %+.1f", (NR > 1 ? ", " : ""), $2, $1 / 1024}'
}
{
  echo "medians over $ROUNDS rounds ($SIZE B, $THREADS threads, sync; load at the end $(cut -d' ' -f1-3 /proc/loadavg)):"
  echo "  Remoting produce: dedicated $(col 2) msg/s, unified $(col 3) msg/s, unified/dedicated $(col 4) (goal >= 0.97)"
  echo "  gRPC produce:     dedicated $(col 5) msg/s, unified $(col 6) msg/s, unified/dedicated $(col 7) (goal >= 0.97)"
  echo "  connection set-up p99: plaintext $(col 8) ms dedicated, $(col 10) ms unified (goal < 1); TLS $(col 9) ms dedicated, $(col 11) ms unified (goal < 10)"
  for protocol in grpc http websocket tls; do
    echo "  idle $protocol$([[ $protocol == tls ]] && echo ' (on the gRPC listener, development certificate)' || echo ' listener'): heap +$(idle_share "$protocol" 3) MiB, RSS +$(idle_share "$protocol" 4) MiB (goal < 2 each);" \
      "NMT committed +$(idle_share "$protocol" 5) MiB ($(nmt_shares "$protocol"))"
  done
} | tee "$RESULTS/summary.txt"
