#!/usr/bin/env bash
# Broadcast benchmark: one publisher, MEMBERS local subscribers, 64-byte messages; Veloce's
# Broadcaster against the raw-Netty baseline (ChannelGroup.writeAndFlush of one frame), in one run.
#   bench/run-broadcast.sh   (ROUNDS=5 MEMBERS=10000 MESSAGES=1000 WINDOW=16 by default; override by env)
# Servers pinned to CPU 0, the load tool (bench BroadcastLoad, one Netty event loop) to CPU 1;
# rounds alternate the two servers so drift hits both alike; each figure is the median over
# rounds. Then heap per member: a fresh server of each kind, IdleConnections opens MEMBERS
# members (joined to the channel) and the server's heap after GC is compared before and after.
# Writes the broadcast section of docs/benchmarks.md.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5} MEMBERS=${MEMBERS:-10000} MESSAGES=${MESSAGES:-1000} WINDOW=${WINDOW:-16} BASE=${BASE:-500}
RAW_PORT=18087 VELOCE_PORT=18086
JAVA_HOME=$(./dev java-home); export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
# shellcheck source=bench/common.sh
source bench/common.sh
[ -f bench/target/benchmarks.jar ] || ./dev mvn -q -B -DskipTests -pl bench -am package
JAR=bench/target/benchmarks.jar
JVM_OPTS=(-Xms1g -Xmx1g -XX:+AlwaysPreTouch)
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((MEMBERS + BASE + 1000)) ]; then
  echo "MEMBERS=$MEMBERS does not fit the open-files limit of $(ulimit -n)" >&2
  exit 1
fi

track_processes

# start_server raw|veloce -> sets SERVER_PID
start_server() {
  if [ "$1" = veloce ]; then launch_server veloce VeloceBroadcastBenchServer $VELOCE_PORT /ws
  else launch_server raw RawNettyBroadcastServer $RAW_PORT /ws; fi
}

# ---- throughput ------------------------------------------------------------------------------
start_server raw; raw_pid=$SERVER_PID
start_server veloce; veloce_pid=$SERVER_PID
echo "warming up (one run per server)..."
for port in $RAW_PORT $VELOCE_PORT; do
  taskset -c 1 "$JAVA" -cp $JAR io.veloce.bench.BroadcastLoad 127.0.0.1 $port "$MEMBERS" "$MESSAGES" "$WINDOW" 1 \
    >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for server in raw veloce; do
    port=$RAW_PORT; [ $server = veloce ] && port=$VELOCE_PORT
    line=$(taskset -c 1 "$JAVA" -cp $JAR io.veloce.bench.BroadcastLoad 127.0.0.1 $port "$MEMBERS" "$MESSAGES" \
      "$WINDOW" 1 | grep '^deliveries')
    echo "round $round $server: $line"
    awk '{print $6, $8}' <<<"$line" >>"$out/$server"
  done
done
stop_server $raw_pid; stop_server $veloce_pid

raw_rate=$(awk '{print $1}' "$out/raw" | median); veloce_rate=$(awk '{print $1}' "$out/veloce" | median)
raw_cpu=$(awk '{print $2}' "$out/raw" | median); veloce_cpu=$(awk '{print $2}' "$out/veloce" | median)
ratio=$(awk -v a="$veloce_rate" -v b="$raw_rate" 'BEGIN {printf "%.2f", a / b}')

# ---- heap per member --------------------------------------------------------------------------
heap_rows=""
for server in raw veloce; do
  start_server $server; pid=$SERVER_PID
  port=$RAW_PORT; [ $server = veloce ] && port=$VELOCE_PORT
  ctl="$out/members-$server.ctl" log="$out/members-$server.log"
  mkfifo "$ctl"
  exec 3<>"$ctl"
  taskset -c 1 "$JAVA" -cp $JAR io.veloce.bench.IdleConnections 127.0.0.1 $port /ws "$BASE" "$MEMBERS" 4 600 \
    <"$ctl" 3>&- >"$log" 2>"$out/members-$server.err" &
  client=$!; pids+=("$client")
  first=$(wait_open "$log" 1)
  sleep 2
  heap0=$(heap_kib $pid)
  echo more >&3
  second=$(wait_open "$log" 2)
  sleep 5 # let the last handshakes' threads and buffers settle
  heap1=$(heap_kib $pid)
  exec 3>&-
  wait $client || true
  stop_server $pid
  added=$(( $(awk '{print $2}' <<<"$second") - $(awk '{print $2}' <<<"$first") ))
  echo "members $server: $first; $second; heap ${heap0} -> ${heap1} KiB"
  name="raw Netty (\`ChannelGroup\`)"; [ $server = veloce ] && name="Veloce (\`broadcaster.join\`)"
  heap_rows+=$(awk -v n="$name" -v c="$added" -v h0="$heap0" -v h1="$heap1" \
    'BEGIN {printf "| %s | %d | %.1f | %.2f |\n", n, c, h1 / 1024, (h1 - h0) / c}')
  heap_rows+=$'\n'
done

cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/ [0-9]*-Core.*//')
section=$(cat <<MD
<!-- broadcast:begin -->
## Broadcast: one publisher, ${MEMBERS} members

Run on $(date +%F) — 2 cores (${cpu_model}), $("$JAVA" -version 2>&1 | head -1).
Both servers pinned to CPU 0 (one event loop), the load tool \`BroadcastLoad\` (one Netty event loop,
${MEMBERS} WebSocket connections) to CPU 1. Each run publishes ${MESSAGES} messages of 64 bytes to all
members, at most ${WINDOW} messages ahead of the slowest member (the tool acknowledges a message once
every member has it, and only then may the server publish ${WINDOW} further): every member's queue
stays short, so nothing is dropped or closed, and the pipe stays full. One warm-up run per server,
then ${ROUNDS} rounds, servers alternating; medians. Target: deliveries/s ≥ 0.8× raw Netty.

The baseline (\`RawNettyBroadcastServer\`) is what a Netty programmer writes: members in a
\`ChannelGroup\`, each message one \`BinaryWebSocketFrame\` given to \`group.writeAndFlush\`
(a retained duplicate per member, framed by each connection's encoder), with the same
\`FlushConsolidationHandler\` Veloce's pipeline has. Veloce's is \`broadcaster.join("bench", ws)\` and
\`broadcaster.publish("bench", bytes)\` from a virtual thread.

| server | deliveries/s | ratio | load tool CPU |
|---|---:|---:|---:|
| raw Netty | ${raw_rate} | 1.00× | ${raw_cpu} % |
| Veloce | ${veloce_rate} | **${ratio}×** | ${veloce_cpu} % |

Veloce writes the frame bytes (header and payload) once per message and gives every member a
retained duplicate of that buffer; Netty's encoder, in the baseline, writes a new header and
copies each small payload per member.

**Heap per member.** A fresh server of each kind; \`IdleConnections\` opens ${BASE} members, the
server's heap is taken (two full GCs via \`jcmd GC.run\`, then \`jstat -gc\`), then ${MEMBERS} more
join and it is taken again. Keepalive pings are off on both, so this is what a member costs at rest.

| server | members added | heap after GC (MiB) | heap per member (KiB) |
|---|---:|---:|---:|
${heap_rows}
Reproduce: \`bench/run-broadcast.sh\` (\`ROUNDS\`, \`MEMBERS\`, \`MESSAGES\`, \`WINDOW\` override the defaults).
<!-- broadcast:end -->
MD
)
echo "$section"
write_section broadcast "$section"
