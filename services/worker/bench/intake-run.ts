import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { Kafka, logLevel } from 'kafkajs';
import type { NewswindowEvent } from '@newswindow/schemas';
import { encodeEvent, ensureTopics } from '@newswindow/ingest';
import { createPool, migrate } from '@newswindow/store';
import { createTestDatabase, uniqueName, waitFor } from '@newswindow/testkit';
import type { StackConfig } from '@newswindow/testkit';
import { readPanel, synthesizeNews } from './panel-data';
import type { WorkerProcess } from './worker-process';
import { REPO_ROOT, startWorkerProcess, terminateLeftovers } from './worker-process';

// Live intake end to end (`npm run bench:intake`, and part (d) of `npm run bench:pipeline`). N news items (SYNTHESIZED dates over the FNSPID panel tickers) are
// produced to Kafka as fast as the producer goes; `newswindow consume` processes (C of them, one consumer group) store
// them; W worker processes (their trigger subscription) start one study workflow per linked event. Measured: news/s
// from the first send until every story is stored, and until every story has been handed to Temporal (the trigger
// subscription's checkpoint passed the last story: signal-with-start returned for each), and the workers' peak RSS.

const rssMb = (pid: number): number => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]) / 1024;
  } catch {
    return 0;
  }
};

/** Study workflows still running on `taskQueue` (Temporal visibility). */
async function runningWorkflows(stack: StackConfig, taskQueue: string): Promise<number> {
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const client = new Client({ connection, namespace: stack.temporalNamespace });
    const r = await client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`);
    return r.count;
  } finally {
    await connection.close();
  }
}

/** What {@link benchIntake} measured. */
export interface IntakeFigures {
  readonly news: number;
  readonly producedS: number;
  /** First send → every story stored. */
  readonly storedS: number;
  /** First send → the trigger's checkpoint passed the last story (signal-with-start returned for each). */
  readonly startedS: number;
  /** Peak RSS of the worker processes (sum). */
  readonly workerRssPeakMb: number;
  /** Study workflows running at the end (they wait for bars that never come). */
  readonly runningWorkflows: number;
}

/**
 * Live intake: `news` stories produced to Kafka, stored by `consumers` `newswindow consume` processes, handed to
 * Temporal by `workers` worker processes. Figures; `say` narrates.
 */
export async function benchIntake(
  stack: StackConfig,
  opts: {
    news: number;
    partitions: number;
    consumers: number;
    workers: number;
    keep?: boolean;
    say: (line: string) => void;
  },
): Promise<IntakeFigures> {
  const { say } = opts;
  const n = opts.news;
  const partitions = opts.partitions;
  const consumerCount = opts.consumers;
  const workerCount = opts.workers;
  const panel = readPanel();
  const news = synthesizeNews(panel, n, { idPrefix: 'intake' }).events;
  const db = await createTestDatabase(stack, 'nw_intake');
  const pool = createPool({ ...db.connection, max: 2 });
  const prefix = uniqueName('intake');
  const topic = `${prefix}.news`;
  const kafka = new Kafka({ clientId: prefix, brokers: [...stack.kafkaBrokers], logLevel: logLevel.ERROR });
  const consumers: { kill(): void; pid: number | undefined }[] = [];
  const workers: WorkerProcess[] = [];
  try {
    await migrate(pool);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic, `${topic}.dlq`], { partitions });
    await admin.disconnect();
    const env = {
      ...process.env,
      PGDATABASE: db.name,
      NEWSWINDOW_DEPLOYMENT: prefix,
      NEWSWINDOW_TASK_QUEUE: `${prefix}-q`,
      NEWSWINDOW_TRIGGER_SUBSCRIPTION: `${prefix}-triggers`,
      NEWSWINDOW_TRIGGER_FROM_BEGINNING: '1',
      NEWSWINDOW_WORKFLOW_ID_PREFIX: `${prefix}:`,
    };
    for (let i = 0; i < workerCount; i++) workers.push(await startWorkerProcess(env));
    for (let i = 0; i < consumerCount; i++) {
      const child = spawn(
        process.execPath,
        [
          '--conditions=newswindow-source',
          '--import',
          'tsx',
          'services/cli/src/cli.ts',
          'consume',
          '--topics',
          'news',
          '--news-topic',
          topic,
          '--group',
          `${prefix}-ingest`,
        ],
        { cwd: REPO_ROOT, env, stdio: 'ignore' },
      );
      consumers.push({ kill: () => child.kill('SIGTERM'), pid: child.pid });
    }
    say(
      `${n} news (SYNTHESIZED dates, ${new Set(news.map((e) => (e.data as { tickers?: string[] }).tickers?.[0])).size} tickers), topic with ${partitions} partition(s), ${consumerCount} consume process(es), ${workerCount} worker process(es)`,
    );
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(
        peakRss,
        workers.reduce((a, w) => a + rssMb(w.pid), 0),
      );
    }, 250);
    const t0 = Date.now();
    for (let i = 0; i < news.length; i += 500)
      await producer.send({
        topic,
        messages: news
          .slice(i, i + 500)
          .map((e) => ({ key: e.streamId, value: encodeEvent({ type: e.type, data: e.data } as NewswindowEvent) })),
      });
    const sentS = (Date.now() - t0) / 1000;
    await producer.disconnect();
    const count = async (): Promise<{ stored: number; last: number; checkpoint: number }> => {
      const r = await pool.query<{ stored: string; last: string | null; checkpoint: string | null }>(
        `SELECT (SELECT count(*) FROM events WHERE type = 'NewsPublished') AS stored,
                (SELECT max(position) FROM events WHERE type = 'NewsPublished') AS last,
                (SELECT position FROM projection_checkpoints WHERE name = $1) AS checkpoint`,
        [`subscription:${prefix}-triggers`],
      );
      const row = r.rows[0];
      return {
        stored: Number(row?.stored ?? 0),
        last: Number(row?.last ?? 0),
        checkpoint: Number(row?.checkpoint ?? 0),
      };
    };
    const storedAt = await waitFor(async () => ((await count()).stored >= n ? Date.now() : false), {
      timeoutMs: 1_800_000,
      intervalMs: 100,
      description: 'every story stored',
    });
    const startedAt = await waitFor(
      async () => {
        const c = await count();
        return c.stored >= n && c.checkpoint >= c.last ? Date.now() : false;
      },
      { timeoutMs: 1_800_000, intervalMs: 100, description: 'every story handed to Temporal' },
    );
    // Memory with every workflow started and waiting: sample a little longer, as the last starts settle in the worker.
    const settle = Date.now() + 3_000;
    while (Date.now() < settle) await new Promise((done) => setTimeout(done, 250));
    clearInterval(sampler);
    const running = await runningWorkflows(stack, `${prefix}-q`);
    return {
      news: n,
      producedS: sentS,
      storedS: (storedAt - t0) / 1000,
      startedS: (startedAt - t0) / 1000,
      workerRssPeakMb: peakRss,
      runningWorkflows: running,
    };
  } finally {
    for (const c of consumers) c.kill();
    for (const w of workers) await w.stop();
    terminateLeftovers(stack, `${prefix}-q`, 'bench:intake finished');
    await pool.end();
    if (opts.keep === true) say(`kept database ${db.name}`);
    else await db.drop();
  }
}
