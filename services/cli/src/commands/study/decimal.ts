// Strict decimal numbers for input files. `Number()` also reads hex (`0x10` → 16), binary, octal, `Infinity` and the
// empty string (→ 0), which a prices file must never contain; these functions accept only
// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?` and return NaN otherwise.

import { ASCII } from './ascii';

const STRICT_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Powers of ten that are exact doubles (10^0 … 10^22): dividing an exact integer by one rounds correctly once. */
const EXACT_POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Parses a strict decimal number from text; NaN when `text` is not one (hex, `Infinity`, empty, spaces inside …). */
export function parseDecimal(text: string): number {
  return STRICT_DECIMAL.test(text) ? Number(text) : Number.NaN;
}

const { DIGIT_0, DIGIT_9, DOT, PLUS, MINUS, LOWER_E, UPPER_E } = ASCII;

/**
 * Parses a strict decimal number from the bytes `buf[start, end)` without allocating, for the prices hot loop.
 * Plain decimals with at most 15 significant digits (every price a vendor prints) are computed as integer / 10^k,
 * which is the correctly rounded double (both operands are exact; Clinger's fast path), i.e. exactly what `Number()`
 * returns; anything longer or with an exponent is handed to `Number()` after the strict syntax check.
 */
export function parseDecimalBytes(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && (buf[i] === PLUS || buf[i] === MINUS)) {
    negative = buf[i] === MINUS;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let fraction = 0;
  let seenDot = false;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      digits++;
      if (significant > 0 || c !== DIGIT_0) significant++;
      mantissa = mantissa * 10 + (c - DIGIT_0);
      if (seenDot) fraction++;
    } else if (c === DOT && !seenDot) seenDot = true;
    else break;
  }
  if (digits === 0) return Number.NaN;
  if (i === end) {
    if (significant <= 15 && fraction <= 22) {
      const v = fraction === 0 ? mantissa : mantissa / EXACT_POW10[fraction]!;
      return negative ? -v : v;
    }
    return slowPath(buf, start, end);
  }
  // An exponent: check the syntax here, let Number() do the rounding.
  if (buf[i] !== LOWER_E && buf[i] !== UPPER_E) return Number.NaN;
  i++;
  if (i < end && (buf[i] === PLUS || buf[i] === MINUS)) i++;
  if (i === end) return Number.NaN;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c < DIGIT_0 || c > DIGIT_9) return Number.NaN;
  }
  return slowPath(buf, start, end);
}

function slowPath(buf: Uint8Array, start: number, end: number): number {
  return Number(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'));
}
