import {
  barStreamId,
  factorStreamId,
  listingStreamId,
  newsStreamId,
  type ComputedStudy,
  type NewswindowEvent,
  type SkippedStudy,
  type StudyParameters,
  type TagAggregateComputedData,
} from '@newswindow/schemas';
import { createEventStore, type EventStore, type IdempotentEvent } from './event-store';
import { PROJECTIONS, rebuildProjections, runProjections } from './projections/runner';
import { loadFactorDays } from './factor-days';
import { listNews, loadDailyBars, queryStudies, queryTagAggregates } from './queries';
import { writeStudies, writeTagAggregates } from './study-writer';
import { waitFor } from '@newswindow/testkit';
import { createTestDb, type TestDb } from '../test/test-db';

const parameters: StudyParameters = {
  model: 'market_model',
  estimationWindow: { start: -250, end: -11 },
  eventWindows: [
    { start: -1, end: 1 },
    { start: 0, end: 0 },
  ],
  returnType: 'log',
  day0Rule: 'first_close_after_public',
  missingDataRule: 'missing_close_is_missing_day',
  marketIndex: '^HSI',
  calendar: 'XHKG',
  minEstimationReturns: 120,
};

const computedStudy: ComputedStudy = {
  studyId: 'alibaba|ai_model_launch|2025-09-05|XHKG:9988.HK|mm-v1',
  eventKey: 'alibaba|ai_model_launch|2025-09-05',
  newsIds: ['qwen3-max'],
  listing: { symbol: '9988.HK', exchange: 'XHKG' },
  tags: ['ai_model_launch'],
  day0: '2025-09-08',
  parameters,
  engineVersion: '0.1.0',
  computedAt: '2025-09-16T10:00:00.000Z',
  status: 'computed',
  fit: { alpha: 0.0004, beta: 1.21, sigma: 0.021, estimationLength: 238, r2: 0.41 },
  days: [-1, 0, 1].map((k) => ({
    relativeDay: k,
    date: ['2025-09-05', '2025-09-08', '2025-09-09'][k + 1]!,
    return: k === 0 ? 0.0408 : 0.001,
    marketReturn: 0.008,
    expectedReturn: 0.01,
    abnormalReturn: k === 0 ? 0.0308 : -0.009,
    t: k === 0 ? 1.47 : -0.43,
    p: k === 0 ? 0.143 : 0.67,
  })),
  windows: [
    { start: -1, end: 1, car: 0.0128, carT: 0.35, carP: 0.72, bhar: 0.013, bharT: null, bharP: null, nDays: 3 },
    { start: 0, end: 0, car: 0.0308, carT: 1.47, carP: 0.143, bhar: 0.031, bharT: 1.4, bharP: 0.16, nDays: 1 },
  ],
};

const skippedStudy: SkippedStudy = {
  studyId: 'alibaba|ai_model_launch|2025-09-05|XNYS:BABA|mm-v1',
  eventKey: 'alibaba|ai_model_launch|2025-09-05',
  newsIds: ['qwen3-max'],
  listing: { symbol: 'BABA', exchange: 'XNYS' },
  tags: ['ai_model_launch'],
  day0: null,
  parameters: { ...parameters, marketIndex: '^GSPC', calendar: 'XNYS' },
  engineVersion: '0.1.0',
  computedAt: '2025-09-16T10:00:00.000Z',
  status: 'skipped',
  reason: 'no prices for BABA',
};

const aggregate = (n: number): TagAggregateComputedData => ({
  aggregateId: 'ai_model_launch|mm-v1',
  tag: 'ai_model_launch',
  parameters,
  engineVersion: '0.1.0',
  nEvents: n,
  studyIds: [computedStudy.studyId],
  days: [{ relativeDay: 0, aar: 0.0308, caar: 0.0308, n, t: 1.47, p: 0.143 }],
  windows: [
    {
      start: 0,
      end: 0,
      caar: 0.0308,
      n,
      tests: [
        { name: 'cross_sectional_t', statistic: 1.2, pValue: 0.23 },
        { name: 'patell', statistic: 1.5, pValue: 0.13 },
      ],
    },
  ],
  computedAt: `2025-09-16T10:0${n}:00.000Z`,
});

const day = (i: number): string => new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

function logEvents(): IdempotentEvent[] {
  const events: IdempotentEvent[] = [];
  const push = (streamId: string, key: string, e: NewswindowEvent) =>
    events.push({ ...e, streamId, idempotencyKey: key });
  // A factor day recorded twice (a revised file): the later value wins.
  for (const [key, smb] of [
    ['factors:v1', 0.001],
    ['factors:v2', 0.002],
  ] as const)
    push(factorStreamId('F-F_Research_Data_Factors_daily'), key, {
      type: 'FactorDayRecorded',
      data: {
        dataset: 'F-F_Research_Data_Factors_daily',
        date: '2025-01-02',
        factors: [
          { name: 'mkt_rf', value: 0.0031 },
          { name: 'smb', value: smb },
        ],
      },
    });
  push(listingStreamId('XHKG', '9988.HK'), 'listing:9988', {
    type: 'ListingRegistered',
    data: {
      symbol: '9988.HK',
      exchange: 'XHKG',
      currency: 'HKD',
      timeZone: 'Asia/Hong_Kong',
      benchmark: '^HSI',
      issuerId: 'alibaba',
    },
  });
  for (let i = 0; i < 30; i += 1)
    for (const [symbol, exchange, currency] of [
      ['9988.HK', 'XHKG', 'HKD'],
      ['^HSI', 'INDEX', 'HKD'],
    ] as const) {
      const close = 100 + i + (symbol === '^HSI' ? 20000 : 0);
      push(barStreamId(exchange, symbol), `bar:${symbol}:${i}`, {
        type: 'PriceBarClosed',
        data: {
          symbol,
          exchange,
          sessionDate: day(i),
          open: close,
          high: close + 1,
          low: close - 1,
          close,
          volume: 10,
          adjusted: false,
          currency,
        },
      });
    }
  // A restated bar: the later event wins.
  push(barStreamId('XHKG', '9988.HK'), 'bar:9988.HK:0:restated', {
    type: 'PriceBarClosed',
    data: {
      symbol: '9988.HK',
      exchange: 'XHKG',
      sessionDate: day(0),
      open: 99,
      high: 101,
      low: 98,
      close: 99.5,
      volume: 11,
      adjusted: false,
      currency: 'HKD',
    },
  });
  const story = { source: 'wire', language: 'en', publishedAt: '2025-01-05T21:00:00+08:00' };
  for (let i = 0; i < 5; i += 1)
    push(newsStreamId(`n${i}`), `news:n${i}:v1`, {
      type: 'NewsPublished',
      data: { ...story, id: `n${i}`, headline: `Story ${i}`, tickers: i % 2 === 0 ? ['9988.HK'] : ['BABA'] },
    });
  push(newsStreamId('n1'), 'news:n1:v2', {
    type: 'NewsCorrected',
    data: { ...story, id: 'n1', headline: 'Story 1 (corrected)', reason: 'typo', correctedAt: '2025-01-06T01:00:00Z' },
  });
  push(newsStreamId('n2'), 'news:n2:retracted', {
    type: 'NewsRetracted',
    data: { id: 'n2', source: 'wire', reason: 'wrong company', retractedAt: '2025-01-06T02:00:00Z' },
  });
  push(newsStreamId('n3'), 'news:n3:tagged', {
    type: 'NewsTagged',
    data: {
      newsId: 'n3',
      taggerVersion: 'rules-1',
      tags: [{ type: 'ai_model_launch', confidence: 0.9, evidence: [{ phrase: 'unveils Qwen3' }] }],
      about: [{ symbol: '9988.HK', exchange: 'XHKG', issuerId: 'alibaba', relevance: 100 }],
      mentioned: [{ symbol: 'BIDU', exchange: 'XNAS', relevance: 10 }],
      novelty: 100,
      similarityKey: 'alibaba|ai_model_launch|2025-01-05',
    },
  });
  return events;
}

const TABLES = PROJECTIONS.flatMap((p) => p.tables);

async function snapshot(db: TestDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const { rows } = await db.pool.query<{ r: string }>(`SELECT to_jsonb(t)::text AS r FROM ${table} t ORDER BY 1`);
    out[table] = rows.map((r) => r.r);
  }
  return out;
}

describe('projections (real Postgres)', () => {
  let db: TestDb;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDb();
    store = createEventStore(db.pool);
    await store.appendIdempotent(logEvents());
  });
  afterAll(async () => {
    await db.drop();
  });

  it('projects bars, listings and news with corrections, retractions and tags', async () => {
    const applied = await runProjections(db.pool, { batchSize: 7 });
    expect(applied).toMatchObject({ listings: 1, daily_bars: 61, news: 8 });
    const { rows: news } = await db.pool.query<{ news_id: string; status: string; revision: number; headline: string }>(
      'SELECT news_id, status, revision, headline FROM news ORDER BY news_id',
    );
    expect(news.map((n) => [n.news_id, n.status, n.revision])).toEqual([
      ['n0', 'published', 1],
      ['n1', 'corrected', 2],
      ['n2', 'retracted', 2],
      ['n3', 'published', 1],
      ['n4', 'published', 1],
    ]);
    expect(news[1]!.headline).toBe('Story 1 (corrected)');
    const { rows: revisions } = await db.pool.query(
      'SELECT news_id, revision, event_type, headline FROM news_revisions WHERE news_id = $1 ORDER BY revision',
      ['n1'],
    );
    expect(revisions).toEqual([
      { news_id: 'n1', revision: 1, event_type: 'NewsPublished', headline: 'Story 1' },
      { news_id: 'n1', revision: 2, event_type: 'NewsCorrected', headline: 'Story 1 (corrected)' },
    ]);
    const bars = await loadDailyBars(db.pool, { symbols: ['9988.HK', '^HSI', 'NONE'], from: day(0), to: day(9) });
    expect(Object.keys(bars).sort()).toEqual(['9988.HK', '^HSI']);
    expect(bars['9988.HK']!.dates).toHaveLength(10);
    expect(bars['9988.HK']!.closes[0]).toBe(99.5);
    expect(bars['9988.HK']!.closes[9]).toBe(109);
    expect(await loadFactorDays(db.pool)).toEqual([
      { dataset: 'F-F_Research_Data_Factors_daily', date: '2025-01-02', factor: 'mkt_rf', value: 0.0031 },
      { dataset: 'F-F_Research_Data_Factors_daily', date: '2025-01-02', factor: 'smb', value: 0.002 },
    ]);
    expect(await runProjections(db.pool)).toEqual({ listings: 0, daily_bars: 0, factor_days: 0, news: 0, studies: 0 });
  });

  it('lists news in pages with ticker and tag filters, hiding retracted stories', async () => {
    const page1 = await listNews(db.pool, { from: '2025-01-01', to: '2025-01-31', limit: 2 });
    expect(page1.items.map((n) => n.id)).toEqual(['n0', 'n1']);
    const page2 = await listNews(db.pool, {
      from: '2025-01-01',
      to: '2025-01-31',
      limit: 2,
      afterId: page1.nextAfterId!,
    });
    expect(page2.items.map((n) => n.id)).toEqual(['n3', 'n4']);
    const hk = await listNews(db.pool, { from: '2025-01-01', to: '2025-01-31', limit: 10, tickers: ['9988.HK'] });
    expect(hk.items.map((n) => n.id)).toEqual(['n0', 'n3', 'n4']);
    const launches = await listNews(db.pool, {
      from: '2025-01-01',
      to: '2025-01-31',
      limit: 10,
      tags: ['ai_model_launch'],
    });
    expect(launches.items).toHaveLength(1);
    expect(launches.items[0]).toMatchObject({
      id: 'n3',
      tags: ['ai_model_launch'],
      about: [{ symbol: '9988.HK', exchange: 'XHKG' }],
      novelty: 100,
    });
    expect(launches.nextAfterId).toBeNull();
  });

  it('writes a study twice as one row, with its days, windows and the tag aggregates', async () => {
    const first = await writeStudies(db.pool, [computedStudy, skippedStudy]);
    const second = await writeStudies(db.pool, [computedStudy]);
    expect(first.appended).toBe(2);
    expect(second).toMatchObject({ appended: 0, duplicates: 1 });
    const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM studies WHERE study_id = $1', [
      computedStudy.studyId,
    ]);
    expect(rows[0]!.n).toBe('1');
    await writeTagAggregates(db.pool, [aggregate(1)]);
    await writeTagAggregates(db.pool, [aggregate(2)]);

    const hk = await queryStudies(db.pool, { listing: '9988.HK', tag: 'ai_model_launch' });
    expect(hk).toHaveLength(1);
    expect(hk[0]).toMatchObject({
      studyId: computedStudy.studyId,
      day0: '2025-09-08',
      status: 'computed',
      beta: 1.21,
      estimationLength: 238,
    });
    expect(hk[0]!.windows.map((w) => [w.start, w.end, w.car])).toEqual([
      [-1, 1, 0.0128],
      [0, 0, 0.0308],
    ]);
    expect(hk[0]!.days).toHaveLength(3);
    const skipped = await queryStudies(db.pool, { status: 'skipped' });
    expect(skipped.map((s) => [s.listing.symbol, s.reason])).toEqual([['BABA', 'no prices for BABA']]);
    expect(
      await queryStudies(db.pool, { day0: '2025-09-08', listing: { symbol: '9988.HK', exchange: 'XNYS' } }),
    ).toEqual([]);

    const aggregates = await queryTagAggregates(db.pool, { tag: 'ai_model_launch' });
    expect(aggregates).toHaveLength(1);
    expect(aggregates[0]).toMatchObject({ nEvents: 2, windows: [{ start: 0, end: 0, n: 2 }] });
    expect(aggregates[0]!.windows[0]!.tests.map((t) => t.name)).toEqual(['cross_sectional_t', 'patell']);

    const { rows: view } = await db.pool.query(
      'SELECT symbol, event_window, car, day0_return FROM v_study_windows ORDER BY window_start',
    );
    expect(view).toEqual([
      { symbol: '9988.HK', event_window: '[-1,+1]', car: 0.0128, day0_return: 0.0408 },
      { symbol: '9988.HK', event_window: '[0,0]', car: 0.0308, day0_return: 0.0408 },
    ]);
    // day0_return is the stored (log) return; day0_simple_return the simple one the CLI prints (migration 021).
    const { rows: simple } = await db.pool.query<{ day0_simple_return: number }>(
      'SELECT DISTINCT day0_simple_return FROM v_study_windows',
    );
    expect(simple).toHaveLength(1);
    expect(simple[0]!.day0_simple_return).toBeCloseTo(Math.exp(0.0408) - 1, 12);
    const { rows: tagView } = await db.pool.query(
      'SELECT tag, event_window, n, cross_sectional_t, cross_sectional_p FROM v_tag_aggregates',
    );
    expect(tagView).toEqual([
      { tag: 'ai_model_launch', event_window: '[0,0]', n: 2, cross_sectional_t: 1.2, cross_sectional_p: 0.23 },
    ]);
  });

  it('rebuilds every projection from the log into identical tables', async () => {
    await runProjections(db.pool);
    const before = await snapshot(db);
    expect(before.news).toHaveLength(5);
    expect(before.studies).toHaveLength(2);
    const rebuilt = await rebuildProjections(db.pool, { batchSize: 4 });
    expect(rebuilt).toMatchObject({ listings: 1, daily_bars: 61, news: 8, studies: 4 });
    expect(await snapshot(db)).toEqual(before);
  });

  it('applies no event twice when positions gain a digit (checkpoints order numbers, not their text)', async () => {
    await runProjections(db.pool);
    const { rows } = await db.pool.query<{ p: string }>('SELECT max(position)::text AS p FROM events');
    const last = Number(rows[0]!.p);
    const n = 10 ** String(last).length - last + 1;
    await store.appendIdempotent(
      Array.from({ length: n }, (_, i) => ({
        type: 'NewsPublished' as const,
        data: { source: 'wire', language: 'en', publishedAt: '2025-01-07', id: `d${i}`, headline: `Digit ${i}` },
        streamId: newsStreamId(`d${i}`),
        idempotencyKey: `news:d${i}:v1`,
      })),
    );
    expect(await runProjections(db.pool)).toMatchObject({ news: n });
    expect(await runProjections(db.pool)).toEqual({ listings: 0, daily_bars: 0, factor_days: 0, news: 0, studies: 0 });
    const { rows: revisions } = await db.pool.query<{ r: number }>(
      "SELECT max(revision) AS r FROM news WHERE news_id LIKE 'd%'",
    );
    expect(revisions[0]!.r).toBe(1);
  });

  it('projects windows closing one by one: the study open with a status per window, then final', async () => {
    const studyId = `${computedStudy.studyId}|windows`;
    const states = (open: boolean) =>
      [
        {
          start: -1,
          end: 1,
          endSession: '2025-09-09',
          closesAt: '2025-09-09T08:00:00.000Z',
          status: open ? 'open' : 'computed',
        },
        { start: 0, end: 0, endSession: '2025-09-08', closesAt: '2025-09-08T08:00:00.000Z', status: 'computed' },
      ] as const;
    const day0Only: ComputedStudy = {
      ...computedStudy,
      studyId,
      days: computedStudy.days.filter((d) => d.relativeDay <= 0),
      windows: computedStudy.windows.filter((w) => w.end === 0),
    };
    await store.appendIdempotent([
      {
        type: 'StudyWindowClosed',
        data: {
          studyId,
          session: '2025-09-08',
          closed: [{ start: 0, end: 0 }],
          windows: states(true),
          study: day0Only,
        },
        streamId: `study-${studyId}`,
        idempotencyKey: `study-window:${studyId}:2025-09-08`,
      },
    ]);
    const rowOf = async () =>
      (
        await db.pool.query<{ status: string; final_windows: unknown }>(
          'SELECT status, final_windows FROM studies WHERE study_id = $1',
          [studyId],
        )
      ).rows[0];
    const windowsOf = async () =>
      (
        await db.pool.query<{ event_window: string; window_status: string; car: number | null; end_session: string }>(
          `SELECT event_window, window_status, car, to_char(end_session, 'YYYY-MM-DD') AS end_session
             FROM v_study_windows WHERE study_id = $1 ORDER BY window_start`,
          [studyId],
        )
      ).rows;
    // Projections only read events below the cluster's oldest open transaction (other suites share the server): poll.
    const projected = async (status: string) =>
      waitFor(
        async () => {
          await runProjections(db.pool);
          const row = await rowOf();
          return row?.status === status ? row : undefined;
        },
        { timeoutMs: 20_000, description: `study ${studyId} projected as ${status}` },
      );
    expect(await projected('open')).toEqual({ status: 'open', final_windows: [{ start: 0, end: 0 }] });
    expect(await windowsOf()).toEqual([
      { event_window: '[-1,+1]', window_status: 'open', car: null, end_session: '2025-09-09' },
      { event_window: '[0,0]', window_status: 'computed', car: 0.0308, end_session: '2025-09-08' },
    ]);
    const final: ComputedStudy = { ...computedStudy, studyId };
    await store.appendIdempotent([
      { type: 'StudyComputed', data: final, streamId: `study-${studyId}`, idempotencyKey: `study:${studyId}` },
      {
        type: 'StudyWindowClosed',
        data: { studyId, session: '2025-09-09', closed: [{ start: -1, end: 1 }], windows: states(false), study: final },
        streamId: `study-${studyId}`,
        idempotencyKey: `study-window:${studyId}:2025-09-09`,
      },
    ]);
    expect(await projected('computed')).toEqual({ status: 'computed', final_windows: parameters.eventWindows });
    expect(await windowsOf()).toEqual([
      { event_window: '[-1,+1]', window_status: 'computed', car: 0.0128, end_session: '2025-09-09' },
      { event_window: '[0,0]', window_status: 'computed', car: 0.0308, end_session: '2025-09-08' },
    ]);
  });
});
