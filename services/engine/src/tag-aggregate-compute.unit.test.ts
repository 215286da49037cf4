import { createCalendarProvider, isBeyondHorizon, loadCalendars } from '@newswindow/reference';
import { DEFAULT_DESIGN } from './design';
import type { DailyClose } from '@newswindow/schemas';
import type { StudySettings } from './study-compute';
import type { TagStudyRef } from './tag-aggregate-compute';
import { computeTagAggregate, issuerOfEventKey, onePerIssuerDay } from './tag-aggregate-compute';

// Closes on every XNYS session of 2022–2023 (deterministic walks); studies of three issuers, some of them duplicates of an
// (issuer, day 0) already counted.
const calendars = createCalendarProvider(loadCalendars());
const sessions = loadCalendars().require('XNYS').sessionsBetween('2022-01-03', '2023-12-29');
if (isBeyondHorizon(sessions)) throw new Error(sessions.message);
const walk = (seed: number): DailyClose[] => {
  let p = 100;
  return sessions.map((s, t) => {
    p *= 1 + 0.01 * Math.sin(seed * (t + 1)) + 0.002 * Math.cos(7 * seed * t);
    return { sessionDate: s.date, close: p };
  });
};
const closes: Record<string, DailyClose[]> = {
  AAA: walk(1.3),
  BBB: walk(2.1),
  CCC: walk(0.4),
  '^GSPC': walk(0.7),
  QQQ: walk(0.9),
};
const ref = (studyId: string, eventKey: string, symbol: string, day0: string, marketIndex = '^GSPC'): TagStudyRef => ({
  studyId,
  eventKey,
  listing: { symbol, exchange: 'XNYS' },
  day0,
  marketIndex,
});
const a1 = ref('s1', 'nw1:aaa-corp:earnings:2023-10-14', 'AAA', '2023-10-16');
// A Sunday story of the same reaction: another event key, the same issuer and day 0.
const a2 = ref('s2', 'nw1:aaa-corp:earnings:2023-10-15', 'AAA', '2023-10-16');
// The same event measured against QQQ by a backfill with --benchmark.
const a3 = ref('s0|AAA@XNYS|vs:QQQ|d', 'nw1:aaa-corp:earnings:2023-10-14', 'AAA', '2023-10-16', 'QQQ');
const b1 = ref('s3', 'nw1:bbb-inc:earnings:2023-11-01', 'BBB', '2023-11-01');
const c1 = ref('s4', 'nw1:ccc-plc:earnings:2023-09-05', 'CCC', '2023-09-05', 'QQQ');
// The worker's default settings (its composition root adds only the engine version).
const settings: StudySettings = { design: DEFAULT_DESIGN, day0Rule: 'next-close', engineVersion: 'test' };
const aggregate = (studies: readonly TagStudyRef[]) =>
  computeTagAggregate('earnings', studies, (s) => closes[s] ?? [], calendars, settings, '2026-12-03T00:00:00Z');

describe('a tag aggregate counts each (issuer, day 0) once', () => {
  it('keeps one study of each (issuer, day 0), the one against the default benchmark, then the first by id', () => {
    expect(onePerIssuerDay([a3, a2, b1, a1, c1]).map((s) => s.studyId)).toEqual(['s1', 's3', 's4']);
    expect(onePerIssuerDay([a3, b1]).map((s) => s.studyId)).toEqual(['s0|AAA@XNYS|vs:QQQ|d', 's3']);
    expect(issuerOfEventKey('nw1:alibaba:earnings:2025-02-20')).toBe('alibaba');
  });

  it('computes the aggregate with duplicates exactly as over the distinct studies alone, and says what it left out', () => {
    const withDuplicates = aggregate([a1, a2, a3, b1, c1]);
    const distinct = aggregate([a1, b1, c1]);
    expect(withDuplicates.nEvents).toBe(3);
    expect(withDuplicates.windows.map((w) => [w.n, w.caar])).toEqual(distinct.windows.map((w) => [w.n, w.caar]));
    expect(withDuplicates.days).toEqual(distinct.days);
    expect(withDuplicates.parameters.extra?.duplicateStudies).toBe(2);
    // The set it is current for still lists every study of the tag.
    expect(withDuplicates.studyIds).toHaveLength(5);
  });

  it('names every benchmark it mixes with its number of events', () => {
    const mixed = aggregate([a1, a2, b1, c1]);
    expect(mixed.parameters.marketIndex).toBeNull();
    expect(mixed.parameters.extra?.marketIndices).toBe('QQQ ^GSPC');
    expect(mixed.parameters.extra?.eventsPerBenchmark).toBe('QQQ:1 ^GSPC:2');
    const one = aggregate([a1, b1]);
    expect(one.parameters.marketIndex).toBe('^GSPC');
    expect(one.parameters.extra?.eventsPerBenchmark).toBe('^GSPC:2');
  });

  it('has the CAAR of a one-day window equal to the mean of the events’ day-0 ARs (computed here by OLS)', () => {
    // A second way: the market model fitted here on [-250, -11] log returns by ordinary least squares.
    const est = settings.design.estimation;
    const logReturns = (xs: readonly DailyClose[]) =>
      xs.map((c, i) => (i === 0 ? NaN : Math.log(c.close / xs[i - 1]!.close)));
    const ar0 = (s: TagStudyRef): number => {
      const i0 = sessions.findIndex((x) => x.date === s.day0);
      const r = logReturns(closes[s.listing.symbol]!);
      const m = logReturns(closes[s.marketIndex!]!);
      const xs: number[] = [];
      const ys: number[] = [];
      for (let k = i0 + est.start; k <= i0 + est.end; k++) {
        xs.push(m[k]!);
        ys.push(r[k]!);
      }
      expect(xs.every(Number.isFinite) && ys.every(Number.isFinite)).toBe(true);
      const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
      const my = ys.reduce((a, b) => a + b, 0) / ys.length;
      const beta = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
      return r[i0]! - (my - beta * mx) - beta * m[i0]!;
    };
    const zero = aggregate([a1, a2, a3, b1, c1]).windows.find((w) => w.start === 0 && w.end === 0);
    expect(zero?.n).toBe(3);
    expect(zero?.caar).toBeCloseTo((ar0(a1) + ar0(b1) + ar0(c1)) / 3, 12);
  });
});
