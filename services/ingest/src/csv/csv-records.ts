import { finished } from 'node:stream/promises';
import type { CsvError, Options } from 'csv-parse';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

/** One CSV record and the 1-based line of the file it starts on (quoted fields may span lines). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** A record csv-parse could not read, e.g. a quoted field still open at the end of the file. */
export interface CsvSyntaxError {
  readonly line: number;
  readonly reason: string;
}

export type CsvParseOutput =
  { readonly ok: true; readonly record: CsvRecord } | ({ readonly ok: false } & CsvSyntaxError);

const LINE_BREAK = /\r\n|\r|\n/g;

/** Line breaks inside a record's (quoted) fields: a record without any is one line. */
const innerLineBreaks = (fields: readonly string[]): number => {
  let n = 0;
  for (const f of fields) if (f.includes('\n') || f.includes('\r')) n += f.match(LINE_BREAK)?.length ?? 0;
  return n;
};

const reasonOf = (err: CsvError): string =>
  err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'unterminated quoted field at end of file' : err.message.replace(/\s+/g, ' ');

/**
 * Numbers records by the line they start on. csv-parse's own `lines` counts the CR and the LF of a CRLF inside a
 * quoted field as two lines, so the count is kept here: each record ends one line after its last inner line break,
 * and the empty lines csv-parse skipped (`empty_lines`, a running total) come before the next one.
 */
class LineNumbers {
  private next = 1;
  private emptySeen = 0;

  record(emptyLines: number, fields: readonly string[]): number {
    const line = this.skipTo(emptyLines);
    this.next = line + innerLineBreaks(fields) + 1;
    return line;
  }

  /** The line after the empty lines skipped so far (`undefined`: none since the last record). */
  skipTo(emptyLines: number | undefined): number {
    const skipped = emptyLines ?? this.emptySeen;
    const line = this.next + (skipped - this.emptySeen);
    this.emptySeen = skipped;
    return line;
  }
}

/**
 * csv-parse options for the loaders: RFC 4180 quoting (commas, doubled quotes and newlines inside quoted fields), a
 * UTF-8 BOM dropped, CRLF, LF and CR line ends, empty lines skipped. Rows of another length than the header and stray
 * quotes inside unquoted fields are kept: the mapper names a short row with its line, and nothing valid is dropped.
 * Every record and every unreadable one lands in `out` in file order (csv-parse itself emits none).
 */
function loaderOptions(out: CsvParseOutput[]): Options {
  const lines = new LineNumbers();
  return {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_records_with_error: true,
    on_record: (fields: string[], info) => {
      out.push({ ok: true, record: { line: lines.record(info.empty_lines, fields), fields } });
      return null;
    },
    on_skip: (err) => {
      // The error carries csv-parse's counters of the moment (its `empty_lines` among them).
      const emptyLines = err?.['empty_lines'];
      if (err !== undefined)
        out.push({
          ok: false,
          line: lines.skipTo(typeof emptyLines === 'number' ? emptyLines : undefined),
          reason: reasonOf(err),
        });
      return undefined;
    },
  };
}

/** Parses a whole CSV text. */
export function parseCsv(text: string): CsvParseOutput[] {
  const out: CsvParseOutput[] = [];
  parseSync(text, loaderOptions(out));
  return out;
}

/**
 * Parses CSV from a stream of chunks (e.g. `fs.createReadStream(path)`) without holding the file, handing on the
 * records of each chunk together (one await per chunk, not per record); a multi-byte character may straddle two Buffer
 * chunks. csv-parse parses a written chunk synchronously, so its records are ready as soon as it is written.
 */
export async function* parseCsvChunks(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<CsvParseOutput[]> {
  const out: CsvParseOutput[] = [];
  const parser = parse(loaderOptions(out));
  let failed: Error | undefined;
  parser.on('error', (err: Error) => (failed = err));
  parser.resume();
  try {
    for await (const chunk of chunks) {
      parser.write(chunk);
      if (failed !== undefined) throw failed;
      if (out.length > 0) yield out.splice(0);
    }
    parser.end();
    await finished(parser);
    if (out.length > 0) yield out.splice(0);
  } finally {
    parser.destroy();
  }
}

/** {@link parseCsvChunks} one record at a time. */
export async function* parseCsvStream(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<CsvParseOutput> {
  for await (const records of parseCsvChunks(chunks)) yield* records;
}
