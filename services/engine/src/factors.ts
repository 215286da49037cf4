import type { TradingCalendar } from './calendar';

/** Factor columns the engine knows, in the Kenneth French data library's spelling (normalised to snake case). */
export const FACTOR_NAMES = ['mkt_rf', 'smb', 'hml', 'rmw', 'cma', 'mom'] as const;

/** A factor column name. */
export type FactorName = (typeof FACTOR_NAMES)[number];

/** The factor models and their regressors (Fama & French 1993; Carhart 1997; Fama & French 2015). */
export const FACTOR_MODELS = {
  ff3: ['mkt_rf', 'smb', 'hml'],
  carhart: ['mkt_rf', 'smb', 'hml', 'mom'],
  ff5: ['mkt_rf', 'smb', 'hml', 'rmw', 'cma'],
} as const satisfies Record<string, readonly FactorName[]>;

/** A factor model's name. */
export type FactorModelName = keyof typeof FACTOR_MODELS;

/** Daily factor returns by date, as decimals (the French files' percent divided by 100); NaN = missing. */
export interface FactorTable {
  /** `YYYY-MM-DD`, strictly ascending. */
  readonly dates: readonly string[];
  /** Column name (`mkt_rf`, `smb`, `hml`, `rmw`, `cma`, `mom`, `rf`, or any other lower-cased header) → values. */
  readonly columns: ReadonlyMap<string, Float64Array>;
}

/** Factor regressors and the risk-free rate aligned to a calendar (one slot per session, NaN = missing). */
export interface FactorSeries {
  readonly names: readonly FactorName[];
  readonly rf: Float64Array;
  /** One array per name, in `names` order. */
  readonly columns: readonly Float64Array[];
}

/** Thrown when a factor file does not look like a French data library daily file, or files disagree. */
export class FactorFileError extends Error {
  override readonly name = 'FactorFileError';
}

const DATE8 = /^\d{8}$/;

function normaliseHeader(h: string): string {
  return h.trim().toLowerCase().replace(/-/g, '_');
}

/**
 * Parses the text of a daily factor file exactly as the Kenneth French data library publishes it
 * (`F-F_Research_Data_Factors_daily.CSV`, `F-F_Research_Data_5_Factors_2x3_daily.CSV`, `F-F_Momentum_Factor_daily.CSV`):
 * free-text description lines, a header whose first cell is empty (`,Mkt-RF,SMB,HML,RF` or `,Mom   `), rows
 * `YYYYMMDD, v, …` in percent with padding, then a blank line and a copyright line. -99.99 and -999 mark missing
 * values. Values are returned as decimals. The format is one numeric table in a free-text frame, so it is read line by
 * line rather than by a general CSV parser (which would choke on the description and copyright lines). `name` is used
 * in error messages.
 */
export function parseFrenchFactorsCsv(text: string, name = 'factor file'): FactorTable {
  const lines = text.split(/\r\n|\r|\n/);
  let header: string[] | undefined;
  let headerLine = 0;
  const dates: string[] = [];
  const rows: number[][] = [];
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    const cells = line.split(',');
    if (header === undefined) {
      if (
        cells.length > 1 &&
        cells[0]!.trim() === '' &&
        cells.slice(1).every((c) => /^[A-Za-z][\w-]*$/.test(c.trim()))
      ) {
        header = cells.slice(1).map(normaliseHeader);
        headerLine = li + 1;
      }
      continue;
    }
    const first = cells[0]!.trim();
    if (!DATE8.test(first)) {
      // The daily table ends at the first line that is not a dated row (blank line, copyright, or a second table).
      if (dates.length > 0) break;
      if (first === '') continue;
      throw new FactorFileError(
        `${name} line ${li + 1}: expected a YYYYMMDD row after the header, got '${line.slice(0, 40)}'`,
      );
    }
    if (cells.length !== header.length + 1) {
      throw new FactorFileError(
        `${name} line ${li + 1}: ${cells.length - 1} values, the header (line ${headerLine}) has ${header.length}`,
      );
    }
    const date = `${first.slice(0, 4)}-${first.slice(4, 6)}-${first.slice(6, 8)}`;
    if (dates.length > 0 && date <= dates[dates.length - 1]!) {
      throw new FactorFileError(`${name} line ${li + 1}: ${first} is not after the previous date`);
    }
    const row: number[] = [];
    for (let c = 1; c < cells.length; c++) {
      const cell = cells[c]!.trim();
      // Strict decimal: no hex, no exponent-only junk, no empty cells.
      if (!/^-?(\d+\.?\d*|\.\d+)$/.test(cell)) {
        throw new FactorFileError(
          `${name} line ${li + 1}: '${cell}' in column ${header[c - 1]} is not a decimal number`,
        );
      }
      const v = Number(cell);
      row.push(v === -99.99 || v === -999 ? Number.NaN : v / 100);
    }
    dates.push(date);
    rows.push(row);
  }
  if (header === undefined) throw new FactorFileError(`${name}: no header line like ',Mkt-RF,SMB,HML,RF' found`);
  if (dates.length === 0) throw new FactorFileError(`${name}: no YYYYMMDD rows after the header (line ${headerLine})`);
  const columns = new Map<string, Float64Array>();
  header.forEach((h, c) =>
    columns.set(
      h,
      Float64Array.from(rows, (r) => r[c]!),
    ),
  );
  return { dates, columns };
}

/**
 * Merges factor tables by date (e.g. the 3-factor file and the momentum file). A date missing from one file leaves
 * that file's columns NaN (a missing day). A column present in several files must agree on common dates (within
 * 1e-12; RF is in both the 3- and 5-factor files).
 */
export function mergeFactorTables(tables: readonly FactorTable[]): FactorTable {
  const all = [...new Set(tables.flatMap((t) => t.dates))].sort();
  const at = new Map(all.map((d, i) => [d, i]));
  const columns = new Map<string, Float64Array>();
  for (const t of tables) {
    for (const [name, values] of t.columns) {
      let out = columns.get(name);
      const fresh = out === undefined;
      if (out === undefined) {
        out = new Float64Array(all.length).fill(Number.NaN);
        columns.set(name, out);
      }
      for (let i = 0; i < t.dates.length; i++) {
        const j = at.get(t.dates[i]!)!;
        const v = values[i]!;
        const old = out[j]!;
        if (!fresh && !Number.isNaN(old) && !Number.isNaN(v) && Math.abs(old - v) > 1e-12) {
          throw new FactorFileError(`factor files disagree on ${name} at ${t.dates[i]}: ${old * 100} vs ${v * 100}`);
        }
        if (Number.isNaN(old)) out[j] = v;
      }
    }
  }
  return { dates: all, columns };
}

/**
 * Aligns the factors of a model (and RF) to a calendar. Sessions without a factor row are NaN (missing days); factor
 * dates that are not sessions are ignored. Throws when a needed column is absent.
 */
export function alignFactors(
  calendar: TradingCalendar,
  table: FactorTable,
  names: readonly FactorName[],
): FactorSeries {
  const pick = (name: string): Float64Array => {
    const col = table.columns.get(name);
    if (col === undefined) {
      throw new FactorFileError(
        `factor column '${name}' missing (have ${[...table.columns.keys()].join(', ')}); momentum is in F-F_Momentum_Factor_daily.CSV`,
      );
    }
    const out = new Float64Array(calendar.sessions.length).fill(Number.NaN);
    for (let i = 0; i < table.dates.length; i++) {
      const t = calendar.index.get(table.dates[i]!);
      if (t !== undefined) out[t] = col[i]!;
    }
    return out;
  };
  return { names, rf: pick('rf'), columns: names.map(pick) };
}
