import { barStreamId, newsStreamId, studyStreamId } from '@newswindow/schemas';
import type { ComputedStudy, NewsPublishedData, PriceBarClosedData, StudyWindowClosedData } from '@newswindow/schemas';
import { createEventStore, type IdempotentEvent } from '../event-store';
import { runProjections } from '../projections/runner';
import { createStudyWriter } from '../study-writer';
import { createTestDb, type TestDb } from '../../test/test-db';
import { createBarReader } from './bar-reader';
import type { ProjectionCatchUp } from './catch-up';
import { createNewsReader } from './news-reader';
import { createTagStudyReader } from './tag-study-reader';

// The readers and writers the worker's activities run over, on a real Postgres: what each returns after the events it
// reads were appended (through the caller's catch-up), and the streams the study writer appends to.

const news = (
  id: string,
  publishedAt: string,
  extra: Pick<NewsPublishedData, 'tickers' | 'summary'> = {},
): IdempotentEvent => ({
  type: 'NewsPublished',
  data: { id, source: 'wire', publishedAt, headline: `headline ${id}`, language: 'en', ...extra },
  streamId: newsStreamId(id),
  idempotencyKey: `news:${id}`,
});

const bar = (symbol: string, sessionDate: string, close: number): IdempotentEvent => {
  const data: PriceBarClosedData = {
    symbol,
    exchange: 'XHKG',
    sessionDate,
    open: close,
    high: close,
    low: close,
    close,
    volume: 100,
    adjusted: true,
    currency: 'HKD',
  };
  return {
    type: 'PriceBarClosed',
    data,
    streamId: barStreamId('XHKG', symbol),
    idempotencyKey: `bar:${symbol}:${sessionDate}`,
  };
};

const study = (id: string, computedAt = '2025-09-16T10:00:00.000Z'): ComputedStudy => ({
  studyId: id,
  eventKey: id,
  newsIds: [id],
  listing: { symbol: '9988.HK', exchange: 'XHKG' },
  tags: ['earnings'],
  day0: '2025-09-08',
  parameters: {
    model: 'market_model',
    estimationWindow: { start: -250, end: -11 },
    eventWindows: [{ start: 0, end: 0 }],
    returnType: 'log',
    day0Rule: 'first_close_after_public',
    missingDataRule: 'missing_close_is_missing_day',
    marketIndex: '^HSI',
    calendar: 'XHKG',
    minEstimationReturns: 120,
  },
  engineVersion: '0.1.0',
  computedAt,
  status: 'computed',
  fit: { alpha: 0, beta: 1, sigma: 0.02, estimationLength: 238 },
  days: [],
  windows: [{ start: 0, end: 0, car: 0.01, carT: 1, carP: 0.3, bhar: 0.01, bharT: null, bharP: null, nDays: 1 }],
});

describe('store readers and writers (real Postgres)', () => {
  let db: TestDb;
  let catchUp: ProjectionCatchUp;
  const caughtUp: string[] = [];
  beforeAll(async () => {
    db = await createTestDb('nw_store_readers');
    catchUp = async (only) => {
      caughtUp.push(...(only ?? ['*']));
      await runProjections(db.pool, { wait: true, ...(only === undefined ? {} : { only }) });
    };
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reads stored news after catching the news projection up, without the absent fields, and pages by id', async () => {
    await createEventStore(db.pool).appendIdempotent([
      news('n1', '2025-09-08T09:30:00+08:00', { tickers: ['9988.HK'], summary: 'qwen' }),
      news('n2', '2025-09-09'),
      news('n3', '2025-10-01T00:00:00Z'),
    ]);
    const reader = createNewsReader(db.pool, catchUp);
    const got = await reader.getNews(['n2', 'n1', 'missing']);
    expect(caughtUp).toContain('news');
    expect(got.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      {
        id: 'n1',
        source: 'wire',
        publishedAt: '2025-09-08T09:30:00+08:00',
        headline: 'headline n1',
        summary: 'qwen',
        tickers: ['9988.HK'],
        revision: 1,
      },
      { id: 'n2', source: 'wire', publishedAt: '2025-09-09', headline: 'headline n2', revision: 1 },
    ]);
    const september = { from: '2025-09-01', to: '2025-09-30' };
    expect(await reader.countNews(september)).toBe(2);
    expect(await reader.countNews({ ...september, tickers: ['9988.HK'] })).toBe(1);
    expect(await reader.listNewsIds(september, null, 1)).toEqual({ newsIds: ['n1'], nextCursor: 'n1' });
    expect(await reader.listNewsIds(september, 'n1', 5)).toEqual({ newsIds: ['n2'], nextCursor: null });
  });

  it('writes studies on their study stream, once per study id unless recomputed, the window event last', async () => {
    const projected: string[][] = [];
    const writer = createStudyWriter(createEventStore(db.pool), (studies) => {
      projected.push(studies.map((s) => s.studyId));
      return catchUp(['studies']);
    });
    expect(await writer.appendStudies([study('s1')], { recompute: false })).toEqual({ written: 1, existing: 0 });
    expect(await writer.appendStudies([study('s1')], { recompute: false })).toEqual({ written: 0, existing: 1 });
    const again = study('s1', '2025-09-17T10:00:00.000Z');
    expect(await writer.appendStudies([again], { recompute: true })).toEqual({ written: 1, existing: 0 });
    const closed: StudyWindowClosedData = {
      studyId: 's2',
      session: '2025-09-08',
      closed: [{ start: 0, end: 0 }],
      windows: [
        { start: 0, end: 0, status: 'computed', endSession: '2025-09-08', closesAt: '2025-09-08T08:00:00.000Z' },
      ],
      study: study('s2'),
    };
    expect(await writer.appendWindowClosed(closed, study('s2'))).toEqual({ written: 2, existing: 0 });
    expect(await writer.appendWindowClosed(closed, study('s2'))).toEqual({ written: 0, existing: 2 });
    expect(projected).toEqual([['s1'], ['s1'], ['s1'], ['s2'], ['s2']]);
    const streams = await db.pool.query<{ stream_id: string; type: string }>(
      `SELECT stream_id, type FROM events WHERE stream_id = ANY($1::text[]) ORDER BY position`,
      [[studyStreamId('s1'), studyStreamId('s2')]],
    );
    expect(streams.rows).toEqual([
      { stream_id: 'study-s1', type: 'StudyComputed' },
      { stream_id: 'study-s1', type: 'StudyComputed' },
      { stream_id: 'study-s2', type: 'StudyComputed' },
      { stream_id: 'study-s2', type: 'StudyWindowClosed' },
    ]);
  });

  it("reads a tag's studies and the tags whose aggregate misses them", async () => {
    const reader = createTagStudyReader(db.pool);
    const before = await reader.changeMarker();
    await createStudyWriter(createEventStore(db.pool), () => catchUp(['studies'])).appendStudies(
      [{ ...study('s3|mm'), tags: ['ai_model_launch'] }],
      { recompute: false },
    );
    expect(await reader.changeMarker()).not.toBe(before);
    expect(await reader.staleTags('|mm')).toEqual(['ai_model_launch']);
    expect(await reader.studiesOfTag('ai_model_launch', '|mm')).toEqual([
      {
        studyId: 's3|mm',
        eventKey: 's3|mm',
        listing: { symbol: '9988.HK', exchange: 'XHKG' },
        day0: '2025-09-08',
        marketIndex: '^HSI',
        computedAt: '2025-09-16T10:00:00.000Z',
      },
    ]);
    expect(await reader.studiesOfTag('ai_model_launch', '|other')).toEqual([]);
  });

  it('reads closes and the latest stored session of each symbol', async () => {
    await createEventStore(db.pool).appendIdempotent([
      bar('9988.HK', '2025-09-05', 150),
      bar('9988.HK', '2025-09-08', 156),
      bar('^HSI', '2025-09-08', 25_600),
    ]);
    const reader = createBarReader(db.pool, catchUp);
    const closes = await reader.loadCloses(['9988.HK', 'NONE']);
    expect(closes.get('9988.HK')).toEqual([
      { sessionDate: '2025-09-05', close: 150 },
      { sessionDate: '2025-09-08', close: 156 },
    ]);
    expect(closes.get('NONE')).toEqual([]);
    expect(await reader.latestSessions(['9988.HK', '^HSI', 'NONE'])).toEqual(
      new Map([
        ['9988.HK', '2025-09-08'],
        ['^HSI', '2025-09-08'],
      ]),
    );
  });
});
