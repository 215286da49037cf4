import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { captureIo } from './__tests__/capture-io';
import { UsageError } from './command';
import { runStudyRegress } from './study-regress';

// The cross-section of services/engine/scripts/regression_check.py (statsmodels expectations), as study output files.
const expected = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../engine/src/__fixtures__/regression.json'), 'utf8'),
) as {
  y: number[];
  issuer: string[];
  x: { relevance: number[]; novelty: number[]; earnings: number[] };
  estimate: number[];
  se_ols: number[];
  se_hc3: number[];
  se_cluster: number[];
};
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nw-regress-'));
  const n = expected.y.length;
  const summary = ['model,event_id,symbol,car_m1_p1,status'];
  const events = ['event_id,relevance,novelty,tags'];
  for (let i = 0; i < n; i++) {
    summary.push(`sim,E${i},${expected.issuer[i]},${expected.y[i]},fitted`);
    events.push(
      `E${i},${expected.x.relevance[i]},${expected.x.novelty[i]},${expected.x.earnings[i] === 1 ? 'earnings;ai' : 'ai'}`,
    );
  }
  summary.push('sim,S1,I0,NA,skipped');
  await writeFile(path.join(dir, 'event_summary.csv'), summary.join('\n') + '\n');
  await writeFile(path.join(dir, 'events.csv'), events.join('\n') + '\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]) {
  const c = captureIo({ cwd: dir });
  const code = await runStudyRegress(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

describe('newswindow study regress', () => {
  it('CARs on user columns and a tag dummy, clustered by issuer: statsmodels numbers', async () => {
    const r = await run([
      '--summary',
      'event_summary.csv',
      '--events',
      'events.csv',
      '--y',
      'car_m1_p1',
      '--x',
      'relevance,novelty,tag:earnings',
      '--format',
      'csv',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [head, ...lines] = r.out.trim().split('\n');
    const header = head!.split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
    expect(rows.map((x) => x.term)).toEqual(['(intercept)', 'relevance', 'novelty', 'tag:earnings']);
    rows.forEach((row, j) => {
      expect(Number(row.estimate)).toBeCloseTo(expected.estimate[j]!, 12);
      expect(Number(row.se_ols)).toBeCloseTo(expected.se_ols[j]!, 12);
      expect(Number(row.se_hc3)).toBeCloseTo(expected.se_hc3[j]!, 12);
      expect(Number(row.se_cluster)).toBeCloseTo(expected.se_cluster[j]!, 12);
    });
  });

  it('a text column becomes dummies against its first level; the table names n, k and clusters', async () => {
    const r = await run(['--summary', 'event_summary.csv', '--y', 'car_m1_p1', '--x', 'symbol', '--cluster', 'none']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OLS of car_m1_p1: n = 45, k = 9, R² = /);
    expect(r.out).toMatch(/symbol=I8/);
    expect(r.out).not.toMatch(/symbol=I0/);
  });

  it('bad requests: one line each', async () => {
    await expect(run(['--summary', 'event_summary.csv', '--y', 'car_m1_p1', '--x', 'nope'])).rejects.toThrow(
      UsageError,
    );
    const missing = await run(['--summary', 'missing.csv', '--y', 'car_m1_p1', '--x', 'symbol']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/missing.csv:0: cannot read the file/);
  });
});
