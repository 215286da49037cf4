import { StringDecoder } from 'node:string_decoder';

/** One CSV record and the 1-based line of the file it starts on (quoted fields may span lines). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** A record the parser could not read, e.g. a quoted field still open at the end of the file. */
export interface CsvSyntaxError {
  readonly line: number;
  readonly reason: string;
}

export type CsvParseOutput =
  { readonly ok: true; readonly record: CsvRecord } | ({ readonly ok: false } & CsvSyntaxError);

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Incremental RFC 4180 parser: feed it chunks as they are read, it hands back the records completed so far.
 * Quoted fields may contain commas, doubled quotes and newlines; CRLF and LF both end a record; blank lines are skipped.
 */
export class CsvParser {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private quoteJustClosed = false;
  private fieldStarted = false;
  private pendingCr = false;
  private line = 1;
  private recordLine = 1;

  push(chunk: string): CsvParseOutput[] {
    const out: CsvParseOutput[] = [];
    let start = 0;
    const flushPlain = (end: number): void => {
      if (end > start) this.field += chunk.slice(start, end);
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      if (this.inQuotes) {
        if (c === QUOTE) {
          flushPlain(i);
          start = i + 1;
          this.inQuotes = false;
          this.quoteJustClosed = true;
        } else if (c === LF) {
          this.line += 1;
        }
        continue;
      }
      if (c === QUOTE) {
        if (this.quoteJustClosed) {
          // A doubled quote inside a quoted field: keep one, reopen.
          this.field += '"';
          this.inQuotes = true;
          this.quoteJustClosed = false;
          start = i + 1;
        } else if (!this.fieldStarted) {
          this.inQuotes = true;
          this.fieldStarted = true;
          start = i + 1;
        }
        // A quote in the middle of an unquoted field is kept literally (lenient, like most readers).
        continue;
      }
      this.quoteJustClosed = false;
      if (c === COMMA) {
        flushPlain(i);
        this.endField();
        start = i + 1;
      } else if (c === LF || c === CR) {
        flushPlain(i);
        this.endRecord(out);
        this.line += 1;
        this.recordLine = this.line;
        if (c === CR) this.pendingCr = true;
        start = i + 1;
      } else {
        this.fieldStarted = true;
      }
    }
    flushPlain(chunk.length);
    return out;
  }

  /** Ends the input: returns the last record (if the file does not end with a newline) or the unterminated quote. */
  end(): CsvParseOutput[] {
    const out: CsvParseOutput[] = [];
    if (this.inQuotes) {
      out.push({ ok: false, line: this.recordLine, reason: 'unterminated quoted field at end of file' });
      this.reset();
      return out;
    }
    this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.fieldStarted = false;
    this.quoteJustClosed = false;
  }

  private endRecord(out: CsvParseOutput[]): void {
    const blank = this.fields.length === 0 && this.field === '' && !this.fieldStarted;
    if (!blank) {
      this.endField();
      out.push({ ok: true, record: { line: this.recordLine, fields: this.fields } });
    }
    this.reset();
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.fieldStarted = false;
    this.quoteJustClosed = false;
    this.inQuotes = false;
  }
}

/** Parses a whole CSV text. */
export function* parseCsv(text: string): Generator<CsvParseOutput> {
  const parser = new CsvParser();
  yield* parser.push(text);
  yield* parser.end();
}

/** Parses CSV from a stream of text chunks (e.g. `fs.createReadStream(path, 'utf8')`) without holding the file. */
export async function* parseCsvStream(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<CsvParseOutput> {
  const parser = new CsvParser();
  // A multi-byte character may straddle two Buffer chunks; the decoder holds the partial bytes.
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield* parser.push(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  yield* parser.push(decoder.end());
  yield* parser.end();
}
