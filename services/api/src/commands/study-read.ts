import { parseArgs } from 'node:util';
import type { StudyRecord, TagAggregateRecord } from '@newswindow/store';
import { createPool, pgConfigFromEnv, queryStudies, queryTagAggregates } from '@newswindow/store';
import type { CliIo } from './command';
import { UsageError } from './command';

export const studyShowUsage = `Usage: newswindow study show [--listing SYMBOL] [--day0 YYYY-MM-DD] [--tag TAG] [--format table|json|csv]
       newswindow study aggregate --tag TAG [--format table|json|csv]

Both read the study tables (the projections of the StudyComputed / TagAggregateComputed events).
show: one row per study (event × listing): day-0 raw return, day-0 AR with t and p, CAR per window with t and p.
aggregate: per event window, the engine's CAAR over every computed study of the tag and its cross-sectional tests
(cross-sectional t of the CARs, estudy2's CAR tests; for a one-day window every daily test), each with its p-value.`;

type Format = 'table' | 'json' | 'csv';

async function withPool<T>(io: CliIo, read: (pool: ReturnType<typeof createPool>) => Promise<T>): Promise<T> {
  const pool = createPool(pgConfigFromEnv(io.env));
  try {
    return await read(pool);
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
export function studyRows(studies: readonly StudyRecord[], json = false): Record<string, string | number | null>[] {
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
    row.beta = json ? s.beta : num(s.beta, 3);
    row.est_n = s.estimationLength;
    return row;
  });
}

/**
 * Rows of `study aggregate`: one per (aggregate, window, test) with the window's CAAR and number of events, the test's
 * statistic and p-value, as the engine computed them (`tag_aggregate_tests`).
 */
export function aggregateRows(aggregates: readonly TagAggregateRecord[], json = false) {
  return aggregates.flatMap((a) =>
    a.windows.flatMap((w) =>
      w.tests.map((t) => ({
        tag: a.tag,
        model: a.model,
        window: winLabel(w.start, w.end),
        events: w.n,
        caar: json ? w.caar : pct(w.caar),
        test: t.name,
        statistic: json ? t.statistic : num(t.statistic, 3),
        p: json ? t.pValue : pv(t.pValue),
      })),
    ),
  );
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
  const studies = await withPool(io, (pool) =>
    queryStudies(pool, {
      ...(values.listing === undefined ? {} : { listing: values.listing }),
      ...(values.day0 === undefined ? {} : { day0: values.day0 }),
      ...(values.tag === undefined ? {} : { tag: values.tag }),
      limit: 100_000,
    }),
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
  const tag = values.tag;
  const aggregates = await withPool(io, (pool) => queryTagAggregates(pool, { tag }));
  if (aggregates.length === 0 && format === 'table') {
    io.stdout.write(`(no aggregate for tag ${tag} yet)\n`);
    return 0;
  }
  render(aggregateRows(aggregates, format === 'json'), format, io);
  return 0;
}
