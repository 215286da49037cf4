/**
 * Load time and memory of the reference data at process start (issue 15: the master and the calendars together in
 * < 200 ms and < 100 MB). Run: npm run bench:reference. Each part loads in a fresh child process so no cache is warm.
 */
import { execFileSync } from 'node:child_process';

interface Figures {
  readonly part: string;
  readonly loadMs: number;
  readonly heapMb: number;
  readonly rssMb: number;
  readonly detail: string;
}

const PARTS: Record<string, string> = {
  master: `
    const { loadSecurityMaster } = require('@newswindow/reference');
    const before = process.memoryUsage();
    const t0 = performance.now();
    const master = loadSecurityMaster();
    const loadMs = performance.now() - t0;
    const after = process.memoryUsage();
    const listings = master.issuers.reduce((n, i) => n + i.listings.length, 0);
    console.log(JSON.stringify({ part: 'security master', loadMs, heapMb: (after.heapUsed - before.heapUsed) / 1e6,
      rssMb: (after.rss - before.rss) / 1e6, detail: master.issuers.length + ' issuers, ' + listings + ' listings' }));
  `,
  calendars: `
    const { loadCalendars } = require('@newswindow/reference');
    const before = process.memoryUsage();
    const t0 = performance.now();
    const calendars = loadCalendars();
    const loadMs = performance.now() - t0;
    let sessions = 0;
    for (const e of calendars.list()) sessions += calendars.require(e.mic).trading.sessions.length;
    const expandMs = performance.now() - t0 - loadMs;
    const after = process.memoryUsage();
    console.log(JSON.stringify({ part: 'calendars', loadMs, heapMb: (after.heapUsed - before.heapUsed) / 1e6,
      rssMb: (after.rss - before.rss) / 1e6, detail: calendars.list().length + ' exchanges; expanding all ' + sessions +
      ' sessions (lazy, per exchange on first use) took ' + expandMs.toFixed(0) + ' ms more' }));
  `,
  together: `
    const { loadCalendars, loadSecurityMaster } = require('@newswindow/reference');
    const before = process.memoryUsage();
    const t0 = performance.now();
    const master = loadSecurityMaster();
    const calendars = loadCalendars();
    for (const e of calendars.list()) calendars.require(e.mic).trading;
    const loadMs = performance.now() - t0;
    const after = process.memoryUsage();
    console.log(JSON.stringify({ part: 'master + calendars (all expanded)', loadMs,
      heapMb: (after.heapUsed - before.heapUsed) / 1e6, rssMb: (after.rss - before.rss) / 1e6,
      detail: master.issuers.length + ' issuers, ' + calendars.list().length + ' exchanges' }));
  `,
};

function run(part: string, code: string): Figures {
  const out = execFileSync(process.execPath, ['--conditions=newswindow-source', '--import', 'tsx', '-e', code], {
    cwd: __dirname,
    encoding: 'utf8',
  });
  const figures = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Figures;
  return { ...figures, part: figures.part ?? part };
}

const runs = 5;
console.log(`reference data load at process start (median of ${runs} fresh processes; shared machine)`);
console.log('| part | load ms | heap MB | rss MB | what |');
console.log('| --- | --- | --- | --- | --- |');
for (const [part, code] of Object.entries(PARTS)) {
  const samples = Array.from({ length: runs }, () => run(part, code)).sort((a, b) => a.loadMs - b.loadMs);
  const m = samples[Math.floor(runs / 2)] as Figures;
  console.log(`| ${m.part} | ${m.loadMs.toFixed(1)} | ${m.heapMb.toFixed(1)} | ${m.rssMb.toFixed(1)} | ${m.detail} |`);
}
