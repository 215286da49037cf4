import fc from 'fast-check';
import type { StudyDesign } from './design';
import { DEFAULT_DESIGN } from './design';
import type { EventInput } from './event-fit';
import { fitEvents } from './event-fit';
import type { MissingDataRule } from './returns';
import { computeReturns } from './returns';

const N = Number.NaN;
// Calendar indices 0..9, day 0 at index 7 → relative days −7..+2.
// Estimation [−6, −2] = indices 1..5; event windows [−1, +1] and [0, +1].
const market = Float64Array.from([N, 0.01, -0.02, 0.03, 0.0, -0.01, 0.02, 0.01, -0.01, 0.0]);
// Estimation returns = 0.001 + 2 m + e with e = (1, 0, 0, −2, 1)·1e-3, orthogonal to 1 and to m − m̄, so OLS gives
// α = 0.001 and β = 2 exactly, and SSR = 6e-6.
const stock = Float64Array.from([N, 0.022, -0.039, 0.061, -0.001, -0.018, 0.05, 0.03, -0.02, 0.0]);

const design = (over: Partial<StudyDesign> = {}): StudyDesign => ({
  ...DEFAULT_DESIGN,
  estimation: { start: -6, end: -2 },
  windows: [
    { start: -1, end: 1 },
    { start: 0, end: 1 },
  ],
  minEstimationReturns: 5,
  ...over,
});

const input = (values: Float64Array, span?: Int32Array): EventInput => ({
  eventId: 'E1',
  stock: { values, span: span ?? Int32Array.from(values, (v) => (Number.isNaN(v) ? 0 : 1)) },
  market,
  day0: 7,
});

/** Closes whose log returns are `stock` (first close 100). */
function closesFromLogReturns(r: Float64Array): Float64Array {
  const c = new Float64Array(r.length);
  c[0] = 100;
  for (let t = 1; t < r.length; t++) c[t] = c[t - 1]! * Math.exp(r[t]!);
  return c;
}

describe('fitEvents: market model on a hand-built event', () => {
  const b = fitEvents([input(stock)], design());
  const ar = (d: number): number => b.ar[d - b.firstDay]!;

  it('recovers α, β and both residual s.d.s', () => {
    expect(b.ok[0]).toBe(1);
    expect(b.estimationLength[0]).toBe(5);
    expect(b.alpha[0]).toBeCloseTo(0.001, 14);
    expect(b.beta[0]).toBeCloseTo(2, 12);
    expect(b.sigmaN1[0]).toBeCloseTo(Math.sqrt(6e-6 / 4), 14);
    expect(b.sigmaN2[0]).toBeCloseTo(Math.sqrt(6e-6 / 3), 14);
    expect(b.estimationFirstDay[0]).toBe(-6);
    expect(b.estimationLastDay[0]).toBe(-2);
  });
  it('ARs are in-sample residuals in estimation and out-of-sample errors after it', () => {
    expect(ar(-6)).toBeCloseTo(0.001, 14);
    expect(ar(-3)).toBeCloseTo(-0.002, 14);
    expect(ar(-1)).toBeCloseTo(0.05 - 0.041, 14);
    expect(ar(0)).toBeCloseTo(0.03 - 0.021, 14);
    expect(ar(1)).toBeCloseTo(-0.02 + 0.019, 14);
  });
  it('CAR = plain sum, BHAR compounds simple returns, t = CAR / (s √n)', () => {
    expect(b.car[0]).toBeCloseTo(0.009 + 0.009 - 0.001, 14);
    expect(b.carDays[0]).toBe(3);
    expect(b.car[1]).toBeCloseTo(0.008, 14);
    expect(b.bhar[1]).toBeCloseTo(Math.exp(0.01) - Math.exp(0.002), 14);
    expect(b.carT[1]).toBeCloseTo(0.008 / (Math.sqrt(1.5e-6) * Math.SQRT2), 8);
  });
  it('mean-adjusted and market-adjusted models', () => {
    const mean = fitEvents([input(stock)], design({ model: { kind: 'mean-adjusted' } }));
    const mu = (0.022 - 0.039 + 0.061 - 0.001 - 0.018) / 5;
    expect(mean.meanReturn[0]).toBeCloseTo(mu, 15);
    expect(mean.alpha[0]).toBeNaN();
    expect(mean.ar[0 - mean.firstDay]).toBeCloseTo(0.03 - mu, 15);
    const adj = fitEvents([input(stock)], design({ model: { kind: 'market-adjusted' } }));
    expect([adj.alpha[0], adj.beta[0]]).toEqual([0, 1]);
    expect(adj.ar[0 - adj.firstDay]).toBeCloseTo(0.02, 15);
    expect(adj.sigmaN2[0]).toBeNaN();
  });
  it('skips an event with too few estimation returns, with the reason, and keeps its slot', () => {
    const b2 = fitEvents(
      [input(stock), { ...input(stock), eventId: 'E2', day0: 3 }],
      design({ minEstimationReturns: 5 }),
    );
    expect(Array.from(b2.ok)).toEqual([1, 0]);
    expect(b2.skipReason[1]).toMatch(/only 1 usable estimation returns/);
    expect(b2.eventIds).toEqual(['E1', 'E2']);
  });
});

describe('missing-data rules on a panel with holes cut by hand', () => {
  const closes = closesFromLogReturns(stock);
  const fitWith = (rule: MissingDataRule, cut: number) => {
    const holed = Float64Array.from(closes);
    holed[cut] = Number.NaN;
    return fitEvents([{ ...input(stock), stock: computeReturns(holed) }], design({ missingData: rule }));
  };

  it('hole in the estimation window: eventus and single-day drop the return after the gap; multi-day keeps it', () => {
    expect(fitWith('eventus', 3).estimationLength[0]).toBe(3);
    expect(fitWith('single-day', 3).estimationLength[0]).toBe(3);
    const multi = fitWith('multi-day', 3);
    expect(multi.estimationLength[0]).toBe(4);
    expect(multi.ret[-3 - multi.firstDay]).toBeCloseTo(0.061 - 0.001, 12);
  });
  it('hole on day −1: eventus compares the 2-day return with 2 days of expected return; multi-day with one; single-day drops it', () => {
    const ev = fitWith('eventus', 6);
    expect(ev.ar[-1 - ev.firstDay]).toBeNaN();
    expect(ev.ar[0 - ev.firstDay]).toBeCloseTo(0.08 - (0.041 + 0.021), 12);
    expect(ev.car[0]).toBeCloseTo(0.017, 12);
    expect(ev.carDays[0]).toBe(2);
    const multi = fitWith('multi-day', 6);
    expect(multi.ar[0 - multi.firstDay]).toBeCloseTo(0.08 - 0.021, 12);
    const single = fitWith('single-day', 6);
    expect(single.ar[0 - single.firstDay]).toBeNaN();
    expect(single.car[0]).toBeCloseTo(-0.001, 12);
    expect(single.carDays[0]).toBe(1);
  });
});

describe('properties', () => {
  const returns = fc.float64Array({
    minLength: 40,
    maxLength: 40,
    min: -0.2,
    max: 0.2,
    noNaN: true,
    noDefaultInfinity: true,
  });
  it('market-adjusted CAR = sum of raw minus market returns; BHAR = Π(1+r) − Π(1+m) for simple returns', () => {
    fc.assert(
      fc.property(returns, returns, fc.integer({ min: 30, max: 35 }), (r, m, d0) => {
        const b = fitEvents(
          [{ eventId: 'P', stock: { values: r, span: new Int32Array(40).fill(1) }, market: m, day0: d0 }],
          {
            ...DEFAULT_DESIGN,
            model: { kind: 'market-adjusted' },
            returnKind: 'simple',
            estimation: { start: -25, end: -5 },
            windows: [{ start: -2, end: 3 }],
            minEstimationReturns: 10,
          },
        );
        let car = 0;
        let pr = 1;
        let pm = 1;
        for (let d = -2; d <= 3; d++) {
          car += r[d0 + d]! - m[d0 + d]!;
          pr *= 1 + r[d0 + d]!;
          pm *= 1 + m[d0 + d]!;
        }
        expect(b.car[0]).toBeCloseTo(car, 12);
        expect(b.bhar[0]).toBeCloseTo(pr - pm, 12);
      }),
    );
  });
  it('market-model residuals over the estimation sample sum to zero and are orthogonal to the market', () => {
    fc.assert(
      fc.property(returns, returns, (r, m) => {
        const b = fitEvents(
          [{ eventId: 'P', stock: { values: r, span: new Int32Array(40).fill(1) }, market: m, day0: 35 }],
          {
            ...DEFAULT_DESIGN,
            estimation: { start: -30, end: -5 },
            windows: [{ start: 0, end: 0 }],
            minEstimationReturns: 10,
          },
        );
        let s = 0;
        let sx = 0;
        for (let d = -30; d <= -5; d++) {
          s += b.ar[d - b.firstDay]!;
          sx += b.ar[d - b.firstDay]! * m[35 + d]!;
        }
        expect(Math.abs(s)).toBeLessThan(1e-12);
        expect(Math.abs(sx)).toBeLessThan(1e-12);
      }),
    );
  });
});
