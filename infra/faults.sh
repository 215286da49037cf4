#!/usr/bin/env bash
# `npm run test:faults`: the fault suite (services/worker/bench/fault-suite.ts) on a PRIVATE stack: its own ports and
# data folder, so stopping and restarting Postgres, Kafka and Redis never touches the stack other work runs on. Starts
# that stack (installing what is missing), runs every case (or those named: poison worker-kill postgres redis
# temporal consume-kill tick-kill kafka), prints one table row per case, and stops what it started. Opt-in: not part of `npm test`.
set -uo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
export NEWSWINDOW_DATA_DIR="${NEWSWINDOW_FAULTS_DATA_DIR:-$REPO_ROOT/.data/faults-stack}"
export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=newswindow
export PGPORT="${NEWSWINDOW_FAULTS_PGPORT:-25432}"
export REDIS_URL="redis://127.0.0.1:${NEWSWINDOW_FAULTS_REDIS_PORT:-26379}"
export KAFKA_BROKERS="127.0.0.1:${NEWSWINDOW_FAULTS_KAFKA_PORT:-29092}"
export TEMPORAL_ADDRESS="127.0.0.1:${NEWSWINDOW_FAULTS_TEMPORAL_PORT:-27233}"
export TEMPORAL_NAMESPACE=default
unset PGPASSWORD
mkdir -p "$NEWSWINDOW_DATA_DIR"

bash infra/ensure-node-modules.sh || exit 1
STARTED_FILE="$(mktemp)"
cleanup() {
  if [ -s "$STARTED_FILE" ]; then
    # shellcheck disable=SC2046
    bash infra/stack.sh stop $(cat "$STARTED_FILE") >/dev/null
  fi
  rm -f "$STARTED_FILE"
}
trap cleanup EXIT
STACK_STARTED_FILE="$STARTED_FILE" bash infra/stack.sh start || exit 1
# The suite restarts services by name; whatever it restarts must be stopped at the end too.
printf 'postgres\nredis\nkafka\ntemporal\n' | sort -u - "$STARTED_FILE" -o "$STARTED_FILE"
node --conditions=newswindow-source --import tsx services/worker/bench/fault-suite.ts "$@"
