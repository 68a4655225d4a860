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
