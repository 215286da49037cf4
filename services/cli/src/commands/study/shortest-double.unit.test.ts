import { putShortest } from './shortest-double';

/** Deterministic 32-bit generator (mulberry32), so a failure names a reproducible input. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const buf = Buffer.alloc(64);
const written = (x: number): string => buf.toString('latin1', 0, putShortest(buf, 0, x));

/** The inputs for which putShortest's bytes differ from String(x) (expected: none). */
function mismatches(xs: Iterable<number>): string[] {
  const bad: string[] = [];
  for (const x of xs) if (written(x) !== String(x)) bad.push(`${String(x)} → ${written(x)}`);
  return bad;
}

function* sample(n: number, seed: number, gen: (u: () => number) => number): Generator<number> {
  const u = rng(seed);
  for (let i = 0; i < n; i++) yield gen(u);
}

const bitsOf = new Float64Array(1);
const wordsOf = new Uint32Array(bitsOf.buffer);

describe('putShortest writes String(x) byte for byte', () => {
  it.each<[string, (u: () => number) => number]>([
    ['abnormal returns', (u) => (u() - 0.5) * 0.1],
    ['tiny returns', (u) => (u() - 0.5) * 1e-4],
    [
      'log differences of 4-decimal prices',
      (u) => Math.log(Math.round(u() * 1e6) / 1e4 + 1) - Math.log(Math.round(u() * 1e6) / 1e4 + 1),
    ],
    ['magnitudes 1e-17 … 1e17', (u) => Math.exp((u() - 0.5) * 80)],
    [
      'any bit pattern',
      (u) => {
        wordsOf[0] = (u() * 2 ** 32) >>> 0;
        wordsOf[1] = (u() * 2 ** 32) >>> 0;
        return bitsOf[0]!;
      },
    ],
    ['few significant digits', (u) => Math.round(u() * 1e6) / 10 ** Math.floor(u() * 8)],
    ['prices', (u) => Math.round(u() * 1e8) / 1e4],
    [
      'neighbours of powers of ten and two',
      (u) => {
        const base = u() < 0.5 ? 10 ** Math.floor(u() * 30 - 10) : 2 ** Math.floor(u() * 100 - 50);
        return base * (1 + Number.EPSILON * Math.floor(u() * 5 - 2));
      },
    ],
  ])('%s', (_name, gen) => {
    expect(mismatches(sample(200_000, 7, gen))).toEqual([]);
  });

  it('writes only inside the 25 bytes from pos (digits past the returned position are scratch)', () => {
    const wide = Buffer.alloc(64);
    const outside: string[] = [];
    for (const x of sample(100_000, 9, (u) => (u() - 0.5) * 10 ** Math.floor(u() * 24 - 12))) {
      wide.fill(0xee);
      const end = putShortest(wide, 8, x);
      const text = wide.toString('latin1', 8, end);
      if (
        text !== String(x) ||
        wide.subarray(0, 8).some((b) => b !== 0xee) ||
        wide.subarray(33).some((b) => b !== 0xee)
      )
        outside.push(String(x));
    }
    expect(outside).toEqual([]);
  });

  it('edge values (zeros, the fast range bounds, integers, the extremes)', () => {
    expect(
      mismatches([
        0,
        -0,
        1,
        -1,
        0.1,
        0.2,
        0.3,
        1 / 3,
        0.5,
        100,
        1e-6,
        1e-7,
        1e-6 * (1 - Number.EPSILON),
        1.0000000000000002e-6,
        1e15,
        999999999999999.9,
        1e16,
        1e21,
        1.2345678901234568e20,
        5e-324,
        Number.MAX_VALUE,
        Number.MIN_VALUE,
        2 ** 53,
        2 ** 53 + 2,
        -0.011900297164208092,
        0.006277868032935984,
      ]),
    ).toEqual([]);
  });
});
