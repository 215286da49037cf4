import { barStreamId } from '@newswindow/schemas';
import type { ComputedStudy, PriceBarClosedData } from '@newswindow/schemas';
import { createEventStore, type IdempotentEvent } from './event-store';
import { rebuildProjections, runProjections } from './projections/runner';
import { loadDailyBars, queryStaleStudies, queryStudies } from './queries';
import { writeStudies } from './study-writer';
import { createTestDb, type TestDb } from '../test/test-db';

// Issue 14: a corrected bar is a new revision in daily_bars (never undone by a stray older event), and every study that
// read the revision it replaces is listed in v_stale_studies with the correction's reason, until it is recomputed on
// the new revision (its provenance then names the revision it used).

const bar = (symbol: string, sessionDate: string, close: number): PriceBarClosedData => ({
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
});
const closed = (b: PriceBarClosedData, key: string): IdempotentEvent => ({
  type: 'PriceBarClosed',
  data: b,
  streamId: barStreamId(b.exchange, b.symbol),
  idempotencyKey: key,
});
const corrected = (
  b: PriceBarClosedData,
  revision: number,
  previousClose: number,
  reason: string,
): IdempotentEvent => ({
  type: 'PriceBarCorrected',
  data: {
    ...b,
    revision,
    previous: {
      revision: revision - 1,
      open: previousClose,
      high: previousClose,
      low: previousClose,
      close: previousClose,
      volume: 100,
      currency: 'HKD',
    },
    reason,
  },
  streamId: barStreamId(b.exchange, b.symbol),
  idempotencyKey: `corrected:${b.symbol}:${b.sessionDate}:${revision}`,
});

const study = (id: string, symbol: string, bars: ComputedStudy['bars']): ComputedStudy => ({
  studyId: id,
  eventKey: id,
  newsIds: [id],
  listing: { symbol, exchange: 'XHKG' },
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
  computedAt: '2025-09-16T10:00:00.000Z',
  status: 'computed',
  fit: { alpha: 0, beta: 1, sigma: 0.02, estimationLength: 238 },
  days: [],
  windows: [{ start: 0, end: 0, car: 0.01, carT: 1, carP: 0.3, bhar: 0.01, bharT: null, bharP: null, nDays: 1 }],
  ...(bars === undefined ? {} : { bars }),
});

describe('bar corrections in the read models (real Postgres)', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb('nw_bar_corrections');
  });
  afterAll(async () => {
    await db.drop();
  });

  const stale = async () =>
    (
      await db.pool.query<{
        study_id: string;
        bar_symbol: string;
        bar_session: string;
        used_revision: number;
        current_revision: number;
        correction_reason: string;
      }>(
        `SELECT study_id, bar_symbol, to_char(bar_session, 'YYYY-MM-DD') AS bar_session, used_revision, current_revision,
                correction_reason FROM v_stale_studies ORDER BY study_id, bar_symbol`,
      )
    ).rows;
  const hsi = async () =>
    (
      await db.pool.query<{ close: number; revision: number; correction_reason: string | null }>(
        `SELECT close, revision, correction_reason FROM daily_bars WHERE symbol = '^HSI' AND session_date = '2025-09-05'`,
      )
    ).rows;

  it('shows the latest revision and lists the studies computed on a replaced one', async () => {
    const store = createEventStore(db.pool);
    await store.appendIdempotent([
      closed(bar('9988.HK', '2025-09-05', 150), 'b1'),
      closed(bar('^HSI', '2025-09-05', 25_400), 'b2'),
    ]);
    await writeStudies(db.pool, [
      // Read ^HSI 2025-09-05 at revision 1 (it is in its sessions): stale once corrected.
      study('on-old-revision', '9988.HK', { from: '2024-08-30', to: '2025-09-08', corrected: [] }),
      // Its sessions end before the corrected one: not affected.
      study('before-the-session', '9988.HK', { from: '2024-01-02', to: '2025-09-04', corrected: [] }),
      // Computed before provenance existed: never listed.
      study('no-provenance', '9988.HK', undefined),
    ]);
    await store.appendIdempotent([
      corrected(bar('^HSI', '2025-09-05', 25_417.98), 2, 25_400, 'index provider restated the close'),
    ]);
    await writeStudies(db.pool, [
      // Recomputed on the corrected revision: its provenance says so.
      study('on-new-revision', '9988.HK', {
        from: '2024-08-30',
        to: '2025-09-08',
        corrected: [{ symbol: '^HSI', sessionDate: '2025-09-05', revision: 2 }],
      }),
    ]);
    // A stray first-revision bar stored after the correction (another source) never undoes it.
    await store.appendIdempotent([closed({ ...bar('^HSI', '2025-09-05', 25_400), source: 'late.csv' }, 'b3')]);
    await runProjections(db.pool, { wait: true });

    expect(await hsi()).toEqual([
      { close: 25_417.98, revision: 2, correction_reason: 'index provider restated the close' },
    ]);
    const expected = [
      {
        study_id: 'on-old-revision',
        bar_symbol: '^HSI',
        bar_session: '2025-09-05',
        used_revision: 1,
        current_revision: 2,
        correction_reason: 'index provider restated the close',
      },
    ];
    expect(await stale()).toEqual(expected);
    // What `study show` and the API print: the stale bar while the recompute is pending, the revision each used.
    const rows = await queryStudies(db.pool, { listing: '9988.HK' });
    const byId = new Map(rows.map((r) => [r.studyId, r]));
    expect(byId.get('on-old-revision')?.staleBars).toEqual([
      {
        symbol: '^HSI',
        sessionDate: '2025-09-05',
        usedRevision: 1,
        currentRevision: 2,
        reason: 'index provider restated the close',
      },
    ]);
    expect(byId.get('on-new-revision')).toMatchObject({
      staleBars: [],
      bars: {
        from: '2024-08-30',
        to: '2025-09-08',
        corrected: [{ symbol: '^HSI', sessionDate: '2025-09-05', revision: 2 }],
      },
    });
    expect(byId.get('no-provenance')).toMatchObject({ staleBars: [], bars: null });
    // What a correction's recompute picks up: the studies that read that bar at an earlier revision, with their model.
    expect(await queryStaleStudies(db.pool, { symbol: '^HSI', sessionDate: '2025-09-05' })).toEqual([
      {
        studyId: 'on-old-revision',
        status: 'computed',
        newsIds: ['on-old-revision'],
        model: 'market_model',
        marketIndex: '^HSI',
      },
    ]);
    expect(await queryStaleStudies(db.pool, { symbol: '^HSI', sessionDate: '2025-09-04' })).toEqual([]);
    const history = await db.pool.query<{ revision: number; previous_close: number; close: number }>(
      `SELECT revision, previous_close, close FROM daily_bar_corrections`,
    );
    expect(history.rows).toEqual([{ revision: 2, previous_close: 25_400, close: 25_417.98 }]);

    // What studies read: the latest close with its revision.
    const series = await loadDailyBars(db.pool, { symbols: ['^HSI', '9988.HK'], from: '2025-01-01', to: '2025-12-31' });
    expect([series['^HSI']?.closes, series['^HSI']?.revisions, series['9988.HK']?.revisions]).toEqual([
      [25_417.98],
      [2],
      [1],
    ]);

    // The same from a rebuild of the log.
    await rebuildProjections(db.pool);
    expect(await hsi()).toEqual([
      { close: 25_417.98, revision: 2, correction_reason: 'index provider restated the close' },
    ]);
    expect(await stale()).toEqual(expected);
  });
});
