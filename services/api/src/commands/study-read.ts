import { parseArgs } from 'node:util';
import type { StudyComputedData } from '@newswindow/schemas';
import { studentTTwoSidedP } from '@newswindow/engine';
import { createEventStore, createPool, pgConfigFromEnv } from '@newswindow/store';
import type { CliIo } from './command';
import { UsageError } from './command';

export const studyShowUsage = `Usage: newswindow study show [--listing SYMBOL] [--day0 YYYY-MM-DD] [--tag TAG] [--format table|json|csv]
       newswindow study aggregate --tag TAG [--format table|json|csv]

show: one row per study (event × listing): day-0 raw return, day-0 AR with t and p, CAR per window with t and p.
aggregate: per event window, the CAAR over every computed study of the tag with the cross-sectional t and its p.`;

type Format = 'table' | 'json' | 'csv';

/** Latest version of every study, read from the event log (the study tables are its projection). */
async function loadStudies(io: CliIo): Promise<StudyComputedData[]> {
  const pool = createPool(pgConfigFromEnv(io.env));
  try {
    const store = createEventStore(pool);
    const latest = new Map<string, StudyComputedData>();
    let position = 0;
    for (;;) {
      const page = await store.readAll({ fromPosition: position, limit: 5_000, types: ['StudyComputed'] });
      for (const e of page) {
        position = Math.max(position, e.position);
        if (e.type === 'StudyComputed') latest.set(e.data.studyId, e.data);
      }
      if (page.length < 5_000) break;
    }
    return [...latest.values()];
  } finally {
    await pool.end();
  }
}

const pct = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined ? '' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(digits)} %`;
const num = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined ? '' : x.toFixed(digits);
const pv = (x: number | null | undefined): string =>
  x === null || x === undefined ? '' : x < 0.0001 ? '<0.0001' : x.toFixed(4);

function render(rows: Record<string, string | number | null>[], format: Format, io: CliIo): void {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const cols = Object.keys(rows[0] ?? {});
  if (format === 'csv') {
    const esc = (v: string | number | null | undefined) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    };
    io.stdout.write(`${cols.join(',')}\n${rows.map((r) => cols.map((c) => esc(r[c])).join(',')).join('\n')}\n`);
    return;
  }
  if (rows.length === 0) {
    io.stdout.write('(no studies)\n');
    return;
  }
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(width[i] ?? 0))
      .join('  ')
      .trimEnd();
  io.stdout.write(`${line(cols)}\n${line(width.map((w) => '-'.repeat(w)))}\n`);
  for (const r of rows) io.stdout.write(`${line(cols.map((c) => String(r[c] ?? '')))}\n`);
}

function parseFormat(v: string | undefined): Format {
  const f = v ?? 'table';
  if (f !== 'table' && f !== 'json' && f !== 'csv')
    throw new UsageError(`--format must be table, json or csv, got '${f}'`);
  return f;
}

const winLabel = (s: number, e: number) => `[${s},${e > 0 ? '+' : ''}${e}]`;

/** Rows of `study show` (exported for tests and the demo). */
export function studyRows(
  studies: readonly StudyComputedData[],
  json = false,
): Record<string, string | number | null>[] {
  const sorted = [...studies].sort(
    (a, b) => (a.day0 ?? '').localeCompare(b.day0 ?? '') || a.listing.symbol.localeCompare(b.listing.symbol),
  );
  return sorted.map((s) => {
    const base = {
      day0: s.day0,
      listing: s.listing.symbol,
      market: s.parameters.marketIndex,
      tags: s.tags.join(' '),
      event: s.eventKey,
      status: s.status,
    };
    if (s.status === 'skipped') return { ...base, reason: s.reason };
    const d0 = s.days.find((d) => d.relativeDay === 0);
    // Raw return as a simple return (the study stores log returns by default).
    const raw =
      d0?.return === null || d0?.return === undefined
        ? null
        : s.parameters.returnType === 'log'
          ? Math.exp(d0.return) - 1
          : d0.return;
    const row: Record<string, string | number | null> = {
      ...base,
      raw_return_d0: json ? raw : pct(raw),
      ar_d0: json ? (d0?.abnormalReturn ?? null) : pct(d0?.abnormalReturn),
      ar_d0_t: json ? (d0?.t ?? null) : num(d0?.t),
      ar_d0_p: json ? (d0?.p ?? null) : pv(d0?.p),
    };
    for (const w of s.windows) {
      const k = `car${winLabel(w.start, w.end)}`;
      row[k] = json ? w.car : pct(w.car);
      row[`${k}_t`] = json ? w.carT : num(w.carT);
      row[`${k}_p`] = json ? w.carP : pv(w.carP);
    }
    row.beta = json ? (s.fit.beta ?? null) : num(s.fit.beta, 3);
    row.est_n = s.fit.estimationLength;
    return row;
  });
}

/** Rows of `study aggregate`: per window, CAAR, n, cross-sectional t and p over the computed studies of a tag. */
export function aggregateRows(studies: readonly StudyComputedData[], tag: string, json = false) {
  const computed = studies.filter((s) => s.status === 'computed' && s.tags.includes(tag));
  const windows = new Map<string, { start: number; end: number; cars: number[] }>();
  for (const s of computed) {
    if (s.status !== 'computed') continue;
    for (const w of s.windows) {
      const key = winLabel(w.start, w.end);
      const acc = windows.get(key) ?? { start: w.start, end: w.end, cars: [] };
      if (w.car !== null) acc.cars.push(w.car);
      windows.set(key, acc);
    }
  }
  return [...windows.entries()].map(([label, w]) => {
    const n = w.cars.length;
    const mean = n === 0 ? null : w.cars.reduce((a, b) => a + b, 0) / n;
    const sd = n < 2 || mean === null ? null : Math.sqrt(w.cars.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const t = mean === null || sd === null || sd === 0 ? null : mean / (sd / Math.sqrt(n));
    const p = t === null ? null : studentTTwoSidedP(t, n - 1);
    return {
      tag,
      window: label,
      n,
      caar: json ? mean : pct(mean),
      cross_sectional_t: json ? t : num(t),
      p: json ? p : pv(p),
    };
  });
}

/** `newswindow study show …` */
export async function runStudyShow(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      listing: { type: 'string' },
      day0: { type: 'string' },
      tag: { type: 'string' },
      format: { type: 'string' },
    },
    strict: true,
  });
  const format = parseFormat(values.format);
  const studies = (await loadStudies(io)).filter(
    (s) =>
      (values.listing === undefined || s.listing.symbol === values.listing) &&
      (values.day0 === undefined || s.day0 === values.day0) &&
      (values.tag === undefined || s.tags.includes(values.tag)),
  );
  render(studyRows(studies, format === 'json'), format, io);
  return 0;
}

/** `newswindow study aggregate --tag T` */
export async function runStudyAggregate(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { tag: { type: 'string' }, format: { type: 'string' } },
    strict: true,
  });
  if (values.tag === undefined) throw new UsageError('--tag is required');
  const format = parseFormat(values.format);
  render(aggregateRows(await loadStudies(io), values.tag, format === 'json'), format, io);
  return 0;
}
