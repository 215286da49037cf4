// Tagger CPU benchmark: tags every story of the FNSPID news files (loaded with @newswindow/ingest's loaders, mapped to
// a tagStory input exactly as the ingest consumer does) and prints stories/s, µs/story (median of several runs) and
// how many outputs fail validateNewsTagged once mapped to a NewsTagged payload (as bench:ingest does); then the same
// for linking alone (findMentions over headline and text: issue 15's linking figure).
// Usage: npm run bench:tagger [-- --runs 7] [-- --errors] [-- --bundled]  (default: the full security master)
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { NewsPublishedData } from '@newswindow/schemas';
import { validateNewsTagged } from '@newswindow/schemas';
import { loadNewsFile } from '@newswindow/ingest';
import type { ReferenceData, StoryInput } from '@newswindow/tagger';
import { masterReferenceData } from '../scripts/master-data';
import { defaultReferenceData, defaultTagModel, findMentions, tagStory, toNewsTagged } from '@newswindow/tagger';

const realDir = resolve(__dirname, '../../../../shared/data/real');
const FILES = ['fnspid/aa_news_2016_2024.csv', 'fnspid/aapl_news_articles_2023_2024.csv'];

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
const showErrors = args.includes('--errors');
// The security master as the CLI links with it by default (scripts/master-data.ts).
const reference: ReferenceData = args.includes('--bundled') ? defaultReferenceData : masterReferenceData();

/** The tagStory input of a NewsPublished payload, as the ingest consumer builds it. */
const toInput = (news: NewsPublishedData): StoryInput => ({
  id: news.id,
  text: news.body ?? news.summary ?? '',
  ...(news.headline === undefined ? {} : { headline: news.headline }),
  publishedAt: news.publishedAt,
  ...(news.tickers === undefined ? {} : { tickers: news.tickers }),
});

async function load(): Promise<StoryInput[]> {
  const out: StoryInput[] = [];
  for (const f of FILES)
    for await (const item of loadNewsFile(resolve(realDir, f))) if (item.ok) out.push(toInput(item.value));
  return out;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main(): Promise<void> {
  const stories = await load();
  const chars = stories.reduce((n, s) => n + s.text.length + (s.headline?.length ?? 0), 0);
  // Validation of the mapped payloads (one pass, also warms the JIT and the matcher caches).
  let invalid = 0;
  const reasons = new Map<string, number>();
  for (const s of stories) {
    const r = validateNewsTagged(toNewsTagged(tagStory(s, reference)));
    if (r.ok) continue;
    invalid++;
    for (const e of r.errors) {
      const key = `${e.path.replace(/\[\d+\]/g, '[]')}: ${e.message.replace(/got .*/, 'got …')}`;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
      if (showErrors) process.stderr.write(`${s.id}: ${e.path}: ${e.message}\n`);
    }
  }
  const tagAll = (): void => {
    for (const s of stories) tagStory(s, reference);
  };
  // Linking alone: every issuer name and ticker of the headline and the text, as tagStory finds them.
  const linkAll = (): void => {
    for (const s of stories) {
      if (s.headline !== undefined) findMentions(s.headline, 'headline', reference);
      findMentions(s.text, 'text', reference);
    }
  };
  linkAll();
  const tag = measure(tagAll);
  const link = measure(linkAll);
  const line = (what: string, m: Measured): string =>
    `  ${what}: median ${m.wallMs.toFixed(0)} ms wall (runs: ${m.runs.map((t) => t.toFixed(0)).join(', ')}), ` +
    `${m.cpuMs.toFixed(0)} ms CPU\n` +
    `    ${Math.round(stories.length / (m.wallMs / 1000))} stories/s wall clock, ` +
    `${Math.round(stories.length / (m.cpuMs / 1000))} stories/s per CPU second (one core; ` +
    `${((m.cpuMs * 1000) / stories.length).toFixed(1)} µs CPU/story)\n`;
  process.stdout.write(
    `tagger benchmark (${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, node ${process.version}, load average ` +
      `${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}):\n` +
      `  reference data: ${reference.issuers.length} issuers (${args.includes('--bundled') ? 'bundled' : 'security master + bundled'}), model ${defaultTagModel.version}\n` +
      `  ${stories.length} FNSPID stories (${(chars / 1e6).toFixed(1)} M chars), ${RUNS} runs\n` +
      line('tagStory (rules, model, linking, relevance)', tag) +
      line('linking alone (findMentions on headline and text)', link) +
      `  validateNewsTagged failures: ${invalid} of ${stories.length}\n` +
      [...reasons].map(([k, n]) => `    ${n} × ${k}\n`).join(''),
  );
}

interface Measured {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly runs: readonly number[];
}

/**
 * Median wall-clock and median CPU time (user + system of this single-threaded process) of RUNS passes. On the shared
 * machine other jobs steal the core, so CPU time is the steadier one-core figure; both are printed.
 */
function measure(pass: () => void): Measured {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    pass();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu), runs: wall };
}

main().catch((err: unknown) => {
  process.stderr.write(`tagger-bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
