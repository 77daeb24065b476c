#!/usr/bin/env bash
# Every jcstress harness in sanity mode, detection on and off, from the jar `mvn verify` built; fails on any test
# that did not pass (jcstress's own exit status is not enough, see lock-jcstress/jcstress.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash lock-jcstress/jcstress.sh sanity
