import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import type { Pool } from 'pg';
import { createPool } from '@newswindow/store';
import type { ActivityDeps } from './activities';
import { createActivities } from './activities';
import { bundleWorkflows } from './bundle';
import { activityDeps, eventWindowHooks, tagAggregator } from './composition';
import type { WorkerConfig } from './config';
import { workerConfigFromEnv } from './config';
import { createHealthServer, type HealthCheck } from './health';
import { createWorkerLog, errorField, type WorkerLog } from './logger';
import { createProjectionCatchUp, createProjectionLoop } from './projection-loop';
import { createWorkerRedis } from './redis-adapters';
import type { ProjectionLoop } from './projection-loop';
import { createTriggerSubscription } from './trigger-subscription';

type TriggerSubscription = ReturnType<typeof createTriggerSubscription>;

/** The clients of the process; `run` closes them in its `finally`. */
interface Clients {
  readonly pool: Pool;
  readonly redis: Redis;
  readonly producer: ReturnType<Kafka['producer']>;
  readonly connection: NativeConnection;
  readonly clientConnection: Connection;
  readonly client: Client;
}

async function connectClients(config: WorkerConfig, log: WorkerLog): Promise<Clients> {
  // createPool listens for idle-client errors: a Postgres restart must not end the worker process.
  const pool = createPool({ ...config.pg, max: 8 });
  const redis = createWorkerRedis(config.redisUrl, (line) => log.warn(line));
  const kafka = new Kafka({
    clientId: 'newswindow-worker',
    brokers: [...config.kafkaBrokers],
    logLevel: logLevel.ERROR,
    logCreator: log.kafka,
    retry: { retries: 2 },
  });
  const producer = kafka.producer();
  const connection = await NativeConnection.connect(config.temporal.connectionOptions);
  const clientConnection = await Connection.connect(config.temporal.connectionOptions);
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  return { pool, redis, producer, connection, clientConnection, client };
}

/**
 * The read models and tag aggregates kept current by one loop (every interval, and right after the worker's own study
 * writes); reads also catch their projection up on demand. See the README, "Projections".
 */
function startProjections(config: WorkerConfig, clients: Clients, log: WorkerLog) {
  let lastRound: { at: number; ok: boolean } | undefined;
  // A projection never stops on one event: the store records it in projection_failures and goes on; say so loudly.
  const catchUp = createProjectionCatchUp(clients.pool, {
    onFailure: (f) =>
      log.error(
        `ALERT projection ${f.projection} could not apply position ${f.position} (${f.eventType} ${JSON.stringify(f.streamId)}): ${JSON.stringify(f.error)}; recorded, see \`newswindow db projections failures\``,
      ),
  });
  const deps = activityDeps(config, {
    ...clients,
    redisPrefix: config.redisPrefix,
    catchUp,
    // Called only once activities run, after `loop` below exists.
    onStudiesWritten: () => loop.poke(),
  });
  const aggregates = tagAggregator(deps, {
    pool: clients.pool,
    catchUp,
    minIntervalMs: config.tagAggregateIntervalMs,
    log: log.info,
  });
  const loop = createProjectionLoop({
    catchUp: async () => {
      try {
        await catchUp();
        lastRound = { at: Date.now(), ok: true };
      } catch (err) {
        lastRound = { at: Date.now(), ok: false };
        throw err;
      }
    },
    afterCatchUp: async () => {
      await aggregates.refresh();
    },
    intervalMs: config.projectionIntervalMs,
    log: log.warn,
  });
  loop.start();
  const check: HealthCheck = {
    name: 'projections',
    check: () =>
      Promise.resolve(
        lastRound === undefined
          ? 'no round yet'
          : lastRound.ok || `last round failed ${Date.now() - lastRound.at} ms ago`,
      ),
  };
  return { deps, loop, check };
}

/** Stored news → signal-with-start of its studies, stored bars → wake their waiters (see the README's first section). */
function startTriggers(config: WorkerConfig, client: Client, deps: ActivityDeps, pool: Pool, log: WorkerLog) {
  const hooks = eventWindowHooks(deps, {
    client,
    taskQueue: config.temporal.taskQueue,
    workflowIdPrefix: config.workflowIdPrefix,
    studyOptions: {
      ...(config.studyMinWaitMs === null ? {} : { minWaitMs: config.studyMinWaitMs }),
      ...(config.alertAttempts === null ? {} : { alertAttempts: config.alertAttempts }),
    },
    log: log.info,
  });
  const trigger = createTriggerSubscription({
    pool,
    name: config.triggerSubscription,
    hooks,
    start: config.triggerFromBeginning ? 'beginning' : 'end',
    concurrency: config.triggerConcurrency,
    log: log.warn,
  });
  trigger.start();
  log.info(`triggering studies from the event store (subscription ${config.triggerSubscription})`);
  const check: HealthCheck = {
    name: 'trigger subscription',
    check: () => {
      const t = trigger.status();
      return Promise.resolve(t.state === 'running' || t.state === 'starting' ? t.state : false);
    },
  };
  return { trigger, check };
}

async function startHealth(
  health: NonNullable<WorkerConfig['health']>,
  checks: readonly HealthCheck[],
  log: WorkerLog,
): Promise<Server> {
  const server = createHealthServer(checks);
  await new Promise<void>((resolve) => server.listen(health.port, health.host, resolve));
  log.info(`health on http://${health.host}:${health.port}/livez and /readyz`);
  return server;
}

async function run(log: WorkerLog, config: WorkerConfig): Promise<void> {
  const clients = await connectClients(config, log);
  let trigger: TriggerSubscription | undefined;
  let projections: ProjectionLoop | undefined;
  let health: Server | undefined;
  try {
    await clients.producer.connect();
    log.info('bundling workflows');
    const workflowBundle = await bundleWorkflows();
    const started = startProjections(config, clients, log);
    projections = started.loop;
    const worker = await Worker.create({
      connection: clients.connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowBundle,
      activities: createActivities(started.deps),
    });
    const triggers = config.runTriggers
      ? startTriggers(config, clients.client, started.deps, clients.pool, log)
      : undefined;
    trigger = triggers?.trigger;
    if (config.health !== null) {
      health = await startHealth(
        config.health,
        [
          { name: 'postgres', check: async () => (await clients.pool.query('SELECT 1')).rowCount === 1 },
          { name: 'redis', check: async () => (await clients.redis.ping()) === 'PONG' },
          {
            name: 'temporal worker',
            check: () => Promise.resolve(worker.getState() === 'RUNNING' ? 'RUNNING' : false),
          },
          started.check,
          ...(triggers === undefined ? [] : [triggers.check]),
        ],
        log,
      );
    }
    const stop = (signal: string): void => {
      log.info(`${signal}: shutting down`);
      worker.shutdown();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    log.info(`polling task queue ${config.temporal.taskQueue} on ${config.temporal.address}`);
    await worker.run();
  } finally {
    health?.close();
    await trigger?.stop().catch(() => undefined);
    await projections?.stop().catch(() => undefined);
    await clients.producer.disconnect().catch(() => undefined);
    await clients.clientConnection.close().catch(() => undefined);
    await clients.connection.close().catch(() => undefined);
    clients.redis.disconnect();
    await clients.pool.end();
    log.info('stopped');
  }
}

function main(): void {
  let log = createWorkerLog('info');
  try {
    const config = workerConfigFromEnv(process.env);
    log = createWorkerLog(config.logLevel);
    // The SDK's own log (activity retries, workflow task failures) goes through the same logger: one line each.
    Runtime.install({ logger: log.temporal });
    run(log, config).catch((err: unknown) => fail(log, err));
  } catch (err) {
    fail(log, err);
  }
}

function fail(log: WorkerLog, err: unknown): void {
  log.logger.fatal(
    { error: err instanceof Error ? errorField(err, true) : String(err) },
    `failed: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
}

main();
