import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crossSection } from './cross-section';
import { DEFAULT_DESIGN } from './design';
import type { EventInput } from './event-fit';
import { fitEvents } from './event-fit';
import { signedRankTwoSidedP } from './special/signed-rank';

// Above 400 ARs the Wilcoxon p is the normal approximation with the tie-corrected variance; expected values from
// scipy.stats.wilcoxon(method="approx", correction=True) in scripts/wilcoxon_ties_large_n.py (ties from rounding).
const fixture = JSON.parse(readFileSync(path.resolve(__dirname, '__fixtures__/wilcoxon-ties.json'), 'utf8')) as {
  cases: { x: number[]; n: number; wPlus: number; tieSum: number; p: number }[];
};

const N = Number.NaN;
const zero = new Float64Array(6);
const event = (id: string, ar0: number): EventInput => ({
  eventId: id,
  stock: { values: Float64Array.from([N, 0.01, -0.01, 0, N, ar0]), span: Int32Array.from([0, 1, 1, 1, 0, 1]) },
  market: zero,
  day0: 5,
});

describe('Wilcoxon above n = 400: tie-corrected normal approximation (scipy)', () => {
  it.each(fixture.cases.map((c) => [c.n, c] as const))('n = %i: signedRankTwoSidedP', (_, c) => {
    expect(signedRankTwoSidedP(c.wPlus, c.n, c.tieSum)).toBeCloseTo(c.p, 12);
  });
  it.each(fixture.cases.map((c) => [c.n, c] as const))('n = %i: through crossSection (ranks, ties, zeros)', (_, c) => {
    const batch = fitEvents(
      c.x.map((x, i) => event(`E${i}`, x)),
      {
        ...DEFAULT_DESIGN,
        model: { kind: 'market-adjusted' },
        estimation: { start: -4, end: -2 },
        windows: [{ start: 0, end: 0 }],
        minEstimationReturns: 3,
      },
    );
    const w = crossSection(batch)[0]!.daily[0]!.tests.wlcx;
    expect(w.reference).toEqual({ kind: 'signed-rank', n: c.n });
    expect(w.pValue).toBeCloseTo(c.p, 12);
  });
});
