#!/usr/bin/env bash
# JMH: route lookup in a table of 100 routes, and the cost of three nested dependencies on a
# request, with the GC profiler for allocation.
#   bench/run-jmh.sh     (pinned to CPU 0; writes the two JMH sections of docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=$(./dev java-home); export JAVA_HOME
[ -f bench/target/benchmarks.jar ] || ./dev mvn -q -B -DskipTests -pl bench -am package
result=$(mktemp)
taskset -c 0 "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar 'RouteLookupBenchmark|DependencyBenchmark' \
  -f 1 -wi 5 -w 1s -i 10 -r 1s -jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch" -prof gc -rf json -rff "$result"
python3 - "$result" docs/benchmarks.md "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" <<'PY'
import json, re, sys, datetime
results, doc, jdk = sys.argv[1], sys.argv[2], sys.argv[3]
rows, di = [], {}
for r in json.load(open(results)):
    name = r["benchmark"].rsplit(".", 1)[1]
    score = r["primaryMetric"]["score"]
    error = r["primaryMetric"]["scoreError"]
    alloc = r["secondaryMetrics"].get("gc.alloc.rate.norm", {}).get("score", float("nan"))
    if "DependencyBenchmark" in r["benchmark"]:
        di[name] = (score, error, alloc)
        continue
    rows.append(f"| `{name}` | {score:,.1f} ± {error:,.1f} | {alloc:.1f} |")
section = "\n".join([
    "<!-- jmh:begin -->",
    "## Route lookup (JMH)",
    "",
    f"Run on {datetime.date.today()} with {jdk}, pinned to CPU 0: 1 fork, 5 × 1 s warm-up, 10 × 1 s",
    "measurement, 1 GiB heap, `-prof gc`. A table of 100 routes: 50 literal (`/api/v1/resourceN/list`) and 50",
    "with two parameters (`/api/v1/resourceN/{id}/items/{item}`).",
    "",
    "| lookup | ops/µs | bytes allocated per lookup |",
    "|---|---:|---:|",
    *rows,
    "",
    "A literal path is one hash lookup returning a match built at registration, hence no allocation;",
    "a parameterised path allocates its segments and the captured values.",
    "",
    "Reproduce: `bench/run-jmh.sh`.",
    "<!-- jmh:end -->",
])
plain, deps = di["withoutDependencies"], di["withThreeNestedDependencies"]
http_plain, http_deps = di["httpRequestWithoutDependencies"], di["httpRequestWithThreeNestedDependencies"]
cost = plain[0] / deps[0] - 1  # extra time per request, from the throughputs
http_cost = http_plain[0] / http_deps[0] - 1
extra_ns = (1 / deps[0] - 1 / plain[0]) * 1000
di_section = "\n".join([
    "<!-- di:begin -->",
    "## Dependencies (JMH)",
    "",
    f"Run on {datetime.date.today()} with {jdk}, pinned to CPU 0, same settings as above.",
    "`GET /plain` against `GET /deps`, the same handler with three nested dependencies (each needs",
    "the one before), measured two ways: the app pipeline alone (routing, handler, response)",
    "dispatched in memory, and a whole HTTP/1.1 request through Netty's codec on an",
    "`EmbeddedChannel` (request bytes in, response bytes out; no socket, no thread hand-off).",
    "Target: the dependencies cost ≤ 5 % more time per request.",
    "",
    "| route | pipeline alone: requests/µs | bytes per request | whole HTTP request: requests/µs | bytes per request |",
    "|---|---:|---:|---:|---:|",
    f"| without dependencies | {plain[0]:,.2f} ± {plain[1]:,.2f} | {plain[2]:.0f} | {http_plain[0]:,.3f} ± {http_plain[1]:,.3f} | {http_plain[2]:.0f} |",
    f"| three nested dependencies | {deps[0]:,.2f} ± {deps[1]:,.2f} | {deps[2]:.0f} | {http_deps[0]:,.3f} ± {http_deps[1]:,.3f} | {http_deps[2]:.0f} |",
    "",
    f"Three nested dependencies add **{extra_ns:.0f} ns** per request: **{http_cost * 100:.1f} %** of a whole",
    f"HTTP request, {cost * 100:.1f} % of the pipeline alone.",
    "",
    "Reproduce: `bench/run-jmh.sh`.",
    "<!-- di:end -->",
])
text = open(doc).read()
text = re.sub(r"<!-- jmh:begin -->.*?<!-- jmh:end -->", lambda m: section, text, flags=re.S)
if "<!-- di:begin -->" in text:
    text = re.sub(r"<!-- di:begin -->.*?<!-- di:end -->", lambda m: di_section, text, flags=re.S)
else:
    text = text.replace("<!-- jmh:end -->", "<!-- jmh:end -->\n\n" + di_section)
open(doc, "w").write(text)
print(section)
print(di_section)
PY
