#!/usr/bin/env bash
# WebSocket benchmark: Veloce against the raw-Netty baseline, in one run, on this machine.
#   bench/run-websocket.sh       (ROUNDS=5 DURATION=10 WARMUP=10 by default; override by env)
# Echo load: servers pinned to CPU 0, the load generator (bench WebSocketLoad, one Netty event
# loop) to CPU 1; rounds alternate the two servers so drift hits both alike; each figure is the
# median over rounds. Then idle connections: fresh servers, N connections held open, server heap
# (after GC) and RSS compared before and after. Writes the WebSocket section of docs/benchmarks.md.
#
# Other env: IDLE (connections measured, default 20000 or what the open-files limit allows),
# IDLE_BASE (connections open before the "before" figure, default 500), OTHER_MAX (% of a core
# other processes may use during a run before it is repeated, default 10), ATTEMPTS (default 4).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-10} WARMUP=${WARMUP:-10}
OTHER_MAX=${OTHER_MAX:-10} ATTEMPTS=${ATTEMPTS:-4} IDLE_BASE=${IDLE_BASE:-500}
RAW_PORT=18083 VELOCE_PORT=18082
JAVA_HOME=$(./dev java-home); export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
# shellcheck source=bench/common.sh
source bench/common.sh
[ -f bench/target/benchmarks.jar ] || ./dev mvn -q -B -DskipTests -pl bench -am package
JAR=bench/target/benchmarks.jar
JVM_OPTS=(-Xms512m -Xmx512m -XX:+AlwaysPreTouch)
LOAD_WARMUP=2 # seconds each load run sends before it starts counting (connections, client JIT)

# Every idle connection is a file descriptor in the client and in the server. Raise the soft
# limit as far as the hard one allows, and keep 1000 descriptors for the JVMs' own files.
ulimit -n "$(ulimit -Hn)"
fd_limit=$(ulimit -n)
max_idle=$((fd_limit - 1000 - IDLE_BASE))
IDLE=${IDLE:-$((max_idle < 20000 ? max_idle : 20000))}
if [ "$IDLE" -gt "$max_idle" ]; then
  echo "IDLE=$IDLE does not fit the open-files limit of $fd_limit; at most $max_idle" >&2
  exit 1
fi

track_processes

# start_server raw|veloce -> sets SERVER_PID
start_server() {
  if [ "$1" = veloce ]; then launch_server veloce VeloceWebSocketBenchServer $VELOCE_PORT /echo
  else launch_server raw RawNettyWebSocketServer $RAW_PORT /echo; fi
}

# The machine may be shared: wait (at most 120 s) until other processes use < OTHER_MAX % of a
# core over one second, so that a run starts on a quiet machine.
wait_quiet() {
  local a b
  for _ in $(seq 1 120); do
    a=$(head -1 /proc/stat); sleep 1; b=$(head -1 /proc/stat)
    if printf '%s\n%s\n' "$a" "$b" | awk -v max="$OTHER_MAX" -v hz="$(getconf CLK_TCK)" '
        { busy[NR] = $2 + $3 + $4 + $7 + $8 + $9 }
        END { exit !(100 * (busy[2] - busy[1]) / hz < max) }'; then
      return
    fi
  done
  echo "machine still busy after 120 s; running anyway" >&2
}

# load PORT PID CONNECTIONS IN_FLIGHT SECONDS -> "msgs/s p50_us p99_us loadgen% server% other%"
load() {
  local text cpu
  text=$(taskset -c 1 "$JAVA" -Dload.serverPid="$2" -cp $JAR io.veloce.bench.WebSocketLoad \
    127.0.0.1 "$1" /echo "$3" "$4" "$5" 32 $LOAD_WARMUP 2>"$out/load.err") || {
    cat "$out/load.err" >&2; exit 1; }
  cpu=$(awk '/^cpu_percent/ {print $3, $5, $7}' "$out/load.err")
  echo "$text $cpu"
}

# measured PORT PID CONNECTIONS IN_FLIGHT: a load run on a quiet machine, repeated (up to
# ATTEMPTS times) while other processes took more than OTHER_MAX % of a core during it.
measured() {
  local result other
  for attempt in $(seq 1 "$ATTEMPTS"); do
    wait_quiet
    result=$(load "$1" "$2" "$3" "$4" "$DURATION")
    other=$(awk '{print $6}' <<<"$result")
    [ "$other" -le "$OTHER_MAX" ] && break
    echo "  (other processes used ${other}% of a core during the run; attempt $attempt of $ATTEMPTS)" >&2
  done
  echo "$result"
}

SHAPES=("64 1" "16 64")
shape_label() { [ "$1" = "64 1" ] && echo "64 connections, 1 in flight" || echo "16 connections, 64 in flight"; }

start_server raw; RAW_PID=$SERVER_PID
start_server veloce; VELOCE_PID=$SERVER_PID

echo "warming up (${WARMUP}s per server and shape)..."
for shape in "${SHAPES[@]}"; do
  for server in raw veloce; do
    port=$RAW_PORT pid=$RAW_PID; [ $server = veloce ] && port=$VELOCE_PORT pid=$VELOCE_PID
    load $port $pid $shape "$WARMUP" >/dev/null
  done
done

for round in $(seq 1 "$ROUNDS"); do
  for shape in "${SHAPES[@]}"; do
    for server in raw veloce; do
      port=$RAW_PORT pid=$RAW_PID; [ $server = veloce ] && port=$VELOCE_PORT pid=$VELOCE_PID
      result=$(measured $port $pid $shape)
      echo "$result" >>"$out/$server-${shape// /x}"
      echo "round $round $server $(shape_label "$shape"): $result  (msgs/s p50µs p99µs cpu% loadgen server other)"
    done
  done
done
stop_server $RAW_PID; stop_server $VELOCE_PID

col() { cut -d' ' -f"$2" "$out/$1" | median; }
table=$(
  echo "| load (32-byte text messages) | raw Netty msgs/s | Veloce msgs/s | ratio | raw p99 (µs) | Veloce p99 (µs) | p99 ratio |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for shape in "${SHAPES[@]}"; do
    f=${shape// /x}
    awk -v l="$(shape_label "$shape")" -v rr="$(col raw-$f 1)" -v vr="$(col veloce-$f 1)" \
        -v rp="$(col raw-$f 3)" -v vp="$(col veloce-$f 3)" \
      'BEGIN { printf "| %s | %.0f | %.0f | **%.2f×** | %.0f | %.0f | **%.2f×** |\n", l, rr, vr, vr/rr, rp, vp, vp/rp }'
  done
)
cpu_table=$(
  echo "| load | server | p50 (µs) | load generator CPU | server CPU | other processes |"
  echo "|---|---|---:|---:|---:|---:|"
  for shape in "${SHAPES[@]}"; do
    for server in raw veloce; do
      f=$server-${shape// /x}
      name="raw Netty"; [ $server = veloce ] && name=Veloce
      echo "| $(shape_label "$shape") | $name | $(col $f 2) | $(col $f 4) % | $(col $f 5) % | $(col $f 6) % |"
    done
  done
)
echo "$table"; echo "$cpu_table"

# ---- idle connections ------------------------------------------------------------------------

idle_rows=""
for server in raw veloce; do
  start_server $server; pid=$SERVER_PID
  port=$RAW_PORT; [ $server = veloce ] && port=$VELOCE_PORT
  wait_quiet
  ctl="$out/idle-$server.ctl" log="$out/idle-$server.log"
  mkfifo "$ctl"
  exec 3<>"$ctl" # held open read-write so the client's open does not block; closing it is the client's EOF
  taskset -c 1 "$JAVA" -cp $JAR io.veloce.bench.IdleConnections 127.0.0.1 $port /echo "$IDLE_BASE" "$IDLE" 4 600 \
    <"$ctl" 3>&- >"$log" 2>"$out/idle-$server.err" &
  client=$!; pids+=("$client")
  first=$(wait_open "$log" 1)
  sleep 2
  heap0=$(heap_kib $pid); rss0=$(ps -o rss= -p $pid)
  echo more >&3
  second=$(wait_open "$log" 2)
  sleep 5 # let the last handshakes' virtual threads and buffers settle
  heap1=$(heap_kib $pid); rss1=$(ps -o rss= -p $pid)
  exec 3>&-
  wait $client || true
  stop_server $pid
  added=$(( $(awk '{print $2}' <<<"$second") - $(awk '{print $2}' <<<"$first") ))
  failed=$(awk '{print $4}' <<<"$second")
  echo "idle $server: $first; $second; heap ${heap0} -> ${heap1} KiB, RSS ${rss0} -> ${rss1} KiB"
  name="raw Netty"; [ $server = veloce ] && name=Veloce
  idle_rows+=$(awk -v n="$name" -v c="$added" -v f="$failed" -v h0="$heap0" -v h1="$heap1" -v r0="$rss0" -v r1="$rss1" \
    'BEGIN { printf "| %s | %d%s | %.0f → %.0f | **%.2f** | %.0f → %.0f | **%.2f** |\n", n, c, (f > 0 ? " (" f " failed)" : ""),
             h0/1024, h1/1024, (h1-h0)/c, r0/1024, r1/1024, (r1-r0)/c }')$'\n'
done
idle_table=$(
  echo "| server | connections added | heap after GC (MiB) | heap per connection (KiB) | RSS (MiB) | RSS per connection (KiB) |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '%s' "$idle_rows"
)
echo "$idle_table"

idle_note=""
[ "$IDLE" -lt 20000 ] && idle_note="${IDLE} rather than 20,000 because the open-files limit here is ${fd_limit} per process and cannot
be raised. "
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
jdk=$("$JAVA" -version 2>&1 | head -1)
section=$(cat <<MD
<!-- websocket:begin -->
## WebSocket: Veloce against raw Netty

Run on $(date -u +%Y-%m-%d) — $(nproc) cores ($cpu), $jdk. Both servers pinned to CPU 0 with
one event loop (Veloce's handlers on virtual threads on the same core), keepalive pings off; the
load generator (\`WebSocketLoad\`: Netty's WebSocket client, one event-loop thread) pinned to
CPU 1. Echo of 32-byte text messages: each connection keeps a fixed number of messages
outstanding and sends a new one as each echo returns; latency is from the write of a message to
the read of its echo. ${WARMUP} s warm-up per server and shape, then $ROUNDS rounds of ${DURATION} s
(after ${LOAD_WARMUP} s not counted in each run), servers alternating within each round; figures
are medians over the rounds. The baseline (\`RawNettyWebSocketServer\`) is Netty's stock
\`HttpServerCodec\`, \`HttpObjectAggregator\` and \`WebSocketServerProtocolHandler\` with a handler
that writes each frame back and flushes once per read batch; Veloce's is
\`for (String m : ws.iterText()) ws.sendText(m)\`.

Targets: messages/s ≥ 0.8× raw Netty, p99 ≤ 1.5× raw Netty, ≤ 8 KiB heap per idle connection.

$table

**Is the load generator the bottleneck?** The generator reads CPU use from \`/proc\` over each
measured window: its own process (everything it runs is on CPU 1), the server's, and everything
else on the machine. A generator near 100 % while the server has headroom would mean the figure
measures the generator; a server near 100 % means it measures the server. The machine is shared
with other work, so each run starts only once other processes use < ${OTHER_MAX} % of a core, and a
run during which they used more is repeated (up to ${ATTEMPTS} attempts). Medians over the rounds:

$cpu_table

**Idle connections.** A fresh server of each kind; \`IdleConnections\` (same Netty client) opens
${IDLE_BASE} WebSocket connections to \`/echo\` and holds them, the server's heap (two full GCs via
\`jcmd GC.run\`, then \`jstat -gc\`: used young + old) and RSS (\`ps -o rss\`) are taken, then it opens
${IDLE} more and they are taken again; per connection is the difference divided by the
connections added. The first ${IDLE_BASE} absorb one-time costs (class loading, JIT, buffer pools).
${idle_note}The servers run with \`-XX:+AlwaysPreTouch\`, so the heap is resident from the start
and the RSS difference is memory outside the Java heap; kernel socket buffers are in neither.

$idle_table

Reproduce: \`bench/run-websocket.sh\` (\`ROUNDS\`, \`DURATION\`, \`WARMUP\`, \`IDLE\` override the defaults).
<!-- websocket:end -->
MD
)
write_section websocket "$section"
