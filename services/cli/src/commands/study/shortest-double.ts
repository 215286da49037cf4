/**
 * `String(x)` of a double written straight into a byte buffer, without making a string: the abnormal-returns file
 * formats two fresh doubles per row (millions per study), and `String(x)` plus copying its characters was the largest
 * cost of a whole `newswindow study` run.
 *
 * The digits are the shortest that read back as `x`, the closest of them to `x` (ECMAScript Number::toString). The
 * fast path covers 1e-6 ≤ |x| < 1e15 (decimal notation; ARs and returns are there): `|x|·10^k` is formed exactly as
 * a double-double (Dekker's product; 10^k is exact for k ≤ 22), held as a 9-digit and an 8-digit integer plus a
 * fraction, and the half-gaps to the neighbouring doubles are scaled by the same 10^k (exact: powers of two). The
 * shortest candidate is the multiple of the largest 10^j strictly inside the rounding interval. Whenever a decision
 * is within a hair of a boundary (a candidate on the interval's edge, two candidates equally close, a number with
 * fewer than 10 significant digits, the scale at a power of ten), the function writes `String(x)` instead, so the
 * output is `String(x)` byte for byte (checked against it on millions of doubles in the unit test).
 */

const P10 = Array.from({ length: 23 }, (_, k) => 10 ** k); // exact up to 1e22
const SPLITTER = 134217729; // 2^27 + 1, Dekker/Veltkamp split
const SPLIT_HI = P10.map((p) => {
  const c = SPLITTER * p;
  return c - (c - p);
});
const SPLIT_LO = P10.map((p, k) => p - SPLIT_HI[k]!);
/** 2^(e − 1076) for each biased exponent e: half the spacing of doubles with that exponent. */
const HALF_ULP = Array.from({ length: 2047 }, (_, e) => 2 ** (Math.max(e, 1) - 1076));
/** Decisions closer than this to a boundary go to `String(x)` (rounding of r + f is ~1e-9 at most). */
const MARGIN = 1e-6;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
// Index of the high word of a double in `words` (little- or big-endian platform).
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

function putString(buf: Uint8Array, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
  return pos;
}

/** Writes the `n` decimal digits of the integer `v` (0 ≤ v < 10^n, n ≤ 9), zero-padded, at `pos`. */
function putDigits(buf: Uint8Array, pos: number, v: number, n: number): void {
  let i = pos + n - 1;
  // Two digits per division.
  for (; i > pos; i -= 2) {
    const q = (v / 100) | 0;
    const r = (v - q * 100) * 2;
    buf[i] = PAIRS[r + 1]!;
    buf[i - 1] = PAIRS[r]!;
    v = q;
  }
  if (i === pos) buf[i] = 48 + v;
}

/** "00" "01" … "99" as ASCII byte pairs. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, j) => 48 + ((j & 1) === 0 ? Math.floor(j / 20) : (j >> 1) % 10));

/**
 * Writes `String(x)` as ASCII bytes at `pos` and returns the position after it. `buf` needs room for 25 bytes from
 * `pos` (the longest `String` of a double, `-0.0000012345678901234567`): bytes after the returned position may be
 * overwritten too (digits are written whole and the trailing ones dropped), so write what follows over them.
 */
export function putShortest(buf: Uint8Array, pos: number, x: number): number {
  let a = x;
  let p = pos;
  if (a < 0) a = -a;
  if (!(a >= 1e-6 && a < 1e15)) return putString(buf, pos, String(x));
  bits[0] = a;
  const hw = words[HI]!;
  // X = a·10^k with 10^16 ≤ X < 10^17: seventeen integer digits and a fraction. log10(a) from the binary exponent
  // (a ∈ [2^e, 2^(e+1)), log10(2) < 0.30103): off by at most one, corrected just below.
  let k = 16 - Math.floor(((hw >>> 20) - 1023) * 0.3010299956639812);
  let s = P10[k]!;
  let hi = a * s;
  if (hi < 1e16) hi = a * (s = P10[++k]!);
  if (hi < 1e16) hi = a * (s = P10[++k]!);
  else if (hi >= 1e17) hi = a * (s = P10[--k]!);
  if (!(hi >= 1e16 && hi < 1e17) || k > 22) return putString(buf, pos, String(x));
  // Dekker's exact product: a·s = hi + lo.
  const c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  const sh = SPLIT_HI[k]!;
  const sl = SPLIT_LO[k]!;
  const lo = ah * sh - hi + ah * sl + al * sh + al * sl;
  // hi is an integer (≥ 2^53); split it exactly into 9 + 8 digits, then move lo's integer part into the low limb.
  // (high·1e8 is exact and so is hi − high·1e8; `%` on doubles would be a slow fmod call.)
  let high = Math.floor(hi / 1e8);
  let low = hi - high * 1e8;
  const lf = Math.floor(lo);
  const f = lo - lf;
  low += lf;
  while (low < 0) {
    low += 1e8;
    high -= 1;
  }
  while (low >= 1e8) {
    low -= 1e8;
    high += 1;
  }
  if (high < 1e8 || high >= 1e9) return putString(buf, pos, String(x));
  // Half-gaps to the neighbouring doubles, scaled: below is half as wide at a power of two (mantissa bits all zero).
  const up = HALF_ULP[hw >>> 20]! * s;
  const down = (hw & 0xfffff) === 0 && words[1 - HI] === 0 && hw >>> 20 > 1 ? up / 2 : up;
  // A number with 9 or fewer significant digits (a multiple of 10^8 inside the interval): leave it to String.
  if (low + f < down + MARGIN || 1e8 - low - f < up + MARGIN) return putString(buf, pos, String(x));
  // Largest j (≤ 7) with a multiple of 10^j strictly inside (X − down, X + up); valid at j ⇒ valid at j − 1.
  const lowInt = low | 0;
  let j = 0;
  let rounded = -1;
  for (let t = 0, m = 1; t <= 7; t++, m *= 10) {
    const r = lowInt % m;
    const below = r + f; // X − (multiple of m below)
    const above = m - r - f; // (multiple above) − X
    if (Math.abs(below - down) < MARGIN || Math.abs(above - up) < MARGIN) return putString(buf, pos, String(x));
    const okBelow = below < down;
    const okAbove = above < up;
    if (!okBelow && !okAbove) break;
    if (okBelow && okAbove) {
      if (Math.abs(below - above) < MARGIN) return putString(buf, pos, String(x));
      rounded = below < above ? lowInt - r : lowInt - r + m;
    } else rounded = okBelow ? lowInt - r : lowInt - r + m;
    j = t;
  }
  if (rounded < 0) return putString(buf, pos, String(x));
  let hd = high;
  if (rounded >= 1e8) {
    rounded -= 1e8;
    hd += 1;
    if (hd >= 1e9) return putString(buf, pos, String(x));
  }
  // Digits d1…d17 (trailing j dropped) of the value 0.d1d2… × 10^n.
  const nd = 17 - j;
  const n = 17 - k;
  if (x < 0) buf[p++] = 45;
  if (n <= 0) {
    // 0.000ddd, the usual case for returns: the 17 digits go straight to `buf` (those past nd are scratch).
    buf[p++] = 48;
    buf[p++] = 46;
    for (let i = n; i < 0; i++) buf[p++] = 48;
    putDigits(buf, p, hd, 9);
    putDigits(buf, p + 9, rounded, 8);
    return p + nd;
  }
  const scratch = DIGITS;
  putDigits(scratch, 0, hd, 9);
  putDigits(scratch, 9, rounded, 8);
  if (n >= nd) {
    // ddd000 (an integer)
    for (let i = 0; i < nd; i++) buf[p++] = scratch[i]!;
    for (let i = nd; i < n; i++) buf[p++] = 48;
  } else {
    for (let i = 0; i < n; i++) buf[p++] = scratch[i]!;
    buf[p++] = 46;
    for (let i = n; i < nd; i++) buf[p++] = scratch[i]!;
  }
  return p;
}

const DIGITS = new Uint8Array(17);
