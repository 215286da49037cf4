import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { computedWithoutDay0Ar, readFixtureRows, uniqueName, waitFor } from '@newswindow/testkit';
import { startE2eStack, startWorkerForTest } from '@newswindow/worker/e2e';
import type { E2eStack, WorkerForTest } from '@newswindow/worker/e2e';
import type { NewsItem, PriceBar } from '@newswindow/ingest';
import { barKind, loadBarFile, loadNewsFile, newsKind, storeAddressOf } from '@newswindow/ingest';
import { createEventStore } from '@newswindow/store';
import { activityDeps, createActivities, createProjectionCatchUp, workerConfigFromEnv } from '@newswindow/worker';
import { backfill } from '@newswindow/workflows';
import { commands, runCli } from './index';

// A backfill of the real FNSPID Alcoa news (Nasdaq.com, 2016–2024) through Temporal, the worker's activities and
// Postgres, measured against QQQ (the shared data's benchmark that covers these years: ^GSPC does not go back that far
// here). By default a slice around the 2016 Alcoa split, short enough for `npm test`; set
// NEWSWINDOW_FNSPID_BACKFILL=2016-01-01:2023-12-31 for the whole archive (the per-year counts and skip reasons are
// printed). Facts checked independently of the code under test: the security master's sources say AA was Alcoa Inc.'s
// (now Howmet Aerospace) until 2016-10-31 and Alcoa Corporation's from 2016-11-01; the day-0 returns are recomputed
// from the CSV closes below.
const fnspid = resolve(__dirname, '../../../../shared/data/real/fnspid');
const [FROM, TO] = (process.env.NEWSWINDOW_FNSPID_BACKFILL ?? '2016-09-01:2017-02-28').split(':') as [string, string];
// NEWSWINDOW_FNSPID_TICKERS=AA,AAPL adds the AAPL news (2023–2024) and closes to the backfill.
const TICKERS = (process.env.NEWSWINDOW_FNSPID_TICKERS ?? 'AA').split(',');
const FILES: Record<string, { readonly news: string; readonly daily: string }> = {
  AA: { news: 'aa_news_2016_2024.csv', daily: 'aa_daily_2015_2024.csv' },
  AAPL: { news: 'aapl_news_articles_2023_2024.csv', daily: 'aapl_daily_2015_2024.csv' },
};
const BENCHMARK = 'QQQ';

/** Close per session date from a FNSPID daily CSV (`date,open,high,low,close,…`), read without the ingest loader. */
function closesOf(file: string): Map<string, number> {
  const [header, ...rows] = readFileSync(resolve(fnspid, file), 'utf8').trim().split('\n');
  const cols = (header ?? '').split(',');
  const iDate = cols.indexOf('date');
  const iClose = cols.indexOf('close');
  return new Map(rows.map((r) => r.split(',')).map((f) => [f[iDate] ?? '', Number(f[iClose])]));
}

/** Log return of the session `date` over the previous session of the same series. */
function logReturn(closes: Map<string, number>, date: string): number {
  const dates = [...closes.keys()].sort();
  const i = dates.indexOf(date);
  const prev = dates[i - 1];
  if (i < 1 || prev === undefined) throw new Error(`no session before ${date}`);
  return Math.log((closes.get(date) ?? NaN) / (closes.get(prev) ?? NaN));
}

interface StudyRow {
  readonly study_id: string;
  readonly symbol: string;
  readonly event_key: string;
  readonly day0: string | null;
  readonly status: 'computed' | 'skipped';
  readonly skip_reason: string | null;
  readonly market_index: string | null;
  readonly parameters: { readonly extra?: Record<string, unknown> };
  readonly day0_return: number | null;
  readonly day0_market_return: number | null;
  readonly day0_ar: number | null;
}

describe(`FNSPID backfill ${FROM} … ${TO} against ${BENCHMARK} (Temporal, Postgres, Redis)`, () => {
  const run = uniqueName('fnspid');
  const taskQueue = `${run}-studies`;
  const workflowId = `${run}-backfill`;
  let stack: E2eStack;
  let temporal: WorkerForTest;
  let newsInRange = 0;

  beforeAll(async () => {
    stack = await startE2eStack({
      run,
      databasePrefix: 'nw_e2e_fnspid',
      poolMax: 8,
      temporalLogLevel: 'WARN',
      topics: [`${run}.alerts`],
    });
    const producer = await stack.connectProducer();
    const config = {
      ...workerConfigFromEnv({ ...process.env, PGDATABASE: stack.db.name }),
      alertsTopic: `${run}.alerts`,
    };
    const deps = activityDeps(config, {
      pool: stack.pool,
      redis: stack.redis,
      producer,
      redisPrefix: run,
      catchUp: createProjectionCatchUp(stack.pool),
    });
    temporal = await startWorkerForTest(stack, { taskQueue, activities: createActivities(deps) });

    const bars = await readFixtureRows<PriceBar>(loadBarFile(resolve(fnspid, 'qqq_daily_2013_2023.csv')));
    const news: NewsItem[] = [];
    for (const t of TICKERS) {
      const files = FILES[t];
      if (files === undefined) throw new Error(`NEWSWINDOW_FNSPID_TICKERS: no FNSPID files for ${t}`);
      bars.push(...(await readFixtureRows<PriceBar>(loadBarFile(resolve(fnspid, files.daily)))));
      // The AAPL file has rows the loader rejects (relative dates such as '5 DAYS AGO'): only the valid ones load.
      for await (const row of loadNewsFile(resolve(fnspid, files.news)))
        if (row.ok && row.value.publishedAt.slice(0, 10) >= FROM && row.value.publishedAt.slice(0, 10) <= TO)
          news.push(row.value);
    }
    newsInRange = news.length;
    const toStore = <E extends Parameters<typeof storeAddressOf>[0]>(e: E) => ({ ...e, ...storeAddressOf(e) });
    await createEventStore(stack.pool).appendIdempotent([
      ...bars.map((b) => toStore(barKind.toEvent(b))),
      ...news.map((n) => toStore(newsKind.toEvent(n))),
    ]);
  }, 180_000);

  afterAll(async () => {
    await temporal?.terminate([workflowId], 'test cleanup');
    await temporal?.stop();
    await stack?.stop();
  }, 60_000);

  it('links AA by date across the 2016 split and computes the studies against QQQ, each with its day-0 AR', async () => {
    const result = await temporal.client.workflow.execute(backfill, {
      taskQueue,
      workflowId,
      args: [
        { filter: { from: FROM, to: TO, tickers: TICKERS }, benchmark: BENCHMARK, batchSize: 100, parallelism: 2 },
      ],
    });
    expect(newsInRange).toBeGreaterThan(0);
    expect(result).toMatchObject({ state: 'done', newsProcessed: newsInRange });

    // Every study event is in the study tables once the projection has caught up with it.
    const events = await stack.pool.query<{ n: string }>(
      `SELECT count(DISTINCT data->>'studyId') AS n FROM events WHERE type = 'StudyComputed'`,
    );
    const studies = Number(events.rows[0]?.n ?? 0);
    expect(studies).toBeGreaterThan(0);
    const catchUp = createProjectionCatchUp(stack.pool);
    await waitFor(
      async () => {
        await catchUp(['studies']);
        const r = await stack.pool.query<{ n: string }>('SELECT count(*) AS n FROM studies');
        return Number(r.rows[0]?.n ?? 0) === studies;
      },
      { timeoutMs: 30_000, description: 'the studies projected' },
    );
    const { rows } = await stack.pool.query<StudyRow>(
      `SELECT s.study_id, s.symbol, s.event_key, to_char(s.day0, 'YYYY-MM-DD') AS day0, s.status, s.skip_reason, s.market_index,
              s.parameters, d.return AS day0_return, d.market_return AS day0_market_return, d.abnormal_return AS day0_ar
         FROM studies s LEFT JOIN study_days d ON d.study_id = s.study_id AND d.relative_day = 0
        ORDER BY s.day0, s.study_id`,
    );
    expect(rows.length).toBe(studies);

    // Per-year counts and skip reasons (the closing note of a full run reads them from here).
    const byYear = new Map<string, { computed: number; skipped: number; reasons: Map<string, number> }>();
    for (const r of rows) {
      const year = r.day0?.slice(0, 4) ?? 'no day 0';
      const y = byYear.get(year) ?? { computed: 0, skipped: 0, reasons: new Map<string, number>() };
      if (r.status === 'computed') y.computed += 1;
      else {
        y.skipped += 1;
        const reason = (r.skip_reason ?? '').replace(/\d{4}-\d{2}-\d{2}/g, 'DATE').replace(/\d+/g, 'N');
        y.reasons.set(reason, (y.reasons.get(reason) ?? 0) + 1);
      }
      byYear.set(year, y);
    }
    console.log(
      [
        `FNSPID ${TICKERS.join('+')} backfill ${FROM} … ${TO} vs ${BENCHMARK}: ${newsInRange} news, ${rows.length} studies ` +
          `(${TICKERS.map((t) => `${rows.filter((r) => r.symbol === t).length} of ${t}`).join(', ')}; the others are issuers the stories are also about)`,
        ...[...byYear.entries()].map(
          ([year, y]) =>
            `  ${year}: ${y.computed} computed, ${y.skipped} skipped` +
            [...y.reasons.entries()].map(([reason, n]) => `\n      ${n} × ${reason}`).join(''),
        ),
      ].join('\n'),
    );

    // Every study is measured against QQQ, says it overrode the master's ^GSPC, and links by date.
    for (const r of rows) {
      expect(r.market_index).toBe(BENCHMARK);
      // The listing's default it replaced: ^GSPC for the US listings (MT.AS of a full run has ^AEX).
      expect(r.parameters.extra?.benchmarkOverrides).toEqual(r.symbol.includes('.') ? expect.any(String) : '^GSPC');
      expect(r.study_id).toContain(`|vs:${BENCHMARK}|`);
    }
    const aaRows = rows.filter((r) => r.symbol === 'AA');
    const before = aaRows.filter((r) => r.day0 !== null && r.day0 < '2016-11-01');
    const after = aaRows.filter((r) => r.day0 !== null && r.day0 > '2016-11-01');
    if (FROM < '2016-10-01' && TO > '2016-12-01') {
      expect(before.length).toBeGreaterThan(0);
      expect(after.length).toBeGreaterThan(0);
    }
    for (const r of before) expect(r.event_key).toMatch(/^nw1:howmet-aerospace:/);
    for (const r of after) expect(r.event_key).toMatch(/^nw1:alcoa:/);

    // No study is computed without a day-0 AR; its day-0 returns are the CSV closes' log returns.
    const computed = aaRows.filter((r) => r.status === 'computed');
    expect(computed.length).toBeGreaterThan(aaRows.length / 2);
    for (const r of rows.filter((x) => x.status === 'computed')) expect(r.day0_ar).not.toBeNull();
    const aa = closesOf('aa_daily_2015_2024.csv');
    const qqq = closesOf('qqq_daily_2013_2023.csv');
    for (const r of computed) {
      expect(r.day0_ar).not.toBeNull();
      const day0 = r.day0 ?? '';
      expect(Math.abs((r.day0_return ?? NaN) - logReturn(aa, day0))).toBeLessThan(1e-9);
      expect(Math.abs((r.day0_market_return ?? NaN) - logReturn(qqq, day0))).toBeLessThan(1e-9);
    }

    // `study aggregate` filtered to AA studies of one tag in a date range: computed over exactly the computed studies
    // of that tag, listing and range, each (issuer, day 0) once (selected here in SQL, not by the code under test),
    // against QQQ only.
    const tagged = await stack.pool.query<{ tag: string; n: string }>(
      `SELECT t AS tag, count(*) AS n FROM studies, unnest(tags) AS t WHERE symbol = 'AA' AND status = 'computed'
        GROUP BY t ORDER BY count(*) DESC, t LIMIT 1`,
    );
    const tag = tagged.rows[0]?.tag ?? '';
    const [from, to] = [FROM, FROM < '2016-11-01' && TO >= '2016-11-01' ? '2016-10-31' : TO];
    const expected = await stack.pool.query<{ issuer: string; day0: string }>(
      `SELECT DISTINCT split_part(event_key, ':', 2) AS issuer, day0 FROM studies
        WHERE symbol = 'AA' AND status = 'computed' AND $1 = ANY(tags) AND day0 BETWEEN $2::date AND $3::date`,
      [tag, from, to],
    );
    const studiesOfTag = await stack.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM studies WHERE symbol = 'AA' AND status = 'computed' AND $1 = ANY(tags)
          AND day0 BETWEEN $2::date AND $3::date`,
      [tag, from, to],
    );
    let out = '';
    const stdout = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const code = await runCli(
      [
        'study',
        'aggregate',
        '--tag',
        tag,
        '--listing',
        'aa',
        '--from',
        from,
        '--to',
        to,
        '--benchmark',
        BENCHMARK,
        '--format',
        'json',
      ],
      { stdout, stderr: process.stderr, env: { ...process.env, PGDATABASE: stack.db.name }, cwd: process.cwd() },
      commands,
    );
    expect(code).toBe(0);
    const aggregate = JSON.parse(out) as { events: number; window: string }[];
    expect(expected.rows.length).toBeGreaterThan(1);
    // Several stories of one event anchor to one day 0 (a weekend's stories to Monday): counted once.
    expect(Number(studiesOfTag.rows[0]?.n)).toBeGreaterThan(expected.rows.length);
    expect(aggregate.length).toBeGreaterThan(0);
    for (const row of aggregate) expect(row.events).toBe(expected.rows.length);
  }, 600_000);
  it('computes no study without a day-0 abnormal return', async () => {
    await createProjectionCatchUp(stack.pool)(['studies']);
    expect(await computedWithoutDay0Ar(stack.pool)).toEqual([]);
  });
});
