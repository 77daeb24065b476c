#!/usr/bin/env bash
# Runs every lockaware benchmark side by side in one run and prints the README's results tables.
#
#   lock-bench/run.sh            # full run, about 60 minutes on 2 cores
#   lock-bench/run.sh quick      # shorter iterations, about 10 minutes: a smoke test, not for quoting
#
# Results go to lock-bench/results/<date>/: JMH JSON per group, footprint and retention CSV, the JMH logs, and
# tables.md (what Table prints). Run it on an otherwise idle machine; ratios are only meaningful within one run.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-full}
out=lock-bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"

mvn -q -B -ntp -pl lock-bench -am -DskipTests package
jar=lock-bench/target/benchmarks.jar

# paired_opts stand for jmh_opts in the ContendedPaired runs: they pair measured iterations, so want an even count.
case "$mode" in
  full)  # the classes' own settings: 3 x 1 s warm-up, 5 x 1 s measured, 1 fork (Uncontended, *Promoted, DesignFloor: 3;
         # ContendedPaired: 4 x 250 ms warm-up, 30 x 250 ms measured, 3 forks)
         jmh_opts=(); paired_opts=() ;;
  quick) jmh_opts=(-f 1 -wi 2 -w 500ms -i 3 -r 500ms); paired_opts=(-f 1 -wi 2 -i 10) ;;
  *) echo "usage: $0 [full|quick]" >&2; exit 2 ;;
esac

{
  echo "# $(date -u +%FT%TZ), mode $mode, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  java -version 2>&1 | head -1
  echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
       "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
} > "$out/machine.txt"
cat "$out/machine.txt"

jmh() { # name, then JMH arguments
  local name=$1; shift
  echo "== $name"
  java -jar "$jar" "$@" "${jmh_opts[@]}" -rf json -rff "$out/$name.json" > "$out/$name.log" 2>&1 \
    || { tail -30 "$out/$name.log"; exit 1; }
  grep -E '^[A-Z][A-Za-z]+\.[a-z]' "$out/$name.log" || true
}

# Single-threaded groups: detection on and off, JDK, ours, ours + Micrometer, Guava; allocation per op from -prof gc.
jmh single '\.(Uncontended|UncontendedDisabled|Nesting|NestingDisabled)\.' -prof gc
# The same ops with every object old, as in a long-running server (Promotion): no target, for reading the others.
jmh promoted '\.(UncontendedPromoted|NestingPromoted)\.' -p depth=1,20
jmh edges '\.(NewEdges|NewEdgesDisabled)\.'
# The same nest on stripped-down designs (FloorLocks): what the single-threaded targets leave room for.
jmh floor '\.DesignFloor\.'
# Contended: one JMH run per thread count, all implementations side by side in each. A single fork of these swings
# up to 3x on 2 shared cores (scheduling decides who spins and who parks), so the full run takes three forks per cell
# and Table quotes the median of all their iterations.
contended_forks=()
[ "$mode" = full ] && contended_forks=(-f 3)
for t in 2 4 8; do
  jmh "contended-$t" '\.(Contended|ContendedDisabled)\.' -t "$t" "${contended_forks[@]}"
done
# The same, the JDK's lock and ours alternating in one JVM (ContendedPaired): the ratio Table quotes for the target.
# One thread is the same operation without contention: how much of each ratio is lockaware's per-operation cost.
( jmh_opts=("${paired_opts[@]}")
  for t in 1 2 4 8; do
    jmh "paired-$t" '\.ContendedPaired\.' -t "$t"
  done )
if [ "$mode" = full ]; then
  jmh watchdog '\.WatchdogScan\.'
fi

echo "== footprint and retention"
java -cp "$jar" io.lockaware.bench.Footprint > "$out/footprint.csv" 2> "$out/footprint.log"
java -Dlockaware.enabled=false -cp "$jar" io.lockaware.bench.Footprint > "$out/footprint-disabled.csv" \
  2>> "$out/footprint.log"
java -Xmx2g -cp "$jar" io.lockaware.bench.Retention > "$out/retention.csv"
java -Xmx2g -Dlockaware.enabled=false -cp "$jar" io.lockaware.bench.Retention > "$out/retention-disabled.csv"

java -cp "$jar" io.lockaware.bench.Table "$out" | tee "$out/tables.md"
echo "results in $out"
