import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { captureIo } from './__tests__/capture-io';
import { runStudyCompute } from './study';

// Guards the bytes of `newswindow study`'s output files through speed work on the writers and number formatting: the
// SHA-256 of each file for a small deterministic panel, recorded from main at 76c2386 (before the issue 11 part 2
// formatting changes of that session). Any change to the text of a file fails here; a deliberate change of the output
// (a new column, another number format) updates the hashes in the same commit and says why.

/** Deterministic 32-bit generator (mulberry32). */
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

const SESSIONS = 300;
const dates = Array.from({ length: SESSIONS + 200 }, (_, t) =>
  new Date(Date.UTC(2021, 0, 4) + t * 86_400_000).toISOString().slice(0, 10),
).filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));

/**
 * A market and 12 stocks over 300 weekdays: ordinary prices, a price level of 1e12, a stock at 1e-7 that moves by ~1e-8 a day
 * (returns and ARs printed in exponent form), a stock with missing closes, one with a constant price (σ = 0, skipped).
 * Closes are printed with toPrecision, so the file is the same text wherever it is generated.
 */
function pricesCsv(): string {
  const u = rng(11);
  const levels = [100, 50, 20, 1e-7, 1e12, 3, 75, 0.5, 250, 8, 42, 42];
  const lines = ['date,symbol,close'];
  let m = 1000;
  const p = levels.slice();
  for (let t = 0; t < SESSIONS; t++) {
    const mr = (u() - 0.5) * 0.03;
    m *= Math.exp(mr);
    lines.push(`${dates[t]},MKT,${m.toPrecision(10)}`);
    for (let s = 0; s < p.length; s++) {
      const noise = (u() - 0.5) * (s === 3 ? 1e-7 : 0.04);
      if (s !== 11) p[s]! *= Math.exp((s === 3 ? 0 : 0.5 + s / 10) * mr + noise);
      if (s === 2 && t % 29 === 7) continue; // missing closes
      lines.push(`${dates[t]},S${s},${p[s]!.toPrecision(15)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** 60 events: most inside the data, a few too early for an estimation window, one after the last session. */
function eventsCsv(): string {
  const u = rng(12);
  const lines = ['event_id,symbol,event_date'];
  for (let i = 0; i < 60; i++) {
    const s = Math.floor(u() * 12);
    const t = i % 20 === 3 ? 40 : i === 50 ? SESSIONS + 3 : 150 + Math.floor(u() * 145);
    lines.push(`E${i},S${s},${dates[t]}`);
  }
  return lines.join('\n') + '\n';
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nw-study-golden-'));
  await writeFile(path.join(dir, 'p.csv'), pricesCsv());
  await writeFile(path.join(dir, 'e.csv'), eventsCsv());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (text: Buffer | string): string => createHash('sha256').update(text).digest('hex');
const argv = [
  ...['--prices', 'p.csv', '--events', 'e.csv', '--market', 'MKT', '--model', 'all'],
  ...['--estimation=-120:-11', '--min-estimation', '60', '--windows=-1:1,0:0,0:5,-3:10'],
];

// A busy machine (CI shares its cores) can take several seconds for the first run, which loads the engine.
jest.setTimeout(60_000);

describe('newswindow study output bytes (golden hashes of a small panel)', () => {
  it('--out writes the same five files as before the speed work', async () => {
    const c = captureIo({ cwd: dir });
    expect(await runStudyCompute([...argv, '--out', 'out'], c.io)).toBe(0);
    const hashes: Record<string, string> = {};
    for (const f of ['abnormal_returns', 'event_summary', 'daily_tests', 'car_tests', 'window_tests']) {
      hashes[f] = sha256(await readFile(path.join(dir, 'out', `${f}.csv`)));
    }
    expect(hashes).toEqual(GOLDEN_FILES);
  });

  it('--format csv prints the same text as before the speed work', async () => {
    const c = captureIo({ cwd: dir });
    expect(await runStudyCompute([...argv, '--format', 'csv'], c.io)).toBe(0);
    expect(sha256(c.out())).toBe(GOLDEN_STDOUT_CSV);
  });
});

const GOLDEN_FILES: Record<string, string> = {
  abnormal_returns: '2e400bdd5cc332b62eef48c91aef299868b197a10590fe064af7f9c0df977cbe',
  event_summary: '43139aaafe4890c065c57dae63b34a2c7a203426aecf832c26bc24e846e728b9',
  daily_tests: '7dc4e0010e91e10596138955acae5e7dd93fdc624bb84f6c03d7c84e30f20cda',
  car_tests: 'a48c35fc2a2c93aa524140b8d37bb08e64c1c9bd1f45217d246f48e503a187bb',
  window_tests: '10631f4f3145637922998534ee5ee2c7d9b18ff33c53bd20262a8fcc490dfd39',
};
const GOLDEN_STDOUT_CSV = '97e794251043298e944f57932f11a85f3ae33dab69186b4daecfef0e325637da';
