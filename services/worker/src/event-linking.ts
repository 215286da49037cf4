import type { ReferenceData } from '@newswindow/tagger';
import { SIMILARITY_KEY_VERSION, eventDay, listingsOf, resolveIssuer, tagStory } from '@newswindow/tagger';
import type { LinkedListing } from '@newswindow/workflows';
import type { StoredNews } from './ports';

/** ISO 10383 "no market": the exchange of a ticker the reference data does not know. */
export const UNKNOWN_EXCHANGE = 'XXXX';

/** What one story contributes to an event: its key, tags and the listings to study. */
export interface LinkedStory {
  /** The tagger's similarity key of the story's main (issuer, event type), or null when the story names no issuer. */
  readonly eventKey: string | null;
  /** Event types, strongest first; `other` when the tagger found none. */
  readonly tags: readonly string[];
  readonly listings: readonly LinkedListing[];
}

/**
 * Tags a story and picks the listings to study: the listings of the issuers it is about, plus those of the tickers
 * its source attached (a source's ticker is a strong link even when the text never names the company). Tickers the
 * reference data does not know are kept with exchange `XXXX`, so their study is recorded as skipped, not dropped.
 */
export function linkStory(news: StoredNews, ref: ReferenceData): LinkedStory {
  const text = news.body ?? news.summary ?? news.headline ?? '';
  const tagged = tagStory(
    {
      id: news.id,
      text,
      ...(news.headline === undefined || news.headline === text ? {} : { headline: news.headline }),
      publishedAt: news.publishedAt,
      ...(news.tickers === undefined ? {} : { tickers: news.tickers }),
    },
    ref,
  );
  const tags = tagged.tags.length === 0 ? ['other'] : tagged.tags.map((t) => t.type);
  const listings = new Map<string, LinkedListing>();
  const issuers: string[] = [];
  const addListing = (l: LinkedListing) => {
    if (!listings.has(l.symbol)) listings.set(l.symbol, l);
  };
  for (const l of tagged.about) {
    if (!issuers.includes(l.issuerId)) issuers.push(l.issuerId);
    addListing(toLinked(l));
  }
  for (const ticker of news.tickers ?? []) {
    const issuer = resolveIssuer(ref, ticker);
    if (issuer === undefined) {
      addListing({ symbol: ticker, exchange: UNKNOWN_EXCHANGE, currency: 'XXX', benchmark: null, timeZone: 'UTC' });
      continue;
    }
    if (!issuers.includes(issuer.id)) issuers.push(issuer.id);
    for (const l of listingsOf(issuer)) addListing(toLinked(l));
  }
  const issuerId = issuers[0];
  const tag = tags[0] ?? 'other';
  let eventKey: string | null = null;
  if (issuerId !== undefined) {
    const fromTagger = tagged.similarityKeys.find((k) => k.issuerId === issuerId && k.eventType === tag);
    const zone = resolveIssuer(ref, issuerId)?.homeTimeZone ?? 'UTC';
    eventKey = fromTagger?.key ?? `${SIMILARITY_KEY_VERSION}:${issuerId}:${tag}:${eventDay(news.publishedAt, zone)}`;
  }
  return { eventKey, tags, listings: [...listings.values()] };
}

function toLinked(l: {
  symbol: string;
  exchange: string;
  currency: string;
  benchmark: string;
  timeZone: string;
  issuerId: string;
}): LinkedListing {
  return {
    symbol: l.symbol,
    exchange: l.exchange,
    currency: l.currency,
    benchmark: l.benchmark === '' ? null : l.benchmark,
    timeZone: l.timeZone,
    issuerId: l.issuerId,
  };
}
