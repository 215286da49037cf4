import { createHash } from 'node:crypto';
import type { LinkedListingRef, NewsTaggedData } from '@newswindow/schemas';
import type { SeenStory, LinkedStory } from '@newswindow/tagger';
import { SIMILARITY_KEY_VERSION, eventFamily, noveltyScore, toNewsTagged, UNKNOWN_EXCHANGE } from '@newswindow/tagger';
import type { KeyedWindow, StoredNews } from '@newswindow/store';

/** A story and its linking, as the tag-and-link activity has them. */
export interface LinkedNews {
  readonly news: StoredNews;
  readonly linked: LinkedStory;
}

/** A `NewsTagged` payload with the key that makes its append idempotent. */
export interface NewsTaggedAppend {
  readonly data: NewsTaggedData;
  readonly idempotencyKey: string;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A hash of the content the tags were computed from, so a correction (same id, new content) is tagged again. */
export function contentHash(news: StoredNews): string {
  const content = [
    news.headline ?? null,
    news.body ?? null,
    news.summary ?? null,
    news.publishedAt,
    news.tickers ?? [],
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}

/** `news-tagged:<newsId>:<revision>:<content hash>`: one `NewsTagged` per story revision, whoever computes it. */
export const newsTaggedKey = (news: StoredNews): string =>
  `news-tagged:${news.id}:${news.revision ?? 0}:${contentHash(news)}`;

/** True for a key of the tagger's format (`nw1:<issuer>:<type>:<day>`), the only ones novelty is scored on. */
const isEventKey = (key: string): boolean => key.startsWith(`${SIMILARITY_KEY_VERSION}:`);

/**
 * Where the stories' priors can be: per story keyed under an event, the stories of its event family published in the
 * `windowHours` before it. One window per story (not one span over the batch): a backfill batch spans years. Keys carry
 * the day in the issuer's zone: every day from the day before the window to the day after it (UTC) covers them, and
 * exact keys let the store use its similarity-key index.
 */
export function priorWindows(items: readonly LinkedNews[], windowHours = 24): KeyedWindow[] {
  const out = new Map<string, KeyedWindow>();
  for (const { news, linked } of items) {
    if (linked.eventKey === null) continue;
    const t = Date.parse(news.publishedAt);
    const family = eventFamily(linked.eventKey);
    const from = new Date(t - windowHours * HOUR).toISOString();
    const to = new Date(t).toISOString();
    const keys: string[] = [];
    for (let d = Date.parse(from) - DAY; d <= t + DAY; d += DAY)
      keys.push(`${family}:${new Date(d).toISOString().slice(0, 10)}`);
    out.set(`${family}|${to}`, { keys, from, to });
  }
  return [...out.values()];
}

/**
 * The `NewsTagged` payloads of the stories, in publication order. Each story is keyed under its first event (the key
 * its workflow id derives from) and scored for novelty against the stories already tagged on that event in the 24 h
 * before it (`stored`) and the earlier ones of `items`. The issuers of the story's events (the source's tickers come
 * first) are linked as `about` even when the text only mentions them, so the listings a study is filed under are the
 * story's `about` listings.
 */
export function newsTaggedAppends(
  items: readonly LinkedNews[],
  stored: readonly SeenStory[],
  taggedAt: string,
): NewsTaggedAppend[] {
  const ordered = [...items].sort(
    (a, b) => Date.parse(a.news.publishedAt) - Date.parse(b.news.publishedAt) || a.news.id.localeCompare(b.news.id),
  );
  const batchIds = new Set(items.map((i) => i.news.id));
  const seen: SeenStory[] = stored.filter((s) => s.storyId === undefined || !batchIds.has(s.storyId));
  const out: NewsTaggedAppend[] = [];
  for (const { news, linked } of ordered) {
    const base = toNewsTagged(linked.tagged, {
      newsId: news.id,
      taggedAt,
      ...(linked.eventKey === null ? {} : { similarityKey: linked.eventKey }),
    });
    const key = base.similarityKey;
    const novelty = isEventKey(key)
      ? noveltyScore({ storyId: news.id, key, publishedAt: news.publishedAt }, seen).novelty
      : 100;
    if (isEventKey(key)) seen.push({ storyId: news.id, key, publishedAt: news.publishedAt });
    out.push({ data: { ...base, novelty, ...subjectsOf(base, linked) }, idempotencyKey: newsTaggedKey(news) });
  }
  return out;
}

function subjectsOf(data: NewsTaggedData, linked: LinkedStory): Pick<NewsTaggedData, 'about' | 'mentioned'> {
  const id = (l: { symbol: string; exchange: string }) => `${l.exchange}:${l.symbol}`;
  const about = [...data.about];
  const have = new Set(about.map(id));
  for (const event of linked.events)
    for (const l of event.listings) {
      if (l.exchange === UNKNOWN_EXCHANGE || have.has(id(l))) continue;
      const relevance = linked.tagged.relevance.find((r) => r.issuerId === event.issuerId)?.relevance ?? 100;
      const ref: LinkedListingRef = { symbol: l.symbol, exchange: l.exchange, issuerId: event.issuerId, relevance };
      about.push(ref);
      have.add(id(l));
    }
  return { about, mentioned: data.mentioned.filter((l) => !have.has(id(l))) };
}
