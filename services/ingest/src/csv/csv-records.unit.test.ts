import { Readable } from 'node:stream';
import fc from 'fast-check';
import { mapCsvRecords } from '../loaders/csv-rows';
import type { CsvParseOutput } from './csv-records';
import { parseCsv, parseCsvStream } from './csv-records';

const simplify = (out: readonly CsvParseOutput[]) =>
  out.map((o) => (o.ok ? { line: o.record.line, fields: o.record.fields } : o));
const records = (text: string) => simplify(parseCsv(text));

async function streamed(chunks: readonly (string | Buffer)[]): Promise<CsvParseOutput[]> {
  const out: CsvParseOutput[] = [];
  for await (const o of parseCsvStream(Readable.from(chunks))) out.push(o);
  return out;
}

describe('parseCsv (csv-parse with line numbers)', () => {
  it('reads quoted fields with commas, doubled quotes and newlines, and numbers records by their first line', () => {
    expect(records('a,b\n"x, y","he said ""hi"""\n"multi\nline",z\nlast,row')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'he said "hi"'] },
      { line: 3, fields: ['multi\nline', 'z'] },
      { line: 5, fields: ['last', 'row'] },
    ]);
  });

  it('accepts CRLF, skips blank lines and keeps empty fields', () => {
    expect(records('a,b\r\n\r\n,\r\n1,\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['', ''] },
      { line: 4, fields: ['1', ''] },
    ]);
  });

  it('counts a CRLF inside a quoted field as one line, so later records keep their line', () => {
    expect(records('a,b\r\n"two\r\nlines",x\r\n\r\nc,d\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['two\r\nlines', 'x'] },
      { line: 5, fields: ['c', 'd'] },
    ]);
  });

  it('accepts old Mac CR line ends', () => {
    expect(records('a,b\r1,2\r"p\rq",3\r')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['p\rq', '3'] },
    ]);
  });

  it('drops a UTF-8 byte order mark before the header', () => {
    expect(records('\uFEFFdate,close\n2025-01-02,1.5\n')).toEqual([
      { line: 1, fields: ['date', 'close'] },
      { line: 2, fields: ['2025-01-02', '1.5'] },
    ]);
  });

  it('keeps a quote inside an unquoted field literally', () => {
    expect(records('a,b\n5" screen,2\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['5" screen', '2'] },
    ]);
  });

  it('reports a quote left open at the end of the file with the line it started on, after every record before it', () => {
    expect(records('a\n1\n\n"open\nnever closed')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['1'] },
      { ok: false, line: 4, reason: 'unterminated quoted field at end of file' },
    ]);
  });

  it('names a short row with its line (after a quoted newline) and keeps the rows around it', () => {
    const mapped = [
      ...mapCsvRecords(parseCsv('sym,close\n"A\nB",1\nC\nD,2\n'), ['sym', 'close'], (row) => row.get('sym')),
    ];
    expect(mapped).toEqual([
      { ok: true, line: 2, value: 'A\nB' },
      { ok: false, line: 4, reason: 'expected 2 fields, got 1' },
      { ok: true, line: 5, value: 'D' },
    ]);
  });

  it('gives the same records however the bytes are chunked (multi-byte characters split across chunks)', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '€') });
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(table, fc.array(fc.nat(), { maxLength: 8 }), async (rows, cuts) => {
        const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        const whole = parseCsv(text);
        const bytes = Buffer.from(text, 'utf8');
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
        const pieces: Buffer[] = [];
        let from = 0;
        for (const p of points) {
          pieces.push(bytes.subarray(from, p));
          from = p;
        }
        pieces.push(bytes.subarray(from));
        expect(await streamed(pieces)).toEqual(whole);
        expect(whole.map((o) => (o.ok ? o.record.fields : []))).toEqual(rows);
        // Every record starts one line after the previous one's last line.
        let next = 1;
        for (const o of whole) {
          expect(o.ok && o.record.line).toBe(next);
          if (o.ok) next += o.record.fields.join('').split(/\r\n|\r|\n/).length;
        }
      }),
    );
  });
});
