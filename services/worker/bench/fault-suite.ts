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
import type { NewswindowEvent, PriceBarClosedData } from '@newswindow/schemas';
import { encodeEvent, ensureTopics, loadSessionCalendars, ticksForBar } from '@newswindow/ingest';
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
  return { bars: panelBarEvents(panel, news.tickers), news: withUrl, tickers: news.tickers };
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

async function startConsume(
  c: CaseDb,
  topics: { news?: string; bars?: string; ticks?: string },
  options: { idleMs?: number } = {},
): Promise<CliProcess> {
  const kinds = (['news', 'bars', 'ticks'] as const).filter((k) => topics[k] !== undefined);
  return startCliProcess(
    [
      'consume',
      '--topics',
      kinds.join(','),
      ...kinds.flatMap((k) => [`--${k}-topic`, topics[k]!]),
      '--group',
      `${c.prefix}-ingest`,
      ...(options.idleMs === undefined ? [] : ['--idle-ms', String(options.idleMs)]),
    ],
    c.env,
    /consuming /,
  );
}

/** XNYS sessions after 2025-09-08 for the valid bars behind each bar poison. */
const VALID_SESSIONS = [
  '2025-09-09',
  '2025-09-10',
  '2025-09-11',
  '2025-09-12',
  '2025-09-15',
  '2025-09-16',
  '2025-09-17',
  '2025-09-18',
  '2025-09-19',
  '2025-09-22',
  '2025-09-23',
  '2025-09-24',
];

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

/** A poison message, the reason it must reach the DLQ with, and the header that names it there. */
interface Poison {
  readonly key: string;
  readonly value: Buffer | string;
  readonly reason: RegExp;
}

/** A message whose text becomes bytes that are not UTF-8 (0xC3 0x28) just before its end. */
const withBadUtf8 = (json: string): Buffer =>
  Buffer.concat([Buffer.from(json.slice(0, 40)), Buffer.from([0xc3, 0x28, 0x22, 0x7d])]);

/** Poison messages of every kind on the news, bars and ticks topics, each followed by a valid one on its partition. */
async function poisonMessages(): Promise<CaseResult> {
  const name = 'poison messages (news, bars and ticks)';
  const c = await caseDb('poison');
  let consume: CliProcess | undefined;
  try {
    const kafka = kafkaClient();
    const topics = { news: `${c.prefix}.news`, bars: `${c.prefix}.bars`, ticks: `${c.prefix}.ticks` };
    await makeTopics(kafka, [topics.news, topics.bars, topics.ticks]);
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
    // Ticks of another listing than the bars' BABA: the roll-up of the valid ticks must not meet the bars above.
    const tick = { symbol: 'IBM', exchange: 'XNYS', timestamp: '2025-09-08T10:00:00-04:00', price: 250, size: 10 };
    const tickMsg = (data: object) => encodeEvent({ type: 'TradeTicked', data: { ...tick, ...data } });
    const oneMib = Buffer.alloc(1_000_000, 'x');
    const news: Poison[] = [
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
      { key: 'bad-utf8', value: withBadUtf8(story('utf8')), reason: /not valid UTF-8/ },
      { key: 'one-mib', value: oneMib, reason: /more than the limit/ },
      { key: 'newline-id', value: story('nl\nid'), reason: /must not contain control characters/ },
      {
        key: 'many-tickers',
        value: story('tk', { tickers: Array.from({ length: 20_000 }, (_v, i) => `T${i}`) }),
        reason: /tickers/,
      },
    ];
    const bars: Poison[] = [
      { key: 'bar-nul-source', value: barMsg({ source: 'csv\u0000' }), reason: /source: must not contain a NUL/ },
      {
        key: 'bar-lone-surrogate',
        value: barMsg({ source: 'csv-SURROGATE' }).replace('csv-SURROGATE', 'csv \\udc00'),
        reason: /unpaired UTF-16 surrogate/,
      },
      { key: 'bar-one-mib', value: oneMib, reason: /more than the limit/ },
      { key: 'bar-bad-utf8', value: withBadUtf8(barMsg({})), reason: /not valid UTF-8/ },
      {
        key: 'bar-year-0000',
        value: barMsg({ sessionDate: '0000-01-03' }),
        reason: /sessionDate: must be on or after/,
      },
      { key: 'bar-30-february', value: barMsg({ sessionDate: '2025-02-30' }), reason: /sessionDate/ },
      { key: 'bar-close-above-high', value: barMsg({ close: 150 }), reason: /close: must be ≤ high/ },
      { key: 'bar-saturday', value: barMsg({ sessionDate: '2025-09-06' }), reason: /\(Saturday\) is not a session/ },
      { key: 'bar-year-2099', value: barMsg({ sessionDate: '2099-01-05' }), reason: /sessionDate: must not be after/ },
      {
        key: 'bar-other-market',
        value: barMsg({ exchange: 'XHKG', currency: 'HKD', open: 119, high: 121, low: 118, close: 120 }),
        reason: /BABA is listed on XNYS .* not on XHKG/,
      },
      { key: 'bar-conflicting-resend', value: barMsg({ close: 145 }), reason: /conflicts with the adjusted bar/ },
    ];
    const ticks: Poison[] = [
      { key: 'tick-nul-trade-id', value: tickMsg({ tradeId: 't\u0000' }), reason: /tradeId: must not contain a NUL/ },
      {
        key: 'tick-lone-surrogate',
        value: tickMsg({ tradeId: 'SURROGATE' }).replace('SURROGATE', '\\ud800'),
        reason: /unpaired UTF-16 surrogate/,
      },
      { key: 'tick-one-mib', value: oneMib, reason: /more than the limit/ },
      { key: 'tick-bad-utf8', value: withBadUtf8(tickMsg({})), reason: /not valid UTF-8/ },
      {
        key: 'tick-year-0000',
        value: tickMsg({ timestamp: '0000-01-03T10:00:00Z' }),
        reason: /timestamp: must be on or after/,
      },
      { key: 'tick-30-february', value: tickMsg({ timestamp: '2025-02-30T10:00:00-05:00' }), reason: /timestamp/ },
      {
        key: 'tick-year-2099',
        value: tickMsg({ timestamp: '2099-01-05T10:00:00-05:00' }),
        reason: /timestamp: must not be after/,
      },
      {
        key: 'tick-saturday',
        value: tickMsg({ timestamp: '2025-09-06T10:00:00-04:00' }),
        reason: /XNYS is closed on 2025-09-06/,
      },
      {
        key: 'tick-after-close',
        value: tickMsg({ timestamp: '2025-09-08T17:00:00-04:00' }),
        reason: /after the XNYS session closes/,
      },
      { key: 'tick-negative-price', value: tickMsg({ price: -1 }), reason: /price/ },
    ];
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    // One partition key per topic: every poison sits in front of a valid message on the same partition.
    // One send per message: a record batch holding the 1 MiB poison and others would exceed the broker's limit.
    const sendPair = async (topic: string, key: string, p: Poison, valid: string): Promise<void> => {
      await producer.send({ topic, messages: [{ key, value: p.value, headers: { case: p.key } }] });
      await producer.send({ topic, messages: [{ key, value: valid }] });
    };
    for (const [i, p] of news.entries()) await sendPair(topics.news, 'k', p, story(`valid-${i}`));
    await producer.send({ topic: topics.bars, messages: [{ key: 'BABA', value: barMsg({}) }] });
    for (const [i, p] of bars.entries())
      await sendPair(topics.bars, 'BABA', p, barMsg({ sessionDate: VALID_SESSIONS[i] }));
    for (const [i, p] of ticks.entries())
      await sendPair(
        topics.ticks,
        'IBM',
        p,
        tickMsg({ timestamp: `2025-09-08T10:${String(10 + i).padStart(2, '0')}:00-04:00`, tradeId: `valid-${i}` }),
      );
    await producer.disconnect();
    const t0 = Date.now();
    consume = await startConsume(c, topics);
    const expected = { news: news.length, bars: 1 + bars.length, ticks: ticks.length };
    const stored = await waitFor(
      async () => {
        const r = await c.pool.query<{ news: string; bars: string; ticks: string }>(
          `SELECT count(*) FILTER (WHERE type = 'NewsPublished') AS news,
                  count(*) FILTER (WHERE type = 'PriceBarClosed' AND metadata->>'topic' IS NOT NULL) AS bars,
                  count(*) FILTER (WHERE type = 'TradeTicked') AS ticks FROM events`,
        );
        const n = { news: Number(r.rows[0]?.news), bars: Number(r.rows[0]?.bars), ticks: Number(r.rows[0]?.ticks) };
        return n.news >= expected.news && n.bars >= expected.bars && n.ticks >= expected.ticks ? n : false;
      },
      { timeoutMs: RECOVERY_BOUND_MS, intervalMs: 250, description: 'every valid message behind a poison stored' },
    );
    const recoveryS = (Date.now() - t0) / 1000;
    const dead = [
      ...(await readTopic(kafka, dlqTopicFor(topics.news), news.length)),
      ...(await readTopic(kafka, dlqTopicFor(topics.bars), bars.length)),
      ...(await readTopic(kafka, dlqTopicFor(topics.ticks), ticks.length)),
    ];
    const all = [...news, ...bars, ...ticks];
    const missing = all.filter((p) => {
      const m = dead.find((d) => d.headers?.['case']?.toString() === p.key);
      return m === undefined || !p.reason.test(m.headers?.['dlq-reason']?.toString() ?? '');
    });
    const total = (n: typeof expected) => n.news + n.bars + n.ticks;
    return {
      name,
      ok:
        missing.length === 0 &&
        stored.news === expected.news &&
        stored.bars === expected.bars &&
        stored.ticks === expected.ticks,
      lost: total(expected) - total(stored),
      duplicated: Math.max(0, total(stored) - total(expected)),
      recoveryS,
      detail:
        missing.length === 0
          ? `${news.length} news, ${bars.length} bar and ${ticks.length} tick poisons in the DLQ with their reason (${all.map((p) => p.key).join(', ')}); every valid message behind them stored`
          : `not dead-lettered with the expected reason: ${missing.map((m) => `${m.key} (${dead.find((d) => d.headers?.['case']?.toString() === m.key)?.headers?.['dlq-reason']?.toString() ?? 'not in the DLQ'})`).join(', ')}`,
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

/** How many listings of the news the tick case feeds as ticks instead of bars (their whole 2019–2023 history). */
const TICK_LISTINGS = 3;

/**
 * kill -9 of `newswindow consume` while it rolls ticks up into bars: a few listings' bars arrive only as ticks (four a
 * session, rebuilding each real panel bar), the consumer is killed mid-stream and a new one started in the same group.
 * Every session must end with exactly one rolled-up bar equal to the panel bar, and the studies on them must equal the
 * reference run's.
 */
async function tickRollupKill(client: Client, data: Fixture, reference: string): Promise<CaseResult> {
  const name = 'consume kill -9 during tick roll-up, restarted';
  const c = await caseDb('tickkill');
  let worker: WorkerProcess | undefined;
  try {
    const tickListings = data.tickers.filter((t) => t !== PANEL_BENCHMARK).slice(0, TICK_LISTINGS);
    const viaTicks = (e: IdempotentEvent): e is IdempotentEvent & { type: 'PriceBarClosed' } =>
      e.type === 'PriceBarClosed' && tickListings.includes(e.data.symbol);
    const tickBars = data.bars.filter(viaTicks).map((e) => e.data);
    await append(
      c.pool,
      data.bars.filter((e) => !viaTicks(e)),
    );
    const calendars = loadSessionCalendars();
    const ticks = tickBars.flatMap((b) => ticksForBar(b, calendars));
    const topic = `${c.prefix}.ticks`;
    const kafka = kafkaClient();
    await makeTopics(kafka, [topic]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const rolled = async (): Promise<{ bars: number; sessions: number }> => {
      const r = await c.pool.query<{ bars: string; sessions: string }>(
        `SELECT count(*) AS bars, count(DISTINCT stream_id || (data->>'sessionDate')) AS sessions FROM events
          WHERE type = 'PriceBarClosed' AND data->>'source' = 'ticks'`,
      );
      return { bars: Number(r.rows[0]?.bars), sessions: Number(r.rows[0]?.sessions) };
    };
    const first = await startConsume(c, { ticks: topic }, { idleMs: 2_000 });
    consumers.push(first);
    // A stream, not one batch: the kill lands while sessions are being rolled up and others are still open.
    let killedAt: number | undefined;
    const chunk = 400;
    for (let i = 0; i < ticks.length; i += chunk) {
      await producer.send({
        topic,
        messages: ticks
          .slice(i, i + chunk)
          .map((t) => ({ key: t.symbol, value: encodeEvent({ type: 'TradeTicked', data: t }) })),
      });
      if (killedAt === undefined && i >= ticks.length / 3) {
        await waitFor(async () => (await rolled()).bars > 0, {
          timeoutMs: 120_000,
          intervalMs: 20,
          description: 'the first bar rolled up',
        });
        killedAt = (await rolled()).bars;
        await first.kill();
      }
      await sleep(50);
    }
    await producer.disconnect();
    if (killedAt === undefined || killedAt >= tickBars.length)
      throw new Error('the kill came after every bar was rolled up');
    consumers.push(await startConsume(c, { ticks: topic }, { idleMs: 2_000 }));
    const faultOverAt = Date.now();
    await waitFor(async () => (await rolled()).sessions >= tickBars.length, {
      timeoutMs: RECOVERY_BOUND_MS,
      intervalMs: 250,
      description: `all ${tickBars.length} sessions rolled up`,
    });
    const recoveryS = (Date.now() - faultOverAt) / 1000;
    const got = await rolled();
    const stored = await c.pool.query<{ data: PriceBarClosedData }>(
      `SELECT data FROM events WHERE type = 'PriceBarClosed' AND data->>'source' = 'ticks'`,
    );
    const key = (b: PriceBarClosedData) => `${b.exchange}|${b.symbol}|${b.sessionDate}`;
    const want = new Map(tickBars.map((b) => [key(b), b]));
    const differ = stored.rows.filter((r) => {
      const b = want.get(key(r.data));
      return (
        b === undefined ||
        (['open', 'high', 'low', 'close', 'volume'] as const).some((k) => Math.abs(b[k] - r.data[k]) > 1e-9 * b[k])
      );
    });
    // The studies on those bars: the same backfill as the reference, whose tables they must equal.
    await append(c.pool, data.news);
    const queue = `${c.prefix}-q`;
    worker = await startWorker(c, queue);
    const progress = await (await startBackfill(client, queue, `${c.prefix}-bf`)).result();
    const d = await digest(c);
    const dup = await duplicates(c.pool);
    const problems = [
      ...(d === reference ? [] : [`tables differ from the reference: ${d}`]),
      ...(differ.length === 0
        ? []
        : [
            `${differ.length} rolled-up bar(s) differ from the panel: ${differ
              .slice(0, 3)
              .map((r) => key(r.data))
              .join(', ')}`,
          ]),
    ];
    return {
      name,
      ok: problems.length === 0 && got.bars === tickBars.length && dup.studies === 0 && progress.newsProcessed === NEWS,
      lost: tickBars.length - got.sessions + (NEWS - progress.newsProcessed),
      duplicated: got.bars - got.sessions + dup.studies,
      recoveryS,
      detail:
        problems.join('; ') ||
        `${ticks.length} ticks of ${tickListings.join(', ')} (${tickBars.length} sessions); kill -9 after ${killedAt} bar(s) rolled up; a new consume process rebuilt the open sessions from the stored ticks; every bar equals the panel bar once; tables identical to the reference`,
    };
  } catch (err) {
    return { name, ok: false, lost: Number.NaN, duplicated: Number.NaN, recoveryS: null, detail: String(err) };
  } finally {
    for (const p of consumers.splice(0)) await p.stop();
    await worker?.stop();
    await c.close();
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
    if (wanted('tick-kill')) report(await tickRollupKill(client, data, ref.digest));
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
