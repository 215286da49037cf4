/** Close-to-close return convention: `log` = ln(P_t / P_{t−1}) (default), `simple` = P_t / P_{t−1} − 1. */
export type ReturnKind = 'log' | 'simple';

/**
 * What to do with the return across a gap of missing closes:
 * - `eventus` (default): the return on the day the price reappears spans several sessions; it is excluded from
 *   estimation, and in the event window its abnormal return is measured against the expected return compounded over
 *   the same span (the gap days themselves stay NA);
 * - `multi-day` (estudy2 `multi_day = TRUE`): the multi-session return is kept on the reappearance date and treated as
 *   a one-day return everywhere (estimation too);
 * - `single-day` (estudy2 `multi_day = FALSE`): the reappearance return is NA, like the gap days.
 */
export type MissingDataRule = 'eventus' | 'multi-day' | 'single-day';

/** Returns aligned to a calendar: `values[t]` is the return dated at session t (NaN when missing) and `span[t]` the
 * number of sessions it covers (1 normally, k + 1 after k missing closes, 0 when the return is missing). */
export interface ReturnSeries {
  readonly values: Float64Array;
  readonly span: Int32Array;
}

/**
 * Close-to-close returns from closes aligned to a calendar (NaN = no close that session). The first available close
 * has no return. A return across missing closes is kept with its span (the missing-data rule is applied later, per
 * use); nothing is skipped: session t keeps index t.
 */
export function computeReturns(closes: Float64Array, kind: ReturnKind = 'log'): ReturnSeries {
  const n = closes.length;
  const values = new Float64Array(n).fill(Number.NaN);
  const span = new Int32Array(n);
  let last = -1;
  for (let t = 0; t < n; t++) {
    const p = closes[t]!;
    if (Number.isNaN(p)) continue;
    if (last >= 0) {
      const prev = closes[last]!;
      values[t] = kind === 'log' ? Math.log(p / prev) : p / prev - 1;
      span[t] = t - last;
    }
    last = t;
  }
  return { values, span };
}

/**
 * Applies the single-day view of a return series: multi-session returns become NaN (estudy2 `multi_day = FALSE`).
 * Used for `single-day` everywhere and for `eventus` in the estimation window.
 */
export function dropMultiSessionReturns(series: ReturnSeries): Float64Array {
  const out = new Float64Array(series.values);
  for (let t = 0; t < out.length; t++) if (series.span[t]! > 1) out[t] = Number.NaN;
  return out;
}
