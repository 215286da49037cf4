import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { captureIo } from './__tests__/capture-io';
import { UsageError } from './command';
import { runStudyCompute } from './study';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nw-study-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(files: Record<string, string>, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  const c = captureIo({ cwd: dir });
  const code = await runStudyCompute(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

/** 40 sessions of MKT and AAA with a deterministic wiggle. */
function prices(): string {
  const lines = ['date,symbol,open,close'];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 40; i++) {
    const d = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${d},MKT,1,${(100 * (1 + 0.01 * Math.sin(i))).toFixed(4)}`);
    lines.push(`${d},AAA,1,${(50 * (1 + 0.02 * Math.cos(i * 1.7))).toFixed(4)}`);
  }
  return lines.join('\n') + '\n';
}

const base = [
  '--prices',
  'p.csv',
  '--events',
  'e.csv',
  '--market',
  'MKT',
  '--estimation',
  '-25:-5',
  '--min-estimation',
  '10',
];
const goodEvents = 'event_id,symbol,event_date\nX1,AAA,2024-02-01\nX2,AAA,2024-01-31\n';

describe('newswindow study: input errors name the file, line and reason', () => {
  it.each([
    ['missing column', 'date,symbol,price\n2024-01-01,MKT,1\n', goodEvents, /p\.csv:1: missing column 'close'/],
    ['unparsable number', prices() + '2024-03-01,MKT,1,abc\n', goodEvents, /p\.csv:82: close 'abc' is not a number/],
    ['price <= 0', prices() + '2024-03-01,MKT,1,0\n', goodEvents, /p\.csv:82: close 0 is not positive/],
    [
      'duplicate date',
      prices() + '2024-01-01,MKT,1,100\n',
      goodEvents,
      /p\.csv:82: duplicate date 2024-01-01 for symbol MKT/,
    ],
    ['unknown symbol', prices(), 'event_id,symbol,event_date\nX1,ZZZ,2024-02-01\n', /e\.csv:2: unknown symbol 'ZZZ'/],
    [
      'bad event date',
      prices(),
      'event_id,symbol,event_date\nX1,AAA,2024-02-30\n',
      /e\.csv:2: event_date '2024-02-30'/,
    ],
  ])('%s', async (_name, p, e, message) => {
    const r = await run({ 'p.csv': p, 'e.csv': e }, base);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
  });

  it('usage errors are UsageError (exit 2 through the dispatcher)', async () => {
    await expect(run({}, ['--events', 'e.csv'])).rejects.toThrow(UsageError);
    await expect(run({}, [...base, '--model', 'capm'])).rejects.toThrow(/--model 'capm'/);
    await expect(run({}, [...base, '--windows', '-10:1'])).rejects.toThrow(/overlaps the estimation window/);
  });
});

describe('newswindow study: CLI input defects (issue 11)', () => {
  it.each([['0x10'], ['Infinity'], ['0b11'], ['1e'], ['12abc'], ['']])(
    "a close of '%s' is rejected (strict decimal: Number() would accept hex and Infinity)",
    async (close) => {
      const r = await run({ 'p.csv': prices() + `2024-03-01,MKT,1,${close}\n`, 'e.csv': goodEvents }, base);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`p.csv:82: close '${close}' is not a number`);
    },
  );

  it('decimal closes with an exponent or a sign are read as numbers', async () => {
    const r = await run(
      { 'p.csv': prices() + '2024-03-01,MKT,1,1.0e2\n2024-03-02,MKT,1,+101.5\n', 'e.csv': goodEvents },
      [...base, '--format', 'csv'],
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it("--min-estimation '0x10' is a usage error, not 16", async () => {
    await expect(run({}, [...base, '--min-estimation', '0x10'])).rejects.toThrow(/--min-estimation must be an integer/);
  });

  it('each bad event row is reported with its line and the other events are studied', async () => {
    const events = [
      'event_id,symbol,event_date',
      'X1,AAA,2024-02-01',
      'X2,ZZZ,2024-02-01',
      'X3,AAA,2024-02-30',
      'X1,AAA,2024-01-31',
      'X4,AAA,2024-01-31',
    ].join('\n');
    const r = await run({ 'p.csv': prices(), 'e.csv': events }, [...base, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.err.split('\n').filter((l) => l !== '')).toEqual([
      "newswindow study: e.csv:3: unknown symbol 'ZZZ' (not in the prices file) (row left out)",
      "newswindow study: e.csv:4: event_date '2024-02-30' is not a valid YYYY-MM-DD date (row left out)",
      'newswindow study: e.csv:5: duplicate event_id X1 (row left out)',
      'newswindow study: 3 event row(s) left out, 2 studied (--strict stops at the first bad row)',
    ]);
    const json = JSON.parse(r.out) as Record<string, Record<string, string>[]>;
    expect(json.event_summary!.map((s) => s.event_id)).toEqual(['X1', 'X4']);
  });

  it('--strict stops at the first bad event row', async () => {
    const events = 'event_id,symbol,event_date\nX1,AAA,2024-02-01\nX2,ZZZ,2024-02-01\nX3,YYY,2024-02-01\n';
    const r = await run({ 'p.csv': prices(), 'e.csv': events }, [...base, '--strict', '--format', 'csv']);
    expect(r.code).toBe(1);
    expect(r.err).toBe("newswindow study: e.csv:3: unknown symbol 'ZZZ' (not in the prices file)\n");
    expect(r.out).toBe('');
  });

  it('a header-only events file is an error, not empty files', async () => {
    const r = await run({ 'p.csv': prices(), 'e.csv': 'event_id,symbol,event_date\n' }, [...base, '--out', 'out-h']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('newswindow study: e.csv:1: no events (the file has a header but no event rows)\n');
    expect(r.out).toBe('');
  });

  it('an events file whose every row is bad is an error after the rows are listed', async () => {
    const r = await run({ 'p.csv': prices(), 'e.csv': 'event_id,symbol,event_date\nX1,ZZZ,2024-02-01\n' }, base);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /e\.csv:2: unknown symbol 'ZZZ'.*\n.*e\.csv:2: no valid events \(all 1 event rows were rejected\)/,
    );
  });

  it('CR-only line ends are line ends (the study runs as with LF)', async () => {
    const cr = (t: string): string => t.replace(/\n/g, '\r');
    const lf = await run({ 'p.csv': prices(), 'e.csv': goodEvents }, [...base, '--format', 'csv']);
    const r = await run({ 'p.csv': cr(prices()), 'e.csv': cr(goodEvents) }, [...base, '--format', 'csv']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(lf.out);
  });

  it('a CR-only file with an error names one line, not the whole file', async () => {
    const p = prices().replace('date,symbol,open,close', 'date,symbol,open,price').replace(/\n/g, '\r');
    const r = await run({ 'p.csv': p, 'e.csv': goodEvents }, base);
    expect(r.code).toBe(1);
    expect(r.err).toBe("newswindow study: p.csv:1: missing column 'close' (header: date,symbol,open,price)\n");
    const e = 'event_id,symbol,date\rX1,AAA,2024-02-01\r'.repeat(50);
    const r2 = await run({ 'p.csv': prices(), 'e.csv': e }, base);
    expect(r2.code).toBe(1);
    expect(r2.err).toBe("newswindow study: e.csv:1: missing column 'event_date' (header: event_id,symbol,date)\n");
  });

  it('a file that cannot be read is a one-line error', async () => {
    const r = await run({ 'p.csv': prices() }, [...base.slice(0, 2), '--events', 'missing.csv', ...base.slice(4)]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('newswindow study: missing.csv:0: cannot read the file (ENOENT)\n');
  });
});

describe('newswindow study: outputs', () => {
  it('prints JSON with the five tables; skipped events are reported, not dropped', async () => {
    const events = goodEvents + 'X3,AAA,2024-01-10\n';
    const r = await run({ 'p.csv': prices(), 'e.csv': events }, [...base, '--format', 'json', '--windows', '0:1']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as Record<string, Record<string, string>[]>;
    expect(Object.keys(json)).toEqual([
      'abnormal_returns',
      'event_summary',
      'daily_tests',
      'car_tests',
      'window_tests',
    ]);
    const summary = json.event_summary!;
    expect(summary.map((s) => s.status)).toEqual(['fitted', 'fitted', 'skipped']);
    expect(summary[2]!.reason).toMatch(/usable estimation returns/);
    expect(json.daily_tests!.map((d) => d.rel_day)).toEqual(['0', '1']);
    // Streamed record by record, yet the very text JSON.stringify(…, null, 2) gives.
    expect(r.out).toBe(`${JSON.stringify(json, null, 2)}\n`);
  });

  it('--out writes the same five tables --format csv prints, for several models', async () => {
    const argv = [...base, '--model', 'all', '--windows', '0:1,-1:1'];
    const printed = await run({ 'p.csv': prices(), 'e.csv': goodEvents + 'X3,AAA,2024-01-10\n' }, [
      ...argv,
      '--format',
      'csv',
    ]);
    const written = await run({}, [...argv, '--out', 'out-m']);
    expect(written.code).toBe(0);
    const sections = printed.out.split(/^# /m).filter((x) => x !== '');
    expect(sections).toHaveLength(5);
    for (const section of sections) {
      const [name, ...rest] = section.split('\n');
      const text = await readFile(path.join(dir, 'out-m', name!), 'utf8');
      expect(`${rest.join('\n').replace(/\n$/, '')}`).toBe(text);
    }
    expect(sections[0]).toMatch(/\nmean_adj,X3,AAA,-25,/);
  });
  it('prints a table by default', async () => {
    const r = await run({ 'p.csv': prices(), 'e.csv': goodEvents }, base);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Events\n/);
    expect(r.out).toMatch(/car_brown_warner_1985/);
  });
});
