import { InputFileError } from './csv';
import type { PriceTable } from './prices';
import { dayKeyOf, dayKeyToIso, readPrices } from './prices';

/** The text cut into chunks of `size` bytes, as a file stream hands it over. */
function* chunks(text: string, size: number): Generator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function plain(table: PriceTable): Record<string, [string, number][]> {
  const out: Record<string, [string, number][]> = {};
  for (const [symbol, s] of table.bySymbol) {
    out[symbol] = Array.from(s.dates.subarray(0, s.length), (d, i) => [dayKeyToIso(d), s.closes[i]!]);
  }
  return out;
}

async function read(text: string, size = 1 << 16): Promise<Record<string, [string, number][]>> {
  return plain(await readPrices('p.csv', chunks(text, size)));
}

async function failure(text: string, size = 1 << 16): Promise<string> {
  try {
    await readPrices('p.csv', chunks(text, size));
  } catch (err) {
    if (err instanceof InputFileError) return err.message;
    throw err;
  }
  throw new Error('no error');
}

const TEXT = [
  '\uFEFFDate, Symbol ,open,Close,volume',
  '2024-01-02,MKT,1,100.5,7',
  '',
  '2024-01-02,"9988.HK",1,"80.25",9',
  '  ',
  '2024-01-03 , MKT ,1, 101 ,7',
  '"2024-01-03","Acme, Inc.",1,12.125,3',
  '2024-01-04,9988.HK,1,81',
].join('\r\n');

const EXPECTED = {
  MKT: [
    ['2024-01-02', 100.5],
    ['2024-01-03', 101],
  ],
  '9988.HK': [
    ['2024-01-02', 80.25],
    ['2024-01-04', 81],
  ],
  'Acme, Inc.': [['2024-01-03', 12.125]],
};

describe('readPrices (byte-stream prices reader)', () => {
  it('reads quoted lines, a BOM, blank lines, padded fields and any column order', async () => {
    expect(await read(TEXT)).toEqual(EXPECTED);
  });

  it.each([1, 2, 3, 5, 7, 64])('gives the same table whatever the chunk size (%i bytes)', async (size) => {
    expect(await read(TEXT, size)).toEqual(EXPECTED);
    expect(await read(TEXT.replace(/\r\n/g, '\r'), size)).toEqual(EXPECTED);
    expect(await read(TEXT.replace(/\r\n/g, '\n') + '\n', size)).toEqual(EXPECTED);
  });

  it('counts lines the same way for LF, CRLF and CR line ends', async () => {
    const bad = 'date,symbol,close\n2024-01-02,MKT,1\n\n2024-01-03,MKT,0x10\n';
    for (const text of [bad, bad.replace(/\n/g, '\r\n'), bad.replace(/\n/g, '\r')]) {
      for (const size of [1, 2, 1000]) expect(await failure(text, size)).toBe("p.csv:4: close '0x10' is not a number");
    }
  });

  it('finds a duplicate date in unsorted rows at the line that repeats it', async () => {
    const text = 'date,symbol,close\n2024-01-05,A,1\n2024-01-03,A,1\n2024-01-04,B,1\n2024-01-04,A,1\n2024-01-03,A,2\n';
    expect(await failure(text)).toBe('p.csv:6: duplicate date 2024-01-03 for symbol A');
    expect(await failure('date,symbol,close\n2024-01-05,A,1\n2024-01-05,A,1\n')).toBe(
      'p.csv:3: duplicate date 2024-01-05 for symbol A',
    );
  });

  it.each([
    ['2024-02-30,A,1', "p.csv:2: date '2024-02-30' is not a valid YYYY-MM-DD date"],
    ['2024-1-05,A,1', "p.csv:2: date '2024-1-05' is not a valid YYYY-MM-DD date"],
    ['2024-01-05,,1', 'p.csv:2: empty symbol'],
    ['2024-01-05,A', "p.csv:2: close '' is not a number"],
    ['2024-01-05,A,-1', 'p.csv:2: close -1 is not positive'],
    ['2024-01-05,A,1e400', "p.csv:2: close '1e400' is not a number"],
  ])('rejects %s', async (line, message) => {
    expect(await failure(`date,symbol,close\n${line}\n`)).toBe(message);
  });

  it('rejects an empty file and a missing column', async () => {
    expect(await failure('')).toBe('p.csv:1: empty file (a header row is needed)');
    expect(await failure('date,symbol,price\r2024-01-02,A,1\r')).toBe(
      "p.csv:1: missing column 'close' (header: date,symbol,price)",
    );
  });

  it('leap days and date keys round-trip', () => {
    expect(dayKeyOf('2024-02-29')).toBe(20240229);
    expect(dayKeyOf('2023-02-29')).toBe(-1);
    expect(dayKeyOf('1900-02-29')).toBe(-1);
    expect(dayKeyOf('2000-02-29')).toBe(20000229);
    expect(dayKeyToIso(20000229)).toBe('2000-02-29');
  });
});
