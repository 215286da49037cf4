import { computeReturns, dropMultiSessionReturns } from './returns';

const N = Number.NaN;

describe('computeReturns', () => {
  it('log and simple close-to-close returns dated at t; the first close has none', () => {
    const closes = Float64Array.from([100, 110, 99]);
    const log = computeReturns(closes, 'log');
    expect(log.values[0]).toBeNaN();
    expect(log.values[1]).toBeCloseTo(Math.log(1.1), 15);
    expect(log.values[2]).toBeCloseTo(Math.log(0.9), 15);
    const simple = computeReturns(closes, 'simple');
    expect(simple.values[1]).toBeCloseTo(0.1, 15);
    expect(simple.values[2]).toBeCloseTo(-0.1, 15);
  });
  it('a missing close is an NA day and the next return spans the gap (never skipped)', () => {
    const r = computeReturns(Float64Array.from([100, N, N, 121, 110]), 'simple');
    expect(Array.from(r.span)).toEqual([0, 0, 0, 3, 1]);
    expect(r.values[1]).toBeNaN();
    expect(r.values[2]).toBeNaN();
    expect(r.values[3]).toBeCloseTo(0.21, 15);
    const single = dropMultiSessionReturns(r);
    expect(single[3]).toBeNaN();
    expect(single[4]).toBeCloseTo(110 / 121 - 1, 15);
  });
});
