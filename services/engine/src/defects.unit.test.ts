import { calendarFromSessions } from './calendar';
import { crossSection } from './cross-section';
import { anchorDay0 } from './day0';
import type { StudyDesign } from './design';
import { DEFAULT_DESIGN, DesignError, validateDesign } from './design';
import type { EventInput } from './event-fit';
import { fitEvents } from './event-fit';
import { computeReturns } from './returns';

// Regression tests for the silent wrong results of issue 11, part 1.

const sessions = ['2025-01-06', '2025-01-07', '2025-01-08', '2025-01-09', '2025-01-10'];
const cal = calendarFromSessions('test', sessions, { timeZone: 'UTC' });

describe('day 0 outside the calendar is never guessed', () => {
  it.each(['previous', 'same-date-or-next', 'next-close'] as const)(
    '%s: an event after the data is unanchored',
    (rule) => {
      const a = anchorDay0(cal, { kind: 'date', date: '2025-02-03' }, rule);
      expect(a).toEqual({ kind: 'unanchored', reason: '2025-02-03 is after the last session (2025-01-10) of test' });
    },
  );
  it.each(['previous', 'same-date-or-next', 'next-close'] as const)(
    '%s: an event before the data is unanchored',
    (rule) => {
      const a = anchorDay0(cal, { kind: 'date', date: '2024-12-02' }, rule);
      expect(a).toEqual({ kind: 'unanchored', reason: '2024-12-02 is before the first session (2025-01-06) of test' });
    },
  );
  it('previous still anchors inside the calendar (a Saturday → Friday)', () => {
    expect(anchorDay0(cal, { kind: 'date', date: '2025-01-09' }, 'previous')).toMatchObject({ date: '2025-01-09' });
    expect(
      anchorDay0(
        calendarFromSessions('t2', ['2025-01-10', '2025-01-13']),
        { kind: 'date', date: '2025-01-11' },
        'previous',
      ),
    ).toMatchObject({ date: '2025-01-10' });
  });
});

// 40 sessions; estimation [−20, −6], event window [0, +1]; deterministic pseudo-random returns.
const T = 40;
const wave = (seed: number) =>
  Float64Array.from({ length: T }, (_, t) => (t === 0 ? Number.NaN : 0.01 * Math.sin(seed * t + 1.3 * seed)));
const series = (values: Float64Array) => ({ values, span: Int32Array.from(values, (v) => (Number.isNaN(v) ? 0 : 1)) });
const design: StudyDesign = {
  ...DEFAULT_DESIGN,
  estimation: { start: -20, end: -6 },
  windows: [{ start: 0, end: 1 }],
  minEstimationReturns: 10,
};
const ev = (id: string, stock: Float64Array, market = wave(0.7), day0 = 30): EventInput => ({
  eventId: id,
  stock: series(stock),
  market,
  day0,
});

describe('degenerate estimation samples are skipped with a reason, never averaged', () => {
  const constantPrice = Float64Array.from({ length: T }, (_, t) => (t === 0 ? Number.NaN : 0));
  constantPrice[30] = 0.05; // the stock moves on day 0 only
  const flatMarket = new Float64Array(T);
  const good = ['A', 'B', 'C', 'D'].map((id, j) => ev(id, wave(1.1 + j)));
  const batch = fitEvents([...good, ev('FLAT', constantPrice), ev('MKT0', wave(2.9), flatMarket)], design);

  it('a constant price (σ = 0) is skipped', () => {
    expect(batch.ok[4]).toBe(0);
    expect(batch.skipReason[4]).toMatch(/stock's estimation returns are constant .*σ = 0/);
  });
  it('a constant market is skipped under the market model (β undefined)', () => {
    expect(batch.ok[5]).toBe(0);
    expect(batch.skipReason[5]).toMatch(/benchmark's estimation returns are constant/);
  });
  it('the skipped events are not counted in AAR, sign or Wilcoxon', () => {
    const [w] = crossSection(batch);
    const d0 = w!.daily[0]!;
    expect(d0.n).toBe(4);
    expect(w!.events).toBe(4);
    expect(d0.tests.wlcx.reference).toEqual({ kind: 'signed-rank', n: 4 });
    const goodOnly = crossSection(fitEvents(good, design))[0]!.daily[0]!;
    expect(d0.mean).toBe(goodOnly.mean);
    expect(d0.tests.sign.statistic).toBe(goodOnly.tests.sign.statistic);
  });
  it('a constant price is skipped under mean-adjusted and market-adjusted too', () => {
    for (const kind of ['mean-adjusted', 'market-adjusted'] as const) {
      const b = fitEvents([ev('FLAT', constantPrice)], { ...design, model: { kind } });
      expect(b.ok[0]).toBe(0);
    }
  });
});

describe('too few estimation returns: a reason the user can act on', () => {
  it('an event before the stock data says so (not "only 0 estimation returns")', () => {
    const late = wave(1.7);
    late.fill(Number.NaN, 0, 33); // the stock's data starts 3 sessions after day 0
    const b = fitEvents([ev('EARLY', late)], design);
    expect(b.ok[0]).toBe(0);
    expect(b.skipReason[0]).toMatch(/^event before the stock's data: its first return is at relative day 3/);
  });
  it('an estimation window cut by the start of the calendar says so', () => {
    const b = fitEvents([ev('CUT', wave(1.7), wave(0.7), 12)], design);
    expect(b.skipReason[0]).toMatch(/the calendar starts at relative day -12, inside the estimation window/);
  });
});

describe('minimum estimation length', () => {
  it('the market model needs L >= 5 (Patell divides by L − 4)', () => {
    expect(() => validateDesign({ ...design, minEstimationReturns: 4 })).toThrow(DesignError);
    expect(() => validateDesign({ ...design, minEstimationReturns: 4 })).toThrow(/>= 5 .*L − K − 3/);
    expect(() => validateDesign({ ...design, minEstimationReturns: 5 })).not.toThrow();
  });
  it('mean- and market-adjusted models (no Patell) need L >= 3', () => {
    expect(() =>
      validateDesign({ ...design, model: { kind: 'mean-adjusted' }, minEstimationReturns: 3 }),
    ).not.toThrow();
    expect(() => validateDesign({ ...design, model: { kind: 'mean-adjusted' }, minEstimationReturns: 2 })).toThrow(
      DesignError,
    );
  });
});

describe('eventus CAR t counts the sessions a multi-session AR covers', () => {
  it('t = CAR / (σ √sessions), not √(AR days)', () => {
    const closes = new Float64Array(T);
    closes[0] = 100;
    const r = wave(1.3);
    for (let t = 1; t < T; t++) closes[t] = closes[t - 1]! * Math.exp(r[t]!);
    closes[30] = Number.NaN; // day 0 missing: day +1's return spans 2 sessions
    const b = fitEvents([{ eventId: 'G', stock: computeReturns(closes), market: wave(0.7), day0: 30 }], design);
    expect(b.carDays[0]).toBe(1);
    const car = b.car[0]!;
    expect(b.carT[0]).toBeCloseTo(car / (b.sigmaN1[0]! * Math.sqrt(2)), 14);
    const multi = fitEvents([{ eventId: 'G', stock: computeReturns(closes), market: wave(0.7), day0: 30 }], {
      ...design,
      missingData: 'multi-day',
    });
    expect(multi.carT[0]).toBeCloseTo(multi.car[0]! / multi.sigmaN1[0]!, 14);
  });
});
