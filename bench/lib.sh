# Shared by the benchmark scripts (compare.sh, pop-vs-pull.sh, timer-precision.sh, grpc-vs-apache.sh,
# apache-local.sh); source it, then call bench_init.
# Servers run on free 127.0.0.1 ports with temporary stores; everything started is stopped on exit.
#
# bench_init NAME sets, from the environment defaults the caller chose (HEAP), the paths and JVM options:
#   REPO, BENCH_JAR, WHARF_JAR, APACHE_LIB, RESULTS (bench/target/NAME-<time>/), SCRATCH (deleted on exit),
#   SERVER_JVM, APACHE_OPENS, CLIENT_JVM, CLUSTER; PIDS collects the server processes of a turn.
# The functions read QUEUES (create_topic), JFR, GRPC, HTTP and WS (start_wharf) when they run.

ROCKETMQ_VERSION=5.5.0

bench_init() {
  REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  BENCH_JAR=$REPO/bench/target/wharf-bench.jar
  WHARF_JAR=$REPO/gateway/target/wharf.jar
  APACHE_LIB=$REPO/bench/target/apache/lib
  RESULTS=$REPO/bench/target/$1-$(date +%Y%m%d-%H%M%S)
  SCRATCH=$(mktemp -d "/tmp/wharf-$1.XXXXXX")
  mkdir -p "$RESULTS"
  SERVER_JVM=(-server "-Xms${HEAP:-1g}" "-Xmx${HEAP:-1g}" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow)
  # RocketMQ's store reaches into NIO internals (mapped-buffer cleaners) as its own start scripts allow.
  APACHE_OPENS=(--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
    --add-exports=java.base/sun.nio.ch=ALL-UNNAMED)
  CLIENT_JVM=(-Xmx512m "-Drocketmq.log.root=$SCRATCH/client-logs")
  # The topic and, for the Apache set-ups, the cluster it is created in.
  CLUSTER=BenchCluster
  PIDS=()
  CLIENT_PID=
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

cleanup() {
  local pid
  for pid in $CLIENT_PID "${PIDS[@]}"; do stop_pid "$pid"; done
  rm -rf "$SCRATCH"
}

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
  EPHEMERAL_LOW=${EPHEMERAL_LOW:-$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range)}
  listening=$(ss -Htln | awk '{print $4}' | sed -E 's/.*:([0-9]+)$/\1/')
  while :; do
    # Below the kernel's ephemeral range, where the benchmarks' own client sockets (and their TIME_WAIT
    # remains) would otherwise collide with a listener about to bind.
    port=$(( 20000 + RANDOM % (EPHEMERAL_LOW - 20000 - 2) ))
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

# Starts the gateway in $1 (turn $2); sets ADDRESS to its Remoting port (name server and broker at once) and,
# with GRPC=true, GRPC_ENDPOINT to a listener serving gRPC (plaintext and TLS on one port); with HTTP=true and
# WS=true, HTTP_ADDRESS and WS_ADDRESS to HTTP and WebSocket listeners; WHARF_PID to the gateway process.
# With WHARF_NAMESRV=host:port the gateway runs in Cluster mode in front of that NameServer's brokers
# (no store of its own); otherwise in Local mode with a store in $1.
start_wharf() {
  local dir=$1 round=$2 port grpc http ws jvm=("${SERVER_JVM[@]}") mode=local
  [[ -n ${WHARF_NAMESRV:-} ]] && mode=cluster
  port=$(free_port)
  mkdir -p "$dir"
  cat >"$dir/wharf.yaml" <<EOF
mode: $mode
listeners:
  - name: remoting
    host: 127.0.0.1
    port: $port
    protocols: [remoting]
EOF
  if ${GRPC:-false}; then
    grpc=$(free_port)
    cat >>"$dir/wharf.yaml" <<EOF
  - name: grpc
    host: 127.0.0.1
    port: $grpc
    protocols: [grpc]
EOF
  fi
  if ${HTTP:-false}; then
    http=$(free_port)
    cat >>"$dir/wharf.yaml" <<EOF
  - name: http
    host: 127.0.0.1
    port: $http
    protocols: [http]
EOF
  fi
  if ${WS:-false}; then
    ws=$(free_port)
    cat >>"$dir/wharf.yaml" <<EOF
  - name: websocket
    host: 127.0.0.1
    port: $ws
    protocols: [websocket]
EOF
  fi
  if [[ -n ${WHARF_NAMESRV:-} ]]; then
    printf 'cluster:\n  nameServers: [%s]\n' "$WHARF_NAMESRV" >>"$dir/wharf.yaml"
  else
    printf 'store:\n  path: %s/store\n  flush: async\n' "$dir" >>"$dir/wharf.yaml"
  fi
  if ${JFR:-false}; then
    jvm+=("-XX:StartFlightRecording=filename=$RESULTS/wharf-r$round.jfr,settings=profile,dumponexit=true")
  fi
  java "${jvm[@]}" -jar "$WHARF_JAR" --config "$dir/wharf.yaml" >"$dir/server.log" 2>&1 &
  PIDS+=($!)
  # The gateway prints one line per listener once all of them accept connections.
  await_log "$dir/server.log" "Wharf listening: remoting on" $!
  if ${GRPC:-false}; then
    await_log "$dir/server.log" "Wharf listening: grpc on" $!
    GRPC_ENDPOINT=127.0.0.1:$grpc
  fi
  if ${HTTP:-false}; then
    await_log "$dir/server.log" "Wharf listening: http on" $!
    HTTP_ADDRESS=127.0.0.1:$http
  fi
  if ${WS:-false}; then
    await_log "$dir/server.log" "Wharf listening: websocket on" $!
    WS_ADDRESS=127.0.0.1:$ws
  fi
  WHARF_PID=$!
  ADDRESS=127.0.0.1:$port
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

# Apache RocketMQ 5.5.0's TransactionMetricsFlushService (started by every broker, transactions used or not) spins
# on System.currentTimeMillis() without sleeping until its first flush, transactionMetricFlushInterval (10 s) after
# the broker starts: a whole core for those 10 s, which used to overlap the first seconds of a benchmark. It writes
# store/config/transactionMetrics at the end of that spin, so we wait for that file before measuring anything.
await_broker_settled() {
  local dir=$1 pid=$2 i
  for i in $(seq 1 300); do
    [[ -f $dir/store/config/transactionMetrics ]] && return 0
    kill -0 "$pid" 2>/dev/null || die "broker $pid died before its first transaction metrics flush"
    sleep 0.1
  done
  die "no $dir/store/config/transactionMetrics 30 s after the broker registered"
}

# An Apache RocketMQ NameServer and one broker (broker-a) in $1, the broker registered; sets NAMESRV and
# BROKER_PID. The broker's own Remoting port is in $1/broker.conf.
start_apache_broker() {
  local dir=$1
  start_namesrv "$dir/namesrv"
  write_broker_conf "$dir" "$NAMESRV" broker-a
  ROCKETMQ_HOME=$dir java "${SERVER_JVM[@]}" "${APACHE_OPENS[@]}" "-Duser.home=$dir" -cp "$APACHE_LIB/*" \
    org.apache.rocketmq.broker.BrokerStartup -c "$dir/broker.conf" >"$dir/server.log" 2>&1 &
  PIDS+=($!)
  BROKER_PID=$!
  await_log "$dir/server.log" "boot success" $!
  await_registration "$dir" $!
  await_broker_settled "$dir" $!
}

# Apache RocketMQ's Proxy in Cluster mode in $1, in front of the brokers of the NameServer $2; sets
# PROXY_REMOTING and GRPC_ENDPOINT to its Remoting and gRPC ports (gRPC: plaintext and TLS on one port) and
# PROXY_PID.
start_apache_proxy() {
  local dir=$1 namesrv=$2 remoting grpc
  remoting=$(free_port)
  grpc=$(free_port)
  mkdir -p "$dir"
  cat >"$dir/rmq-proxy.json" <<EOF
{
  "rocketMQClusterName": "$CLUSTER",
  "namesrvAddr": "$namesrv",
  "proxyMode": "cluster",
  "remotingAccessAddr": "127.0.0.1",
  "remotingListenPort": $remoting,
  "grpcServerPort": $grpc
}
EOF
  ROCKETMQ_HOME=$dir RMQ_PROXY_HOME=$dir java "${SERVER_JVM[@]}" "${APACHE_OPENS[@]}" "-Duser.home=$dir" \
    -cp "$APACHE_LIB/*" org.apache.rocketmq.proxy.ProxyStartup -pm cluster -pc "$dir/rmq-proxy.json" \
    >"$dir/server.log" 2>&1 &
  PIDS+=($!)
  PROXY_PID=$!
  await_log "$dir/server.log" "rocketmq-proxy startup successfully" $!
  PROXY_REMOTING=127.0.0.1:$remoting
  GRPC_ENDPOINT=127.0.0.1:$grpc
}

# Apache RocketMQ in Local mode, as its docs start it for the 5.x SDKs: a NameServer, then one JVM running
# the proxy with the broker embedded (ProxyStartup -pm local; the broker reads -bc, the proxy -pc), all in $1.
# Sets GRPC_ENDPOINT to the proxy's gRPC port (plaintext and TLS, its default permissive mode) and ADDRESS to
# the NameServer, through which Remoting admin commands (topic creation, group offsets) reach the broker.
# The proxy's Remoting port is bound too but is of no use to Remoting clients in Local mode (see
# docs/PERFORMANCE.md); the broker's own Remoting port is in broker.conf.
start_apache_local() {
  local dir=$1 grpc remoting
  start_namesrv "$dir/namesrv"
  write_broker_conf "$dir" "$NAMESRV" broker-a
  grpc=$(free_port)
  remoting=$(free_port)
  cat >"$dir/rmq-proxy.json" <<EOF
{
  "rocketMQClusterName": "$CLUSTER",
  "namesrvAddr": "$NAMESRV",
  "proxyMode": "local",
  "grpcServerPort": $grpc,
  "remotingListenPort": $remoting
}
EOF
  ROCKETMQ_HOME=$dir RMQ_PROXY_HOME=$dir java "${SERVER_JVM[@]}" "${APACHE_OPENS[@]}" "-Duser.home=$dir" \
    -cp "$APACHE_LIB/*" org.apache.rocketmq.proxy.ProxyStartup -pm local -pc "$dir/rmq-proxy.json" \
    -bc "$dir/broker.conf" >"$dir/server.log" 2>&1 &
  PIDS+=($!)
  await_log "$dir/server.log" "rocketmq-proxy startup successfully" $!
  await_registration "$dir" $!
  await_broker_settled "$dir" $!
  GRPC_ENDPOINT=127.0.0.1:$grpc
  ADDRESS=$NAMESRV
}

# Creates topic $2 with QUEUES queues of NORMAL messages: through the NameServer $1 in the Apache cluster,
# or, given "-b host:port", on that broker (Wharf) directly.
create_topic() {
  local target=(-n "$1" -c "$CLUSTER") cluster=true
  [[ $1 == -b ]] && target=(-n "$2" -b "$2") && cluster=false && shift
  mqadmin updateTopic "${target[@]}" -t "$2" -r "$QUEUES" -w "$QUEUES" -a +message.type=NORMAL >"$SCRATCH/admin.log" 2>&1 \
    || { cat "$SCRATCH/admin.log" >&2; die "could not create topic $2"; }
  if $cluster; then await_route "$1" "$2"; fi
}

# An Apache broker tells the NameServer of a new topic in the background, so a client asking for its route right
# after updateTopic may be told it does not exist (the 5.x SDK then gives up). Waits until NameServer $1 routes $2.
await_route() {
  local i
  for i in $(seq 1 20); do
    # mqadmin exits 0 either way; the route's JSON is the sign of success.
    mqadmin topicRoute -n "$1" -t "$2" 2>&1 | grep -q '"brokerDatas"' && return 0
    sleep 0.5
  done
  die "NameServer $1 has no route for topic $2 after 20 attempts"
}

mqadmin() {
  java -Xmx256m "-Duser.home=$SCRATCH/admin" -cp "$APACHE_LIB/*" org.apache.rocketmq.tools.command.MQAdminStartup "$@"
}

# Runs one bench command in this shell, keeping its output in $1; RESULT is set to its JSON line. It runs in
# the background and is waited for, so a TERM or INT reaches the trap at once instead of after the run.
bench() {
  bench_window "$1" -- "${@:2}"
}

# As bench, for a produce command: bench_window OUT PID... -- COMMAND... also sets WINDOW_TICKS to the CPU ticks
# each PID used over the tool's measured window (from its "measured window opens" line to its exit), the window
# its clientCpuUsPerMsg and "messages" cover; warm-up and JIT compilation stay out of it.
bench_window() {
  local out=$1 status=0 pid i
  local -a pids=() before=()
  shift
  while [[ $1 != -- ]]; do pids+=("$1"); shift; done
  shift
  java "${CLIENT_JVM[@]}" -jar "$BENCH_JAR" "$@" >"$out" 2>&1 &
  CLIENT_PID=$!
  if ((${#pids[@]} > 0)); then
    until grep -q 'wharf-bench: measured window opens' "$out" 2>/dev/null || ! kill -0 "$CLIENT_PID" 2>/dev/null; do
      sleep 0.1
    done
    for pid in "${pids[@]}"; do before+=("$(pid_cpu_ticks "$pid")"); done
  fi
  wait "$CLIENT_PID" || status=$?
  CLIENT_PID=
  WINDOW_TICKS=()
  for i in "${!pids[@]}"; do WINDOW_TICKS+=($(( $(pid_cpu_ticks "${pids[$i]}") - before[i] ))); done
  ((status == 0)) || log "bench exited $status (see $out)"
  # A run that failed before its report leaves RESULT empty rather than ending the script.
  RESULT=$(grep '^{' "$out" | tail -1 || true)
}

# CPU time (clock ticks, user + system) used so far by process $1.
pid_cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

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

# CPU time (clock ticks, user + system) used so far by every server process of the turn.
server_cpu_ticks() {
  local pid total=0
  for pid in "${PIDS[@]}"; do
    total=$(( total + $(pid_cpu_ticks "$pid") ))
  done
  echo "$total"
}

# Server CPU microseconds per message: ticks used over the produce phase (warm-up included) per acknowledged send.
cpu_per_message() {
  awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN {if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "nan"}'
}

# Median of column $2 of rounds.tsv over the rounds of system $1 (its first column).
column_median() { awk -F'\t' -v s="$1" -v c="$2" '$1 == s && $c != "" {print $c}' "$RESULTS/rounds.tsv" | median; }

# Share of the backlog that system $1's drains delivered over all its rounds: the sum of column $2 (delivered)
# over the sum of column $3 (expected) of rounds.tsv.
drained_share() {
  awk -F'\t' -v s="$1" -v d="$2" -v e="$3" '$1 == s {got += $d; want += $e}
    END {if (want > 0) printf "%.1f%%", 100 * got / want; else print "n/a"}' "$RESULTS/rounds.tsv"
}

median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 > 0 && a + 0 > 0) printf "%.2f", a / b; else print "n/a"}'; }
