import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPool, loadFactorDays, migrate, pgConfigFromEnv } from '@newswindow/store';
import { createTestDatabase, stackConfigFromEnv, type TestDatabase } from '@newswindow/testkit';
import { runCli } from '../cli-main';
import { captureIo } from './__tests__/capture-io';
import { commands } from './registry';

// Kenneth French layout files (synthetic, services/engine/scripts/factor_fixtures.py) stored through the event store
// into factor_days on a real Postgres; expected values read from the files here by a plain line scan, not by the
// engine's parser.
const FIXTURES = path.resolve(__dirname, '../../../engine/fixtures/factors');
const FILES = ['F-F_Research_Data_Factors_daily.CSV', 'F-F_Momentum_Factor_daily.CSV'];

/** dataset → date → factor → decimal, from the data rows `YYYYMMDD, v, …` under the header. */
function expectedValues(): Map<string, number> {
  const out = new Map<string, number>();
  for (const file of FILES) {
    const lines = readFileSync(path.join(FIXTURES, file), 'utf8').split(/\r?\n/);
    const header = lines.find((l) => l.startsWith(','))!;
    const names = header
      .split(',')
      .slice(1)
      .map((h) => h.trim().toLowerCase().replace(/-/g, '_'));
    for (const line of lines) {
      if (!/^\d{8},/.test(line)) continue;
      const [d, ...cells] = line.split(',');
      const date = `${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6, 8)}`;
      cells.forEach((c, j) => {
        const v = Number(c.trim());
        if (v === -99.99 || v === -999) return;
        out.set(`${file.replace('.CSV', '')}|${date}|${names[j]!}`, v / 100);
      });
    }
  }
  return out;
}

describe('ingest factors (real Postgres)', () => {
  const stack = stackConfigFromEnv(process.env);
  let db: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase(stack, 'nw_cli_factors');
    env = { PGHOST: stack.pg.host, PGPORT: String(stack.pg.port), PGUSER: stack.pg.user, PGDATABASE: db.name };
    const pool = createPool(pgConfigFromEnv(env));
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }
  }, 120_000);
  afterAll(async () => {
    await db.drop();
  });

  const ingest = async (): Promise<{ code: number; out: string; err: string }> => {
    const cap = captureIo();
    const argv = ['ingest', 'factors', ...FILES.flatMap((f) => ['--file', path.join(FIXTURES, f)])];
    const code = await runCli(argv, { ...cap.io, env }, commands);
    return { code, out: cap.out(), err: cap.err() };
  };

  it('stores every value of both files, as decimals, by dataset, date and factor', async () => {
    const r = await ingest();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const want = expectedValues();
    const pool = createPool(pgConfigFromEnv(env));
    try {
      const rows = await loadFactorDays(pool);
      const got = new Map(rows.map((x) => [`${x.dataset}|${x.date}|${x.factor}`, x.value]));
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [k, v] of want) expect(got.get(k)).toBeCloseTo(v, 14);
      expect(await loadFactorDays(pool, { from: '2024-01-03', to: '2024-01-03' })).toEqual(
        expect.arrayContaining([
          { dataset: 'F-F_Research_Data_Factors_daily', date: '2024-01-03', factor: 'mkt_rf', value: 0.0116 },
        ]),
      );
    } finally {
      await pool.end();
    }
    const days = new Set([...want.keys()].map((k) => k.split('|').slice(0, 2).join('|'))).size;
    expect(r.out).toContain(`${days} stored, 0 already stored`);
  });

  it('a second run stores nothing (idempotent)', async () => {
    const r = await ingest();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ 0 stored, \d+ already stored/);
  });

  it('a file that is not a French daily file: one line naming it, exit 1', async () => {
    const cap = captureIo();
    const bad = path.join(FIXTURES, '../../package.json');
    const code = await runCli(['ingest', 'factors', '--file', bad], { ...cap.io, env }, commands);
    expect(code).toBe(1);
    expect(cap.err().trimEnd().split('\n')).toEqual([expect.stringContaining('package.json')]);
  });
});
