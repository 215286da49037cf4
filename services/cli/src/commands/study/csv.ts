/** Thrown when an input file is wrong; carries the file, the 1-based line and the reason. */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'InputFileError';
  }
}

/** A parsed CSV: lower-cased header names and rows with their 1-based line numbers. */
export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly { readonly line: number; readonly cells: readonly string[] }[];
}

function splitLine(text: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells.map((c) => c.trim());
}

/** Parses CSV text (quoted fields allowed, no embedded newlines); blank lines are skipped. */
export function parseCsv(file: string, text: string): CsvTable {
  const lines = text.split(/\r?\n/);
  const headerLine = lines[0] ?? '';
  if (headerLine.trim() === '') throw new InputFileError(file, 1, 'empty file (a header row is needed)');
  const header = splitLine(headerLine.replace(/^\uFEFF/, '')).map((h) => h.toLowerCase());
  const rows: { line: number; cells: string[] }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '') continue;
    rows.push({ line: i + 1, cells: splitLine(l) });
  }
  return { file, header, rows };
}

/** Index of each required column; throws InputFileError naming the first missing one. */
export function requireColumns(table: CsvTable, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) {
    const i = table.header.indexOf(n);
    if (i < 0) throw new InputFileError(table.file, 1, `missing column '${n}' (header: ${table.header.join(',')})`);
    out[n] = i;
  }
  return out;
}
