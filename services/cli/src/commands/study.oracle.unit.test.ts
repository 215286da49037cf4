import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from './command';
import { runStudyCompute } from './study';

// The oracle (estudy2 0.10.0 numbers) lives in the `shared` folder next to the repository root.
const ORACLE = path.resolve(__dirname, '../../../../../shared/oracle');

const FILES = {
  'abnormal_returns.csv': ['model', 'event_id', 'rel_day'],
  'event_summary.csv': ['model', 'event_id'],
  'daily_tests.csv': ['model', 'window', 'rel_day'],
  'car_tests.csv': ['model', 'window', 'name'],
} as const;

type Row = Record<string, string>;

function parse(text: string): { header: string[]; rows: Row[] } {
  const [head, ...lines] = text.trim().split('\n');
  const header = head!.split(',');
  return { header, rows: lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [header[i]!, c]))) };
}

const isStatistic = (file: string, col: string): boolean =>
  (file === 'daily_tests.csv' && col.endsWith('_stat')) || (file === 'car_tests.csv' && col === 'statistic');

/** Compares one cell; returns a message on mismatch. */
function compareCell(file: string, col: string, expected: string, actual: string | undefined): string | undefined {
  if (actual === undefined) return `missing column ${col}`;
  if (expected === 'NA' || actual === 'NA')
    return expected === actual ? undefined : `${col}: expected ${expected}, got ${actual}`;
  const e = Number(expected);
  if (expected === '' || Number.isNaN(e) || col.endsWith('signif') || col === 'significance') {
    return expected === actual ? undefined : `${col}: expected '${expected}', got '${actual}'`;
  }
  const a = Number(actual);
  if (isStatistic(file, col)) {
    return Math.abs(a - e) <= 1e-8 * Math.abs(e) ? undefined : `${col}: expected ${expected}, got ${actual} (rel 1e-8)`;
  }
  return Math.abs(a - e) <= 1e-10 ? undefined : `${col}: expected ${expected}, got ${actual} (abs 1e-10)`;
}

describe('newswindow study reproduces the estudy2 oracle', () => {
  let out: string;
  let exitCode: number;
  let stderr = '';

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'nw-oracle-'));
    const err = new PassThrough();
    err.on('data', (c: Buffer) => (stderr += c.toString()));
    const io: CliIo = { stdout: new PassThrough(), stderr: err, env: {}, cwd: ORACLE };
    exitCode = await runStudyCompute(
      [
        '--prices',
        'prices.csv',
        '--events',
        'events.csv',
        '--market',
        'MKT',
        '--model',
        'all',
        '--day0',
        'same-date-or-next',
        '--estimation',
        '-250:-11',
        '--windows',
        '-1:1,0:0,0:5',
        '--out',
        out,
      ],
      io,
    );
  });

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('exits 0 without warnings', () => {
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
  });

  it.each(Object.entries(FILES))('%s matches at the README tolerances', async (file, keyCols) => {
    const expected = parse(await readFile(path.join(ORACLE, 'expected', file), 'utf8'));
    const actual = parse(await readFile(path.join(out, file), 'utf8'));
    const key = (r: Row): string => keyCols.map((k) => r[k]).join('|');
    const byKey = new Map(actual.rows.map((r) => [key(r), r]));
    expect(actual.rows).toHaveLength(expected.rows.length);
    const problems: string[] = [];
    for (const e of expected.rows) {
      const a = byKey.get(key(e));
      if (a === undefined) {
        problems.push(`${key(e)}: row missing`);
        continue;
      }
      for (const col of expected.header) {
        const p = compareCell(file, col, e[col]!, a[col]);
        if (p !== undefined) problems.push(`${key(e)}: ${p}`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    // Every expected cell was compared: the oracle files are not empty.
    expect(expected.rows.length).toBeGreaterThan(10);
  });
});
