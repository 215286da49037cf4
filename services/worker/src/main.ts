import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { logLine } from '@newswindow/schemas';
import { createPool } from '@newswindow/store';
import { createActivities } from './activities';
import { bundleWorkflows } from './bundle';
import { activityDeps, tagAggregator } from './composition';
import { workerConfigFromEnv } from './config';
import { createEventWindowHooks } from './hooks';
import { createNewsTagging } from './news-tagging';
import { createProjectionCatchUp, createProjectionLoop } from './projection-loop';
import type { ProjectionLoop } from './projection-loop';
import { createTriggerSubscription } from './trigger-subscription';
import { createHealthServer, type HealthCheck } from './health';

// One line per entry whatever a message contains (a newline in a news id), and no secret (webhook token, password).
const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} worker: ${logLine(line)}\n`);
};

async function run(): Promise<void> {
  const config = workerConfigFromEnv(process.env);
  // createPool listens for idle-client errors: a Postgres restart must not end the worker process.
  const pool = createPool({ ...config.pg, max: 8 });
  // Temporal owns the retries of activities: keep the clients' own retries short.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
  // ioredis reconnects by itself after a Redis restart; its 'error' events only need a (throttled) line in the log.
  let lastRedisLog = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - lastRedisLog < 10_000) return;
    lastRedisLog = Date.now();
    log(`redis: ${err.message} (reconnecting)`);
  });
  const kafka = new Kafka({
    clientId: 'newswindow-worker',
    brokers: [...config.kafkaBrokers],
    logLevel: logLevel.ERROR,
    retry: { retries: 2 },
  });
  const producer = kafka.producer();
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  let trigger: ReturnType<typeof createTriggerSubscription> | undefined;
  let projections: ProjectionLoop | undefined;
  let health: Server | undefined;
  let lastProjectionRound: { at: number; ok: boolean } | undefined;
  try {
    await producer.connect();
    log('bundling workflows');
    const workflowBundle = await bundleWorkflows();
    // The read models and tag aggregates are kept current by this loop (every interval, and right after the worker's
    // own study writes); reads also catch their projection up on demand. See the README, "Projections".
    // A projection never stops on one event: the store records it in projection_failures and goes on; say so loudly.
    const catchUp = createProjectionCatchUp(pool, {
      onFailure: (f) =>
        log(
          `ALERT projection ${f.projection} could not apply position ${f.position} (${f.eventType} ${JSON.stringify(f.streamId)}): ${JSON.stringify(f.error)}; recorded, see \`newswindow db projections failures\``,
        ),
    });
    const deps = activityDeps(config, {
      pool,
      redis,
      producer,
      redisPrefix: config.redisPrefix,
      catchUp,
      onStudiesWritten: () => projections?.poke(),
    });
    const aggregates = tagAggregator(deps, { pool, catchUp, minIntervalMs: config.tagAggregateIntervalMs, log });
    projections = createProjectionLoop({
      catchUp: async () => {
        try {
          await catchUp();
          lastProjectionRound = { at: Date.now(), ok: true };
        } catch (err) {
          lastProjectionRound = { at: Date.now(), ok: false };
          throw err;
        }
      },
      afterCatchUp: async () => {
        await aggregates.refresh();
      },
      intervalMs: config.projectionIntervalMs,
      log,
    });
    projections.start();
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowBundle,
      activities: createActivities(deps),
    });
    if (config.runTriggers) {
      const hooks = createEventWindowHooks({
        client,
        taskQueue: config.temporal.taskQueue,
        reference: deps.reference,
        waits: deps.waits,
        priceCache: deps.priceCache,
        tagging: createNewsTagging(deps),
        workflowIdPrefix: config.workflowIdPrefix,
        studyOptions: {
          ...(config.studyMinWaitMs === null ? {} : { minWaitMs: config.studyMinWaitMs }),
          ...(config.alertAttempts === null ? {} : { alertAttempts: config.alertAttempts }),
        },
        log,
      });
      trigger = createTriggerSubscription({
        pool,
        name: config.triggerSubscription,
        hooks,
        start: config.triggerFromBeginning ? 'beginning' : 'end',
        log,
      });
      trigger.start();
      log(`triggering studies from the event store (subscription ${config.triggerSubscription})`);
    }
    if (config.health !== null) {
      const checks: HealthCheck[] = [
        { name: 'postgres', check: async () => (await pool.query('SELECT 1')).rowCount === 1 },
        { name: 'redis', check: async () => (await redis.ping()) === 'PONG' },
        { name: 'temporal worker', check: () => Promise.resolve(worker.getState() === 'RUNNING' ? 'RUNNING' : false) },
        {
          name: 'projections',
          check: () =>
            Promise.resolve(
              lastProjectionRound === undefined
                ? 'no round yet'
                : lastProjectionRound.ok || `last round failed ${Date.now() - lastProjectionRound.at} ms ago`,
            ),
        },
        ...(trigger === undefined
          ? []
          : [
              {
                name: 'trigger subscription',
                check: () => {
                  const t = trigger!.status();
                  return Promise.resolve(t.state === 'running' || t.state === 'starting' ? t.state : false);
                },
              },
            ]),
      ];
      health = createHealthServer(checks);
      const { host, port } = config.health;
      await new Promise<void>((resolve) => health!.listen(port, host, resolve));
      log(`health on http://${host}:${port}/livez and /readyz`);
    }
    const stop = (signal: string): void => {
      log(`${signal}: shutting down`);
      worker.shutdown();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    log(`polling task queue ${config.temporal.taskQueue} on ${config.temporal.address}`);
    await worker.run();
  } finally {
    health?.close();
    await trigger?.stop().catch(() => undefined);
    await projections?.stop().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await clientConnection.close().catch(() => undefined);
    await connection.close().catch(() => undefined);
    redis.disconnect();
    await pool.end();
    log('stopped');
  }
}

run().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
