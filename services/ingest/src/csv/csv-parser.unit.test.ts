import fc from 'fast-check';
import { CsvParser, parseCsv } from './csv-parser';

const records = (text: string) =>
  [...parseCsv(text)].map((o) => (o.ok ? { line: o.record.line, fields: o.record.fields } : o));

describe('CsvParser', () => {
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

  it('reports a quote left open at the end of the file with the line it started on', () => {
    expect(records('a\n"open\nnever closed')).toEqual([
      { line: 1, fields: ['a'] },
      { ok: false, line: 2, reason: 'unterminated quoted field at end of file' },
    ]);
  });

  it('gives the same records however the text is chunked', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é') });
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 8 }), (rows, cuts) => {
        const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n');
        const whole = [...parseCsv(text)];
        const parser = new CsvParser();
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
        const pieces: string[] = [];
        let from = 0;
        for (const p of points) {
          pieces.push(text.slice(from, p));
          from = p;
        }
        pieces.push(text.slice(from));
        const chunked = [...pieces.flatMap((p) => parser.push(p)), ...parser.end()];
        expect(chunked).toEqual(whole);
        expect(whole.map((o) => (o.ok ? o.record.fields : []))).toEqual(rows);
      }),
    );
  });
});
