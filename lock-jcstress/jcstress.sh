#!/usr/bin/env bash
# Runs the lockaware jcstress harnesses twice, with detection on and off, and fails unless every test passed.
#
#   lock-jcstress/jcstress.sh sanity|quick|default [REGEX]
#
# Detection is read once per JVM from -Dlockaware.enabled, and jcstress forks a JVM per test, so each pass hands the
# property to its forks. Pass "on" runs every harness; pass "off" (plain JDK locks) runs the io.lockaware.jcstress.jdk
# ones, since the io.lockaware.jcstress.tracked ones test what detection adds. REGEX narrows both passes.
#
# The verdict is read from jcstress's output, not its exit status (which depends on the jcstress version and says
# nothing about a run that selected fewer tests than meant): every planned result must have passed, and there must be
# at least one. Logs and reports go to lock-jcstress/target/jcstress/<mode>-<on|off>/; jcstress writes its result
# blob to the working directory, hence the cd.
set -euo pipefail

mode=${1:?usage: $0 sanity|quick|default [REGEX]}
filter=${2:-}
module=$(cd "$(dirname "$0")" && pwd)
jar="$module/target/jcstress.jar"
work="$module/target/jcstress"

case "$mode" in
  # sanity and quick: one JVM configuration (jcstress still doubles it, with and without biased locking), no split
  # compilation; default: jcstress's full matrix of JVM modes and per-actor compilation, hours on two cores.
  # Sanity's preset iteration time is 0, which leaves Termination harnesses without a single sample: give it 10 ms.
  sanity) vm_args=(-time 10 -sc false -jvmArgs) ;;
  quick) vm_args=(-sc false -jvmArgs) ;;
  default) vm_args=(-jvmArgsPrepend) ;;
  *) echo "unknown mode '$mode': use sanity, quick or default" >&2; exit 2 ;;
esac

if [ ! -f "$jar" ]; then
  (cd "$module/.." && mvn -B -ntp -q -pl lock-jcstress -am package -DskipTests)
fi
mkdir -p "$work"

# verdict LOG: prints a summary; returns non-zero unless every planned result passed.
verdict() {
  local log=$1 final planned passed failed soft hard tests samples
  final=$(grep -E '^\(Results: ' "$log" | tail -n 1 || true)
  if [[ ! $final =~ ^\(Results:\ ([0-9]+)\ planned\;\ ([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ soft\ errs,\ ([0-9]+)\ hard\ errs\)$ ]]; then
    echo "  no final result line: jcstress did not finish (see $log)"
    return 1
  fi
  planned=${BASH_REMATCH[1]} passed=${BASH_REMATCH[2]} failed=${BASH_REMATCH[3]}
  soft=${BASH_REMATCH[4]} hard=${BASH_REMATCH[5]}
  # After "RUN RESULTS:" each test is listed once, with its samples summed over all JVM configurations.
  tests=$(sed -n '/^RUN RESULTS:/,$p' "$log" | grep -cE '^\.* ?\[[A-Z ]+\] io\.lockaware\.' || true)
  samples=$(sed -n '/^RUN RESULTS:/,$p' "$log" \
    | grep -E '^ +\S.* +[0-9,]+ +<?[0-9.]+% +(Acceptable|Interesting|Forbidden|Unknown) ' \
    | sed -E 's/^.* ([0-9,]+) +<?[0-9.]+% +(Acceptable|Interesting|Forbidden|Unknown) .*$/\1/' | tr -d , \
    | awk '{ s += $1 } END { print s + 0 }')
  echo "  $tests tests, $planned results (test x JVM configuration): $passed passed, $failed failed," \
       "$soft skipped, $hard errors; $samples samples"
  if [ "$planned" -eq 0 ] || [ "$passed" -ne "$planned" ] || [ "$failed$soft$hard" != 000 ] \
     || ! grep -q '^  Failed tests: No matches\.$' "$log" || ! grep -q '^  Error tests: No matches\.$' "$log" \
     || grep -qE '\[(FAILED|ERROR|TIMEOUT|VM ERROR|SKIPPED)\] ' "$log"; then
    sed -n '/^  Failed tests:/,/^  All remaining tests/p' "$log" | grep -v '^ *$' | head -n 200
    echo "  FAILED: see $log and $(dirname "$log")/index.html"
    return 1
  fi
}

# pass NAME ENABLED REGEX
pass() {
  local name="$mode-$1" log="$work/$mode-$1/jcstress.log"
  rm -rf "${work:?}/$name" && mkdir -p "$work/$name"
  echo "jcstress $mode, detection $1 (-Dlockaware.enabled=$2), tests matching $3"
  (cd "$work" && java -jar "$jar" -m "$mode" -v "${vm_args[@]}" "-Dlockaware.enabled=$2" -t "$3" -r "$name") \
    >"$log" 2>&1 || true
  verdict "$log"
}

narrow=${filter:+(?=.*(?:$filter))}
status=0
pass on true "^${narrow}io\.lockaware\.jcstress\." || status=1
pass off false "^${narrow}io\.lockaware\.jcstress\.jdk\." || status=1
exit $status
