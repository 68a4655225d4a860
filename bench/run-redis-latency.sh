#!/usr/bin/env bash
# Broadcast latency across two nodes joined by Redis, against Redis pub/sub alone, in one run.
#   bench/run-redis-latency.sh   (RATE=1000 DURATION=20 WARMUP=5 ROUNDS=3 by default; override by env)
# A redis-server on a free loopback port pinned to CPU 1; the benchmark JVM (node A publishing,
# node B with one WebSocket member and its client, and the raw Lettuce publisher and subscriber)
# pinned to CPU 0. Each round measures raw then Veloce; figures are medians over the rounds.
# Writes the redis section of docs/benchmarks.md.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
RATE=${RATE:-1000} SECONDS_=${DURATION:-20} WARMUP=${WARMUP:-5} ROUNDS=${ROUNDS:-3}
JAVA_HOME=$(./dev java-home); export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
# shellcheck source=bench/common.sh
source bench/common.sh
command -v redis-server >/dev/null || { echo "redis-server is needed: apt-get install redis-server" >&2; exit 1; }
[ -f bench/target/benchmarks.jar ] || ./dev mvn -q -B -DskipTests -pl bench -am package
JAR=bench/target/benchmarks.jar

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
taskset -c 1 redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
  >/tmp/veloce-bench-redis.log 2>&1 &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

out=$(mktemp -d)
for round in $(seq 1 "$ROUNDS"); do
  taskset -c 0 "$JAVA" -Xms256m -Xmx256m -cp $JAR io.veloce.bench.RedisBroadcastLatency \
    "redis://127.0.0.1:$port" "$RATE" "$SECONDS_" "$WARMUP" 2>"$out/err-$round" | tee -a "$out/lines"
done

field() { awk -v n="$1" -v f="$2" '$1 == n {for (i = 2; i < NF; i++) if ($i == f) print $(i + 1)}' "$out/lines" | median; }
rows=""
for name in raw veloce; do
  label="Redis pub/sub alone (Lettuce → Lettuce)"; [ $name = veloce ] && label="Veloce: publish on node A → WebSocket client of node B"
  rows+="| $label | $(field $name sent) | $(field $name received) | $(field $name p50) | $(field $name p99) | $(field $name p999) |"$'\n'
done
p50_ratio=$(awk -v a="$(field veloce p50)" -v b="$(field raw p50)" 'BEGIN {printf "%.2f", a / b}')
p99_ratio=$(awk -v a="$(field veloce p99)" -v b="$(field raw p99)" 'BEGIN {printf "%.2f", a / b}')
added50=$(awk -v a="$(field veloce p50)" -v b="$(field raw p50)" 'BEGIN {printf "%.0f", a - b}')

cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/ [0-9]*-Core.*//')
section=$(cat <<MD
<!-- redis:begin -->
## Broadcast across nodes on Redis: latency

Run on $(date +%F) — 2 cores (${cpu_model}), $("$JAVA" -version 2>&1 | head -1), $(redis-server --version | awk '{print $3}' | tr -d 'v=').
\`RedisBroadcastLatency\`: node A publishes ${RATE} messages a second, each carrying its
\`System.nanoTime()\`; the JDK WebSocket client of a member of node B records, on receipt, how long
ago that was. The baseline in the same run: a bare Lettuce PUBLISH to a bare Lettuce subscriber on
the same Redis — pub/sub alone. Both nodes, the client and the baseline run in one JVM pinned to
CPU 0 (one clock), \`redis-server\` on CPU 1. ${WARMUP} s warm-up, then ${SECONDS_} s measured; ${ROUNDS}
rounds, medians. Microseconds.

| path | sent | received | p50 (µs) | p99 (µs) | p99.9 (µs) |
|---|---:|---:|---:|---:|---:|
${rows}
Veloce adds **${added50} µs** at the median (p50 ${p50_ratio}×, p99 ${p99_ratio}× Redis pub/sub alone): the
engine's delivery, the shared frame written to the member, and the client reading it.

Reproduce: \`bench/run-redis-latency.sh\` (\`RATE\`, \`DURATION\`, \`WARMUP\`, \`ROUNDS\` override the defaults).
<!-- redis:end -->
MD
)
echo "$section"
write_section redis "$section"
