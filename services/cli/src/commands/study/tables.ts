import type { StudyResult } from '@newswindow/engine';
import { DAILY_TESTS, FACTOR_NAMES, modelCode, phaseOf, windowCode } from '@newswindow/engine';
import type { TextOut } from './text-out';
import { putShortest } from './shortest-double';
import { putAscii, putBytes } from './text-out';

const COMMA = 44;

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

/**
 * `String(x)` of returns that many events share (the stock's return on session t is the same number in every event of
 * that stock): each (series, session) is formatted once. A cached string is used only when the cached value is the
 * very number asked for, so the text is always `num(x)`.
 */
export class SeriesNumberMemo {
  private readonly bySeries = new Map<string, { values: Float64Array; texts: (string | undefined)[] }>();

  constructor(private readonly sessions: number) {}

  /** Memo of one series (a symbol). */
  series(symbol: string): (t: number, x: number) => string {
    let m = this.bySeries.get(symbol);
    if (m === undefined) {
      m = { values: new Float64Array(this.sessions), texts: new Array<string | undefined>(this.sessions) };
      this.bySeries.set(symbol, m);
    }
    const { values, texts } = m;
    return (t, x) => {
      if (!Number.isFinite(x)) return 'NA';
      if (t < 0 || t >= values.length) return String(x);
      const cached = texts[t];
      if (cached !== undefined && values[t] === x) return cached;
      const s = String(x);
      values[t] = x;
      texts[t] = s;
      return s;
    };
  }
}

/**
 * Writes the abnormal-returns CSV rows of one study to `out`, event by event, flushing after each event. Same text as
 * `csvLine` of {@link tableRows}, built as bytes without per-row strings or arrays: the pieces that repeat (row prefix,
 * relative day, date, phase) are encoded once, shared returns are formatted once through a {@link SeriesNumberMemo},
 * and only the per-event numbers (expected return, AR) are formatted per row, as bytes ({@link putShortest}).
 */
export async function writeAbnormalReturnsCsv(
  study: StudyResult,
  marketSymbol: string | undefined,
  memo: SeriesNumberMemo,
  out: TextOut,
): Promise<void> {
  const { batch, calendar } = study;
  const design = batch.design;
  const model = csvCell(modelCode(design.model));
  const days = batch.days;
  const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
  const relDay: Buffer[] = [];
  const phase: Buffer[] = [];
  for (let k = 0; k < days; k++) {
    relDay.push(utf8(`,${batch.firstDay + k},`));
    phase.push(utf8(`,${csvCell(phaseOf(design, batch.firstDay + k))}\n`));
  }
  const dateOf = calendar.sessions.map((d) => utf8(`${d},`));
  const noDate = utf8('NA,');
  // Longest row besides the prefix: the longest day, date and phase, three commas and four numbers of at most 26
  // characters (String(x) of a double: '-0.0000001234567890123456' or '-1.2345678901234567e-100'). Rows are written
  // into the reserved space without bounds checks, so this must be an upper bound.
  const longest = (xs: readonly Uint8Array[]): number => xs.reduce((m, x) => Math.max(m, x.length), 0);
  const rowBytes = longest(relDay) + Math.max(longest(dateOf), noDate.length) + longest(phase) + 3 + 4 * 26;
  const { ret, mkt, ar } = batch;
  for (const anchor of study.anchors) {
    if (anchor.kind === 'unanchored') continue;
    const ev = anchor.event;
    const i = anchor.batchIndex;
    const ok = batch.ok[i] === 1;
    const prefix = utf8(`${model},${csvCell(ev.eventId)},${csvCell(ev.symbol)}`);
    const stock = memo.series(ev.symbol);
    // Factor models have no benchmark symbol: their market column is Mkt−RF + RF (memo key outside symbol space).
    const market = memo.series(ev.market ?? marketSymbol ?? '\u0000factor-market');
    const t0 = anchor.day0 + batch.firstDay;
    const { buf, pos } = out.reserve(days * (prefix.length + rowBytes));
    let p = pos;
    for (let k = 0; k < days; k++) {
      const o = i * days + k;
      const t = t0 + k;
      const r = ret[o]!;
      const a = ar[o]!;
      p = putBytes(buf, p, prefix);
      p = putBytes(buf, p, relDay[k]!);
      p = putBytes(buf, p, dateOf[t] ?? noDate);
      p = putAscii(buf, p, stock(t, r));
      buf[p++] = COMMA;
      p = putAscii(buf, p, market(t, mkt[o]!));
      buf[p++] = COMMA;
      p = ok && Number.isFinite(r - a) ? putShortest(buf, p, r - a) : putAscii(buf, p, 'NA');
      buf[p++] = COMMA;
      p = Number.isFinite(a) ? putShortest(buf, p, a) : putAscii(buf, p, 'NA');
      p = putBytes(buf, p, phase[k]!);
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
