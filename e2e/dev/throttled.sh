#!/usr/bin/env bash
# Runs Playwright specs N times in a row on a "slowed machine": the whole run (relay, core, browser host,
# Chromium) pinned to one of the two cores, and every page's CPU throttled 3x by Chromium (CDP).
# Usage: e2e/dev/throttled.sh RUNS [playwright args...]   e.g. e2e/dev/throttled.sh 10 e2e/stats/assessment.spec.ts
# Stops at the first failing run; prints one line per run.
set -uo pipefail
cd "$(dirname "$0")/../.."
runs=${1:?runs}; shift
[ "${SKIP_BUILD:-}" = 1 ] || npx vite build --logLevel warn >/dev/null
for i in $(seq 1 "$runs"); do
  if E2E_SKIP_BUILD=1 E2E_CPU_THROTTLE=3 taskset -c 0 npx playwright test "$@" >"/tmp/throttled-run-$i.log" 2>&1; then
    echo "run $i: passed ($(grep -Eo '[0-9]+ passed \([^)]*\)' "/tmp/throttled-run-$i.log" | tail -1))"
  else
    echo "run $i: FAILED (log: /tmp/throttled-run-$i.log)"; exit 1
  fi
done
