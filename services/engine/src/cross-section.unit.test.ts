import fc from 'fast-check';
import { crossSection } from './cross-section';
import { DEFAULT_DESIGN } from './design';
import type { EventInput } from './event-fit';
import { fitEvents } from './event-fit';
import { averageRanks } from './rank';

const N = Number.NaN;
const zeroMarket = new Float64Array(6);
// Market-adjusted with a zero market: AR = return. Estimation [−4, −2] = (a, −a, 0) with a = 0.01 for every event
// (mean 0, s² = a²), day 0 at index 5; event-day ARs 0.01, 0.02, −0.01, 0.04.
const event = (id: string, ar0: number): EventInput => ({
  eventId: id,
  stock: { values: Float64Array.from([N, 0.01, -0.01, 0, N, ar0]), span: Int32Array.from([0, 1, 1, 1, 0, 1]) },
  market: zeroMarket,
  day0: 5,
});
const batch = fitEvents([event('A', 0.01), event('B', 0.02), event('C', -0.01), event('D', 0.04)], {
  ...DEFAULT_DESIGN,
  model: { kind: 'market-adjusted' },
  estimation: { start: -4, end: -2 },
  windows: [{ start: 0, end: 0 }],
  minEstimationReturns: 3,
});
const [w] = crossSection(batch);
const day0 = w!.daily[0]!;
const stat = (name: keyof typeof day0.tests): number => day0.tests[name].statistic;

describe('cross-section on a four-event hand case', () => {
  it('AAR, share present and CAAR', () => {
    expect(day0.mean).toBeCloseTo(0.015, 15);
    expect(day0.percentage).toBe(100);
    expect(w!.caar).toBeCloseTo(0.015, 15);
  });
  it('Brown–Warner 1980: AAR / (√Σ s_i² / N) = 0.015 / (0.02 / 4) = 3, t with mean(L) − 1 = 2 df', () => {
    expect(stat('bw_1980')).toBeCloseTo(3, 12);
    expect(day0.tests.bw_1980.reference).toEqual({ kind: 'student-t', df: 2 });
    // two-sided p of t = 3 with 2 df: 1 − 3/√11.
    expect(day0.tests.bw_1980.pValue).toBeCloseTo(1 - 3 / Math.sqrt(11), 12);
  });
  it('Brown–Warner 1985: AAR / sd of the estimation-window AARs (0.01, −0.01, 0) = 1.5', () => {
    expect(stat('bw_1985')).toBeCloseTo(1.5, 12);
  });
  it('cross-sectional t: AAR / (sd / √N)', () => {
    expect(stat('t_test')).toBeCloseTo(0.015 / (Math.sqrt(0.0013 / 3) / 2), 12);
  });
  it('sign and generalized sign (p̂ = 4/12 positive estimation ARs)', () => {
    expect(stat('sign')).toBeCloseTo(1, 14);
    expect(stat('gsign')).toBeCloseTo(5 / Math.sqrt(8), 14);
  });
  it('Wilcoxon W⁺ with tied |AR| (0.01 twice → ranks 1.5, 1.5): 1.5 + 3 + 4 = 8.5', () => {
    expect(stat('wlcx')).toBe(8.5);
    expect(day0.tests.wlcx.reference).toEqual({ kind: 'signed-rank', n: 4 });
  });
  it('Patell, BMP and Lamb exist only for the market model', () => {
    expect(stat('pt')).toBeNaN();
    expect(stat('bh')).toBeNaN();
    expect(stat('lmb')).toBeNaN();
    expect(w!.carTests.map((c) => c.name)).toEqual(['car_brown_warner_1985', 'car_rank_test']);
  });
  it('Kolari–Pynnönen r̄ = 1 when every event has the same estimation residuals', () => {
    expect(w!.averageCrossCorrelation).toBeCloseTo(1, 14);
  });
  it('car_brown_warner_1985 over one day equals that day’s BW 1985', () => {
    expect(w!.carTests[0]!.result.statistic).toBeCloseTo(1.5, 12);
    expect(w!.carTests[0]!.numberOfDays).toBe(1);
  });
});

describe('averageRanks', () => {
  it('equals the definition: (#less + 1 + #less-or-equal) / 2, NaN kept', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(Number.NaN)), { maxLength: 60 }),
        (xs) => {
          const x = Float64Array.from(xs);
          const out = new Float64Array(x.length);
          const m = averageRanks(x, x.length, out, new Float64Array(x.length));
          const present = xs.filter((v) => !Number.isNaN(v));
          expect(m).toBe(present.length);
          xs.forEach((v, i) => {
            if (Number.isNaN(v)) expect(out[i]).toBeNaN();
            else {
              const less = present.filter((p) => p < v).length;
              const le = present.filter((p) => p <= v).length;
              expect(out[i]).toBe((less + 1 + le) / 2);
            }
          });
        },
      ),
    );
  });
});

describe('cross-section with a hole (estudy2 mean-imputes sums over all N events)', () => {
  const holed = fitEvents(
    [event('A', 0.01), event('B', 0.02), event('C', -0.01), event('D', Number.NaN)],
    batch.design,
  );
  const row = crossSection(holed)[0]!.daily[0]!;
  it('share present and AAR use the 3 events with data', () => {
    expect(row.percentage).toBe(75);
    expect(row.n).toBe(3);
    expect(row.mean).toBeCloseTo(0.02 / 3, 15);
  });
  it('sign test: N⁺ imputed to (2/3)·4 = 8/3, then (8/3 − 3/2) / √(3/4)', () => {
    expect(row.tests.sign.statistic).toBeCloseTo((8 / 3 - 1.5) / Math.sqrt(0.75), 14);
  });
  it('car tests drop days with 90 % or less of the events present', () => {
    const car = crossSection(holed)[0]!.carTests[0]!;
    expect(car.numberOfDays).toBe(0);
  });
});
