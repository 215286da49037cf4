/**
 * Average-tie ranks (R's `rank(x, ties.method = "average", na.last = "keep")`) of the first `n` values of `x`, written
 * to `out` (NaN stays NaN). `scratch` must hold at least `n` values. Returns the number of non-missing values.
 */
export function averageRanks(x: Float64Array, n: number, out: Float64Array, scratch: Float64Array): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (!Number.isNaN(v)) scratch[m++] = v;
  }
  const sorted = scratch.subarray(0, m).sort();
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) {
      out[i] = Number.NaN;
      continue;
    }
    // lo = count of values < v, hi = count of values <= v; the tied block occupies ranks lo+1 … hi.
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    let top = lo;
    let up = m;
    while (top < up) {
      const mid = (top + up) >>> 1;
      if (sorted[mid]! <= v) top = mid + 1;
      else up = mid;
    }
    out[i] = (lo + 1 + top) / 2;
  }
  return m;
}

/** Median of the non-missing values among the first `n` of `x` (R's `median(na.rm = TRUE)`); NaN when none. */
export function medianOf(x: Float64Array, n: number, scratch: Float64Array): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (!Number.isNaN(v)) scratch[m++] = v;
  }
  if (m === 0) return Number.NaN;
  const s = scratch.subarray(0, m).sort();
  const h = m >>> 1;
  return m % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}
