#!/usr/bin/env bash
# HTTP load benchmark: Veloce against the raw-Netty baseline, in one run, on this machine.
#   bench/run-http.sh            (ROUNDS=5 DURATION=10 WARMUP=10 by default; override by env)
# Servers are pinned to CPU 0 and wrk to CPU 1; rounds alternate the two servers so drift hits
# both alike; each figure is the median over rounds. Writes the HTTP section of docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-10} WARMUP=${WARMUP:-10}
RAW_PORT=18081 VELOCE_PORT=18080
JAVA_HOME=$(./dev java-home); export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
# shellcheck source=bench/common.sh
source bench/common.sh
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
[ -f bench/target/benchmarks.jar ] || ./dev mvn -q -B -DskipTests -pl bench -am package
JVM_OPTS=(-Xms512m -Xmx512m -XX:+AlwaysPreTouch)
JAR=bench/target/benchmarks.jar
track_processes
launch_server raw RawNettyServer $RAW_PORT /plaintext
launch_server veloce VeloceBenchServer $VELOCE_PORT /plaintext

# run SERVER ENDPOINT SHAPE -> prints "reqs p99ms"
run() {
  local port=$1 endpoint=$2 shape=$3 text
  local url="http://127.0.0.1:$port$endpoint"
  local extra=()
  [ -n "${ORIGIN:-}" ] && extra=(-H "Origin: $ORIGIN")
  if [ "$shape" = pipelined ]; then
    text=$(taskset -c 1 wrk -t1 -c16 -d"${DURATION}s" --latency -s bench/pipeline.lua "$url" -- 16)
  else
    text=$(taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" --latency "${extra[@]}" "$url")
  fi
  local reqs p99
  reqs=$(awk '/Requests\/sec/ {print $2}' <<<"$text")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$text")
  echo "$reqs $p99"
}

echo "warming up (${WARMUP}s per server and endpoint)..."
for endpoint in /plaintext /json; do
  for port in $RAW_PORT $VELOCE_PORT; do taskset -c 1 wrk -t1 -c64 -d"${WARMUP}s" "http://127.0.0.1:$port$endpoint" >/dev/null; done
done
for endpoint in /plaintext-deps /mw/plaintext; do # Veloce-only rows: warm their code paths too
  taskset -c 1 wrk -t1 -c64 -d"${WARMUP}s" -H "Origin: https://app.example.com" "http://127.0.0.1:$VELOCE_PORT$endpoint" >/dev/null
done

for round in $(seq 1 "$ROUNDS"); do
  for endpoint in /plaintext /json; do
    for shape in keepalive pipelined; do
      for server in raw veloce; do
        port=$RAW_PORT; [ $server = veloce ] && port=$VELOCE_PORT
        result=$(run $port $endpoint $shape)
        echo "$result" >>"$out/$server${endpoint//\//_}_$shape"
        echo "round $round $server $endpoint $shape: $result"
      done
    done
  done
  # the same plaintext route behind three nested dependencies, right after its plain twin
  result=$(run $VELOCE_PORT /plaintext-deps keepalive)
  echo "$result" >>"$out/veloce_deps"
  echo "round $round veloce /plaintext-deps keepalive: $result"
  # and behind CORS + security headers + request IDs, with an Origin the CORS policy allows
  result=$(ORIGIN=https://app.example.com run $VELOCE_PORT /mw/plaintext keepalive)
  echo "$result" >>"$out/veloce_mw"
  echo "round $round veloce /mw/plaintext keepalive: $result"
done

table=$(
  echo "| endpoint | load | raw Netty req/s | Veloce req/s | ratio | raw p99 (ms) | Veloce p99 (ms) | p99 ratio |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for endpoint in /plaintext /json; do
    for shape in keepalive pipelined; do
      f=${endpoint//\//_}_$shape
      rr=$(cut -d' ' -f1 "$out/raw$f" | median); vr=$(cut -d' ' -f1 "$out/veloce$f" | median)
      rp=$(cut -d' ' -f2 "$out/raw$f" | median); vp=$(cut -d' ' -f2 "$out/veloce$f" | median)
      label="64 connections, 1 in flight"; [ $shape = pipelined ] && label="16 connections, pipelined 16 deep"
      awk -v e="$endpoint" -v l="$label" -v rr="$rr" -v vr="$vr" -v rp="$rp" -v vp="$vp" -v s="$shape" \
        'BEGIN {
           if (s == "pipelined") printf "| `%s` | %s | %.0f | %.0f | **%.2f×** | n/a | n/a | n/a |\n", e, l, rr, vr, vr/rr;
           else printf "| `%s` | %s | %.0f | %.0f | **%.2f×** | %.2f | %.2f | **%.2f×** |\n", e, l, rr, vr, vr/rr, rp, vp, vp/rp }'
    done
  done
)
plain_rs=$(cut -d' ' -f1 "$out/veloce_plaintext_keepalive" | median); plain_p99=$(cut -d' ' -f2 "$out/veloce_plaintext_keepalive" | median)
# compare FILE LABEL WHAT TARGET -> a table of /plaintext against the same route variant in FILE
compare() {
  local rs p99
  rs=$(cut -d' ' -f1 "$out/$1" | median); p99=$(cut -d' ' -f2 "$out/$1" | median)
  echo "| Veloce route (64 connections, 1 in flight) | req/s | p99 (ms) |"
  echo "|---|---:|---:|"
  printf '| `/plaintext` | %.0f | %.2f |\n' "$plain_rs" "$plain_p99"
  printf '| %s | %.0f | %.2f |\n' "$2" "$rs" "$p99"
  awk -v p="$plain_rs" -v v="$rs" -v w="$3" -v t="$4" \
    'BEGIN { printf "\n%s **%.1f %%** of the requests per second (target ≤ %s %%).\n", w, (1 - v/p) * 100, t }'
}
deps_table=$(compare veloce_deps '`/plaintext-deps` (three nested dependencies)' "Three nested dependencies cost" 5)
mw_table=$(compare veloce_mw '`/mw/plaintext` (CORS + security headers + request ID, with an allowed `Origin`)' \
  "The middleware stack costs" 10)
echo "$table"
echo "$deps_table"
echo "$mw_table"

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
jdk=$("$JAVA" -version 2>&1 | head -1)
section=$(cat <<MD
<!-- http:begin -->
## HTTP: Veloce against raw Netty

Run on $(date -u +%Y-%m-%d) — $(nproc) cores ($cpu), $jdk, wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}').
Both servers pinned to CPU 0 (one event loop; Veloce's handlers on virtual threads on the same core),
wrk pinned to CPU 1. ${WARMUP} s warm-up per server and endpoint, then $ROUNDS rounds of ${DURATION} s,
servers alternating within each round; figures are medians over the rounds. Targets: req/s ≥ 0.9×
raw Netty, p99 ≤ 1.5× raw Netty. No p99 for the pipelined shape: wrk's latency histogram is not
meaningful with pipelining (it reports a 90th/99th percentile of 0 µs for both servers).

$table

The same plaintext route behind three nested dependencies (each needs the one before), measured
in the same rounds:

$deps_table

The same plaintext route behind \`CORSMiddleware\`, \`SecurityHeadersMiddleware\` and
\`RequestIDMiddleware\` (a router's middleware), requests carrying an allowed \`Origin\`:

$mw_table

Reproduce: \`bench/run-http.sh\` (\`ROUNDS\`, \`DURATION\`, \`WARMUP\` override the defaults).
<!-- http:end -->
MD
)
write_section http "$section"
