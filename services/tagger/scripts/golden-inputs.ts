// Inputs and canonical form of the tagger's golden-output test (src/tag-story.golden.unit.test.ts): the dev set (as
// scripts/evaluate.ts reads it), a lower-cased copy of it (exercises the lower-case name matchers) and every FNSPID
// story of the two news files, mapped to a tagStory input as the ingest consumer does.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadNewsFile } from '@newswindow/ingest';
import type { StoryInput, TaggedStory } from '../src/types';

const repoRoot = resolve(__dirname, '../../..');
export const realDataDir = resolve(repoRoot, '../shared/data/real');
export const FNSPID_FILES = ['fnspid/aa_news_2016_2024.csv', 'fnspid/aapl_news_articles_2023_2024.csv'];
export const GOLDEN_HASHES = resolve(__dirname, '../test-fixtures/golden-hashes.jsonl');
export const GOLDEN_FULL = resolve(__dirname, '../test-fixtures/golden-full.jsonl');

interface DevItem {
  id: string;
  headline?: string;
  text?: string;
  text_path?: string;
  published_at?: string;
}

export function devSetInputs(): StoryInput[] {
  const items = readFileSync(resolve(repoRoot, 'test/fixtures/tagger/devset.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as DevItem);
  const out: StoryInput[] = [];
  for (const item of items) {
    const text = item.text ?? readFileSync(resolve(repoRoot, item.text_path!), 'utf8');
    const input: StoryInput = {
      id: item.id,
      text,
      ...(item.headline === undefined ? {} : { headline: item.headline }),
      ...(item.published_at === undefined ? {} : { publishedAt: item.published_at }),
    };
    out.push(input);
    out.push({
      ...input,
      id: `${item.id}#lower`,
      text: text.toLowerCase(),
      ...(item.headline === undefined ? {} : { headline: item.headline.toLowerCase() }),
    });
  }
  return out;
}

export const fnspidAvailable = (): boolean => FNSPID_FILES.every((f) => existsSync(resolve(realDataDir, f)));

/** Every valid row of the FNSPID news files as the ingest consumer passes it to tagStory. */
export async function fnspidInputs(): Promise<StoryInput[]> {
  const out: StoryInput[] = [];
  const seen = new Map<string, number>();
  for (const f of FNSPID_FILES)
    for await (const item of loadNewsFile(resolve(realDataDir, f))) {
      if (!item.ok) continue;
      const news = item.value;
      // One id occurs twice in the files: number repeats so that ids are unique.
      const n = (seen.get(news.id) ?? 0) + 1;
      seen.set(news.id, n);
      out.push({
        id: `fnspid:${news.id}${n > 1 ? `#${n}` : ''}`,
        text: news.body ?? news.summary ?? '',
        ...(news.headline === undefined ? {} : { headline: news.headline }),
        publishedAt: news.publishedAt,
        ...(news.tickers === undefined ? {} : { tickers: news.tickers }),
      });
    }
  return out;
}

/** JSON with object keys sorted, so that the hash does not depend on property order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

export const outputHash = (t: TaggedStory): string =>
  createHash('sha256').update(canonical(t)).digest('hex').slice(0, 16);

/** Which stories keep their full output in the golden file (besides the hash): every 20th. */
export const keepFull = (index: number): boolean => index % 20 === 0;
