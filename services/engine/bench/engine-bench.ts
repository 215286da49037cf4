// Benchmark: synthetic 500 stocks × 1000 sessions, market model, window [−1, +1], fit + every test.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { EventInput, ReturnSeries, StudyDesign } from '@newswindow/engine';
import { computeReturns, crossSection, DEFAULT_DESIGN, fitEvents } from '@newswindow/engine';

const STOCKS = 500;
const SESSIONS = 1000;
const SIZES = [100, 1000, 10_000];
const REPEATS = 5;
// estudy2 0.10.0 on a 2-core machine, same panel and design (issue 4 / oracle README).
const ESTUDY2: Record<number, string> = { 100: '5.1 s', 1000: '229 s', 10000: 'did not finish (2000 events > 25 min)' };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function panel(): { stocks: Float64Array[]; market: Float64Array } {
  const rand = mulberry32(42);
  const market = new Float64Array(SESSIONS);
  const m = new Float64Array(SESSIONS);
  let level = 1000;
  for (let t = 0; t < SESSIONS; t++) {
    m[t] = 0.0003 + 0.01 * gaussian(rand);
    level *= Math.exp(m[t]!);
    market[t] = level;
  }
  const stocks: Float64Array[] = [];
  for (let s = 0; s < STOCKS; s++) {
    const beta = 0.5 + rand();
    const sigma = 0.01 + 0.02 * rand();
    const closes = new Float64Array(SESSIONS);
    let p = 20 + 100 * rand();
    for (let t = 0; t < SESSIONS; t++) {
      p *= Math.exp(0.0002 + beta * m[t]! + sigma * gaussian(rand));
      closes[t] = p;
    }
    stocks.push(closes);
  }
  return { stocks, market };
}

const design: StudyDesign = { ...DEFAULT_DESIGN, model: { kind: 'market' }, windows: [{ start: -1, end: 1 }] };

interface Timing {
  readonly returns: number;
  readonly fit: number;
  readonly tests: number;
  readonly days: number;
}

function run(events: number, data: { stocks: Float64Array[]; market: Float64Array }): Timing {
  const rand = mulberry32(7 + events);
  const t0 = performance.now();
  const stockReturns: ReturnSeries[] = data.stocks.map((c) => computeReturns(c, 'log'));
  const market = computeReturns(data.market, 'log').values;
  const t1 = performance.now();
  const inputs: EventInput[] = [];
  for (let i = 0; i < events; i++) {
    const s = Math.floor(rand() * STOCKS);
    inputs.push({
      eventId: `E${i}`,
      stock: stockReturns[s]!,
      market,
      day0: 260 + Math.floor(rand() * (SESSIONS - 270)),
    });
  }
  const batch = fitEvents(inputs, design);
  const t2 = performance.now();
  const result = crossSection(batch);
  const t3 = performance.now();
  return { returns: t1 - t0, fit: t2 - t1, tests: t3 - t2, days: result[0]!.daily.length };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function report(events: number, runs: Timing[]): void {
  const r = median(runs.map((t) => t.returns));
  const f = median(runs.map((t) => t.fit));
  const x = median(runs.map((t) => t.tests));
  const total = median(runs.map((t) => t.returns + t.fit + t.tests));
  const fmt = (ms: number): string => (ms / 1000).toFixed(4).padStart(7);
  const rate = (ms: number): string =>
    Math.round(events / (ms / 1000))
      .toLocaleString('en-US')
      .padStart(9);
  console.log(
    `| ${String(events).padStart(6)} | ${fmt(r)} | ${fmt(f)} | ${rate(f)} | ${fmt(x)} | ${rate(x)} | ${fmt(total)} | ${rate(total)} | ${ESTUDY2[events]} |`,
  );
}

function main(): void {
  const data = panel();
  console.log(
    `newswindow engine benchmark: ${STOCKS} stocks × ${SESSIONS} sessions, market model, window [-1,+1], estimation [-250,-11], fit + all daily and CAR tests`,
  );
  console.log(
    `node ${process.version}; one process; phases: returns (all ${STOCKS} stocks), fit (per event), tests (cross-section)`,
  );
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores; median of ${REPEATS} runs per size`,
  );
  console.log(
    '| events | returns s | fit s | fit ev/s | tests s | tests ev/s | total s | total ev/s | estudy2 total |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  run(1000, data); // warm-up (JIT)
  for (const n of SIZES) {
    const runs: Timing[] = [];
    for (let k = 0; k < REPEATS; k++) runs.push(run(n, data));
    report(n, runs);
  }
}

main();
