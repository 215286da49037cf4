import { erfc as erfcLocal, normalQuantile as normalQuantileLocal } from './normal';

/** Largest n for which the exact Wilcoxon signed-rank distribution is tabulated; above it the normal approximation is used. */
export const SIGNED_RANK_EXACT_MAX_N = 400;

const cache = new Map<number, Float64Array>();

/**
 * Counts c_n(k) of subsets of {1..n} whose sum is k, k = 0..n(n+1)/2 (R's `csignrank`), as doubles.
 * The probability P(V = k) is c_n(k) / 2ⁿ.
 */
export function signedRankCounts(n: number): Float64Array {
  const hit = cache.get(n);
  if (hit !== undefined) return hit;
  const max = (n * (n + 1)) / 2;
  const c = new Float64Array(max + 1);
  c[0] = 1;
  let top = 0;
  for (let m = 1; m <= n; m++) {
    top += m;
    for (let k = top; k >= m; k--) c[k] = c[k]! + c[k - m]!;
  }
  cache.set(n, c);
  return c;
}

/**
 * Quantile of the Wilcoxon signed-rank statistic, exactly as R's `qsignrank(p, n)` (lower tail) for n <= SIGNED_RANK_EXACT_MAX_N,
 * including its 10·DBL_EPSILON fuzz; for larger n the normal approximation rounded to an integer.
 */
export function qsignrank(p: number, n: number): number {
  if (!(n > 0)) return Number.NaN;
  const max = (n * (n + 1)) / 2;
  if (n > SIGNED_RANK_EXACT_MAX_N) {
    const mean = max / 2;
    const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24);
    return Math.min(max, Math.max(0, Math.ceil(mean + sd * normalQuantileLocal(p) - 0.5)));
  }
  const c = signedRankCounts(n);
  const f = Math.pow(2, -n);
  let acc = 0;
  let q = 0;
  if (p <= 0.5) {
    const x = p - 10 * Number.EPSILON;
    for (;;) {
      acc += c[q]! * f;
      if (acc >= x) break;
      q++;
    }
    return q;
  }
  const x = 1 - p + 10 * Number.EPSILON;
  for (;;) {
    acc += c[q]! * f;
    if (acc > x) return max - q;
    q++;
  }
}

/**
 * Exact two-sided p-value of a signed-rank statistic W⁺ (may be fractional with ties: the tails use ⌊W⌋ and ⌈W⌉):
 * min(1, 2·min(P(V <= W), P(V >= W))). For n > SIGNED_RANK_EXACT_MAX_N the normal approximation with continuity
 * correction and, when `tieSum` = Σ (t³ − t) over groups of tied |values| is given, the tie-corrected variance
 * n(n+1)(2n+1)/24 − Σ(t³ − t)/48 (Hollander & Wolfe; scipy's `wilcoxon(method="approx")`).
 */
export function signedRankTwoSidedP(w: number, n: number, tieSum = 0): number {
  if (Number.isNaN(w) || !(n > 0)) return Number.NaN;
  const max = (n * (n + 1)) / 2;
  if (n > SIGNED_RANK_EXACT_MAX_N) {
    const mean = max / 2;
    const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieSum / 48);
    const z = Math.max(0, Math.abs(w - mean) - 0.5) / sd;
    return Math.min(1, erfcLocal(z / Math.SQRT2));
  }
  const c = signedRankCounts(n);
  const f = Math.pow(2, -n);
  const lo = Math.floor(w);
  const hi = Math.ceil(w);
  let below = 0;
  for (let k = 0; k <= Math.min(lo, max); k++) below += c[k]!;
  let above = 0;
  for (let k = Math.max(hi, 0); k <= max; k++) above += c[k]!;
  return Math.min(1, 2 * Math.min(below * f, above * f));
}
