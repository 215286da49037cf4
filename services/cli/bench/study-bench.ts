// Whole-process benchmark of `newswindow study`: the CLI is spawned on synthetic CSVs (deterministic seeds, written to a
// temp folder) and timed from outside with GNU time (wall, user + sys CPU, peak RSS), side by side with the engine
// alone (runStudy in this process on the same closes and design, no parsing or formatting).
// Run by `npm run bench:engine` after the engine benchmark; not part of `npm test`.
// Options: --sizes 1000,10000,100000  --repeats 3  --no-big (skip the ~600 MB prices file)  --keep (keep the folder).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { StudyEvent } from '@newswindow/engine';
import { alignToCalendar, calendarFromBenchmark, DEFAULT_DESIGN, runStudy } from '@newswindow/engine';
import { writeEvents, writePanel } from './study-data';

const CLI = path.resolve(__dirname, '../bin/newswindow');
const GNU_TIME = '/usr/bin/time';
const PANEL = { stocks: 500, sessions: 1000, ohlcv: false } as const;
// ≈ 620 MB: 4 000 stocks × 2 500 sessions with open/high/low/close/volume columns.
const BIG_PANEL = { stocks: 4000, sessions: 2500, ohlcv: true } as const;
// estudy2 0.10.0 on the same 500 × 1000 panel (issue 4): 1 000 events 229 s; 2 000 did not finish in 25 min.
const ESTUDY2: Record<number, string> = { 1000: '229 s', 10000: 'did not finish (2 000 > 25 min)' };

interface Run {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMb: number;
  readonly outMb: number;
  readonly ok: boolean;
  readonly note: string;
}

async function dirMb(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  let bytes = 0;
  for (const f of await readdir(dir)) bytes += (await stat(path.join(dir, f))).size;
  return bytes / 1e6;
}

/** One spawned `newswindow study …` run, measured by GNU time (`%e %U %S %M`). */
async function spawnStudy(args: readonly string[], outDir: string): Promise<Run> {
  const timeFile = `${outDir}.time`;
  const r = spawnSync(GNU_TIME, ['-f', '%e %U %S %M', '-o', timeFile, CLI, 'study', ...args, '--out', outDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const [wall, user, sys, rssKb] = (await readFile(timeFile, 'utf8')).trim().split('\n').pop()!.split(' ').map(Number);
  const outMb = await dirMb(outDir);
  await rm(outDir, { recursive: true, force: true });
  await rm(timeFile, { force: true });
  const lastErr = r.stderr.trim().split('\n').pop() ?? '';
  return {
    wall: wall!,
    cpu: user! + sys!,
    rssMb: rssKb! / 1024,
    outMb,
    ok: r.status === 0,
    note: r.status === 0 ? '' : `exit ${r.status}: ${lastErr.slice(0, 120)}`,
  };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** The engine alone on the same data and design, in this process: runStudy over closes aligned to the calendar. */
async function engineOnly(
  pricesFile: string,
  eventsFile: string,
  repeats: number,
  models: string[],
): Promise<{ wall: number; cpu: number }> {
  const text = await readFile(pricesFile, 'utf8');
  const bySymbol = new Map<string, { dates: string[]; closes: number[] }>();
  for (const line of text.split('\n').slice(1)) {
    if (line === '') continue;
    const [date, symbol, close] = line.split(',');
    let s = bySymbol.get(symbol!);
    if (s === undefined) bySymbol.set(symbol!, (s = { dates: [], closes: [] }));
    s.dates.push(date!);
    s.closes.push(Number(close));
  }
  const calendar = calendarFromBenchmark('MKT', bySymbol.get('MKT')!.dates);
  const closes = new Map([...bySymbol].map(([sym, s]) => [sym, alignToCalendar(calendar, s.dates, s.closes).values]));
  const events: StudyEvent[] = (await readFile(eventsFile, 'utf8'))
    .split('\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => {
      const [eventId, symbol, date] = l.split(',');
      return { eventId: eventId!, symbol: symbol!, time: { kind: 'date', date: date! } };
    });
  const kinds = models.map((m) =>
    m === 'market' ? 'market' : m === 'mean-adj' ? 'mean-adjusted' : ('market-adjusted' as const),
  );
  const study = (): void => {
    for (const kind of kinds) {
      runStudy({ calendar, closes, marketSymbol: 'MKT', events, design: { ...DEFAULT_DESIGN, model: { kind } } });
    }
  };
  study(); // warm-up (JIT), as the engine benchmark does
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    study();
    const c = process.cpuUsage(c0);
    wall.push((performance.now() - t0) / 1000);
    cpu.push((c.user + c.system) / 1e6);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function row(cells: readonly string[]): void {
  console.log(`| ${cells.join(' | ')} |`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      repeats: { type: 'string', default: '3' },
      'no-big': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  if (!existsSync(GNU_TIME))
    throw new Error(`${GNU_TIME} (GNU time) is needed to measure peak RSS: apt-get install time`);
  const sizes = values.sizes.split(',').map(Number);
  const repeats = Number(values.repeats);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nw-study-bench-'));
  try {
    const prices = path.join(dir, 'prices.csv');
    const dates = await writePanel(prices, PANEL);
    for (const n of sizes) await writeEvents(path.join(dir, `events_${n}.csv`), n, dates, PANEL.stocks);
    console.log(
      `newswindow study, whole processes: ${PANEL.stocks} stocks × ${PANEL.sessions} sessions (prices ${(statSync(prices).size / 1e6).toFixed(1)} MB), ` +
        `market model unless said, estimation [-250,-11], windows -1:1,0:0,0:5, every output file written (--out)`,
    );
    console.log(
      `node ${process.version}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' ',
        )} on ${os.cpus().length} cores; median of ${repeats} runs (1 run at 100 000 events and for the big file); ` +
        `engine only = runStudy in-process on the same closes and design (no CSV parsing or formatting)`,
    );
    const entry = spawnSync(CLI, ['--version'], {
      encoding: 'utf8',
      env: { ...process.env, NEWSWINDOW_SAY_ENTRY: '1' },
    });
    console.log(`CLI started from: ${entry.stderr.trim().replace(/^newswindow: /, '')} (npm run build to use dist/)`);
    row([
      'run',
      'engine only: wall s (CPU s)',
      'whole process: wall s',
      'CPU s (user+sys)',
      'peak RSS MB',
      'output MB',
      'estudy2',
    ]);
    row(['---', '---:', '---:', '---:', '---:', '---:', '---']);
    const cases: { label: string; n: number; models: string[] }[] = sizes.map((n) => ({
      label: `${n.toLocaleString('en-US')} events`,
      n,
      models: ['market'],
    }));
    if (sizes.includes(10_000)) {
      cases.push({ label: '10,000 events, --model all', n: 10_000, models: ['market', 'mean-adj', 'market-adj'] });
    }
    for (const c of cases) {
      const events = path.join(dir, `events_${c.n}.csv`);
      const reps = c.n >= 100_000 ? 1 : repeats;
      const engine = await engineOnly(prices, events, reps, c.models);
      const runs: Run[] = [];
      const args = ['--prices', prices, '--events', events, '--market', 'MKT', '--model', c.models.join(',')];
      for (let k = 0; k < reps; k++) runs.push(await spawnStudy(args, path.join(dir, 'out')));
      const failed = runs.find((r) => !r.ok);
      row([
        c.label,
        `${engine.wall.toFixed(2)} (${engine.cpu.toFixed(2)})`,
        failed ? failed.note : median(runs.map((r) => r.wall)).toFixed(2),
        median(runs.map((r) => r.cpu)).toFixed(2),
        median(runs.map((r) => r.rssMb)).toFixed(0),
        median(runs.map((r) => r.outMb)).toFixed(0),
        ESTUDY2[c.n] ?? '',
      ]);
    }
    if (!values['no-big']) {
      const big = path.join(dir, 'prices_big.csv');
      const bigDates = await writePanel(big, BIG_PANEL, 43);
      const events = path.join(dir, 'events_big.csv');
      await writeEvents(events, 1000, bigDates, BIG_PANEL.stocks);
      const bigMb = statSync(big).size / 1e6;
      const r = await spawnStudy(['--prices', big, '--events', events, '--market', 'MKT'], path.join(dir, 'out'));
      await rm(big, { force: true });
      row([
        `${bigMb.toFixed(0)} MB prices file (${BIG_PANEL.stocks} stocks × ${BIG_PANEL.sessions} sessions, OHLCV), 1,000 events`,
        '',
        r.ok ? r.wall.toFixed(2) : r.note,
        r.cpu.toFixed(2),
        r.rssMb.toFixed(0),
        r.outMb.toFixed(0),
        '',
      ]);
    }
  } finally {
    if (values.keep) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

void main();
