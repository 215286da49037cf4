/**
 * Sorts `keys[0..n)` ascending in place, permuting `tags` alongside (quicksort, median-of-three, insertion sort for
 * short runs). Built-in TypedArray#sort is several times slower on the short arrays ranked here.
 */
export function sortWithTags(keys: Float64Array, tags: Int32Array, n: number): void {
  quick(keys, tags, 0, n - 1);
}

function insertion(keys: Float64Array, tags: Int32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const k = keys[i]!;
    const t = tags[i]!;
    let j = i - 1;
    while (j >= lo && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      tags[j + 1] = tags[j]!;
      j--;
    }
    keys[j + 1] = k;
    tags[j + 1] = t;
  }
}

function swap(keys: Float64Array, tags: Int32Array, a: number, b: number): void {
  const k = keys[a]!;
  keys[a] = keys[b]!;
  keys[b] = k;
  const t = tags[a]!;
  tags[a] = tags[b]!;
  tags[b] = t;
}

function quick(keys: Float64Array, tags: Int32Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < keys[lo]!) swap(keys, tags, mid, lo);
    if (keys[hi]! < keys[lo]!) swap(keys, tags, hi, lo);
    if (keys[hi]! < keys[mid]!) swap(keys, tags, hi, mid);
    const pivot = keys[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (keys[i]! < pivot) i++;
      while (keys[j]! > pivot) j--;
      if (i <= j) {
        swap(keys, tags, i, j);
        i++;
        j--;
      }
    }
    // Recurse into the smaller part, loop on the larger (bounded stack).
    if (j - lo < hi - i) {
      quick(keys, tags, lo, j);
      lo = i;
    } else {
      quick(keys, tags, i, hi);
      hi = j;
    }
  }
  insertion(keys, tags, lo, hi);
}

/**
 * Average-tie ranks (R's `rank(x, ties.method = "average", na.last = "keep")`) of the first `n` values of `x`, written
 * to `out` (NaN stays NaN). `scratch` and `tags` must hold at least `n` values; on return the first m entries of
 * `scratch` are the sorted non-missing values. Returns m, the number of non-missing values.
 */
export function averageRanks(
  x: Float64Array,
  n: number,
  out: Float64Array,
  scratch: Float64Array,
  tags: Int32Array = new Int32Array(n),
): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) {
      out[i] = Number.NaN;
      continue;
    }
    scratch[m] = v;
    tags[m] = i;
    m++;
  }
  sortWithTags(scratch, tags, m);
  averageRanksOfSorted(scratch, tags, m, out);
  return m;
}

/** Writes the average-tie rank of each of the `m` sorted `keys` to `out[tags[i]]` (positions not in `tags` untouched). */
export function averageRanksOfSorted(keys: Float64Array, tags: Int32Array, m: number, out: Float64Array): void {
  let i = 0;
  while (i < m) {
    let j = i;
    while (j + 1 < m && keys[j + 1] === keys[i]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) out[tags[k]!] = r;
    i = j + 1;
  }
}

/**
 * Merges the sorted `a[0..na)` and `b[0..nb)` (with their tags) into `keys`/`tags`; returns na + nb. Ranking
 * estimation ∪ window this way sorts the long estimation part once per event instead of once per window.
 */
export function mergeSorted(
  a: Float64Array,
  aTags: Int32Array,
  na: number,
  b: Float64Array,
  bTags: Int32Array,
  nb: number,
  keys: Float64Array,
  tags: Int32Array,
): number {
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < na && j < nb) {
    if (b[j]! < a[i]!) {
      keys[o] = b[j]!;
      tags[o++] = bTags[j++]!;
    } else {
      keys[o] = a[i]!;
      tags[o++] = aTags[i++]!;
    }
  }
  while (i < na) {
    keys[o] = a[i]!;
    tags[o++] = aTags[i++]!;
  }
  while (j < nb) {
    keys[o] = b[j]!;
    tags[o++] = bTags[j++]!;
  }
  return o;
}

/** Median of the non-missing values among the first `n` of `x` (R's `median(na.rm = TRUE)`); NaN when none. */
export function medianOf(x: Float64Array, n: number, scratch: Float64Array): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (!Number.isNaN(v)) scratch[m++] = v;
  }
  if (m === 0) return Number.NaN;
  sortWithTags(scratch, new Int32Array(m), m);
  const h = m >>> 1;
  return m % 2 === 1 ? scratch[h]! : (scratch[h - 1]! + scratch[h]!) / 2;
}
