import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { Readable } from 'node:stream';

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

/** Longest text of the input quoted back in an error message (a file without line breaks must not be pasted whole). */
const QUOTE_MAX = 80;

/** Shortens input text for an error message: one line, at most {@link QUOTE_MAX} characters. */
export function quote(text: string): string {
  const flat = text.replace(/[\r\n]+/g, '\\n');
  return flat.length <= QUOTE_MAX ? flat : `${flat.slice(0, QUOTE_MAX)}… (${flat.length} characters)`;
}

/** One CSV record with the 1-based line it ends on. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/** Header of a CSV file: lower-cased, trimmed names. */
export type CsvHeader = readonly string[];

// Line ends are auto-detected (LF, CRLF or CR alone, as old Mac exports have): a CR-only file is many lines, not one.
const OPTIONS = {
  bom: true,
  trim: true,
  skip_empty_lines: true,
  relax_column_count: true,
  max_record_size: 1 << 20,
} as const;

function csvErrorToInput(file: string, err: CsvError): InputFileError {
  const line = (err as CsvError & { lines?: number }).lines ?? 0;
  return new InputFileError(file, line, quote(err.message));
}

/**
 * Streams a CSV file through csv-parse: the header (first record), then the data records with their line numbers.
 * Quoted fields, `""` escapes, a UTF-8 BOM, blank lines and any of LF, CRLF or CR line ends are handled by csv-parse.
 * A malformed file is an {@link InputFileError} with the line csv-parse stopped at.
 */
export async function* readCsvRecords(file: string, input: Readable): AsyncGenerator<CsvRecord, void, undefined> {
  const parser = parse({ ...OPTIONS, info: true });
  input.on('error', (err: Error) => parser.destroy(err));
  input.pipe(parser);
  try {
    for await (const rec of parser) {
      const { record, info } = rec as { record: string[]; info: { lines: number } };
      yield { line: info.lines, cells: record };
    }
  } catch (err) {
    if (err instanceof CsvError) throw csvErrorToInput(file, err);
    throw err;
  } finally {
    // Also when the reader stops early (a bad header): the file is closed now, not at garbage collection.
    input.destroy();
    parser.destroy();
  }
}

/** Parses one CSV line (e.g. a header, or a quoted line the fast prices path hands over) into trimmed cells. */
export function splitCsvLine(file: string, line: number, text: string): string[] {
  try {
    const rows: string[][] = parseSync(text, { ...OPTIONS });
    return rows[0] ?? [];
  } catch (err) {
    if (err instanceof CsvError) throw new InputFileError(file, line, quote(err.message));
    throw err;
  }
}

/** Lower-cases and checks a header record; throws InputFileError for an empty file. */
export function toHeader(file: string, first: CsvRecord | undefined): CsvHeader {
  if (first === undefined || first.cells.every((c) => c === '')) {
    throw new InputFileError(file, 1, 'empty file (a header row is needed)');
  }
  return first.cells.map((h) => h.toLowerCase());
}

/** Index of each required column; throws InputFileError naming the first missing one. */
export function requireColumns(file: string, header: CsvHeader, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) {
    const i = header.indexOf(n);
    if (i < 0) throw new InputFileError(file, 1, `missing column '${n}' (header: ${quote(header.join(','))})`);
    out[n] = i;
  }
  return out;
}
