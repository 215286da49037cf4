#!/usr/bin/env bash
# `npm run demo`: the Alibaba 2025 case end to end on the local stack. Starts the stack, a fresh database, the
# ingest consumers and the Temporal worker (with its workflow trigger consumer); ingests the real prices as bars and
# the 8 dated Alibaba events plus the article as news; waits (bounded) for the study workflows; prints the study
# table and the per-tag aggregates; stops what it started.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
DEMO_DATA="$REPO_ROOT/infra/demo-data"
DATA_DIR="${NEWSWINDOW_DATA_DIR:-$REPO_ROOT/.data}"
LOGS="$DATA_DIR/logs"
mkdir -p "$LOGS"
say() { printf '\n[demo] %s\n' "$*"; }
# An array, not a function: a background `"${NW[@]}" … &` makes $! the node process itself, so cleanup stops it.
NW=(node --conditions=newswindow-source --import tsx services/cli/src/cli.ts)
nw() { "${NW[@]}" "$@"; }

say "checking npm packages"
bash infra/ensure-node-modules.sh

say "starting the local stack (Postgres, Redis, Kafka, Temporal) if it is not running"
bash infra/stack.sh start
# shellcheck disable=SC1091
source "$DATA_DIR/stack.env"

RUN="demo_$(date +%Y%m%d_%H%M%S)_$$"
export PGDATABASE="nw_${RUN}"
# One name per run: the worker derives its alert topic (<run>.alerts.event-window) and Redis prefix (<run>:) from it,
# so a demo never shares alerts or dedupe keys with another run or a by-hand worker on this machine.
export NEWSWINDOW_DEPLOYMENT="$RUN"
NEWS_TOPIC="demo.news.${RUN}"
BARS_TOPIC="demo.bars.${RUN}"
PIDS=()
cleanup() {
  say "stopping the worker and consumers this demo started"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  # Studies whose listing has no prices wait for bars that never come: end this run's workflows, bounded.
  if [ -n "${TEMPORAL_BIN:-}" ] && [ -x "$TEMPORAL_BIN" ]; then
    timeout 20 "$TEMPORAL_BIN" workflow terminate --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" \
      --query "TaskQueue = 'studies-$RUN' AND ExecutionStatus = 'Running'" --reason "demo finished" --yes \
      >/dev/null 2>&1 || true
  fi
  say "done (database $PGDATABASE kept for SQL: psql -d $PGDATABASE -c 'select * from v_study_windows'; logs in $LOGS)"
}
trap cleanup EXIT

say "creating database $PGDATABASE and running migrations"
psql -d postgres -qc "CREATE DATABASE \"$PGDATABASE\"" >/dev/null
node --conditions=newswindow-source --import tsx services/store/scripts/migrate.ts

say "starting the ingest consumers (log: $LOGS/$RUN.consume.log)"
"${NW[@]}" consume --topics news,bars --news-topic "$NEWS_TOPIC" --bars-topic "$BARS_TOPIC" --group "ingest-$RUN" \
  >"$LOGS/$RUN.consume.log" 2>&1 &
PIDS+=($!)

say "starting the Temporal worker and its workflow trigger (log: $LOGS/$RUN.worker.log)"
NEWSWINDOW_TASK_QUEUE="studies-$RUN" \
  NEWSWINDOW_TRIGGER_SUBSCRIPTION="trigger-$RUN" NEWSWINDOW_TRIGGER_FROM_BEGINNING=1 NEWSWINDOW_WORKFLOW_ID_PREFIX="$RUN:" \
  node --conditions=newswindow-source --import tsx services/worker/src/main.ts >"$LOGS/$RUN.worker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 240); do
  grep -q 'polling task queue' "$LOGS/$RUN.worker.log" 2>/dev/null && break
  kill -0 "${PIDS[1]}" 2>/dev/null || { cat "$LOGS/$RUN.worker.log"; exit 1; }
  sleep 0.5
done
grep -q 'polling task queue' "$LOGS/$RUN.worker.log" || { echo "worker did not start"; tail "$LOGS/$RUN.worker.log"; exit 1; }

count() { psql -tAc "SELECT count(*) FROM events WHERE type = '$1'" | tr -d ' '; }

say "ingesting the real daily prices (BABA, 9988.HK, ^HSI, ^GSPC, ^NDX) as bars"
nw ingest bars --file "$DEMO_DATA/prices_alibaba_benchmarks_daily.csv" --topic "$BARS_TOPIC"
want=$(($(wc -l <"$DEMO_DATA/prices_alibaba_benchmarks_daily.csv") - 1))
for _ in $(seq 1 120); do [ "$(count PriceBarClosed)" -ge "$want" ] && break; sleep 0.5; done
say "bars in the event store: $(count PriceBarClosed) of $want"

say "ingesting the 8 Alibaba events of 2025 and the Qwen/AI article as news"
nw ingest news --file "$DEMO_DATA/alibaba_events_2025.csv" --topic "$NEWS_TOPIC"
nw ingest news --file "$DEMO_DATA/alibaba_qwen_week_2025-09.jsonl" --topic "$NEWS_TOPIC"

say "waiting for the study workflows (bounded: 180 s)"
last=-1
stable=0
for _ in $(seq 1 360); do
  n=$(count StudyComputed)
  if [ "$n" -gt 0 ] && [ "$n" = "$last" ]; then stable=$((stable + 1)); else stable=0; fi
  last=$n
  [ "$stable" -ge 10 ] && break
  sleep 0.5
done
say "studies written: $last"

# The worker's projection loop projects the study events into the study tables and refreshes the tag aggregates.
say "waiting for the study tables and the per-tag aggregates (bounded: 60 s)"
q() { psql -tAc "$1" | tr -d ' '; }
for _ in $(seq 1 120); do
  projected=$(q "SELECT count(*) FROM studies")
  studied=$(q "SELECT count(DISTINCT data->>'studyId') FROM events WHERE type = 'StudyComputed'")
  uncovered=$(q "SELECT count(*) FROM (SELECT tag, count(*) AS n FROM studies, unnest(tags) AS tag
                 WHERE status = 'computed' GROUP BY tag) s
                 LEFT JOIN tag_aggregates a ON a.tag = s.tag AND cardinality(a.study_ids) = s.n WHERE a.tag IS NULL")
  [ "$projected" = "$studied" ] && [ "$uncovered" = "0" ] && break
  sleep 0.5
done
say "study rows: $projected of $studied; tags without an up-to-date aggregate: $uncovered"

say "the 8 September 2025 row: 9988.HK against ^HSI (raw return, abnormal return with t and p, CARs with p)"
nw study show --listing 9988.HK --day0 2025-09-08
say "the same event in New York: BABA against ^GSPC (same event, day 0 = 5 September 2025 on the NYSE calendar)"
nw study show --listing BABA --day0 2025-09-05
say "all studies, by day 0 (skipped studies show the reason; --wide for every column, --format csv|json for tools)"
nw study show
say "the same day in SQL (view v_study_windows)"
psql -c "SELECT symbol, day0, event_window, round(day0_return::numeric, 4) AS day0_return, round(day0_ar::numeric, 4) AS day0_ar,
                round(car::numeric, 4) AS car, round(car_t::numeric, 2) AS car_t, round(car_p::numeric, 4) AS car_p
           FROM v_study_windows WHERE day0 = '2025-09-08' ORDER BY symbol, window_start, window_end"
say "per-tag aggregate over ai_model_launch: CAAR per window, each cross-sectional test, and the daily AAR / CAAR"
nw study aggregate --tag ai_model_launch --days
for tag in $(psql -tAc "SELECT DISTINCT tag FROM tag_aggregates WHERE tag <> 'ai_model_launch' ORDER BY 1"); do
  say "per-tag aggregate over $tag (CAAR per window and its cross-sectional tests)"
  nw study aggregate --tag "$tag"
done
say "significant windows (p < 0.05) were published to Kafka topic $RUN.alerts.event-window (deduplicated in Redis under $RUN:)"

# The analysts' web app on this demo's database, until Ctrl-C (skip with `npm run demo -- --no-serve`). The worker and
# consumers keep running meanwhile, so a backfill started in the browser runs on this demo's task queue.
case " $* " in *" --no-serve "*) exit 0 ;; esac
export NEWSWINDOW_API_TOKEN="${NEWSWINDOW_API_TOKEN:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
say "serving the web app and the API on this database: open http://127.0.0.1:${NEWSWINDOW_API_PORT:-8080} (Ctrl-C to stop)"
say "the 8 September study: http://127.0.0.1:${NEWSWINDOW_API_PORT:-8080}/#/studies?listing=9988.HK ; API docs: /docs"
say "backfills from the web app need the token $NEWSWINDOW_API_TOKEN"
NEWSWINDOW_TASK_QUEUE="studies-$RUN" nw serve --host 127.0.0.1 --port "${NEWSWINDOW_API_PORT:-8080}" || true
