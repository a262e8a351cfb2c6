#!/usr/bin/env bash
# The VS Code extension's checks: tsc --noEmit, eslint, unit tests (node:test) and the end-to-end suite in a real
# VS Code (code-server + headless chromium) against the built server. Writes RESULTS_DIR/extension.counts.
set -uo pipefail
results="${1:?usage: extension.sh RESULTS_DIR}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ext="$root/extension"
mkdir -p "$results"
passed=0 failed=0

check() { # name command...: one pass or one fail
  local name="$1"; shift
  if "$@" > "$results/extension-$name.log" 2>&1; then
    passed=$((passed + 1)); echo "extension: $name ok"
  else
    failed=$((failed + 1)); echo "extension: $name FAILED"; tail -n 40 "$results/extension-$name.log"
  fi
}

cd "$ext" || exit 1
if [ ! -d node_modules ]; then
  echo "extension: node_modules missing (run .ci/setup.d/extension.sh)"
  echo "0 1" > "$results/extension.counts"; exit 1
fi

# One type-checking compile (the same checks as --noEmit) that also emits out/ for the tests below.
check tsc npx --no-install tsc -p .
check eslint npx --no-install eslint --max-warnings 0 src test

node --test --test-reporter=tap out/test/unit/ > "$results/extension-unit.log" 2>&1
unit_pass=$(grep -E '^# pass [0-9]+' "$results/extension-unit.log" | awk '{print $3}' | tail -1)
unit_fail=$(grep -E '^# fail [0-9]+' "$results/extension-unit.log" | awk '{print $3}' | tail -1)
if [ -z "$unit_pass" ]; then unit_pass=0; unit_fail=1; fi
passed=$((passed + unit_pass)); failed=$((failed + ${unit_fail:-0}))
echo "extension: unit tests $unit_pass passed, ${unit_fail:-0} failed"
[ "${unit_fail:-0}" = 0 ] || grep -B2 -A20 '^not ok' "$results/extension-unit.log" | head -80

# The end-to-end suite writes one result per test; a run that produced no report counts as one failure.
report="$results/extension-e2e.json"
rm -f "$report"
timeout 420 node out/test/e2e/run.js "$results" > "$results/extension-e2e.log" 2>&1
e2e_status=$?
grep -E '^(ok  |FAIL|       |e2e:)' "$results/extension-e2e.log"
if [ -f "$report" ]; then
  e2e_pass=$(node -e 'const r=require(process.argv[1]);console.log(r.tests.filter(t=>t.ok).length)' "$report")
  e2e_fail=$(node -e 'const r=require(process.argv[1]);console.log(r.tests.filter(t=>!t.ok).length)' "$report")
  passed=$((passed + e2e_pass)); failed=$((failed + e2e_fail))
  if [ "$e2e_status" != 0 ] && [ "$e2e_fail" = 0 ]; then failed=$((failed + 1)); echo "extension: e2e runner exited $e2e_status"; fi
else
  failed=$((failed + 1)); echo "extension: e2e produced no report (exit $e2e_status)"; tail -n 40 "$results/extension-e2e.log"
fi

echo "$passed $failed" > "$results/extension.counts"
echo "extension checks: passed $passed, failed $failed"
[ "$failed" = 0 ]
