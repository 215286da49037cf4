import type { StudyResult } from '@newswindow/engine';
import { DAILY_TESTS, modelCode, phaseOf, windowCode } from '@newswindow/engine';

/** A rendered table: header and string cells. */
export interface Table {
  readonly header: readonly string[];
  readonly rows: string[][];
}

/** Number cell: full double precision, `NA` for NaN/undefined/infinite. */
export function num(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? 'NA' : String(x);
}

const ORACLE_DAILY = DAILY_TESTS.filter((t) => t !== 'pt_kp' && t !== 'bh_kp');

/** The four oracle-layout tables of one model's study (extra columns come after the oracle's). */
export interface StudyTables {
  readonly abnormalReturns: Table;
  readonly eventSummary: Table;
  readonly dailyTests: Table;
  readonly carTests: Table;
}

/** Builds empty tables with the oracle's headers (plus extras) for the given window codes. */
export function emptyTables(windowCodes: readonly string[]): StudyTables {
  return {
    abnormalReturns: {
      header: ['model', 'event_id', 'symbol', 'rel_day', 'date', 'ret', 'mkt_ret', 'expected', 'ar', 'phase'],
      rows: [],
    },
    eventSummary: {
      header: [
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
        ...windowCodes.flatMap((c) => [`car_${c}`, `n_${c}`]),
        ...windowCodes.flatMap((c) => [`bhar_${c}`, `car_t_${c}`]),
        'status',
        'reason',
      ],
      rows: [],
    },
    dailyTests: {
      header: [
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
      rows: [],
    },
    carTests: {
      header: [
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
      rows: [],
    },
  };
}

/** Appends one model's study to the tables. `eventDates` gives the event_date column per event id. */
export function appendStudy(tables: StudyTables, study: StudyResult, eventDates: ReadonlyMap<string, string>): void {
  const { batch, calendar } = study;
  const design = batch.design;
  const model = modelCode(design.model);
  const codes = design.windows.map(windowCode);
  const nw = design.windows.length;
  const sessionAt = (t: number): string => calendar.sessions[t] ?? 'NA';
  for (const anchor of study.anchors) {
    const ev = anchor.event;
    const eventDate = eventDates.get(ev.eventId) ?? '';
    if (anchor.kind === 'unanchored') {
      tables.eventSummary.rows.push([
        model,
        ev.eventId,
        ev.symbol,
        eventDate,
        'NA',
        'NA',
        'NA',
        '0',
        ...Array<string>(5).fill('NA'),
        ...codes.flatMap(() => ['NA', '0']),
        ...codes.flatMap(() => ['NA', 'NA']),
        'unanchored',
        anchor.reason,
      ]);
      continue;
    }
    const i = anchor.batchIndex;
    const d0 = anchor.day0;
    const ok = batch.ok[i] === 1;
    for (let k = 0; k < batch.days; k++) {
      const d = batch.firstDay + k;
      const o = i * batch.days + k;
      const r = batch.ret[o]!;
      const a = batch.ar[o]!;
      tables.abnormalReturns.rows.push([
        model,
        ev.eventId,
        ev.symbol,
        String(d),
        sessionAt(d0 + d),
        num(r),
        num(batch.mkt[o]),
        num(ok ? r - a : Number.NaN),
        num(a),
        phaseOf(design, d),
      ]);
    }
    const estFirst = batch.estimationFirstDay[i]!;
    const estLast = batch.estimationLastDay[i]!;
    tables.eventSummary.rows.push([
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
      ...codes.flatMap((_, w) => [num(batch.car[i * nw + w]), String(batch.carDays[i * nw + w])]),
      ...codes.flatMap((_, w) => [num(batch.bhar[i * nw + w]), num(batch.carT[i * nw + w])]),
      ok ? 'fitted' : 'skipped',
      ok ? '' : (batch.skipReason[i] ?? ''),
    ]);
  }
  study.windows.forEach((wr, w) => {
    const code = codes[w]!;
    for (const row of wr.daily) {
      const t = row.tests;
      tables.dailyTests.rows.push([
        model,
        code,
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
      ]);
    }
    for (const c of wr.carTests) {
      tables.carTests.rows.push([
        model,
        code,
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
      ]);
    }
  });
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Renders a table as CSV text (LF, trailing newline). */
export function toCsv(table: Table): string {
  return [table.header, ...table.rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** Renders a table with aligned columns (for terminals); `columns` selects and orders columns by name. */
export function toText(table: Table, columns: readonly string[]): string {
  const idx = columns.map((c) => table.header.indexOf(c)).filter((i) => i >= 0);
  const cells = [idx.map((i) => table.header[i]!), ...table.rows.map((r) => idx.map((i) => shorten(r[i] ?? '')))];
  const widths = idx.map((_, j) => Math.max(...cells.map((r) => r[j]!.length)));
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

/** Converts a table to an array of records (for JSON output). */
export function toRecords(table: Table): Record<string, string>[] {
  return table.rows.map((r) => Object.fromEntries(table.header.map((h, i) => [h, r[i] ?? ''])));
}
