import { normalTwoSidedP } from './special/normal';
import { qsignrank, signedRankTwoSidedP } from './special/signed-rank';
import { studentTTwoSidedP } from './special/student-t';

/** Significance stars as estudy2 prints them: `***` 1 %, `**` 5 %, `*` 10 %, two-sided; '' otherwise or when undefined. */
export type Stars = '' | '*' | '**' | '***';

/** The reference distribution of a statistic. */
export type Reference =
  | { readonly kind: 'normal' }
  | { readonly kind: 'student-t'; readonly df: number }
  | { readonly kind: 'signed-rank'; readonly n: number };

/** R's qnorm(1 − α/2) for α = 0.10, 0.05, 0.01 (estudy2's `const_q1..3`). */
export const NORMAL_CRITICAL = [1.6448536269514722, 1.959963984540054, 2.5758293035489004] as const;

const ALPHAS = [0.1, 0.05, 0.01] as const;

/** Two-sided p-value of `stat` under `ref` (exact signed-rank distribution for n <= 400). NaN when undefined. */
export function pValue(stat: number, ref: Reference): number {
  switch (ref.kind) {
    case 'normal':
      return normalTwoSidedP(stat);
    case 'student-t':
      return studentTTwoSidedP(stat, ref.df);
    case 'signed-rank':
      return signedRankTwoSidedP(stat, ref.n);
    default: {
      const _never: never = ref;
      throw new Error(`unknown reference ${String(_never)}`);
    }
  }
}

/**
 * Stars exactly as estudy2 assigns them. Normal: |z| >= qnorm(1 − α/2). Student t: |t| >= qt(1 − α/2, df), decided
 * through the p-value (p <= α). Signed rank (estudy2's Wilcoxon quirk): W >= qsignrank(1 − α, n) or
 * W <= n(n+1)/2 − qsignrank(1 − α/2, n).
 */
export function stars(stat: number, ref: Reference): Stars {
  if (Number.isNaN(stat)) return '';
  let level = 0;
  switch (ref.kind) {
    case 'normal': {
      const a = Math.abs(stat);
      for (let i = 0; i < 3; i++) if (a >= NORMAL_CRITICAL[i]!) level = i + 1;
      break;
    }
    case 'student-t': {
      if (!(ref.df > 0)) return '';
      const p = studentTTwoSidedP(stat, ref.df);
      for (let i = 0; i < 3; i++) if (p <= ALPHAS[i]!) level = i + 1;
      break;
    }
    case 'signed-rank': {
      const n = ref.n;
      if (!(n > 0)) return '';
      const total = (n * (n + 1)) / 2;
      for (let i = 0; i < 3; i++) {
        const alpha = ALPHAS[i]!;
        if (stat >= qsignrank(1 - alpha, n) || stat <= total - qsignrank(1 - alpha / 2, n)) level = i + 1;
      }
      break;
    }
    default: {
      const _never: never = ref;
      throw new Error(`unknown reference ${String(_never)}`);
    }
  }
  return (['', '*', '**', '***'] as const)[level]!;
}
