/** Number formats and text/CSV/JSON layout shared by `study show` and `study aggregate` (pure, no I/O). */

export type Format = 'table' | 'json' | 'csv';

/** A machine-readable row: numbers stay numbers, a missing value is null (JSON) or an empty cell (CSV). */
export type DataRow = Readonly<Record<string, string | number | null>>;

type Maybe = number | null | undefined;
const missing = (x: Maybe): x is null | undefined => x === null || x === undefined || Number.isNaN(x);

/** `+4.17 %` (a fraction shown as a signed percentage); '' when missing. */
export const pct = (x: Maybe, digits = 2): string =>
  missing(x) ? '' : `${x >= 0 ? '+' : '-'}${Math.abs(x * 100).toFixed(digits)} %`;
/** Fixed decimals; '' when missing. */
export const num = (x: Maybe, digits = 2): string => (missing(x) ? '' : x.toFixed(digits));
/** A p-value with 4 decimals, `<0.0001` below; '' when missing. */
export const pv = (x: Maybe): string => (missing(x) ? '' : x < 0.0001 ? '<0.0001' : x.toFixed(4));
/** A p-value with 3 decimals, `<0.001` below (narrow tables); '' when missing. */
export const pvShort = (x: Maybe): string => (missing(x) ? '' : x < 0.001 ? '<0.001' : x.toFixed(3));
/** Significance stars from a two-sided p-value: `***` ≤ 0.01, `**` ≤ 0.05, `*` ≤ 0.10. */
export const stars = (p: Maybe): string =>
  missing(p) ? '' : p <= 0.01 ? '***' : p <= 0.05 ? '**' : p <= 0.1 ? '*' : '';
/** A number for JSON/CSV: NaN and undefined become null. */
export const val = (x: Maybe): number | null => (missing(x) ? null : x);

export const STARS_LEGEND = 'stars from the two-sided p-value: *** p ≤ 0.01, ** p ≤ 0.05, * p ≤ 0.10';

/** `[-1,+1]`, `[0,0]`, `[0,+5]`: the `event_window` labels of v_study_windows / v_tag_aggregates. */
export const windowLabel = (start: number, end: number): string => `[${start},${end > 0 ? '+' : ''}${end}]`;

/** One column of a text table. Numbers read best right-aligned. */
export interface TextColumn {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

/** Columns with these headers, all aligned the same way. */
export const columnsOf = (align: 'left' | 'right', ...headers: readonly string[]): TextColumn[] =>
  headers.map((header) => ({ header, align }));

/** Display width (code points; the tables use no wide characters). */
const width = (s: string): number => [...s].length;
const padEnd = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - width(s)));
const padStart = (s: string, w: number): string => ' '.repeat(Math.max(0, w - width(s))) + s;

/** A table row: every cell, or the first cells followed by free text (e.g. a skipped study's reason). */
export type TextRow = readonly string[] | { readonly cells: readonly string[]; readonly rest: string };

/** Aligned text table: a header, a rule, one line per row; cells joined by two spaces, trailing blanks trimmed. */
export function textTable(columns: readonly TextColumn[], rows: readonly TextRow[], indent = ''): string {
  const cellsOf = (r: TextRow): readonly string[] => ('cells' in r ? r.cells : r);
  const widths = columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(cellsOf(r)[i] ?? ''))));
  const line = (vals: readonly string[], rest?: string) =>
    (
      indent +
      [
        ...vals.map((v, i) => (columns[i]?.align === 'right' ? padStart : padEnd)(v, widths[i] ?? 0)),
        ...(rest === undefined ? [] : [rest]),
      ].join('  ')
    ).trimEnd();
  const out = [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w)))];
  for (const r of rows) out.push('cells' in r ? line(r.cells, r.rest) : line(r));
  return `${out.join('\n')}\n`;
}

/**
 * Several values shown in one cell, each part right-aligned to the widest of its kind over all rows, then joined by
 * `join` (e.g. `+2.91 % (1.87, 0.0633) *`). Rows whose parts are all blank give ''.
 */
export function alignParts(
  rows: readonly (readonly string[])[],
  join: (parts: readonly string[]) => string,
  leftAlignLast = false,
): string[] {
  const n = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: n }, (_, i) => Math.max(0, ...rows.map((r) => width(r[i] ?? ''))));
  return rows.map((r) =>
    r.every((p) => p === '')
      ? ''
      : join(
          widths.map((w, i) => (leftAlignLast && i === n - 1 ? padEnd(r[i] ?? '', w) : padStart(r[i] ?? '', w))),
        ).trimEnd(),
  );
}

/** CSV (RFC 4180 quoting) with the given columns, in that order; the header is printed even with no rows. */
export function toCsv(columns: readonly string[], rows: readonly DataRow[]): string {
  const esc = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.map(esc).join(','), ...rows.map((r) => columns.map((c) => esc(r[c])).join(','))].join('\n') + '\n';
}

/** JSON array of objects with exactly `columns` as keys, in that order (missing values null). */
export function toJson(columns: readonly string[], rows: readonly DataRow[]): string {
  const objects = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
  return `${JSON.stringify(objects, null, 2)}\n`;
}
