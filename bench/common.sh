# Shell functions the bench/run-*.sh scripts share. Source it after JAVA_HOME is set.

# heap_kib PID: used heap after two full GCs (young + old, whichever collector), in KiB
heap_kib() {
  "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null
  "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null
  "$JAVA_HOME/bin/jstat" -gc "$1" | awk 'NR==1 {for (i = 1; i <= NF; i++) h[$i] = i}
    NR==2 {printf "%.0f\n", $h["S0U"] + $h["S1U"] + $h["EU"] + $h["OU"]}'
}

# wait_open LOG N: waits (at most 300 s) for the N-th "open" line of an IdleConnections client
wait_open() {
  for _ in $(seq 1 1500); do
    [ "$(grep -c '^open' "$1" || true)" -ge "$2" ] && { grep '^open' "$1" | sed -n "${2}p"; return; }
    sleep 0.2
  done
  echo "idle client did not report; see $1" >&2
  exit 1
}

# write_section KEY TEXT: replaces <!-- KEY:begin --> ... <!-- KEY:end --> in docs/benchmarks.md
# (appending the markers first if they are missing) with TEXT, which carries the markers itself
write_section() {
  local doc=docs/benchmarks.md
  mkdir -p docs
  [ -f $doc ] || printf '# Benchmarks\n' > $doc
  grep -q "<!-- $1:begin -->" $doc || printf '\n<!-- %s:begin -->\n<!-- %s:end -->\n' "$1" "$1" >> $doc
  python3 - "$doc" "$2" "$1" <<'PY'
import sys, re
path, section, key = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
text = re.sub(r"<!-- %s:begin -->.*?<!-- %s:end -->" % (key, key), lambda m: section, text, flags=re.S)
open(path, "w").write(text)
PY
  echo "wrote $doc"
}

# median: the median of the numbers on stdin, one per line
median() { sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# track_processes: a scratch folder $out for logs, and pids+=(PID) for processes killed on exit
track_processes() {
  out=$(mktemp -d)
  pids=()
  trap 'exec 3>&- 2>/dev/null || true; for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
}

# launch_server LABEL CLASS PORT PROBE_PATH: runs io.veloce.bench.CLASS PORT 1 from $JAR pinned to
# CPU 0 with JVM_OPTS, logging to $out/LABEL.log; returns once PORT answers any HTTP status on
# PROBE_PATH (a plain GET on a WebSocket path gets 404 or 426), with SERVER_PID set
launch_server() {
  taskset -c 0 "$JAVA" "${JVM_OPTS[@]}" -cp "$JAR" "io.veloce.bench.$2" "$3" 1 >>"$out/$1.log" 2>&1 &
  SERVER_PID=$!
  pids+=("$SERVER_PID")
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$3$4" || true)" != 000 ] && return
    sleep 0.2
  done
  echo "$1 server did not start; see $out/$1.log" >&2
  exit 1
}

# stop_server PID: stops a server and waits until it is gone
stop_server() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
