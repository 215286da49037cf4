import { regularizedIncompleteBeta } from './gamma-beta';

/** Two-sided p-value of a Student t statistic with `df` (real, > 0) degrees of freedom; NaN when undefined. */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** Student t cumulative distribution function P(T <= t) with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = studentTTwoSidedP(t, df) / 2;
  return t >= 0 ? 1 - tail : tail;
}
