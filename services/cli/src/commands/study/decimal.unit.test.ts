import fc from 'fast-check';
import { parseDecimal, parseDecimalBytes } from './decimal';

const bytes = (s: string): number => {
  const b = Buffer.from(`#${s}#`, 'latin1');
  return parseDecimalBytes(b, 1, b.length - 1);
};

describe('strict decimal parsing', () => {
  it.each([
    '0x10',
    '0X1F',
    '0b11',
    '0o7',
    'Infinity',
    '-Infinity',
    'NaN',
    '',
    ' ',
    '1 2',
    '1e',
    '1e+',
    '.',
    '-',
    '+.e1',
    '12abc',
    '1,5',
    '1..2',
  ])("rejects '%s'", (s) => {
    expect(parseDecimal(s)).toBeNaN();
    expect(bytes(s)).toBeNaN();
  });

  it.each([
    '0',
    '16',
    '-3.5',
    '+2',
    '1.',
    '.5',
    '007.25',
    '1e3',
    '1.5E-7',
    '123456789012345678901234',
    '0.1234567890123456789',
  ])("reads '%s' exactly as Number() does", (s) => {
    expect(parseDecimal(s)).toBe(Number(s));
    expect(bytes(s)).toBe(Number(s));
  });

  // The fast path computes integer / 10^k itself; it must give Number()'s correctly rounded double for every input.
  it('gives the same double as Number() for random decimals (fast and slow paths)', () => {
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        fc.stringMatching(/^\d{1,12}$/),
        fc.option(fc.stringMatching(/^\d{0,12}$/)),
        fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 400 }))),
      )
      .map(
        ([sign, int, frac, exp]) =>
          `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : exp.join('')}`,
      );
    fc.assert(
      fc.property(decimal, (s) => {
        expect(bytes(s)).toBe(Number(s));
        expect(parseDecimal(s)).toBe(Number(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('gives the same double as Number() for prices printed by toFixed and String', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e7, noNaN: true }), fc.integer({ min: 0, max: 10 }), (x, digits) => {
        for (const s of [x.toFixed(digits), String(x)]) expect(bytes(s)).toBe(Number(s));
      }),
      { numRuns: 5000 },
    );
  });
});
