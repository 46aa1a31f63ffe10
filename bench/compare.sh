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
ROCKETMQ_VERSION=5.5.0

REPO=$(cd "$(dirname "$0")/.." && pwd)
BENCH_JAR=$REPO/bench/target/wharf-bench.jar
WHARF_JAR=$REPO/gateway/target/wharf.jar
APACHE_LIB=$REPO/bench/target/apache/lib
RESULTS=$REPO/bench/target/compare-$(date +%Y%m%d-%H%M%S)
SCRATCH=$(mktemp -d /tmp/wharf-compare.XXXXXX)
mkdir -p "$RESULTS"
SERVER_JVM=(-server "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow)
# RocketMQ's store reaches into NIO internals (mapped-buffer cleaners) as its own start scripts allow.
APACHE_OPENS=(--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED)
CLIENT_JVM=(-Xmx512m "-Drocketmq.log.root=$SCRATCH/client-logs")
# The topic and, for the Apache set-ups, the cluster it is created in.
CLUSTER=BenchCluster

PIDS=()
CLIENT_PID=
cleanup() {
  local pid
  for pid in $CLIENT_PID "${PIDS[@]}"; do stop_pid "$pid"; done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Stops a process we started: TERM, up to 20 s for its shutdown hooks, then KILL.
stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  PIDS=()
}

# A port p such that p-2 .. p+1 are all free on 127.0.0.1 (a RocketMQ broker also binds listenPort-2
# for its VIP channel and listenPort+1 for HA).
free_port() {
  local port listening candidate taken
  listening=$(ss -Htln | awk '{print $4}' | sed -E 's/.*:([0-9]+)$/\1/')
  while :; do
    port=$(( 20000 + RANDOM % 25000 ))
    taken=false
    for candidate in $((port - 2)) $((port - 1)) "$port" $((port + 1)); do
      if grep -qx "$candidate" <<<"$listening"; then taken=true; fi
    done
    $taken || break
  done
  echo "$port"
}

# Waits (bounded) until a log file shows a line matching a pattern, or the process died.
await_log() {
  local file=$1 pattern=$2 pid=$3 limit=${4:-90} i
  for i in $(seq 1 $((limit * 10))); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -20 "$file" >&2; die "process $pid died before '$pattern'"; }
    sleep 0.1
  done
  tail -20 "$file" >&2
  die "no '$pattern' in $file after ${limit}s"
}

fetch_apache() {
  if [[ -f $APACHE_LIB/rocketmq-proxy-$ROCKETMQ_VERSION.jar ]]; then return; fi
  log "fetching Apache RocketMQ $ROCKETMQ_VERSION (namesrv, broker, proxy) from Maven Central"
  local args=(-B -q -f "$REPO/bench/apache/pom.xml" dependency:copy-dependencies
    "-DoutputDirectory=$APACHE_LIB" -DincludeScope=runtime)
  mvn -o "${args[@]}" >/dev/null 2>&1 || mvn "${args[@]}" >/dev/null || die "could not fetch Apache RocketMQ"
}

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

# Starts a NameServer in $1; sets NAMESRV to its address.
start_namesrv() {
  local dir=$1 port
  port=$(free_port)
  mkdir -p "$dir"
  printf 'listenPort=%s\n' "$port" >"$dir/namesrv.conf"
  ROCKETMQ_HOME=$dir java -Xms256m -Xmx256m "${APACHE_OPENS[@]}" "-Duser.home=$dir" \
    -cp "$APACHE_LIB/*" org.apache.rocketmq.namesrv.NamesrvStartup -c "$dir/namesrv.conf" >"$dir/namesrv.log" 2>&1 &
  PIDS+=($!)
  await_log "$dir/namesrv.log" "boot success" $!
  NAMESRV=127.0.0.1:$port
}

# Writes a broker.conf in $1 for the NameServer $2 under the name $3.
write_broker_conf() {
  local dir=$1 namesrv=$2 name=$3 port
  port=$(free_port)
  cat >"$dir/broker.conf" <<EOF
brokerClusterName=$CLUSTER
brokerName=$name
brokerId=0
brokerIP1=127.0.0.1
namesrvAddr=$namesrv
listenPort=$port
storePathRootDir=$dir/store
storePathCommitLog=$dir/store/commitlog
autoCreateTopicEnable=true
autoCreateSubscriptionGroup=true
flushDiskType=ASYNC_FLUSH
brokerRole=ASYNC_MASTER
EOF
}

# RocketMQ's servers log under ${user.home}/logs/rocketmqlogs, so user.home points into the turn's folder.
# A broker reports "boot success" about ten seconds before its first registration reaches the NameServer;
# until then no route (not even the auto-create template topic) exists, so we wait for the registration.
await_registration() {
  await_log "$1/logs/rocketmqlogs/broker.log" "Registering current broker to name server completed" "$2"
}

# Each start_* runs in this shell (PIDS must see its processes) and sets ADDRESS to what the benchmark
# client is given as its name server.
start_apache() {
  local dir=$1
  start_namesrv "$dir/namesrv"
  write_broker_conf "$dir" "$NAMESRV" broker-a
  ROCKETMQ_HOME=$dir java "${SERVER_JVM[@]}" "${APACHE_OPENS[@]}" "-Duser.home=$dir" -cp "$APACHE_LIB/*" \
    org.apache.rocketmq.broker.BrokerStartup -c "$dir/broker.conf" >"$dir/server.log" 2>&1 &
  PIDS+=($!)
  await_log "$dir/server.log" "boot success" $!
  await_registration "$dir" $!
  ADDRESS=$NAMESRV
}

start_proxy() {
  local dir=$1 remoting grpc
  start_apache "$dir"
  remoting=$(free_port)
  grpc=$(free_port)
  mkdir -p "$dir/proxy"
  cat >"$dir/proxy/rmq-proxy.json" <<EOF
{
  "rocketMQClusterName": "$CLUSTER",
  "namesrvAddr": "$NAMESRV",
  "proxyMode": "cluster",
  "remotingAccessAddr": "127.0.0.1",
  "remotingListenPort": $remoting,
  "grpcServerPort": $grpc
}
EOF
  ROCKETMQ_HOME=$dir/proxy RMQ_PROXY_HOME=$dir/proxy java "${SERVER_JVM[@]}" "${APACHE_OPENS[@]}" "-Duser.home=$dir/proxy" \
    -cp "$APACHE_LIB/*" org.apache.rocketmq.proxy.ProxyStartup -pm cluster -pc "$dir/proxy/rmq-proxy.json" \
    >"$dir/proxy/server.log" 2>&1 &
  PIDS+=($!)
  await_log "$dir/proxy/server.log" "rocketmq-proxy startup successfully" $!
  ADDRESS=127.0.0.1:$remoting
}

start_wharf() {
  local dir=$1 round=$2 port jvm=("${SERVER_JVM[@]}")
  port=$(free_port)
  mkdir -p "$dir"
  cat >"$dir/wharf.yaml" <<EOF
mode: local
listeners:
  - name: remoting
    host: 127.0.0.1
    port: $port
    protocols: [remoting]
store:
  path: $dir/store
  flush: async
EOF
  if $JFR; then
    jvm+=("-XX:StartFlightRecording=filename=$RESULTS/wharf-r$round.jfr,settings=profile,dumponexit=true")
  fi
  java "${jvm[@]}" -jar "$WHARF_JAR" --config "$dir/wharf.yaml" >"$dir/server.log" 2>&1 &
  PIDS+=($!)
  await_log "$dir/server.log" "Wharf listening: remoting on" $!
  ADDRESS=127.0.0.1:$port
}

# Creates topic $2 with QUEUES queues of NORMAL messages: through the NameServer $1 in the Apache cluster,
# or, given "-b host:port", on that broker (Wharf) directly.
create_topic() {
  local target=(-n "$1" -c "$CLUSTER")
  [[ $1 == -b ]] && target=(-n "$2" -b "$2") && shift
  java -Xmx256m "-Duser.home=$SCRATCH/admin" -cp "$APACHE_LIB/*" org.apache.rocketmq.tools.command.MQAdminStartup \
    updateTopic "${target[@]}" -t "$2" -r "$QUEUES" -w "$QUEUES" -a +message.type=NORMAL >"$SCRATCH/admin.log" 2>&1 \
    || { cat "$SCRATCH/admin.log" >&2; die "could not create topic $2"; }
}

# CPU time (clock ticks, user + system) used so far by every server process of the turn.
server_cpu_ticks() {
  local pid total=0
  for pid in "${PIDS[@]}"; do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

# Server CPU microseconds per message: ticks used over the produce phase (warm-up included) per acknowledged send.
cpu_per_message() {
  awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN {if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "nan"}'
}

# Runs one bench command in this shell, keeping its output in $1; RESULT is set to its JSON line. It runs in
# the background and is waited for, so a TERM or INT reaches the trap at once instead of after the run.
bench() {
  local out=$1 status=0
  shift
  java "${CLIENT_JVM[@]}" -jar "$BENCH_JAR" "$@" >"$out" 2>&1 &
  CLIENT_PID=$!
  wait "$CLIENT_PID" || status=$?
  CLIENT_PID=
  ((status == 0)) || log "bench exited $status (see $out)"
  RESULT=$(grep '^{' "$out" | tail -1)
}

json_field() { sed -E "s/.*\"$2\":([^,}]*).*/\\1/" <<<"$1"; }

run_turn() {
  local system=$1 round=$2 dir=$SCRATCH/$1-r$2 address topic produced drained cpu_before server_cpu
  mkdir -p "$dir"
  log "round $round: $system starting"
  "start_$system" "$dir" "$round"
  address=$ADDRESS
  topic=bench_${system}_r$round
  if [[ $system == wharf ]]; then create_topic -b "$address" "$topic"; else create_topic "$NAMESRV" "$topic"; fi
  log "round $round: $system at $address, producing ($MODE, $THREADS threads, $SIZE B, $WARMUP + $DURATION)"
  cpu_before=$(server_cpu_ticks)
  bench "$RESULTS/$system-r$round-produce.txt" produce --namesrv "$address" --topic "$topic" \
    --size "$SIZE" --threads "$THREADS" --mode "$MODE" --warmup "$WARMUP" --duration "$DURATION"
  produced=$RESULT
  server_cpu=$(cpu_per_message $(( $(server_cpu_ticks) - cpu_before )) "$(json_field "$produced" acknowledged)")
  log "round $round: $system draining"
  bench "$RESULTS/$system-r$round-drain.txt" consume --namesrv "$address" --topic "$topic" \
    --group "drain_${system}_r$round" --expect "$(json_field "$produced" acknowledged)" \
    --duration "$DRAIN_LIMIT" --idle "$DRAIN_IDLE"
  drained=$RESULT
  stop_all
  cp "$dir/server.log" "$RESULTS/$system-r$round-server.log" 2>/dev/null || true
  rm -rf "$dir"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$system" "$round" \
    "$(json_field "$produced" msgsPerSec)" "$(json_field "$produced" sendP50Ms)" \
    "$(json_field "$produced" sendP99Ms)" "$(json_field "$produced" sendP999Ms)" \
    "$(json_field "$produced" errors)" "$(json_field "$drained" msgsPerSec)" \
    "$(json_field "$drained" delivered)" "$(json_field "$drained" expected)" "$(json_field "$drained" seconds)" \
    "$server_cpu" "$(json_field "$produced" clientCpuUsPerMsg)" >>"$RESULTS/rounds.tsv"
  log "round $round: $system produce $(json_field "$produced" msgsPerSec) msg/s, drain $(json_field "$drained" msgsPerSec) msg/s"
}

median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

column_median() { awk -F'\t' -v s="$1" -v c="$2" '$1 == s && $c != "" {print $c}' "$RESULTS/rounds.tsv" | median; }

# Share of the produced backlog the drains delivered, over all rounds of a system.
drained_share() {
  awk -F'\t' -v s="$1" '$1 == s {d += $9; e += $10} END {if (e > 0) printf "%.1f%%", 100 * d / e; else print "n/a"}' \
    "$RESULTS/rounds.tsv"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 > 0 && a + 0 > 0) printf "%.2f", a / b; else print "n/a"}'; }

summarise() {
  local system
  {
    echo "Medians over $ROUNDS round(s); $SIZE B messages, $THREADS producer threads, $MODE sends, $WARMUP warm-up + $DURATION measured"
    printf '%-8s %10s %8s %8s %8s %7s %10s %8s %10s %10s\n' system "produce/s" "p50 ms" "p99 ms" "p999 ms" \
      errors "drain/s" drained "srv us/msg" "cli us/msg"
    for system in $SYSTEMS; do
      printf '%-8s %10s %8s %8s %8s %7s %10s %8s %10s %10s\n' "$system" "$(column_median "$system" 3)" \
        "$(column_median "$system" 4)" "$(column_median "$system" 5)" "$(column_median "$system" 6)" \
        "$(column_median "$system" 7)" "$(column_median "$system" 8)" "$(drained_share "$system")" \
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
