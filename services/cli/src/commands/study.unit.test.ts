import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

describe('newswindow study: outputs', () => {
  it('prints JSON with the four tables; skipped events are reported, not dropped', async () => {
    const events = goodEvents + 'X3,AAA,2024-01-10\n';
    const r = await run({ 'p.csv': prices(), 'e.csv': events }, [...base, '--format', 'json', '--windows', '0:1']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as Record<string, Record<string, string>[]>;
    expect(Object.keys(json)).toEqual(['abnormal_returns', 'event_summary', 'daily_tests', 'car_tests']);
    const summary = json.event_summary!;
    expect(summary.map((s) => s.status)).toEqual(['fitted', 'fitted', 'skipped']);
    expect(summary[2]!.reason).toMatch(/usable estimation returns/);
    expect(json.daily_tests!.map((d) => d.rel_day)).toEqual(['0', '1']);
  });
  it('prints a table by default', async () => {
    const r = await run({ 'p.csv': prices(), 'e.csv': goodEvents }, base);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Events\n/);
    expect(r.out).toMatch(/car_brown_warner_1985/);
  });
});
