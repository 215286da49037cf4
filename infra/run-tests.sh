#!/usr/bin/env bash
# `npm test`: installs what is missing (npm packages, the local stack), starts the stack, runs every tier
# (typecheck, lint, unit, integration, end-to-end) and stops the services it started itself.
set -uo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1 FORCE_COLOR=0
DATA_DIR="${NEWSWINDOW_DATA_DIR:-$REPO_ROOT/.data}"
mkdir -p "$DATA_DIR/logs"
OUT="$DATA_DIR/logs/test-run.log"
: >"$OUT"

step() { printf '\n=== %s\n' "$*"; }

bash infra/ensure-node-modules.sh || exit 1
bash infra/ensure-chromium.sh || exit 1

STARTED_FILE="$(mktemp)"
cleanup() {
  if [ -s "$STARTED_FILE" ]; then
    step "stopping what this run started: $(tr '\n' ' ' <"$STARTED_FILE")"
    # shellcheck disable=SC2046
    bash infra/stack.sh stop $(cat "$STARTED_FILE")
  fi
  rm -f "$STARTED_FILE"
}
trap cleanup EXIT

step "starting the local stack"
STACK_STARTED_FILE="$STARTED_FILE" bash infra/stack.sh start || exit 1
# shellcheck disable=SC1091
source "$DATA_DIR/stack.env"

rc=0
run_tier() {
  local name="$1"
  shift
  step "$name"
  "$@" 2>&1 | tee -a "$OUT"
  local status=${PIPESTATUS[0]}
  [ "$status" -eq 0 ] || { echo "!!! $name failed (exit $status)"; rc=1; }
}

run_tier "typecheck" npx turbo run typecheck --continue --output-logs=errors-only
run_tier "lint" npx turbo run lint --continue --output-logs=errors-only
run_tier "format" npx prettier --check --log-level=warn .
run_tier "unit tests" npx turbo run test:unit --concurrency=2 --continue --output-logs=full
run_tier "integration tests" npx turbo run test:int --concurrency=1 --continue --output-logs=full
run_tier "end-to-end tests" npx turbo run test:e2e --concurrency=1 --continue --output-logs=full

# One closing line in the plain "N passed, N failed" form, summed over every jest run. A suite that failed to run
# ("Test suite failed to run": an unhandled error, a crash in beforeAll) reports no failed test, so failed suites
# are counted too and make the run fail.
sum_of() { grep -Eo "$1:.*" "$OUT" | grep -Eo "[0-9]+ $2" | awk '{s+=$1} END {print s+0}'; }
passed=$(sum_of 'Tests' passed)
failed=$(sum_of 'Tests' failed)
suites_failed=$(sum_of 'Test Suites' failed)
[ "$failed" -eq 0 ] && [ "$suites_failed" -eq 0 ] || rc=1
step "summary (full log: $OUT)"
echo "tests: $passed passed, $failed failed; test suites failed: $suites_failed"
exit "$rc"
