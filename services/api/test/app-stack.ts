import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Kafka, logLevel } from 'kafkajs';
import type { Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { barKind, loadBarFile, loadNewsFile, newsKind, storeAddressOf } from '@newswindow/ingest';
import { deploymentNames } from '@newswindow/schemas';
import { createEventStore, createPool, migrate } from '@newswindow/store';
import { createTestDatabase, readFixtureRows, stackConfigFromEnv, uniqueName, waitFor } from '@newswindow/testkit';
import type { StackConfig, TestDatabase } from '@newswindow/testkit';
import type { BackfillProgress } from '@newswindow/workflows';
import { backfill, backfillWorkflowId } from '@newswindow/workflows';
import { apiConfigFromEnv, startApiServer } from '../src';
import type { RunningApi } from '../src';

export const REPO_ROOT = resolve(__dirname, '../../..');
const DEMO_DATA = resolve(REPO_ROOT, 'infra/demo-data');

/** The seeded stack one e2e spec file of the API runs against. */
export interface AppStack {
  readonly api: RunningApi;
  readonly url: string;
  readonly token: string;
  readonly db: TestDatabase;
  /** Owner pool on the suite's database (for checks the read-only role may not make). */
  readonly pool: Pool;
  readonly alertsTopic: string;
  readonly taskQueue: string;
  readonly client: Client;
  readonly producer: Producer;
  /** Workflow ids the suite started (terminated by `stop`). */
  readonly workflowIds: string[];
  stop(): Promise<void>;
}

/** Appends the demo's bars and news to the suite's event store, as the ingest consumer would. */
async function appendDemoData(pool: Pool): Promise<void> {
  const bars = await readFixtureRows(loadBarFile(resolve(DEMO_DATA, 'prices_alibaba_benchmarks_daily.csv')));
  const news = [
    ...(await readFixtureRows(loadNewsFile(resolve(DEMO_DATA, 'alibaba_events_2025.csv')))),
    ...(await readFixtureRows(loadNewsFile(resolve(DEMO_DATA, 'alibaba_qwen_week_2025-09.jsonl')))),
  ];
  const toStore = <E extends Parameters<typeof storeAddressOf>[0]>(e: E) => ({ ...e, ...storeAddressOf(e) });
  await createEventStore(pool).appendIdempotent([
    ...bars.map((b) => toStore(barKind.toEvent(b))),
    ...news.map((n) => toStore(newsKind.toEvent(n))),
  ]);
}

/** Creates the suite's alerts topic and connects a producer; `teardown` deletes the one and disconnects the other. */
async function connectAlertsTopic(
  config: StackConfig,
  run: string,
  alertsTopic: string,
  teardown: (() => Promise<void>)[],
): Promise<Producer> {
  const kafka = new Kafka({ clientId: run, brokers: [...config.kafkaBrokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: alertsTopic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  teardown.push(async () => {
    const a = kafka.admin();
    await a.connect();
    await a.deleteTopics({ topics: [alertsTopic] }).catch(() => undefined);
    await a.disconnect();
  });
  const producer = kafka.producer();
  await producer.connect();
  teardown.push(() => producer.disconnect());
  return producer;
}

/** Starts the real worker entry point in a child process and resolves once it polls its task queue. */
async function startWorkerProcess(env: Record<string, string>): Promise<{ stop(): Promise<void>; output(): string }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=newswindow-source', '--import', 'tsx', 'services/worker/src/main.ts'],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  let exited = false;
  const gone = new Promise<void>((done) => child.once('exit', () => ((exited = true), done())));
  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  };
  try {
    const state = await waitFor(() => (exited ? 'exited' : out.includes('polling task queue') && 'ready'), {
      timeoutMs: 180_000,
      intervalMs: 100,
      description: 'the worker polling its queue',
    });
    if (state === 'exited') throw new Error(`the worker exited before polling its queue:\n${out}`);
  } catch (err) {
    child.kill('SIGKILL');
    await gone;
    throw err;
  }
  return { stop, output: () => out };
}

/**
 * A database of the suite's own with the demo's real inputs (`infra/demo-data`: Alibaba and benchmark prices, the
 * 2025 events, the Qwen article) appended as events, a real worker process on a task queue of its own that backfills
 * them into studies and per-tag aggregates, and the API server on a free port over that database.
 */
export async function startAppStack(name: string): Promise<AppStack> {
  const config = stackConfigFromEnv(process.env);
  const run = uniqueName(name);
  const deployment = run;
  const alertsTopic = deploymentNames(deployment).alertsTopic;
  const taskQueue = `${run}-studies`;
  const token = `test-token-${run}`;
  const teardown: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const step of teardown.splice(0).reverse()) await step().catch(() => undefined);
  };
  const workflowIds: string[] = [];
  try {
    const db = await createTestDatabase(config, 'nw_api_e2e');
    teardown.push(() => db.drop());
    const pool = createPool({ ...db.connection, max: 4 });
    teardown.push(() => pool.end());
    await migrate(pool);
    await appendDemoData(pool);
    const producer = await connectAlertsTopic(config, run, alertsTopic, teardown);

    const worker = await startWorkerProcess({
      PGDATABASE: db.name,
      NEWSWINDOW_DEPLOYMENT: deployment,
      NEWSWINDOW_TASK_QUEUE: taskQueue,
      NEWSWINDOW_RUN_TRIGGERS: '0',
      NEWSWINDOW_PROJECTION_INTERVAL_MS: '200',
      NEWSWINDOW_TAG_AGGREGATE_INTERVAL_MS: '200',
    });
    teardown.push(() => worker.stop());

    const connection = await Connection.connect({ address: config.temporalAddress });
    teardown.push(() => connection.close());
    const client = new Client({ connection, namespace: config.temporalNamespace });
    teardown.push(async () => {
      for (const id of workflowIds)
        await client.workflow
          .getHandle(id)
          .terminate('test cleanup')
          .catch(() => undefined);
    });

    // The studies come from the same backfill path the web app starts (tagging each story on the way).
    const filter = { from: '2025-01-01', to: '2025-12-31' };
    const seedId = `${run}:${backfillWorkflowId(filter)}`;
    workflowIds.push(seedId);
    const seeded: BackfillProgress = await (
      await client.workflow.start(backfill, { taskQueue, workflowId: seedId, args: [{ filter }] })
    ).result();
    if (seeded.state !== 'done' || seeded.studiesWritten === 0)
      throw new Error(`the seeding backfill wrote no study: ${JSON.stringify(seeded)}\n${worker.output()}`);
    await waitFor(
      async () => {
        const r = await pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM tag_aggregates WHERE tag = 'ai_model_launch' AND n_events > 0`,
        );
        return Number(r.rows[0]?.n ?? 0) > 0;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: 'the ai_model_launch aggregate' },
    );

    const api = await startApiServer(
      apiConfigFromEnv(
        {
          ...process.env,
          PGDATABASE: db.name,
          NEWSWINDOW_API_TOKEN: token,
          NEWSWINDOW_DEPLOYMENT: deployment,
          NEWSWINDOW_TASK_QUEUE: taskQueue,
          NEWSWINDOW_API_RATE_LIMIT: '100000',
        },
        { host: '127.0.0.1', port: 0 },
      ),
    );
    teardown.push(() => api.close());
    await waitFor(async () => (await fetch(`${api.url}/readyz`)).ok, {
      timeoutMs: 60_000,
      intervalMs: 100,
      description: 'the API ready',
    });
    return { api, url: api.url, token, db, pool, alertsTopic, taskQueue, client, producer, workflowIds, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
