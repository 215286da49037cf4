import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { Kafka, logLevel } from 'kafkajs';
import type { Pool } from 'pg';
import type { NewswindowEvent } from '@newswindow/schemas';
import { toEnvelope } from '@newswindow/schemas';
import { createEventStore, createPool, migrate } from '@newswindow/store';
import type { IdempotentEvent } from '@newswindow/store';
import { defaultReferenceData } from '@newswindow/tagger';
import { createTestDatabase, stackConfigFromEnv, uniqueName, waitFor } from '@newswindow/testkit';
import type { StackConfig, TestDatabase } from '@newswindow/testkit';
import type { BackfillProgress } from '@newswindow/workflows';
import { backfill, backfillProgressQuery, eventStatusQuery, studyWorkflowId } from '@newswindow/workflows';
import { linkStory } from '@newswindow/tagger';
import type { Panel } from './panel-data';
import {
  PANEL_BENCHMARK,
  barEvent,
  panelMasterFile,
  newsEvent,
  panelBarEvents,
  readPanel,
  synthesizeNews,
} from './panel-data';
import { benchAlertLatency } from './alert-latency';
import { benchIntake } from './intake-run';
import { startAlertReceiver } from './alert-receiver';
import type { WorkerProcess } from './worker-process';
import { REPO_ROOT, startWorkerProcess } from './worker-process';

// `npm run bench:pipeline`: (a) a backfill of N synthesized news items over the FNSPID 50-ticker panel through a real
// worker process, Temporal and Postgres; (b) live latency from producing a window's closing bar to Kafka to its study
// row in Postgres, through the ingest consumer, the worker's trigger subscription on the event store and studyNewsEvent workflows;
// (a) runs with --alerts (alerts per second to a signed webhook) unless --backfill-without-alerts; (c) live alert
// latency, day-0 closing bars produced to Kafka -> webhook POST received (./alert-latency.ts); (d) live intake, N news
// produced to Kafka -> stored -> handed to Temporal, with the worker's peak RSS at N running workflows (./intake-run.ts).

const say = (line: string): void => {
  process.stdout.write(`[bench:pipeline] ${line}\n`);
};

const percentile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;

async function withDatabase<T>(stack: StackConfig, keep: boolean, fn: (db: TestDatabase, pool: Pool) => Promise<T>) {
  const db = await createTestDatabase(stack, 'nw_bench');
  const pool = createPool({ ...db.connection, max: 4 });
  try {
    await migrate(pool);
    return await fn(db, pool);
  } finally {
    await pool.end();
    if (keep) say(`kept database ${db.name}`);
    else await db.drop();
  }
}

async function appendInChunks(pool: Pool, events: readonly IdempotentEvent[], size = 10_000): Promise<void> {
  const store = createEventStore(pool);
  for (let i = 0; i < events.length; i += size) await store.appendIdempotent(events.slice(i, i + size));
}

interface BackfillFigures {
  /** Alerts delivered to the webhook (`--alerts`), or null when the backfill ran without alerts. */
  readonly alerts: { readonly delivered: number; readonly inOutbox: number; readonly badSignatures: number } | null;
  readonly news: number;
  readonly studies: number;
  readonly computed: number;
  readonly skipped: number;
  readonly seconds: number;
}

async function benchBackfill(
  stack: StackConfig,
  client: Client,
  panel: Panel,
  opts: { news: number; batchSize: number; parallelism: number; keep: boolean; alerts: boolean },
): Promise<BackfillFigures> {
  return withDatabase(stack, opts.keep, async (db, pool) => {
    const receiver = opts.alerts ? await startAlertReceiver('bench-secret') : undefined;
    const started = Date.now();
    const bars = panelBarEvents(panel);
    const news = synthesizeNews(panel, opts.news, { idPrefix: 'bench' });
    await appendInChunks(pool, [...bars, ...news.events]);
    say(
      `stored ${bars.length} real daily bars of ${panel.size} panel tickers and ${news.events.length} news items ` +
        `with SYNTHESIZED dates (one per ticker and session, 2020-01 to 2023-11) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const prefix = uniqueName('bench');
    const taskQueue = `${prefix}-backfill`;
    const worker = await startWorkerProcess({
      PGDATABASE: db.name,
      NEWSWINDOW_TASK_QUEUE: taskQueue,
      NEWSWINDOW_RUN_TRIGGERS: '0',
      NEWSWINDOW_DEPLOYMENT: prefix,
      ...(receiver === undefined ? {} : { ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: 'bench-secret' }),
    });
    try {
      say(
        `worker pid ${worker.pid} polling ${taskQueue}; starting the backfill (batch ${opts.batchSize}, parallelism ${opts.parallelism})`,
      );
      const t0 = Date.now();
      const handle = await client.workflow.start(backfill, {
        taskQueue,
        workflowId: `${prefix}-backfill`,
        args: [
          {
            filter: { from: '2019-01-01', to: '2023-12-31' },
            benchmark: PANEL_BENCHMARK,
            batchSize: opts.batchSize,
            parallelism: opts.parallelism,
            ...(opts.alerts ? { alerts: true } : {}),
          },
        ],
      });
      const ticker = setInterval(() => {
        handle
          .query(backfillProgressQuery)
          .then((p: BackfillProgress) =>
            say(`  ${p.newsProcessed}/${p.totalNews ?? '?'} news, ${p.studiesWritten} studies written`),
          )
          .catch(() => undefined);
      }, 5_000);
      let result: BackfillProgress;
      try {
        result = await handle.result();
      } finally {
        clearInterval(ticker);
      }
      const seconds = (Date.now() - t0) / 1000;
      const r = await pool.query<{ status: string; n: string; ids: string }>(
        `SELECT data->>'status' AS status, count(*) AS n, count(DISTINCT data->>'studyId') AS ids
           FROM events WHERE type = 'StudyComputed' GROUP BY 1`,
      );
      const by = new Map(r.rows.map((x) => [x.status, Number(x.n)]));
      const studies = r.rows.reduce((a, x) => a + Number(x.ids), 0);
      if (result.newsProcessed !== opts.news)
        throw new Error(`backfill processed ${result.newsProcessed} of ${opts.news}`);
      const alerts =
        receiver === undefined
          ? null
          : {
              delivered: receiver.delivered().length,
              inOutbox: Number(
                (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM alert_outbox`)).rows[0]?.n ?? 0,
              ),
              badSignatures: receiver.receipts.filter((r) => !r.signatureValid).length,
            };
      return {
        news: opts.news,
        studies,
        computed: by.get('computed') ?? 0,
        skipped: by.get('skipped') ?? 0,
        seconds,
        alerts,
      };
    } finally {
      await worker.stop();
      await receiver?.close();
    }
  });
}

interface LiveFigures {
  readonly events: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

const encode = (e: IdempotentEvent): string =>
  JSON.stringify(toEnvelope({ type: e.type, data: e.data } as NewswindowEvent));

async function benchLive(
  stack: StackConfig,
  client: Client,
  panel: Panel,
  opts: { events: number; keep: boolean },
): Promise<LiveFigures> {
  return withDatabase(stack, opts.keep, async (db, pool) => {
    const market = panel.get('QQQ') ?? [];
    const tickers = [...panel.keys()].filter((t) => t !== 'QQQ' && (panel.get(t)?.length ?? 0) === market.length);
    const rounds = Math.ceil(opts.events / tickers.length);
    // Closing sessions S_1..S_R from June 2023; an event of round r has day 0 five sessions before S_r, so its longest
    // window ([0, +5]) closes with S_r. Stock bars before S_1 are history (stored directly); S_1..S_R arrive live via
    // Kafka. The market proxy's bars are all stored up front: before 2024 the calendar is the benchmark's stored
    // sessions (the shipped session file starts in 2024), so day 0 can only be anchored where the market has closes.
    const first = market.findIndex((b) => b.date >= '2023-06-01');
    const closing = market.slice(first, first + rounds).map((b) => b.date);
    const history = [
      ...tickers.flatMap((t) =>
        (panel.get(t) ?? []).filter((b) => b.date < (closing[0] ?? '')).map((b) => barEvent(t, b)),
      ),
      ...market.map((b) => barEvent('QQQ', b)),
    ];
    await appendInChunks(pool, history);

    const prefix = uniqueName('benchlive');
    const topics = { news: `${prefix}.news`, bars: `${prefix}.bars` };
    const kafka = new Kafka({ clientId: prefix, brokers: [...stack.kafkaBrokers], logLevel: logLevel.ERROR });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: topics.news }, { topic: topics.bars }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();

    const consumerEnv = { ...process.env, PGDATABASE: db.name };
    const ingest = spawn(
      process.execPath,
      [
        '--conditions=newswindow-source',
        '--import',
        'tsx',
        'services/cli/src/cli.ts',
        'consume',
        '--topics',
        'news,bars',
        '--news-topic',
        topics.news,
        '--bars-topic',
        topics.bars,
        '--group',
        `${prefix}-ingest`,
      ],
      { cwd: REPO_ROOT, env: consumerEnv, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const workflowIdPrefix = `${prefix}:`;
    let worker: WorkerProcess | undefined;
    try {
      worker = await startWorkerProcess({
        PGDATABASE: db.name,
        NEWSWINDOW_TASK_QUEUE: `${prefix}-live`,
        NEWSWINDOW_RUN_TRIGGERS: '1',
        NEWSWINDOW_TRIGGER_SUBSCRIPTION: `${prefix}-trigger`,
        NEWSWINDOW_TRIGGER_FROM_BEGINNING: '1',
        NEWSWINDOW_WORKFLOW_ID_PREFIX: workflowIdPrefix,
        NEWSWINDOW_DEPLOYMENT: prefix,
        NEWSWINDOW_SECURITY_MASTER_FILE: panelMasterFile([...panel.keys()]),
      });
      // One news item per (ticker, round), published at 10:00 New York on its day 0 (before the close).
      const news: IdempotentEvent[] = [];
      for (let r = 0; r < rounds; r++) {
        const day0 = market[first + r - 5]?.date ?? '';
        for (const t of tickers) {
          if (news.length >= opts.events) break;
          news.push(newsEvent(`${prefix}-${r}-${t}`, t, `${day0}T14:00:00Z`));
        }
      }
      const workflowIds = news.map((e) => {
        if (e.type !== 'NewsPublished') throw new Error('not news');
        const linked = linkStory({ ...e.data, tickers: e.data.tickers ?? [] }, defaultReferenceData);
        return `${workflowIdPrefix}${studyWorkflowId(linked.events[0]?.eventKey ?? '')}`;
      });
      await producer.send({ topic: topics.news, messages: news.map((e) => ({ key: e.streamId, value: encode(e) })) });
      say(
        `published ${news.length} news items (synthesized, day 0 in June 2023) to ${topics.news}; waiting for their workflows to wait for bars`,
      );
      await waitFor(
        async () => {
          for (const id of workflowIds) {
            const s = await client.workflow.getHandle(id).query(eventStatusQuery);
            if (s.phase !== 'waiting') return false;
          }
          return true;
        },
        { timeoutMs: 180_000, intervalMs: 500, description: 'every live workflow waiting for its closing bar' },
      );

      const latencies: number[] = [];
      for (const session of closing) {
        const expected = await pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM events WHERE type = 'StudyComputed'`,
        );
        const before = Number(expected.rows[0]?.n ?? 0);
        const inRound = news.filter((e) => e.streamId.includes(`-${closing.indexOf(session)}-`)).length;
        const bars = tickers.flatMap((t) => {
          const b = panel.get(t)?.find((x) => x.date === session);
          return b === undefined ? [] : [barEvent(t, b)];
        });
        const sentAt = Date.now();
        await producer.send({
          topic: topics.bars,
          messages: bars.map((e) => ({ key: (e.data as { symbol: string }).symbol, value: encode(e) })),
        });
        await waitFor(
          async () => {
            const r = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE type = 'StudyComputed'`);
            return Number(r.rows[0]?.n ?? 0) >= before + inRound;
          },
          { timeoutMs: 120_000, intervalMs: 50, description: `the ${inRound} studies closing on ${session}` },
        ).catch(async (err: unknown) => {
          const stuck = await client.workflow.getHandle(workflowIds[0] ?? '').query(eventStatusQuery);
          say(`still waiting: ${JSON.stringify(stuck)}\n${worker?.output().slice(-3_000) ?? ''}`);
          throw err;
        });
        const r = await pool.query<{ ms: string }>(
          `SELECT (extract(epoch FROM recorded_at) * 1000)::bigint AS ms FROM events
            WHERE type = 'StudyComputed' ORDER BY position OFFSET $1`,
          [before],
        );
        for (const row of r.rows) latencies.push(Number(row.ms) - sentAt);
        say(`  closing session ${session}: ${r.rows.length} studies`);
      }
      latencies.sort((a, b) => a - b);
      return {
        events: latencies.length,
        p50: percentile(latencies, 0.5),
        p95: percentile(latencies, 0.95),
        p99: percentile(latencies, 0.99),
        max: latencies.at(-1) ?? Number.NaN,
      };
    } finally {
      await worker?.stop();
      ingest.kill('SIGTERM');
      await producer.disconnect();
    }
  });
}

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      news: { type: 'string', default: '10000' },
      live: { type: 'string', default: '100' },
      'batch-size': { type: 'string', default: '250' },
      parallelism: { type: 'string', default: '2' },
      'skip-backfill': { type: 'boolean', default: false },
      'skip-live': { type: 'boolean', default: false },
      'skip-alerts': { type: 'boolean', default: false },
      'backfill-without-alerts': { type: 'boolean', default: false },
      'alert-stories': { type: 'string', default: '200' },
      'alert-tickers': { type: 'string', default: '40' },
      intake: { type: 'string', default: '10000' },
      'skip-intake': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const stack = stackConfigFromEnv(process.env);
  const panel = readPanel();
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: stack.temporalNamespace });
  try {
    say('the panel has daily bars only: news dates are SYNTHESIZED (one story per ticker and session)');
    if (!values['skip-backfill']) {
      const f = await benchBackfill(stack, client, panel, {
        news: Number(values.news),
        batchSize: Number(values['batch-size']),
        parallelism: Number(values.parallelism),
        keep: values.keep,
        alerts: !values['backfill-without-alerts'],
      });
      say(
        `(a) backfill: ${f.news} news -> ${f.studies} studies (${f.computed} computed, ${f.skipped} skipped with a reason) ` +
          `in ${f.seconds.toFixed(1)} s = ${(f.studies / f.seconds).toFixed(0)} studies/s  (target: 10 000 in < 60 s)`,
      );
      if (f.alerts !== null)
        say(
          `(a) with --alerts: ${f.alerts.delivered} alerts delivered to the webhook (${f.alerts.inOutbox} in the outbox, ` +
            `${f.alerts.badSignatures} bad signatures) = ${(f.alerts.delivered / f.seconds).toFixed(0)} alerts/s over the backfill`,
        );
    }
    if (!values['skip-live']) {
      const f = await benchLive(stack, client, panel, { events: Number(values.live), keep: values.keep });
      say(
        `(b) live: closing bar produced to Kafka -> study row in Postgres over ${f.events} events: ` +
          `p50 ${f.p50} ms, p95 ${f.p95} ms, p99 ${f.p99} ms, max ${f.max} ms  (target: p99 < 2000 ms)`,
      );
    }
    if (!values['skip-alerts']) {
      const f = await benchAlertLatency(stack, client, [...panel.keys()], {
        stories: Number(values['alert-stories']),
        perRound: Number(values['alert-tickers']),
        keep: values.keep,
        say,
      });
      const line = (xs: readonly number[]): string =>
        `p50 ${percentile(xs, 0.5)} ms, p95 ${percentile(xs, 0.95)} ms, p99 ${percentile(xs, 0.99)} ms, max ${xs.at(-1) ?? Number.NaN} ms`;
      say(
        `(c) live alerts, closing bars produced to Kafka -> signed webhook POST received: ${f.stories} stories in ${f.rounds} ` +
          `rounds; day-0 alerts (${f.day0.length}): ${line(f.day0)}  (target: p99 < 2000 ms); every alert (${f.all.length}, ` +
          `incl. [-1,+1] closing with the same bars): ${line(f.all)}; ${f.badSignatures} bad signatures, ${f.duplicates} duplicates`,
      );
      say(
        `(c) medians per day-0 alert: produced -> bar stored ${f.stages.ingest} ms, -> alert in the outbox ${f.stages.study} ms, ` +
          `-> webhook received ${f.stages.delivery} ms`,
      );
      for (const x of f.detail)
        say(`(c)   ${x.stage}: p50 ${x.p50} ms, p95 ${x.p95} ms, max ${x.max} ms (${x.n} alerts)`);
    }
    if (!values['skip-intake']) {
      const f = await benchIntake(stack, {
        news: Number(values.intake),
        partitions: 3,
        consumers: 1,
        workers: 1,
        keep: values.keep,
        say: (line) => say(`(d) ${line}`),
      });
      say(
        `(d) live intake: ${f.news} news produced to Kafka -> stored at ${(f.news / f.storedS).toFixed(0)} news/s -> into ` +
          `workflows (signal-with-start returned for each) at ${(f.news / f.startedS).toFixed(0)} news/s sustained over ` +
          `${f.startedS.toFixed(1)} s (target >= 100); worker RSS peak ${f.workerRssPeakMb.toFixed(0)} MB with ` +
          `${f.runningWorkflows} study workflows running (target < 1 GB at 10 000)`,
      );
    }
  } finally {
    await connection.close();
  }
}

run().catch((err: unknown) => {
  process.stderr.write(`bench:pipeline failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
