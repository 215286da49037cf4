import type { CsvParseOutput } from '../csv/csv-parser';
import type { Loaded } from './load-result';
import { RowRejectedError, reject } from './load-result';

/** A CSV data row addressed by column name. */
export interface CsvRow {
  readonly line: number;
  /** The named field, or '' when absent. */
  get(column: string): string;
  has(column: string): boolean;
}

/** Maps one row to a message; throws `RowRejectedError` (via `reject`) to reject it. */
export type RowMapper<T> = (row: CsvRow, header: readonly string[]) => T;

class IndexedRow implements CsvRow {
  constructor(
    readonly line: number,
    private readonly index: ReadonlyMap<string, number>,
    private readonly fields: readonly string[],
  ) {}
  get(column: string): string {
    const i = this.index.get(column);
    return i === undefined ? '' : (this.fields[i] ?? '');
  }
  has(column: string): boolean {
    return this.index.has(column);
  }
}

/**
 * Applies a mapper to CSV records: the first record is the header, every later record is mapped or rejected.
 * `requiredColumns` missing from the header reject the whole file (reported as line 1).
 */
export function* mapCsvRecords<T>(
  records: Iterable<CsvParseOutput>,
  requiredColumns: readonly string[],
  mapper: RowMapper<T>,
): Generator<Loaded<T>> {
  const state = new CsvMappingState(requiredColumns, mapper);
  for (const record of records) yield* state.next(record);
}

/** Async variant of {@link mapCsvRecords} for streamed files. */
export async function* mapCsvRecordsAsync<T>(
  records: AsyncIterable<CsvParseOutput>,
  requiredColumns: readonly string[],
  mapper: RowMapper<T>,
): AsyncGenerator<Loaded<T>> {
  const state = new CsvMappingState(requiredColumns, mapper);
  for await (const record of records) yield* state.next(record);
}

class CsvMappingState<T> {
  private header: readonly string[] | undefined;
  private index = new Map<string, number>();
  private fatal: string | undefined;

  constructor(
    private readonly requiredColumns: readonly string[],
    private readonly mapper: RowMapper<T>,
  ) {}

  *next(out: CsvParseOutput): Generator<Loaded<T>> {
    if (!out.ok) {
      yield { ok: false, line: out.line, reason: out.reason };
      return;
    }
    const { line, fields } = out.record;
    if (this.header === undefined) {
      this.header = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f).trim());
      this.header.forEach((name, i) => this.index.set(name, i));
      const missing = this.requiredColumns.filter((c) => !this.index.has(c));
      if (missing.length > 0) {
        this.fatal = `header lacks column(s) ${missing.join(', ')} (has ${this.header.join(',')})`;
        yield { ok: false, line, reason: this.fatal };
      }
      return;
    }
    if (this.fatal !== undefined) {
      yield { ok: false, line, reason: 'skipped: the header is unusable' };
      return;
    }
    if (fields.length !== this.header.length) {
      yield { ok: false, line, reason: `expected ${this.header.length} fields, got ${fields.length}` };
      return;
    }
    try {
      yield { ok: true, line, value: this.mapper(new IndexedRow(line, this.index, fields), this.header) };
    } catch (err) {
      if (err instanceof RowRejectedError) yield { ok: false, line, reason: err.message };
      else throw err;
    }
  }
}

/** The trimmed value of a column that must not be empty. */
export const requireField = (row: CsvRow, column: string): string => {
  const v = row.get(column).trim();
  return v === '' ? reject(`empty ${column}`) : v;
};

/** A finite decimal number. */
export const requireNumber = (row: CsvRow, column: string): number => {
  const raw = requireField(row, column);
  const n = Number(raw);
  return Number.isFinite(n) && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)
    ? n
    : reject(`${column} is not a number: '${raw}'`);
};

/** A non-negative whole number (volumes, sizes); a trailing '.0' is accepted. */
export const requireCount = (row: CsvRow, column: string): number => {
  const n = requireNumber(row, column);
  return Number.isSafeInteger(n) && n >= 0 ? n : reject(`${column} is not a non-negative integer: ${n}`);
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Dates already found to exist: a panel file repeats each session date once per symbol. */
const knownDates = new Set<string>();

/** A calendar date YYYY-MM-DD that exists. */
export const requireDate = (row: CsvRow, column: string): string => {
  const v = requireField(row, column);
  if (knownDates.has(v)) return v;
  if (!ISO_DATE.test(v)) return reject(`${column} is not a YYYY-MM-DD date: '${v}'`);
  const d = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v)
    return reject(`${column} is not a calendar date: '${v}'`);
  if (knownDates.size >= 100_000) knownDates.clear();
  knownDates.add(v);
  return v;
};
