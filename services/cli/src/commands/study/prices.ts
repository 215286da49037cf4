import { InputFileError, quote, requireColumns, splitCsvLine } from './csv';
import { ASCII } from './ascii';
import { parseDecimal, parseDecimalBytes } from './decimal';

// The prices file is the large input (a vendor's daily file for a whole market is hundreds of MB), so it is read as a
// byte stream: each line is cut into fields by a byte scan, dates and closes are parsed from the bytes (no string per
// field), and a symbol is decoded only when it differs from the previous line's. Lines with a quote character, and the
// header, go through csv-parse (`splitCsvLine`). Measured on the benchmark's 500 × 1000 panel (12 MB): csv-parse's
// stream alone took 0.8–0.9 s of CPU before any number was parsed; this scan reads and checks it in about 0.1 s.

/** Closes of one symbol in file order: dates as `yyyymmdd` integers (see {@link dayKeyToIso}). */
export interface SymbolPrices {
  readonly dates: Int32Array;
  readonly closes: Float64Array;
  readonly length: number;
}

/** Closes per symbol as read from the prices file, in file order. */
export interface PriceTable {
  readonly bySymbol: ReadonlyMap<string, SymbolPrices>;
}

interface Series {
  dates: Int32Array;
  closes: Float64Array;
  length: number;
  lastDate: number;
  /** Dates seen, built only once the symbol's rows stop being in ascending date order. */
  seen: Set<number> | undefined;
}

const { LF, CR, COMMA, QUOTE, SPACE, TAB, MINUS: DASH, DIGIT_0 } = ASCII;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  if (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return 29;
  return DAYS_IN_MONTH[m - 1]!;
}

function digit(buf: Uint8Array, i: number): number {
  const d = buf[i]! - DIGIT_0;
  return d >= 0 && d <= 9 ? d : -1000_000;
}

/** `YYYY-MM-DD` in `buf[s, e)` → `yyyymmdd`, or −1 when it is not a valid calendar date. */
function dayKeyOfBytes(buf: Uint8Array, s: number, e: number): number {
  if (e - s !== 10 || buf[s + 4] !== DASH || buf[s + 7] !== DASH) return -1;
  const y = digit(buf, s) * 1000 + digit(buf, s + 1) * 100 + digit(buf, s + 2) * 10 + digit(buf, s + 3);
  const m = digit(buf, s + 5) * 10 + digit(buf, s + 6);
  const d = digit(buf, s + 8) * 10 + digit(buf, s + 9);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
  return y * 10000 + m * 100 + d;
}

/** `YYYY-MM-DD` text → `yyyymmdd`, or −1 when it is not a valid calendar date. */
export function dayKeyOf(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  return dayKeyOfBytes(bytes, 0, bytes.length);
}

/** `yyyymmdd` → `YYYY-MM-DD`. */
export function dayKeyToIso(key: number): string {
  const y = Math.floor(key / 10000);
  const m = Math.floor(key / 100) % 100;
  const d = key % 100;
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

function newSeries(): Series {
  return { dates: new Int32Array(256), closes: new Float64Array(256), length: 0, lastDate: -1, seen: undefined };
}

function grow(s: Series): void {
  const dates = new Int32Array(s.dates.length * 2);
  dates.set(s.dates);
  const closes = new Float64Array(s.closes.length * 2);
  closes.set(s.closes);
  s.dates = dates;
  s.closes = closes;
}

interface SymbolSlot {
  readonly bytes: Uint8Array;
  readonly series: Series;
  readonly symbol: string;
}

function sameBytes(buf: Uint8Array, s: number, n: number, bytes: Uint8Array): boolean {
  for (let i = 0; i < n; i++) if (buf[s + i] !== bytes[i]) return false;
  return true;
}

/** Columns of the prices file and the running state of the reader. */
class PricesReader {
  private readonly bySymbol = new Map<string, Series>();
  private header: readonly string[] | undefined;
  private dateCol = 0;
  private symbolCol = 0;
  private closeCol = 0;
  private maxCol = 0;
  private lastSymbolBytes = new Uint8Array(64);
  private lastSymbolLength = -1;
  private lastSeries: Series | undefined;
  private lastSymbol = '';
  private symbolSlots = new Array<SymbolSlot | undefined>(1024);
  private symbolMask = 1023;
  private symbolCount = 0;
  // Field bounds of the current line, per needed column.
  private readonly fs = new Int32Array(3);
  private readonly fe = new Int32Array(3);

  constructor(private readonly file: string) {}

  /** Handles one line `buf[s, e)` (without its line end). */
  line(buf: Uint8Array, s: number, e: number, lineNo: number): void {
    if (this.header === undefined) {
      this.readHeader(buf, s, e, lineNo);
      return;
    }
    // Blank (or whitespace-only) lines are skipped, as csv-parse does.
    let k = s;
    while (k < e && (buf[k] === SPACE || buf[k] === TAB)) k++;
    if (k === e) return;
    const fs = this.fs;
    const fe = this.fe;
    fs.fill(-1);
    let col = 0;
    let fieldStart = s;
    for (let i = s; i <= e; i++) {
      const c = i < e ? buf[i]! : COMMA;
      if (c === QUOTE) {
        this.quotedLine(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8'), lineNo);
        return;
      }
      if (c !== COMMA) continue;
      const slot = col === this.dateCol ? 0 : col === this.symbolCol ? 1 : col === this.closeCol ? 2 : -1;
      if (slot >= 0) {
        let a = fieldStart;
        let b = i;
        while (a < b && (buf[a] === SPACE || buf[a] === TAB)) a++;
        while (b > a && (buf[b - 1] === SPACE || buf[b - 1] === TAB)) b--;
        fs[slot] = a;
        fe[slot] = b;
      }
      col++;
      fieldStart = i + 1;
      if (col > this.maxCol) break;
    }
    const date = fs[0]! < 0 ? -1 : dayKeyOfBytes(buf, fs[0]!, fe[0]!);
    if (date < 0) this.fail(lineNo, `date '${this.text(buf, fs[0]!, fe[0]!)}' is not a valid YYYY-MM-DD date`);
    if (fs[1]! < 0 || fs[1] === fe[1]) this.fail(lineNo, 'empty symbol');
    const series = this.seriesOfBytes(buf, fs[1]!, fe[1]!);
    const close = fs[2]! < 0 ? Number.NaN : parseDecimalBytes(buf, fs[2]!, fe[2]!);
    if (!(close > 0 && close < Infinity)) this.badClose(close, lineNo, this.text(buf, fs[2]!, fe[2]!));
    this.add(series, date, lineNo, close);
  }

  private text(buf: Uint8Array, s: number, e: number): string {
    return s < 0 ? '' : quote(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8'));
  }

  private fail(lineNo: number, reason: string): never {
    throw new InputFileError(this.file, lineNo, reason);
  }

  private readHeader(buf: Uint8Array, s: number, e: number, lineNo: number): void {
    let text = Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8');
    if (lineNo === 1) text = text.replace(/^\uFEFF/, '');
    if (text.trim() === '') {
      if (lineNo === 1) this.fail(1, 'empty file (a header row is needed)');
      return;
    }
    const header = splitCsvLine(this.file, lineNo, text).map((h) => h.toLowerCase());
    const col = requireColumns(this.file, header, ['date', 'symbol', 'close']);
    this.dateCol = col.date!;
    this.symbolCol = col.symbol!;
    this.closeCol = col.close!;
    this.maxCol = Math.max(this.dateCol, this.symbolCol, this.closeCol);
    this.header = header;
  }

  private quotedLine(text: string, lineNo: number): void {
    const cells = splitCsvLine(this.file, lineNo, text);
    const dateText = cells[this.dateCol] ?? '';
    const symbol = cells[this.symbolCol] ?? '';
    const raw = cells[this.closeCol] ?? '';
    const date = dayKeyOf(dateText);
    if (date < 0) this.fail(lineNo, `date '${quote(dateText)}' is not a valid YYYY-MM-DD date`);
    if (symbol === '') this.fail(lineNo, 'empty symbol');
    this.lastSymbolLength = -1;
    const close = parseDecimal(raw);
    if (!(close > 0 && close < Infinity)) this.badClose(close, lineNo, quote(raw));
    this.add(this.seriesOf(symbol), date, lineNo, close);
  }

  private badClose(close: number, lineNo: number, raw: string): never {
    if (!Number.isFinite(close)) this.fail(lineNo, `close '${raw}' is not a number`);
    this.fail(lineNo, `close ${raw} is not positive`);
  }

  private seriesOf(symbol: string): Series {
    let s = this.bySymbol.get(symbol);
    if (s === undefined) {
      s = newSeries();
      this.bySymbol.set(symbol, s);
    }
    this.lastSymbol = symbol;
    return s;
  }

  /**
   * The series of the symbol in `buf[s, e)`. A file sorted by date changes symbol on every line, so symbols are looked
   * up by their bytes (hash, then a byte comparison) and decoded to a string only the first time they are seen.
   */
  private seriesOfBytes(buf: Uint8Array, s: number, e: number): Series {
    const n = e - s;
    if (n === this.lastSymbolLength && this.lastSeries !== undefined && sameBytes(buf, s, n, this.lastSymbolBytes)) {
      return this.lastSeries;
    }
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    let slot = h & this.symbolMask;
    let series: Series | undefined;
    for (;;) {
      const known = this.symbolSlots[slot];
      if (known === undefined) break;
      if (known.bytes.length === n && sameBytes(buf, s, n, known.bytes)) {
        series = known.series;
        this.lastSymbol = known.symbol;
        break;
      }
      slot = (slot + 1) & this.symbolMask;
    }
    if (series === undefined) {
      const symbol = Buffer.from(buf.buffer, buf.byteOffset + s, n).toString('utf8');
      series = this.seriesOf(symbol);
      // A copy: a view would keep the whole input chunk alive.
      this.symbolSlots[slot] = { bytes: Uint8Array.from(buf.subarray(s, e)), series, symbol };
      if (++this.symbolCount * 2 > this.symbolSlots.length) this.rehash();
    }
    if (n > this.lastSymbolBytes.length) this.lastSymbolBytes = new Uint8Array(n * 2);
    this.lastSymbolBytes.set(buf.subarray(s, e));
    this.lastSymbolLength = n;
    this.lastSeries = series;
    return series;
  }

  private rehash(): void {
    const old = this.symbolSlots;
    this.symbolSlots = new Array<SymbolSlot | undefined>(old.length * 2);
    this.symbolMask = this.symbolSlots.length - 1;
    for (const known of old) {
      if (known === undefined) continue;
      let h = 0x811c9dc5;
      for (let i = 0; i < known.bytes.length; i++) h = Math.imul(h ^ known.bytes[i]!, 0x01000193);
      let slot = h & this.symbolMask;
      while (this.symbolSlots[slot] !== undefined) slot = (slot + 1) & this.symbolMask;
      this.symbolSlots[slot] = known;
    }
  }

  private add(series: Series, date: number, lineNo: number, close: number): void {
    if (date > series.lastDate && series.seen === undefined) series.lastDate = date;
    else {
      if (series.seen === undefined) series.seen = new Set(series.dates.subarray(0, series.length));
      if (series.seen.has(date)) {
        this.fail(lineNo, `duplicate date ${dayKeyToIso(date)} for symbol ${this.symbolOf(series)}`);
      }
      series.seen.add(date);
    }
    if (series.length === series.dates.length) grow(series);
    series.dates[series.length] = date;
    series.closes[series.length] = close;
    series.length++;
  }

  private symbolOf(series: Series): string {
    if (this.lastSeries === series || this.bySymbol.get(this.lastSymbol) === series) return this.lastSymbol;
    for (const [symbol, s] of this.bySymbol) if (s === series) return symbol;
    return '';
  }

  finish(lineNo: number): PriceTable {
    if (this.header === undefined) this.fail(Math.max(lineNo, 1), 'empty file (a header row is needed)');
    return { bySymbol: this.bySymbol };
  }
}

/**
 * Reads `date,symbol,close` (extra columns ignored) from a stream of bytes, in memory proportional to the closes kept
 * (12 bytes a row), not to the file. Rejects bad dates, closes that are not strict decimals (`0x10`, `Infinity`),
 * non-positive closes and duplicate dates with the file and line. LF, CRLF and CR line ends are all line ends.
 */
export async function readPrices(
  file: string,
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): Promise<PriceTable> {
  const reader = new PricesReader(file);
  let carry: Buffer = Buffer.alloc(0);
  let lineNo = 1;
  let afterCR = false;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const buf = carry.length === 0 ? bytes : Buffer.concat([carry, bytes]);
    let start = 0;
    let i = 0;
    if (afterCR && carry.length === 0 && buf.length > 0 && buf[0] === LF) {
      start = 1;
      i = 1;
    }
    afterCR = false;
    const n = buf.length;
    for (; i < n; i++) {
      const c = buf[i]!;
      if (c !== LF && c !== CR) continue;
      reader.line(buf, start, i, lineNo);
      lineNo++;
      if (c === CR) {
        if (i + 1 < n) {
          if (buf[i + 1] === LF) i++;
        } else afterCR = true;
      }
      start = i + 1;
    }
    carry = start < n ? Buffer.from(buf.subarray(start)) : Buffer.alloc(0);
  }
  if (carry.length > 0) reader.line(carry, 0, carry.length, lineNo);
  return reader.finish(lineNo);
}
