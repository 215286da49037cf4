import { regularizedIncompleteBeta, logGamma } from './gamma-beta';
import { normalCdf, normalQuantile, normalTwoSidedP } from './normal';
import { qsignrank, signedRankCounts, signedRankTwoSidedP } from './signed-rank';
import { studentTTwoSidedP } from './student-t';

/** Brute-force distribution of the signed-rank statistic: enumerate all 2ⁿ sign patterns. */
function bruteCounts(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  const c = new Array<number>(max + 1).fill(0);
  for (let mask = 0; mask < 1 << n; mask++) {
    let s = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) s += i + 1;
    c[s]!++;
  }
  return c;
}

describe('gamma and beta functions', () => {
  it('logGamma matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
  });
  it('incomplete beta has closed forms for b = 1 and a = b = 1', () => {
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularizedIncompleteBeta(0.3, 2.5, 1)).toBeCloseTo(Math.pow(0.3, 2.5), 14);
    expect(regularizedIncompleteBeta(0.8, 1, 3)).toBeCloseTo(1 - Math.pow(0.2, 3), 14);
  });
});

describe('normal distribution', () => {
  it('Φ at textbook points', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
    expect(normalCdf(-1.6448536269514722)).toBeCloseTo(0.05, 15);
    expect(normalTwoSidedP(2.5758293035489004)).toBeCloseTo(0.01, 15);
  });
  it('quantile inverts the cdf to ~1e-15 across the range', () => {
    for (const p of [1e-10, 0.001, 0.025, 0.3, 0.5, 0.9, 0.995, 1 - 1e-9]) {
      expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(1e-15 + 1e-12 * p);
    }
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
  });
});

describe('Student t', () => {
  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    for (const t of [0.1, 1, 2.5, 12]) {
      expect(studentTTwoSidedP(t, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(t), 14);
      expect(studentTTwoSidedP(-t, 2)).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 14);
    }
  });
  it('approaches the normal for large df and is NaN without df', () => {
    expect(studentTTwoSidedP(1.96, 1e7)).toBeCloseTo(normalTwoSidedP(1.96), 7);
    expect(studentTTwoSidedP(1, Number.NaN)).toBeNaN();
  });
});

describe('Wilcoxon signed-rank distribution', () => {
  it('counts equal brute-force enumeration', () => {
    for (const n of [1, 3, 7, 12]) expect(Array.from(signedRankCounts(n))).toEqual(bruteCounts(n));
  });
  it('qsignrank is the smallest q with P(V <= q) >= p (R semantics)', () => {
    for (const n of [5, 10, 12]) {
      const c = bruteCounts(n);
      const total = 2 ** n;
      for (const p of [0.05, 0.1, 0.5, 0.9, 0.95, 0.995]) {
        let acc = 0;
        let q = 0;
        while ((acc += c[q]!) / total < p - 1e-12) q++;
        expect(qsignrank(p, n)).toBe(q);
      }
    }
  });
  it('two-sided p-value doubles the smaller tail', () => {
    // n = 3: P(V <= 0) = 1/8, so W = 0 has p = 1/4; W = 3 is the centre.
    expect(signedRankTwoSidedP(0, 3)).toBeCloseTo(0.25, 15);
    expect(signedRankTwoSidedP(6, 3)).toBeCloseTo(0.25, 15);
    expect(signedRankTwoSidedP(3, 3)).toBe(1);
  });
});
