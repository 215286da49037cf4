#!/usr/bin/env bash
# The local newswindow stack without Docker: Postgres, Redis, Kafka (KRaft, jars from Maven Central)
# and the Temporal dev server (CLI built with Go). One idempotent command each:
#
#   infra/stack.sh install [svc…]   install what is missing (cached outside the clone; a second run does nothing)
#   infra/stack.sh start   [svc…]   install if needed, start, wait (bounded) until each service answers
#   infra/stack.sh status  [svc…]   report what answers; exit 1 if something is down
#   infra/stack.sh stop    [svc…]   stop what this clone started
#   infra/stack.sh env              print the connection variables (eval "$(infra/stack.sh env)")
#
# Services: postgres redis kafka temporal (default: all). Software is cached in $NEWSWINDOW_CACHE_DIR
# (default ~/.cache/newswindow), service data lives in the clone's ignored .data/ folder.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${NEWSWINDOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/newswindow}"
DATA_DIR="${NEWSWINDOW_DATA_DIR:-$REPO_ROOT/.data}"
RUN_DIR="$DATA_DIR/run"
LOG_DIR="$DATA_DIR/logs"

KAFKA_VERSION=3.9.1
TEMPORAL_CLI_VERSION=1.5.1
KAFKA_LIBS="$CACHE_DIR/kafka/$KAFKA_VERSION/libs"
TEMPORAL_BIN="${TEMPORAL_BIN:-$CACHE_DIR/temporal/$TEMPORAL_CLI_VERSION/temporal}"

# A new shell's `env` and `status` describe this clone's services: the addresses its last `start` wrote win over the
# defaults (an explicitly exported variable still wins over both).
if [ -f "$DATA_DIR/stack.env" ]; then
  while read -r _export assignments; do
    for kv in $assignments; do
      name="${kv%%=*}"
      [ -z "${!name:-}" ] && printf -v "$name" '%s' "${kv#*=}"
    done
  done <"$DATA_DIR/stack.env"
  unset _export assignments kv name
fi

PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
PGDATABASE="${PGDATABASE:-newswindow}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"
TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"

REDIS_PORT="${REDIS_URL##*:}"
REDIS_PORT="${REDIS_PORT%%/*}"
KAFKA_PORT="${KAFKA_BROKERS##*:}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
TEMPORAL_PORT="${TEMPORAL_ADDRESS##*:}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-$((TEMPORAL_PORT + 1000))}"

ALL_SERVICES=(postgres redis kafka temporal)
START_TIMEOUT_S="${STACK_START_TIMEOUT_S:-120}"

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits until "$@" succeeds, bounded; on failure prints the log file's tail and path.
wait_until() {
  local what="$1" logfile="$2" deadline=$((SECONDS + START_TIMEOUT_S))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "$what did not answer within ${START_TIMEOUT_S}s; last lines of $logfile:"
      tail -n 30 "$logfile" >&2 || true
      die "$what failed to start (log: $logfile)"
    fi
    sleep 0.3
  done
}

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then
    log "apt-get update"
    as_root apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# The cluster lives in the clone's data folder, unless the clone sits where the postgres user cannot reach it
# (as root, a clone under /root): then in a per-clone folder under /var/tmp.
pg_home() {
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$DATA_DIR" 2>/dev/null; then
    echo "/var/tmp/newswindow-postgres-$(printf '%s' "$REPO_ROOT" | md5sum | cut -c1-12)"
  else
    echo "$DATA_DIR"
  fi
}

# ---------------------------------------------------------------- install

install_postgres() {
  if [ -n "$(pg_bindir)" ] && [ -x "$(pg_bindir)/initdb" ]; then return 0; fi
  apt_install postgresql
  # Debian creates and starts a system cluster on 5432; ours runs from the clone's data folder instead.
  if command -v pg_lsclusters >/dev/null; then
    pg_lsclusters -h 2>/dev/null | while read -r ver name _; do as_root pg_ctlcluster "$ver" "$name" stop || true; done
  fi
}

install_redis() {
  command -v redis-server >/dev/null && return 0
  apt_install redis-server
  # The Debian package starts a system redis on 6379; ours runs with the clone's settings.
  as_root service redis-server stop >/dev/null 2>&1 || pkill -x redis-server || true
}

install_kafka() {
  [ -f "$KAFKA_LIBS/.complete" ] && return 0
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null || apt_install maven
  log "fetching Kafka $KAFKA_VERSION broker jars from Maven Central into $KAFKA_LIBS"
  mkdir -p "$KAFKA_LIBS"
  mvn -q -B -f "$REPO_ROOT/infra/kafka/pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS"
  touch "$KAFKA_LIBS/.complete"
}

install_temporal() {
  [ -x "$TEMPORAL_BIN" ] && return 0
  command -v go >/dev/null || die "Go toolchain not found (needed to build the Temporal CLI)"
  log "building the Temporal CLI v$TEMPORAL_CLI_VERSION with Go (several minutes on 2 cores) into $TEMPORAL_BIN"
  mkdir -p "$(dirname "$TEMPORAL_BIN")"
  local tmp_bin
  tmp_bin="$(mktemp -d)"
  GOBIN="$tmp_bin" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION"
  mv "$tmp_bin/temporal" "$TEMPORAL_BIN"
  rmdir "$tmp_bin"
}

# ---------------------------------------------------------------- checks

check_postgres() { "$(pg_bindir)/pg_isready" -q -h "$PGHOST" -p "$PGPORT"; }
check_redis() { [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
check_kafka() { port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$LOG_DIR/kafka.log" 2>/dev/null; }
check_kafka_external() { port_open "$KAFKA_PORT"; }
check_temporal() { "$TEMPORAL_BIN" operator cluster health --address "$TEMPORAL_ADDRESS" 2>/dev/null | grep -q SERVING; }

is_up() {
  case "$1" in
    postgres) check_postgres ;;
    redis) check_redis ;;
    kafka) if [ -f "$RUN_DIR/kafka.pid" ]; then check_kafka; else check_kafka_external; fi ;;
    temporal) [ -x "$TEMPORAL_BIN" ] && check_temporal ;;
  esac
}

# ---------------------------------------------------------------- start

start_postgres() {
  local bindir pghome pgdata pglog
  bindir="$(pg_bindir)"
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  pghome="$(pg_home)"
  pgdata="$pghome/postgres"
  pglog="$LOG_DIR/postgres.log"
  if [ "$pghome" != "$DATA_DIR" ]; then
    mkdir -p "$pghome" && chown postgres "$pghome"
    pglog="$pghome/postgres.log"
    log "postgres cannot reach $DATA_DIR; cluster in $pgdata"
  fi
  # initdb/postgres refuse to run as root; the Debian package's postgres user owns our cluster.
  local runas=()
  if [ "$(id -u)" = 0 ]; then
    runas=(env -C / runuser -u postgres --)
    chown postgres "$LOG_DIR"
  fi
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    log "initdb $pgdata"
    mkdir -p "$pgdata"
    [ "$(id -u)" = 0 ] && chown postgres "$pgdata"
    chmod 700 "$pgdata"
    "${runas[@]}" "$bindir/initdb" -D "$pgdata" -U "$PGUSER" --auth=trust -E UTF8 --locale=C.UTF-8 >"$LOG_DIR/postgres-initdb.log" 2>&1 ||
      { tail -n 20 "$LOG_DIR/postgres-initdb.log" >&2; die "initdb failed (log: $LOG_DIR/postgres-initdb.log)"; }
  fi
  touch "$pglog" && [ "$(id -u)" = 0 ] && chown postgres "$pglog"
  "${runas[@]}" "$bindir/pg_ctl" -D "$pgdata" -l "$pglog" -w -t "$START_TIMEOUT_S" \
    -o "-h $PGHOST -p $PGPORT -k /tmp -c max_connections=300 -c shared_buffers=256MB" start >/dev/null ||
    { tail -n 30 "$pglog" >&2; die "postgres failed to start (log: $pglog)"; }
  wait_until postgres "$pglog" check_postgres
  "$bindir/psql" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$PGDATABASE'" | grep -q 1 ||
    "$bindir/psql" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "CREATE DATABASE \"$PGDATABASE\""
  echo postgres >"$RUN_DIR/postgres.started"
}

start_redis() {
  mkdir -p "$DATA_DIR/redis" "$LOG_DIR"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes \
    --dir "$DATA_DIR/redis" --pidfile "$RUN_DIR/redis.pid" --logfile "$LOG_DIR/redis.log"
  wait_until redis "$LOG_DIR/redis.log" check_redis
}

start_kafka() {
  local kdata="$DATA_DIR/kafka" props="$DATA_DIR/kafka/server.properties"
  mkdir -p "$kdata/logs" "$LOG_DIR"
  cat >"$props" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$kdata/logs
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
default.replication.factor=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
log.retention.hours=168
EOF
  local cp="$KAFKA_LIBS/*"
  if [ ! -f "$kdata/logs/meta.properties" ]; then
    local cluster_id
    cluster_id="$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    log "formatting Kafka storage (cluster $cluster_id)"
    java -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$props" >"$LOG_DIR/kafka-format.log" 2>&1 ||
      { tail -n 20 "$LOG_DIR/kafka-format.log" >&2; die "Kafka storage format failed (log: $LOG_DIR/kafka-format.log)"; }
  fi
  : >"$LOG_DIR/kafka.log"
  nohup java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=info -Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn \
    -Dorg.slf4j.simpleLogger.log.kafka=info -Dorg.slf4j.simpleLogger.log.state.change.logger=warn \
    -cp "$cp" kafka.Kafka "$props" >>"$LOG_DIR/kafka.log" 2>&1 &
  echo $! >"$RUN_DIR/kafka.pid"
  wait_until kafka "$LOG_DIR/kafka.log" check_kafka
}

start_temporal() {
  mkdir -p "$DATA_DIR/temporal" "$LOG_DIR"
  # Eager activity dispatch hands an activity scheduled by a workflow task straight back to the worker that completed
  # the task, skipping a matching round trip (~270 ms median per window close measured in bench:pipeline).
  nohup "$TEMPORAL_BIN" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
    --db-filename "$DATA_DIR/temporal/temporal.db" \
    --sqlite-pragma journal_mode=WAL --sqlite-pragma synchronous=OFF \
    --namespace "$TEMPORAL_NAMESPACE" --log-level warn \
    --dynamic-config-value frontend.enableUpdateWorkflowExecution=true \
    --dynamic-config-value system.enableActivityEagerExecution=true \
    >"$LOG_DIR/temporal.log" 2>&1 &
  echo $! >"$RUN_DIR/temporal.pid"
  wait_until temporal "$LOG_DIR/temporal.log" check_temporal
}

# ---------------------------------------------------------------- stop

stop_pidfile() {
  local svc="$1" pidfile="$RUN_DIR/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "$svc stopped"
}

stop_postgres() {
  [ -f "$RUN_DIR/postgres.started" ] || return 0
  local runas=()
  [ "$(id -u)" = 0 ] && runas=(env -C / runuser -u postgres --)
  "${runas[@]}" "$(pg_bindir)/pg_ctl" -D "$(pg_home)/postgres" -m fast -w stop >/dev/null 2>&1 || true
  rm -f "$RUN_DIR/postgres.started"
  log "postgres stopped"
}

stop_redis() {
  [ -f "$RUN_DIR/redis.pid" ] || return 0
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  stop_pidfile redis
  log "redis stopped"
}

# ---------------------------------------------------------------- commands

services_from_args() { if [ "$#" -eq 0 ]; then echo "${ALL_SERVICES[@]}"; else echo "$@"; fi; }

cmd_install() {
  local svc t0
  for svc in $(services_from_args "$@"); do
    t0=$SECONDS
    "install_$svc"
    log "$svc installed ($((SECONDS - t0)) s)"
  done
}

cmd_start() {
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  local svc t0
  for svc in $(services_from_args "$@"); do
    "install_$svc"
    if is_up "$svc"; then
      log "$svc already up"
      continue
    fi
    t0=$SECONDS
    "start_$svc"
    log "$svc up ($((SECONDS - t0)) s)"
    # Lets a caller (npm test) stop only what it started.
    [ -n "${STACK_STARTED_FILE:-}" ] && echo "$svc" >>"$STACK_STARTED_FILE"
  done
  write_env_file
}

cmd_status() {
  local svc rc=0
  for svc in $(services_from_args "$@"); do
    if is_up "$svc" 2>/dev/null; then printf '%-9s up\n' "$svc"; else printf '%-9s DOWN\n' "$svc"; rc=1; fi
  done
  printf '\nPGHOST=%s PGPORT=%s PGUSER=%s PGDATABASE=%s\nREDIS_URL=%s\nKAFKA_BROKERS=%s\nTEMPORAL_ADDRESS=%s (UI http://127.0.0.1:%s)\nlogs: %s\n' \
    "$PGHOST" "$PGPORT" "$PGUSER" "$PGDATABASE" "$REDIS_URL" "$KAFKA_BROKERS" "$TEMPORAL_ADDRESS" "$TEMPORAL_UI_PORT" "$LOG_DIR"
  return "$rc"
}

cmd_stop() {
  local svc
  for svc in $(services_from_args "$@"); do
    case "$svc" in
      postgres) stop_postgres ;;
      redis) stop_redis ;;
      *) stop_pidfile "$svc" ;;
    esac
  done
}

env_lines() {
  cat <<EOF
export PGHOST=$PGHOST PGPORT=$PGPORT PGUSER=$PGUSER PGDATABASE=$PGDATABASE
export REDIS_URL=$REDIS_URL KAFKA_BROKERS=$KAFKA_BROKERS
export TEMPORAL_ADDRESS=$TEMPORAL_ADDRESS TEMPORAL_NAMESPACE=$TEMPORAL_NAMESPACE TEMPORAL_BIN=$TEMPORAL_BIN
EOF
}

write_env_file() { env_lines >"$DATA_DIR/stack.env"; }

case "${1:-}" in
  install) shift; cmd_install "$@" ;;
  start) shift; cmd_start "$@" ;;
  status) shift; cmd_status "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  env) env_lines ;;
  *) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; [ -n "${1:-}" ] && [ "$1" != --help ] && exit 2; exit 0 ;;
esac
