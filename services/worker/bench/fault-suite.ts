import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { WorkflowHandle } from '@temporalio/client';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaMessage } from 'kafkajs';
import type { Pool } from 'pg';
import { dlqTopicFor } from '@newswindow/schemas';
import type { NewswindowEvent } from '@newswindow/schemas';
import { encodeEvent, ensureTopics } from '@newswindow/ingest';
import { createEventStore, createPool, migrate } from '@newswindow/store';
import type { IdempotentEvent } from '@newswindow/store';
import { createTestDatabase, stackConfigFromEnv, uniqueName, waitFor } from '@newswindow/testkit';
import type { TestDatabase } from '@newswindow/testkit';
import type { BackfillProgress } from '@newswindow/workflows';
import { backfill, backfillProgressQuery } from '@newswindow/workflows';
import { PANEL_BENCHMARK, panelBarEvents, readPanel, synthesizeNews } from './panel-data';
import type { CliProcess, WorkerProcess } from './worker-process';
import { REPO_ROOT, runCli, startCliProcess, startWorkerProcess } from './worker-process';

// `npm run test:faults` (infra/faults.sh starts a PRIVATE stack on other ports first: this suite stops and restarts
// its Postgres, Kafka and Redis, which must never be the shared stack). Each case runs the real processes (worker,
// `newswindow consume`, `newswindow ingest`) on a database of its own, injects one fault, and checks: nothing lost,
// nothing written twice, recovery without a manual restart within a bound, and study tables byte-identical (a digest
// of every row but the clock columns) to the no-fault run.

const say = (line: string): void => {
  process.stdout.write(`[test:faults] ${line}\n`);
};

const stack = stackConfigFromEnv(process.env);
const NEWS = Number(process.env.NEWSWINDOW_FAULTS_NEWS ?? 300);
const RECOVERY_BOUND_MS = 240_000;
const BACKFILL_BATCH = 20;

interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly lost: number;
  readonly duplicated: number;
  readonly recoveryS: number | null;
  readonly detail: string;
}

/** Refuses to touch a stack on the default (shared) ports: restarting those would break every other user. */
function assertPrivateStack(): void {
  const ports = [String(stack.pg.port), stack.redisUrl, stack.kafkaBrokers.join(','), stack.temporalAddress];
  const shared = [':5432', ':6379', ':9092', ':7233'];
  if (String(stack.pg.port) === '5432' || ports.some((p) => shared.some((s) => p.endsWith(s))))
    throw new Error(
      `refusing to inject faults into the stack on the default ports (${ports.join(' ')}): run \`npm run test:faults\`, which starts a private stack`,
    );
}

/** `infra/stack.sh <action> <service>` on this suite's (private) stack. */
function stackCtl(action: 'start' | 'stop', service: 'postgres' | 'kafka' | 'redis' | 'temporal'): void {
  const r = spawnSync('bash', ['infra/stack.sh', action, service], {
    cwd: REPO_ROOT,
    env: process.env,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`infra/stack.sh ${action} ${service} failed: ${r.stdout}${r.stderr}`);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** The synthesized news of every case (same ids, same content): with a url, as the JSON Lines loader requires. */
function fixture() {
  const panel = readPanel();
  const news = synthesizeNews(panel, NEWS, { idPrefix: 'faults' });
  const withUrl = news.events.map((e): IdempotentEvent => {
    if (e.type !== 'NewsPublished') throw new Error('not news');
    return { ...e, data: { ...e.data, url: `https://example.invalid/faults/${e.data.id}` } };
  });
  return { bars: panelBarEvents(panel, news.tickers), news: withUrl };
}
type Fixture = ReturnType<typeof fixture>;

interface CaseDb {
  readonly db: TestDatabase;
  readonly pool: Pool;
  readonly env: Record<string, string>;
  readonly prefix: string;
  close(): Promise<void>;
}

async function caseDb(label: string): Promise<CaseDb> {
  const db = await createTestDatabase(stack, `nw_faults_${label}`);
  const pool = createPool({ ...db.connection, max: 3 });
  await migrate(pool);
  const prefix = uniqueName(`faults_${label}`);
  return {
    db,
    pool,
    prefix,
    env: { PGDATABASE: db.name, NEWSWINDOW_DEPLOYMENT: prefix },
    close: async () => {
      await pool.end();
      await db.drop();
    },
  };
}

async function append(pool: Pool, events: readonly IdempotentEvent[]): Promise<void> {
  const store = createEventStore(pool);
  for (let i = 0; i < events.length; i += 10_000) await store.appendIdempotent(events.slice(i, i + 10_000));
}

/** Catches the read models up (as the operator would) and digests the study tables without their clock columns. */
async function digest(c: CaseDb): Promise<string> {
  const run = await runCli(['db', 'projections', 'run'], c.env);
  if (run.code !== 0) throw new Error(`db projections run failed: ${run.stderr}`);
  const parts: string[] = [];
  for (const table of ['studies', 'study_days', 'study_windows']) {
    const r = await c.pool.query<{ n: string; md5: string | null }>(
      `SELECT count(*) AS n, md5(string_agg(j, E'\\n' ORDER BY j)) AS md5
         FROM (SELECT (to_jsonb(t) - 'computed_at' - 'position')::text AS j FROM ${table} t) x`,
    );
    parts.push(`${table}:${r.rows[0]?.n ?? 0}:${r.rows[0]?.md5 ?? '-'}`);
  }
  return parts.join(' ');
}

/** News stored more than once and studies computed more than once (events, not projected rows). */
async function duplicates(pool: Pool): Promise<{ news: number; studies: number; newsStored: number }> {
  const r = await pool.query<{ news: string; news_ids: string; studies: string; study_ids: string }>(
    `SELECT count(*) FILTER (WHERE type = 'NewsPublished') AS news,
            count(DISTINCT data->>'id') FILTER (WHERE type = 'NewsPublished') AS news_ids,
            count(*) FILTER (WHERE type = 'StudyComputed') AS studies,
            count(DISTINCT data->>'studyId') FILTER (WHERE type = 'StudyComputed') AS study_ids
       FROM events WHERE type IN ('NewsPublished', 'StudyComputed')`,
  );
  const row = r.rows[0]!;
  return {
    news: Number(row.news) - Number(row.news_ids),
    studies: Number(row.studies) - Number(row.study_ids),
    newsStored: Number(row.news_ids),
  };
}

async function startWorker(c: CaseDb, taskQueue: string): Promise<WorkerProcess> {
  return startWorkerProcess({ ...c.env, NEWSWINDOW_TASK_QUEUE: taskQueue, NEWSWINDOW_RUN_TRIGGERS: '0' });
}

function startBackfill(client: Client, taskQueue: string, id: string): Promise<WorkflowHandle<typeof backfill>> {
  return client.workflow.start(backfill, {
    taskQueue,
    workflowId: id,
    args: [
      {
        filter: { from: '2019-01-01', to: '2023-12-31' },
        benchmark: PANEL_BENCHMARK,
        batchSize: BACKFILL_BATCH,
        parallelism: 2,
      },
    ],
  });
}

/** Waits until the backfill has processed some news but not all: the moment to inject a fault. */
async function midBackfill(handle: WorkflowHandle<typeof backfill>): Promise<BackfillProgress> {
  return waitFor(
    async () => {
      const p = await handle.query(backfillProgressQuery).catch(() => undefined);
      if (p?.state === 'done') throw new Error('the backfill finished before the fault could be injected');
      return p !== undefined && p.newsProcessed > 0 ? p : false;
    },
    { timeoutMs: 180_000, intervalMs: 100, description: 'the backfill under way' },
  );
}

/** Runs a backfill to its end on a fresh worker with no fault: the reference digest. */
async function baseline(client: Client, data: Fixture): Promise<{ result: CaseResult; digest: string }> {
  const c = await caseDb('baseline');
  try {
    await append(c.pool, [...data.bars, ...data.news]);
    const queue = `${c.prefix}-q`;
    const worker = await startWorker(c, queue);
    try {
      const t0 = Date.now();
      const progress = await (await startBackfill(client, queue, `${c.prefix}-bf`)).result();
      const d = await digest(c);
      const dup = await duplicates(c.pool);
      return {
        digest: d,
        result: {
          name: 'no fault (reference run)',
          ok: progress.newsProcessed === NEWS && dup.studies === 0,
          lost: NEWS - progress.newsProcessed,
          duplicated: dup.studies,
          recoveryS: null,
          detail: `${progress.studiesWritten} studies in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${d}`,
        },
      };
    } finally {
      await worker.stop();
    }
  } finally {
    await c.close();
  }
}

/** A backfill with one fault injected mid-way; `inject` returns when the fault is over (the service is back). */
async function backfillWithFault(
  name: string,
  client: Client,
  data: Fixture,
  reference: string,
  inject: (worker: WorkerProcess, c: CaseDb, queue: string) => Promise<{ worker: WorkerProcess; note: string }>,
  expectSameWorker: boolean,
): Promise<CaseResult> {
  const c = await caseDb(name.split(' ')[0]!.replace(/\W/g, '').toLowerCase());
  let worker: WorkerProcess | undefined;
  try {
    await append(c.pool, [...data.bars, ...data.news]);
    const queue = `${c.prefix}-q`;
    worker = await startWorker(c, queue);
    const first = worker.pid;
    const handle = await startBackfill(client, queue, `${c.prefix}-bf`);
    const at = await midBackfill(handle);
    const injected = await inject(worker, c, queue);
    worker = injected.worker;
    const back = Date.now();
    const progress = await Promise.race([
      handle.result(),
      sleep(RECOVERY_BOUND_MS).then(() => {
        throw new Error(`no recovery within ${RECOVERY_BOUND_MS / 1000} s`);
      }),
    ]);
    const recoveryS = (Date.now() - back) / 1000;
    const d = await digest(c);
    const dup = await duplicates(c.pool);
    const sameWorker = worker.pid === first && alive(first);
    const problems = [
      ...(d === reference ? [] : [`tables differ from the reference: ${d}`]),
      ...(expectSameWorker && !sameWorker ? ['the worker process did not survive'] : []),
    ];
    return {
      name,
      ok: problems.length === 0 && dup.studies === 0 && progress.newsProcessed === NEWS,
      lost: NEWS - progress.newsProcessed,
      duplicated: dup.studies,
      recoveryS,
      detail:
        problems.join('; ') ||
        `fault at ${at.newsProcessed}/${NEWS} news; ${injected.note}; tables identical to the reference`,
    };
  } catch (err) {
    const tail = worker?.output().split('\n').slice(-15).join(' / ') ?? '';
    return {
      name,
      ok: false,
      lost: Number.NaN,
      duplicated: Number.NaN,
      recoveryS: null,
      detail: `${String(err)}; worker ${worker !== undefined && alive(worker.pid) ? 'alive' : 'gone'}: ${tail}`,
    };
  } finally {
    await worker?.stop();
    await c.close();
  }
}

const kafkaClient = (): Kafka =>
  new Kafka({ clientId: uniqueName('faults'), brokers: [...stack.kafkaBrokers], logLevel: logLevel.NOTHING });

async function makeTopics(kafka: Kafka, names: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [...names, ...names.map(dlqTopicFor)], { partitions: 3 });
  } finally {
    await admin.disconnect();
  }
}

async function startConsume(c: CaseDb, topics: { news: string; bars?: string }): Promise<CliProcess> {
  return startCliProcess(
    [
      'consume',
      '--topics',
      topics.bars === undefined ? 'news' : 'news,bars',
      '--news-topic',
      topics.news,
      ...(topics.bars === undefined ? [] : ['--bars-topic', topics.bars]),
      '--group',
      `${c.prefix}-ingest`,
    ],
    c.env,
    /consuming /,
  );
}

/** XNYS sessions after 2025-09-08 for the valid bars behind each bar poison. */
const VALID_SESSIONS = ['2025-09-09', '2025-09-10', '2025-09-11', '2025-09-12', '2025-09-15', '2025-09-16'];

const encodeNews = (e: IdempotentEvent): string => encodeEvent({ type: e.type, data: e.data } as NewswindowEvent);

/** News through Kafka with a fault on the way; then a backfill whose tables must equal the reference. */
async function ingestWithFault(
  name: string,
  client: Client,
  data: Fixture,
  reference: string,
  run: (c: CaseDb, topic: string) => Promise<{ note: string; faultOverAt: number }>,
): Promise<CaseResult> {
  const c = await caseDb(name.split(' ')[0]!.replace(/\W/g, '').toLowerCase());
  let worker: WorkerProcess | undefined;
  try {
    await append(c.pool, data.bars);
    const topic = `${c.prefix}.news`;
    await makeTopics(kafkaClient(), [topic]);
    const queue = `${c.prefix}-q`;
    worker = await startWorker(c, queue);
    const firstWorker = worker.pid;
    const { note, faultOverAt } = await run(c, topic);
    await waitFor(async () => (await duplicates(c.pool)).newsStored >= NEWS, {
      timeoutMs: RECOVERY_BOUND_MS,
      intervalMs: 250,
      description: `all ${NEWS} news stored`,
    });
    const recoveryS = (Date.now() - faultOverAt) / 1000;
    const progress = await (await startBackfill(client, queue, `${c.prefix}-bf`)).result();
    const d = await digest(c);
    const dup = await duplicates(c.pool);
    const problems = [
      ...(d === reference ? [] : [`tables differ from the reference: ${d}`]),
      ...(alive(firstWorker) && worker.pid === firstWorker ? [] : ['the worker process did not survive']),
    ];
    return {
      name,
      ok: problems.length === 0 && dup.news === 0 && dup.studies === 0 && dup.newsStored === NEWS,
      lost: NEWS - dup.newsStored + (NEWS - progress.newsProcessed),
      duplicated: dup.news + dup.studies,
      recoveryS,
      detail: problems.join('; ') || `${note}; tables identical to the reference`,
    };
  } catch (err) {
    return { name, ok: false, lost: Number.NaN, duplicated: Number.NaN, recoveryS: null, detail: String(err) };
  } finally {
    for (const p of consumers.splice(0)) await p.stop();
    await worker?.stop();
    await c.close();
  }
}

/** Poison messages of every kind on the news and bars topics, each followed by a valid one on the same partition. */
async function poisonMessages(): Promise<CaseResult> {
  const name = 'poison messages (news and bars)';
  const c = await caseDb('poison');
  let consume: CliProcess | undefined;
  try {
    const kafka = kafkaClient();
    const topics = { news: `${c.prefix}.news`, bars: `${c.prefix}.bars` };
    await makeTopics(kafka, [topics.news, topics.bars]);
    const story = (id: string, extra: object = {}) =>
      encodeEvent({
        type: 'NewsPublished',
        data: {
          id,
          source: 'faults',
          headline: `story ${id}`,
          publishedAt: '2025-09-08T09:00:00Z',
          language: 'en',
          ...extra,
        },
      });
    const bar = {
      symbol: 'BABA',
      exchange: 'XNYS',
      sessionDate: '2025-09-08',
      open: 140,
      high: 146,
      low: 139.5,
      close: 145.9,
      volume: 100,
      adjusted: true,
      currency: 'USD',
    };
    const barMsg = (data: object) => encodeEvent({ type: 'PriceBarClosed', data: { ...bar, ...data } });
    const badUtf8 = Buffer.concat([Buffer.from(story('utf8').slice(0, 40)), Buffer.from([0xc3, 0x28, 0x22, 0x7d])]);
    const news: { key: string; value: Buffer | string; reason: RegExp }[] = [
      {
        key: 'year-0000',
        value: story('y0', { publishedAt: '0000-01-01' }),
        reason: /publishedAt: must be on or after/,
      },
      { key: 'nul-headline', value: story('nh', { headline: 'a\u0000b' }), reason: /headline: must not contain a NUL/ },
      { key: 'nul-id', value: story('n\u0000id'), reason: /\$\.data\.id: must not contain a NUL/ },
      {
        key: 'lone-surrogate',
        value: story('sur').replace('story sur', 'story \\ud800 alone'),
        reason: /unpaired UTF-16 surrogate/,
      },
      { key: 'bad-utf8', value: badUtf8, reason: /not valid UTF-8/ },
      { key: 'one-mib', value: Buffer.alloc(1_000_000, 'x'), reason: /more than the limit/ },
      { key: 'newline-id', value: story('nl\nid'), reason: /must not contain control characters/ },
      {
        key: 'many-tickers',
        value: story('tk', { tickers: Array.from({ length: 20_000 }, (_v, i) => `T${i}`) }),
        reason: /tickers/,
      },
    ];
    const bars: { key: string; value: string; reason: RegExp }[] = [
      { key: 'nul-source', value: barMsg({ source: 'csv\u0000' }), reason: /source: must not contain a NUL/ },
      { key: 'close-above-high', value: barMsg({ close: 150 }), reason: /close: must be ≤ high/ },
      { key: 'saturday', value: barMsg({ sessionDate: '2025-09-06' }), reason: /\(Saturday\) is not a session/ },
      { key: 'year-2099', value: barMsg({ sessionDate: '2099-01-05' }), reason: /sessionDate: must not be after/ },
      {
        key: 'other-market',
        value: barMsg({ exchange: 'XHKG', currency: 'HKD', open: 119, high: 121, low: 118, close: 120 }),
        reason: /BABA is listed on XNYS .* not on XHKG/,
      },
      { key: 'conflicting-resend', value: barMsg({ close: 145 }), reason: /conflicts with the adjusted bar/ },
    ];
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    // One partition key for all: every poison sits in front of a valid message on the same partition.
    // One send per message: a record batch holding the 1 MiB poison and others would exceed the broker's limit.
    for (const [i, p] of news.entries()) {
      await producer.send({ topic: topics.news, messages: [{ key: 'k', value: p.value, headers: { case: p.key } }] });
      await producer.send({ topic: topics.news, messages: [{ key: 'k', value: story(`valid-${i}`) }] });
    }
    await producer.send({
      topic: topics.bars,
      messages: [
        { key: 'BABA', value: barMsg({}) },
        ...bars.flatMap((p, i) => [
          { key: 'BABA', value: p.value, headers: { case: p.key } },
          { key: 'BABA', value: barMsg({ sessionDate: VALID_SESSIONS[i] }) },
        ]),
      ],
    });
    await producer.disconnect();
    const t0 = Date.now();
    consume = await startConsume(c, topics);
    const expectedNews = news.length;
    const expectedBars = 1 + bars.length;
    const stored = await waitFor(
      async () => {
        const r = await c.pool.query<{ news: string; bars: string }>(
          `SELECT count(*) FILTER (WHERE type = 'NewsPublished') AS news, count(*) FILTER (WHERE type = 'PriceBarClosed') AS bars FROM events`,
        );
        const n = { news: Number(r.rows[0]?.news), bars: Number(r.rows[0]?.bars) };
        return n.news >= expectedNews && n.bars >= expectedBars ? n : false;
      },
      { timeoutMs: RECOVERY_BOUND_MS, intervalMs: 250, description: 'every valid message behind a poison stored' },
    );
    const recoveryS = (Date.now() - t0) / 1000;
    const dead = [
      ...(await readTopic(kafka, dlqTopicFor(topics.news), news.length)),
      ...(await readTopic(kafka, dlqTopicFor(topics.bars), bars.length)),
    ];
    const missing = [...news, ...bars].filter((p) => {
      const m = dead.find((d) => d.headers?.['case']?.toString() === p.key);
      return m === undefined || !p.reason.test(m.headers?.['dlq-reason']?.toString() ?? '');
    });
    return {
      name,
      ok: missing.length === 0 && stored.news === expectedNews && stored.bars === expectedBars,
      lost: expectedNews + expectedBars - stored.news - stored.bars,
      duplicated: Math.max(0, stored.news - expectedNews) + Math.max(0, stored.bars - expectedBars),
      recoveryS,
      detail:
        missing.length === 0
          ? `${news.length} news and ${bars.length} bar poisons in the DLQ with their reason (${[...news, ...bars].map((p) => p.key).join(', ')}); every valid message behind them stored`
          : `not dead-lettered with the expected reason: ${missing.map((m) => m.key).join(', ')}`,
    };
  } catch (err) {
    return { name, ok: false, lost: Number.NaN, duplicated: Number.NaN, recoveryS: null, detail: String(err) };
  } finally {
    await consume?.stop();
    await c.close();
  }
}

async function readTopic(kafka: Kafka, topic: string, expected: number): Promise<KafkaMessage[]> {
  const reader = kafka.consumer({ groupId: uniqueName('faults_dlq'), maxBytes: 4 * 1024 * 1024 });
  const seen: KafkaMessage[] = [];
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: ({ message }) => {
      seen.push(message);
      return Promise.resolve();
    },
  });
  try {
    return await waitFor(() => seen.length >= expected && seen, { timeoutMs: 60_000, description: `${topic}` });
  } finally {
    await reader.disconnect();
  }
}

function row(r: CaseResult): string {
  const cell = (x: number) => (Number.isNaN(x) ? '?' : String(x));
  return `| ${r.ok ? 'green' : 'RED'} | ${r.name} | ${cell(r.lost)} | ${cell(r.duplicated)} | ${r.recoveryS === null ? '–' : `${r.recoveryS.toFixed(1)} s`} | ${r.detail
    .replace(/\|/g, '/')
    .replace(/\n/g, ' ')
    .slice(0, r.ok ? 400 : 3000)} |`;
}

async function run(): Promise<void> {
  assertPrivateStack();
  const only = process.argv.slice(2);
  const wanted = (key: string): boolean => only.length === 0 || only.includes(key);
  const data = fixture();
  say(
    `private stack: Postgres :${stack.pg.port}, Kafka ${stack.kafkaBrokers.join(',')}, Redis ${stack.redisUrl}, Temporal ${stack.temporalAddress}; ${NEWS} news (SYNTHESIZED dates) over ${data.bars.length} real panel bars`,
  );
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: stack.temporalNamespace });
  const results: CaseResult[] = [];
  const report = (r: CaseResult): void => {
    results.push(r);
    say(row(r));
  };
  try {
    const ref = await baseline(client, data);
    report(ref.result);
    if (wanted('poison')) report(await poisonMessages());
    if (wanted('worker-kill'))
      report(
        await backfillWithFault(
          'worker kill -9 mid-backfill, restarted',
          client,
          data,
          ref.digest,
          async (worker, c, queue) => {
            await worker.kill();
            return { worker: await startWorker(c, queue), note: 'kill -9, new worker process' };
          },
          false,
        ),
      );
    if (wanted('postgres'))
      report(
        await backfillWithFault(
          'Postgres restart mid-backfill',
          client,
          data,
          ref.digest,
          async (worker) => {
            stackCtl('stop', 'postgres');
            await sleep(5_000);
            stackCtl('start', 'postgres');
            return { worker, note: 'Postgres down 5 s; the same worker process went on' };
          },
          true,
        ),
      );
    if (wanted('redis'))
      report(
        await backfillWithFault(
          'Redis restart mid-backfill',
          client,
          data,
          ref.digest,
          async (worker) => {
            stackCtl('stop', 'redis');
            await sleep(5_000);
            stackCtl('start', 'redis');
            return { worker, note: 'Redis down 5 s; the same worker process went on' };
          },
          true,
        ),
      );
    if (wanted('temporal'))
      report(
        await backfillWithFault(
          'Temporal restart mid-backfill',
          client,
          data,
          ref.digest,
          async (worker) => {
            stackCtl('stop', 'temporal');
            await sleep(5_000);
            stackCtl('start', 'temporal');
            return { worker, note: 'Temporal down 5 s (its SQLite file kept); the same worker process went on' };
          },
          true,
        ),
      );
    if (wanted('consume-kill'))
      report(
        await ingestWithFault('consume kill -9 mid-stream, restarted', client, data, ref.digest, async (c, topic) => {
          const kafka = kafkaClient();
          const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
          await producer.connect();
          const first = await startConsume(c, { news: topic });
          consumers.push(first);
          // A stream, not one batch: 20 news at a time, so the kill lands between stored and not yet stored news.
          let killedAt: number | undefined;
          for (let i = 0; i < data.news.length; i += 20) {
            await producer.send({
              topic,
              messages: data.news.slice(i, i + 20).map((e) => ({ key: e.streamId, value: encodeNews(e) })),
            });
            if (killedAt === undefined && i >= 60) {
              await waitFor(async () => (await duplicates(c.pool)).newsStored > 0, {
                timeoutMs: 120_000,
                intervalMs: 20,
                description: 'the first news stored',
              });
              killedAt = (await duplicates(c.pool)).newsStored;
              await first.kill();
            }
            await sleep(100);
          }
          await producer.disconnect();
          if (killedAt === undefined || killedAt >= NEWS) throw new Error('the kill came after every news was stored');
          consumers.push(await startConsume(c, { news: topic }));
          return {
            note: `kill -9 after ${killedAt}/${NEWS} news stored; a new consume process`,
            faultOverAt: Date.now(),
          };
        }),
      );
    if (wanted('kafka'))
      report(
        await ingestWithFault(
          'Kafka outage 20 s under ingest, consume and worker',
          client,
          data,
          ref.digest,
          async (c, topic) => {
            const consume = await startConsume(c, { news: topic });
            consumers.push(consume);
            const file = join(mkdtempSync(join(tmpdir(), 'nw-faults-')), 'news.jsonl');
            writeFileSync(
              file,
              `${data.news.map((e) => JSON.stringify(e.type === 'NewsPublished' ? e.data : {})).join('\n')}\n`,
            );
            stackCtl('stop', 'kafka');
            const ingest = runCli(['ingest', 'news', '--file', file, '--format', 'jsonl', '--topic', topic], c.env);
            await sleep(20_000);
            stackCtl('start', 'kafka');
            const faultOverAt = Date.now();
            const done = await ingest;
            if (done.code !== 0) throw new Error(`newswindow ingest exited ${done.code}: ${done.stderr}${done.stdout}`);
            const summary = `${done.stdout}${done.stderr}`.split('\n').find((l) => /sent/i.test(l)) ?? '';
            return { note: `ingest rode the outage out: "${summary.trim()}"`, faultOverAt };
          },
        ),
      );
  } finally {
    for (const p of consumers.splice(0)) await p.stop();
    await connection.close();
  }
  say('');
  say('| result | case | lost | duplicated | recovery | detail |');
  say('| --- | --- | --- | --- | --- | --- |');
  for (const r of results) say(row(r));
  const red = results.filter((r) => !r.ok).length;
  say(red === 0 ? `all ${results.length} cases green` : `${red} of ${results.length} cases RED`);
  process.exitCode = red === 0 ? 0 : 1;
}

/** consume processes started by the Kafka cases, stopped at the end (a failing case leaves them running otherwise). */
const consumers: CliProcess[] = [];

run().catch((err: unknown) => {
  process.stderr.write(`test:faults failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
