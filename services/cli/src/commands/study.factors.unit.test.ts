import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { captureIo } from './__tests__/capture-io';
import { UsageError } from './command';
import { runStudyCompute } from './study';

// Synthetic French-layout factor files and statsmodels expectations from services/engine/scripts/factor_fixtures.py.
const FIXTURES = path.resolve(__dirname, '../../../engine/fixtures/factors');

interface Expected {
  studies: { model: string; eventId: string; alpha: number; sigma: number; betas: Record<string, number> }[];
}

let out: string;
beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'nw-factors-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const args = (model: string, factors: string[]): string[] => [
  '--prices',
  'prices.csv',
  '--events',
  'events.csv',
  '--model',
  model,
  ...factors.flatMap((f) => ['--factors', f]),
  '--estimation',
  '-200:-11',
  '--min-estimation',
  '100',
  '--day0',
  'same-date-or-next',
  '--out',
  out,
];

describe('newswindow study --model ff3|carhart|ff5 --factors (no --market)', () => {
  it.each([
    ['ff3', ['F-F_Research_Data_Factors_daily.CSV']],
    ['carhart', ['F-F_Research_Data_Factors_daily.CSV', 'F-F_Momentum_Factor_daily.CSV']],
    ['ff5', ['F-F_Research_Data_5_Factors_2x3_daily.CSV']],
  ])('%s: event_summary alpha, sigma and beta_<factor> match statsmodels', async (model, files) => {
    const c = captureIo({ cwd: FIXTURES });
    expect(await runStudyCompute(args(model, files), c.io)).toBe(0);
    expect(c.err()).toBe('');
    const expected = JSON.parse(await readFile(path.join(FIXTURES, 'expected.json'), 'utf8')) as Expected;
    const [head, ...lines] = (await readFile(path.join(out, 'event_summary.csv'), 'utf8')).trim().split('\n');
    const header = head!.split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
    const mine = expected.studies.filter((s) => s.model === model);
    expect(rows).toHaveLength(mine.length);
    for (const e of mine) {
      const row = rows.find((r) => r.event_id === e.eventId)!;
      expect(row.model).toBe(model);
      expect(Number(row.alpha)).toBeCloseTo(e.alpha, 12);
      expect(Number(row.sigma)).toBeCloseTo(e.sigma, 12);
      for (const f of ['mkt_rf', 'smb', 'hml', 'mom', 'rmw', 'cma']) {
        const b = e.betas[f];
        if (b === undefined) expect(row[`beta_${f}`]).toBe('NA');
        else expect(Number(row[`beta_${f}`])).toBeCloseTo(b, 10);
      }
    }
  });

  it('carhart without the momentum file: one actionable line', async () => {
    const c = captureIo({ cwd: FIXTURES });
    expect(await runStudyCompute(args('carhart', ['F-F_Research_Data_Factors_daily.CSV']), c.io)).not.toBe(0);
    expect(c.err()).toMatch(/factor column 'mom' missing .* F-F_Momentum_Factor_daily.CSV/);
  });

  it('a factor model without --factors is a usage error', async () => {
    const c = captureIo({ cwd: FIXTURES });
    await expect(runStudyCompute(args('ff3', []), c.io)).rejects.toThrow(UsageError);
  });
});
