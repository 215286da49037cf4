import type { StudyResult } from '@newswindow/engine';
import { DAILY_TESTS, FACTOR_NAMES, modelCode, phaseOf, windowCode } from '@newswindow/engine';
import { ASCII } from './ascii';
import type { TextOut } from './text-out';
import { putShortest } from './shortest-double';

const { COMMA } = ASCII;

/** A rendered table: header and string cells (used for the terminal table, which needs every row to size columns). */
export interface Table {
  readonly header: readonly string[];
  readonly rows: string[][];
}

/** Number cell: full double precision, `NA` for NaN/undefined/infinite. */
export function num(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? 'NA' : String(x);
}

const ORACLE_DAILY = DAILY_TESTS.filter((t) => t !== 'pt_kp' && t !== 'bh_kp');

/** The four oracle-layout tables. */
export type TableName = 'abnormalReturns' | 'eventSummary' | 'dailyTests' | 'carTests' | 'windowTests';

/** What a row source needs besides the study: the `event_date` column per event id. */
export interface RowContext {
  readonly eventDates: ReadonlyMap<string, string>;
}

/** The oracle's headers (plus extras after them) for the given window codes. */
export function tableHeaders(windowCodes: readonly string[]): Record<TableName, readonly string[]> {
  return {
    abnormalReturns: ['model', 'event_id', 'symbol', 'rel_day', 'date', 'ret', 'mkt_ret', 'expected', 'ar', 'phase'],
    eventSummary: [
      'model',
      'event_id',
      'symbol',
      'event_date',
      'effective_date',
      'estimation_first_date',
      'estimation_last_date',
      'estimation_length',
      'alpha',
      'beta',
      'mean_est_return',
      'sd_ar_est_n1',
      'sd_ar_est_n2',
      'sigma',
      'r2',
      ...FACTOR_NAMES.map((f) => `beta_${f}`),
      ...windowCodes.flatMap((c) => [`car_${c}`, `n_${c}`]),
      ...windowCodes.flatMap((c) => [`bhar_${c}`, `car_t_${c}`]),
      'status',
      'reason',
    ],
    dailyTests: [
      'model',
      'window',
      'rel_day',
      'percentage',
      'mean',
      ...ORACLE_DAILY.flatMap((t) => [`${t}_stat`, `${t}_signif`]),
      ...ORACLE_DAILY.map((t) => `${t}_p`),
      'pt_kp_stat',
      'pt_kp_signif',
      'pt_kp_p',
      'bh_kp_stat',
      'bh_kp_signif',
      'bh_kp_p',
      'n',
    ],
    carTests: [
      'model',
      'window',
      'rel_start',
      'rel_end',
      'caar_mean_of_event_cars',
      'name',
      'average_percentage',
      'car_mean',
      'statistic',
      'number_of_days',
      'significance',
      'p_value',
      'events',
      'average_cross_correlation',
    ],
    windowTests: [
      'model',
      'window',
      'rel_start',
      'rel_end',
      'name',
      'estimate',
      'statistic',
      'p_value',
      'significance',
      'reference',
      'df',
      'n',
    ],
  };
}

/** Rows of one table for one model's study, generated lazily (nothing is kept once written). */
export function tableRows(name: TableName, study: StudyResult, ctx: RowContext): Iterable<string[]> {
  switch (name) {
    case 'abnormalReturns':
      return abnormalReturnRows(study);
    case 'eventSummary':
      return eventSummaryRows(study, ctx);
    case 'dailyTests':
      return dailyTestRows(study);
    case 'carTests':
      return carTestRows(study);
    case 'windowTests':
      return windowTestRows(study);
    default: {
      const _never: never = name;
      throw new Error(`unknown table ${String(_never)}`);
    }
  }
}

function* abnormalReturnRows(study: StudyResult): Generator<string[]> {
  const { batch, calendar } = study;
  const design = batch.design;
  const model = modelCode(design.model);
  for (const anchor of study.anchors) {
    if (anchor.kind === 'unanchored') continue;
    const ev = anchor.event;
    const i = anchor.batchIndex;
    const ok = batch.ok[i] === 1;
    for (let k = 0; k < batch.days; k++) {
      const d = batch.firstDay + k;
      const o = i * batch.days + k;
      const r = batch.ret[o]!;
      const a = batch.ar[o]!;
      yield [
        model,
        ev.eventId,
        ev.symbol,
        String(d),
        calendar.sessions[anchor.day0 + d] ?? 'NA',
        num(r),
        num(batch.mkt[o]),
        num(ok ? r - a : Number.NaN),
        num(a),
        phaseOf(design, d),
      ];
    }
  }
}

function* eventSummaryRows(study: StudyResult, ctx: RowContext): Generator<string[]> {
  const { batch, calendar } = study;
  const design = batch.design;
  const model = modelCode(design.model);
  const codes = design.windows.map(windowCode);
  const nw = design.windows.length;
  const sessionAt = (t: number): string => calendar.sessions[t] ?? 'NA';
  for (const anchor of study.anchors) {
    const ev = anchor.event;
    const eventDate = ctx.eventDates.get(ev.eventId) ?? '';
    if (anchor.kind === 'unanchored') {
      yield [
        model,
        ev.eventId,
        ev.symbol,
        eventDate,
        'NA',
        'NA',
        'NA',
        '0',
        ...Array<string>(7 + FACTOR_NAMES.length).fill('NA'),
        ...codes.flatMap(() => ['NA', '0']),
        ...codes.flatMap(() => ['NA', 'NA']),
        'unanchored',
        anchor.reason,
      ];
      continue;
    }
    const i = anchor.batchIndex;
    const d0 = anchor.day0;
    const ok = batch.ok[i] === 1;
    const estFirst = batch.estimationFirstDay[i]!;
    const estLast = batch.estimationLastDay[i]!;
    yield [
      model,
      ev.eventId,
      ev.symbol,
      eventDate,
      sessionAt(d0),
      Number.isNaN(estFirst) ? 'NA' : sessionAt(d0 + estFirst),
      Number.isNaN(estLast) ? 'NA' : sessionAt(d0 + estLast),
      String(batch.estimationLength[i]),
      num(batch.alpha[i]),
      num(batch.beta[i]),
      num(batch.meanReturn[i]),
      num(batch.sigmaN1[i]),
      num(batch.sigmaN2[i]),
      // The σ the model's standardised tests use (estudy2's n − 1 s.d.; √(SSR/(L − K − 1)) for factor models).
      num(design.model.kind === 'factor' ? batch.sigmaN2[i] : batch.sigmaN1[i]),
      num(batch.r2[i]),
      ...FACTOR_NAMES.map((f) => {
        const j = batch.factorNames.indexOf(f);
        return j >= 0 ? num(batch.factorBeta[i * batch.factorNames.length + j]) : 'NA';
      }),
      ...codes.flatMap((_, w) => [num(batch.car[i * nw + w]), String(batch.carDays[i * nw + w])]),
      ...codes.flatMap((_, w) => [num(batch.bhar[i * nw + w]), num(batch.carT[i * nw + w])]),
      ok ? 'fitted' : 'skipped',
      ok ? '' : (batch.skipReason[i] ?? ''),
    ];
  }
}

function* dailyTestRows(study: StudyResult): Generator<string[]> {
  const design = study.batch.design;
  const model = modelCode(design.model);
  const codes = design.windows.map(windowCode);
  for (let w = 0; w < study.windows.length; w++) {
    const wr = study.windows[w]!;
    for (const row of wr.daily) {
      const t = row.tests;
      yield [
        model,
        codes[w]!,
        String(row.relDay),
        num(row.percentage),
        num(row.mean),
        ...ORACLE_DAILY.flatMap((name) => {
          const r = t[name];
          return Number.isNaN(r.statistic) ? ['NA', 'NA'] : [num(r.statistic), r.stars];
        }),
        ...ORACLE_DAILY.map((name) => num(t[name].pValue)),
        ...(['pt_kp', 'bh_kp'] as const).flatMap((name) => {
          const r = t[name];
          return Number.isNaN(r.statistic) ? ['NA', 'NA', 'NA'] : [num(r.statistic), r.stars, num(r.pValue)];
        }),
        String(row.n),
      ];
    }
  }
}

function* carTestRows(study: StudyResult): Generator<string[]> {
  const design = study.batch.design;
  const model = modelCode(design.model);
  const codes = design.windows.map(windowCode);
  for (let w = 0; w < study.windows.length; w++) {
    const wr = study.windows[w]!;
    for (const c of wr.carTests) {
      yield [
        model,
        codes[w]!,
        String(wr.window.start),
        String(wr.window.end),
        num(wr.caar),
        c.name,
        num(c.averagePercentage),
        num(c.carMean),
        num(c.result.statistic),
        String(c.numberOfDays),
        c.result.stars,
        num(c.result.pValue),
        String(wr.events),
        num(wr.averageCrossCorrelation),
      ];
    }
  }
}

/** A CSV cell: quoted when it holds a quote, a comma or a line break. */
export function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (LF-terminated). */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\n';
}

/** Same number for the memo: NaN equals NaN (a missing return is the same 'NA' every time). */
function sameNumber(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/** Writes `String(x)`, or `NA` for NaN and infinities, at `pos`; returns the position after it. */
function putNumber(buf: Uint8Array, pos: number, x: number): number {
  if (Number.isFinite(x)) return putShortest(buf, pos, x);
  buf[pos] = 78; // N
  buf[pos + 1] = 65; // A
  return pos + 2;
}

/**
 * Byte pieces kept at 4-aligned offsets, copied into the output four bytes at a time through DataViews ({@link copy}):
 * for the 10–60-byte pieces of a row that is several times faster than a byte loop, and, unlike `Uint8Array.set` of a
 * piece object per (stock, session), it keeps no small objects alive for the garbage collector to trace.
 */
class ByteArena {
  bytes = new Uint8Array(1 << 12);
  view = new DataView(this.bytes.buffer);
  length = 0;

  /** Makes room for `n` more bytes (plus the 3 a 4-byte copy may read past a piece's end). */
  reserve(n: number): void {
    if (this.length + n + 4 <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n + 4));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }

  /** Starts the next piece at a 4-aligned offset; returns it. */
  align(): number {
    this.length = (this.length + 3) & ~3;
    return this.length;
  }

  /** Appends `text` (UTF-8) as a piece; returns its offset (its length is `Buffer.byteLength(text)`). */
  addText(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    this.reserve(bytes.length + 3);
    const off = this.align();
    this.bytes.set(bytes, off);
    this.length += bytes.length;
    return off;
  }
}

/**
 * Copies `n` bytes from `src` at the 4-aligned offset `off` to `dst` at `pos`, four at a time (up to 3 bytes past the
 * piece are written too: the caller's space must allow it, and what follows overwrites them); returns `pos + n`.
 */
function copy(dst: DataView, pos: number, src: DataView, off: number, n: number): number {
  for (let j = 0; j < n; j += 4) dst.setInt32(pos + j, src.getInt32(off + j, true), true);
  return pos + n;
}

/** The segments of one (stock, market) pair by session: the two numbers each was made from, its offset and length. */
interface PairSegments {
  readonly values: Float64Array;
  readonly offset: Int32Array;
  readonly length: Uint8Array;
}

/**
 * The `date,ret,mkt,` middle of abnormal-returns rows, as bytes, per (stock, market, session): every event of a stock
 * repeats the stock's and the market's returns on the sessions its windows share, so each segment is formatted once
 * and then copied. A cached segment is used only when the row's two numbers are the very numbers it was made from, so
 * the text is always the generic rows' text.
 */
export class RowSegmentMemo {
  private readonly byPair = new Map<string, PairSegments>();
  /** Where the segments are (read {@link ByteArena.view} after each {@link RowSegmentMemo.segment}: it can grow). */
  readonly arena = new ByteArena();
  private readonly dates: readonly Uint8Array[];
  /** Longest segment: the longest date (or `NA`), two numbers of at most 25 bytes, three commas. */
  readonly segmentMax: number;

  constructor(sessions: readonly string[]) {
    this.dates = sessions.map((d) => Buffer.from(d, 'utf8'));
    this.segmentMax = this.dates.reduce((m, d) => Math.max(m, d.length), 2) + 25 + 25 + 3;
  }

  /** Segments of one (stock, market) pair. */
  pair(stock: string, market: string): PairSegments {
    const key = `${stock}\u0000${market}`;
    let m = this.byPair.get(key);
    if (m === undefined) {
      const n = this.dates.length;
      m = { values: new Float64Array(2 * n), offset: new Int32Array(n).fill(-1), length: new Uint8Array(n) };
      this.byPair.set(key, m);
    }
    return m;
  }

  /**
   * Offset in {@link RowSegmentMemo.arena} of the segment of session `t` (its length is then `pair.length[t]`, or
   * {@link RowSegmentMemo.lastLength} for a session outside the calendar, which is formatted every time).
   */
  segment(pair: PairSegments, t: number, ret: number, mkt: number): number {
    const inside = t >= 0 && t < pair.offset.length;
    if (inside) {
      const off = pair.offset[t]!;
      if (off >= 0 && sameNumber(pair.values[2 * t]!, ret) && sameNumber(pair.values[2 * t + 1]!, mkt)) return off;
    }
    const a = this.arena;
    a.reserve(this.segmentMax + 3);
    const off = a.align();
    const bytes = a.bytes;
    let p = off;
    const date = this.dates[t];
    if (date === undefined) {
      bytes[p++] = 78; // N
      bytes[p++] = 65; // A
    } else for (let i = 0; i < date.length; i++) bytes[p++] = date[i]!;
    bytes[p++] = COMMA;
    p = putNumber(bytes, p, ret);
    bytes[p++] = COMMA;
    p = putNumber(bytes, p, mkt);
    bytes[p++] = COMMA;
    a.length = p;
    this.lastLength = p - off;
    if (inside) {
      pair.values[2 * t] = ret;
      pair.values[2 * t + 1] = mkt;
      pair.offset[t] = off;
      pair.length[t] = p - off;
    }
    return off;
  }

  /** Length of the segment the last {@link RowSegmentMemo.segment} call formatted. */
  lastLength = 0;
}

/**
 * Writes the abnormal-returns CSV rows of one study to `out`, event by event, flushing after each event. Same text as
 * `csvLine` of {@link tableRows}, built as bytes without per-row strings or arrays: the pieces that repeat (row prefix,
 * relative day, phase) are encoded once, the `date,ret,mkt,` middle comes from a {@link RowSegmentMemo}, and only the
 * per-event numbers (expected return, AR) are formatted per row, as bytes ({@link putShortest}).
 */
export async function writeAbnormalReturnsCsv(
  study: StudyResult,
  marketSymbol: string | undefined,
  memo: RowSegmentMemo,
  out: TextOut,
): Promise<void> {
  const { batch } = study;
  const design = batch.design;
  const model = csvCell(modelCode(design.model));
  const days = batch.days;
  const fixed = new ByteArena();
  const relDayOff = new Int32Array(days);
  const relDayLen = new Int32Array(days);
  const phaseOff = new Int32Array(days);
  const phaseLen = new Int32Array(days);
  let longest = 0;
  for (let k = 0; k < days; k++) {
    const rd = `,${batch.firstDay + k},`;
    const ph = `,${csvCell(phaseOf(design, batch.firstDay + k))}\n`;
    relDayOff[k] = fixed.addText(rd);
    relDayLen[k] = Buffer.byteLength(rd);
    phaseOff[k] = fixed.addText(ph);
    phaseLen[k] = Buffer.byteLength(ph);
    longest = Math.max(longest, relDayLen[k]! + phaseLen[k]!);
  }
  const fv = fixed.view;
  // Longest row besides the prefix: day and phase, a segment, a comma and two numbers of at most 25 bytes, and the 3
  // bytes a 4-byte copy may write past the row. Rows are written without bounds checks: this must be an upper bound.
  const rowBytes = longest + memo.segmentMax + 1 + 2 * 25 + 3;
  const prefixArena = new ByteArena();
  const { ret, mkt, ar } = batch;
  let chunk: Buffer | undefined;
  let dst: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  for (const anchor of study.anchors) {
    if (anchor.kind === 'unanchored') continue;
    const ev = anchor.event;
    const i = anchor.batchIndex;
    const ok = batch.ok[i] === 1;
    prefixArena.length = 0;
    const prefixText = `${model},${csvCell(ev.eventId)},${csvCell(ev.symbol)}`;
    const prefixOff = prefixArena.addText(prefixText);
    const prefixLen = Buffer.byteLength(prefixText);
    const pv = prefixArena.view;
    // Factor models have no benchmark symbol: their market column is Mkt−RF + RF (a key outside symbol space).
    const pair = memo.pair(ev.symbol, ev.market ?? marketSymbol ?? '\u0000factor-market');
    const t0 = anchor.day0 + batch.firstDay;
    const { buf, pos } = out.reserve(days * (prefixLen + rowBytes));
    if (buf !== chunk) {
      chunk = buf;
      dst = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    let p = pos;
    for (let k = 0; k < days; k++) {
      const o = i * days + k;
      const t = t0 + k;
      const r = ret[o]!;
      const a = ar[o]!;
      p = copy(dst, p, pv, prefixOff, prefixLen);
      p = copy(dst, p, fv, relDayOff[k]!, relDayLen[k]!);
      const so = memo.segment(pair, t, r, mkt[o]!);
      const sl = t >= 0 && t < pair.length.length ? pair.length[t]! : memo.lastLength;
      p = copy(dst, p, memo.arena.view, so, sl);
      p = putNumber(buf, p, ok ? r - a : Number.NaN);
      buf[p++] = COMMA;
      p = putNumber(buf, p, a);
      p = copy(dst, p, fv, phaseOff[k]!, phaseLen[k]!);
    }
    out.commit(p);
    const pending = out.flush();
    if (pending !== undefined) await pending;
  }
}

/** Renders a table with aligned columns (for terminals); `columns` selects and orders columns by name. */
export function toText(table: Table, columns: readonly string[]): string {
  const idx = columns.map((c) => table.header.indexOf(c)).filter((i) => i >= 0);
  const cells = [idx.map((i) => table.header[i]!), ...table.rows.map((r) => idx.map((i) => shorten(r[i] ?? '')))];
  const widths = idx.map((_, j) => cells.reduce((w, r) => Math.max(w, r[j]!.length), 0));
  return (
    cells
      .map((r) =>
        r
          .map((c, j) => c.padEnd(widths[j]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

function shorten(s: string): string {
  const x = Number(s);
  if (s === '' || Number.isNaN(x) || Number.isInteger(x)) return s;
  return x.toPrecision(6);
}

/** CAR/BHAR window tests and the daily GRANK rows (rel_start = rel_end = the day), in the engine's order. */
function* windowTestRows(study: StudyResult): Generator<string[]> {
  const design = study.batch.design;
  const model = modelCode(design.model);
  const codes = design.windows.map(windowCode);
  for (let w = 0; w < study.windowTests.length; w++) {
    const wt = study.windowTests[w]!;
    for (const t of [...wt.tests, ...wt.dailyGrank]) {
      yield [
        model,
        codes[w]!,
        String(t.range.start),
        String(t.range.end),
        t.name,
        num(t.estimate),
        num(t.statistic),
        num(t.pValue),
        t.stars,
        t.reference.kind,
        t.reference.kind === 'student-t' ? num(t.reference.df) : 'NA',
        String(t.n),
      ];
    }
  }
}
