import type { LinkedListing } from '@newswindow/schemas';
import { listingsOf, resolveIssuer } from './linking';
import { eventDay, SIMILARITY_KEY_VERSION } from './similarity-key';
import { decideStudies } from './study-policy';
import type { StudyPolicy } from './study-policy';
import { tagStory } from './tag-story';
import type { ReferenceData, TaggedStory } from './types';

/** A stored news item as linking reads it (the worker's stored news fits it). */
export interface StoryToLink {
  readonly id: string;
  readonly headline?: string;
  readonly body?: string;
  readonly summary?: string;
  /** ISO-8601 with offset, or `YYYY-MM-DD`. */
  readonly publishedAt: string;
  readonly tickers?: readonly string[];
}

/**
 * What linking needs of a security master, owned here so the tagger stays free of the reference package: the worker
 * adapts `@newswindow/reference`'s master to it (time zones of exchange calendars, benchmarks per listing and period).
 */
export interface ListingDirectory {
  /** The id of the issuer whose listing carried `symbol` on `day` (FB was Meta's until 2022-06-08), or undefined. */
  issuerIdOfSymbol(symbol: string, day: string): string | undefined;
  /** True when the directory knows the issuer (its listings then come from here, not from the reference data). */
  knowsIssuer(issuerId: string): boolean;
  /** The issuer's listings valid on `day`, ready to study (benchmark of that period, exchange time zone). */
  listingsOn(issuerId: string, day: string): readonly LinkedListing[];
}

/** ISO 10383 "no market": the exchange of a ticker the reference data does not know. */
export const UNKNOWN_EXCHANGE = 'XXXX';

/** One event a story belongs to: a subject issuer with the story's main event type, and that issuer's listings. */
export interface LinkedStoryEvent {
  /** `nw1:<issuerId>:<eventType>:<day>`, the day in the issuer's home time zone (the tagger's similarity key). */
  readonly eventKey: string;
  readonly issuerId: string;
  readonly listings: readonly LinkedListing[];
}

/** What one story contributes to events: one event per subject issuer, its tags and every listing to study. */
export interface LinkedStory {
  /** The key of the story's first event, or null when the story has no known subject issuer. */
  readonly eventKey: string | null;
  /** Event types, strongest first; `other` when the tagger found none. */
  readonly tags: readonly string[];
  /** The listings of all events (each listing once). */
  readonly listings: readonly LinkedListing[];
  /** One per subject issuer, first the issuers of the source's tickers, then the tagger's subjects by relevance. */
  readonly events: readonly LinkedStoryEvent[];
  /** The tagger's full output for the story (tags with evidence, about / mentioned, relevance, similarity keys). */
  readonly tagged: TaggedStory;
  /** Why the story starts no study under the study policy (`events` is then empty); null when it starts some. */
  readonly noStudy: 'no-event-tag' | 'no-subject-issuer' | null;
}

/**
 * Linking data: the security master's issuers with the dates of their names and listings (the tagger links a name or
 * symbol only on the days it was the issuer's), or any undated set.
 */
export type LinkingReference = ReferenceData;

/**
 * Tags a story and splits it into events: one per subject issuer and the story's main event type, each studying only
 * that issuer's listings. Which stories start studies is the study policy's ({@link decideStudies}): by default a story
 * with at least one event tag, for each issuer it is about with relevance >= `policy.minRelevance` (50); round-ups,
 * ETF, options and screen pieces, whose companies are mentions, and untagged stories start none (`noStudy` says why).
 * `policy.allStories` keeps the behaviour before the policy: every story, tagged or not (`other`), for the issuers of
 * the tickers the source attached and every issuer the tagger finds the story `about`. Tickers the reference data does
 * not know are studied with exchange `XXXX` under the first event, so their study is recorded as skipped, not dropped.
 *
 * The tagger links names and symbols valid on the publication date ("Alcoa" in 2015 is Alcoa Inc., today Howmet),
 * and each subject's listings are the security master's listings valid that day.
 *
 * Why the source's tickers come first: the tagger scores relevance from the text only, so a line such as Alibaba's
 * "CEO Eddie Wu: AI spending …; Nvidia physical-AI partnership" (filed under BABA/9988.HK) makes Nvidia its subject
 * and Alibaba a passing mention. Keying by the tagger's top issuer filed that Alibaba event under Nvidia.
 */
export function linkStory(
  news: StoryToLink,
  reference: LinkingReference,
  master?: ListingDirectory,
  policy: StudyPolicy = {},
): LinkedStory {
  const day = publicationDay(news.publishedAt);
  const ref = reference;
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
  const tag = tags[0] ?? 'other';

  const fromSource: string[] = [];
  const unknown: LinkedListing[] = [];
  for (const ticker of news.tickers ?? []) {
    // The master knows which issuer held a ticker on the publication day (FB was Meta's until 2022-06-08, AA Alcoa
    // Inc.'s until 2016-10-31); the tagger's data is the fallback.
    const issuerId = master?.issuerIdOfSymbol(ticker, day) ?? resolveIssuer(ref, ticker, day)?.id;
    if (issuerId === undefined) {
      if (!unknown.some((l) => l.symbol === ticker))
        unknown.push({ symbol: ticker, exchange: UNKNOWN_EXCHANGE, currency: 'XXX', benchmark: null, timeZone: 'UTC' });
    } else if (!fromSource.includes(issuerId)) fromSource.push(issuerId);
  }
  let subjects: string[];
  if (policy.allStories === true) {
    subjects = [...fromSource];
    for (const r of tagged.relevance) if (r.about && !subjects.includes(r.issuerId)) subjects.push(r.issuerId);
  } else {
    const decision = decideStudies(tagged, policy);
    if (!decision.start && decision.reason === 'no-event-tag')
      return { eventKey: null, tags, listings: [], events: [], tagged, noStudy: decision.reason };
    const chosen = decision.start ? decision.issuers.map((r) => r.issuerId) : [];
    // A source ticker only the master knows (the tagger's data has no such issuer, so rated nothing) is a filing whose
    // text never names the issuer: the policy studies it, as it does the tagger's unnamed filings, unless a round-up.
    if (!tagged.roundUp)
      for (const id of fromSource) if (!tagged.relevance.some((r) => r.issuerId === id)) chosen.push(id);
    if (chosen.length === 0)
      return { eventKey: null, tags, listings: [], events: [], tagged, noStudy: 'no-subject-issuer' };
    subjects = [...fromSource.filter((id) => chosen.includes(id)), ...chosen.filter((id) => !fromSource.includes(id))];
  }

  const seen = new Set<string>();
  const events: LinkedStoryEvent[] = [];
  for (const issuerId of subjects) {
    const resolved = resolveSubject(issuerId, day, ref, master);
    if (resolved === undefined) continue;
    const listings = resolved.listings.filter((l) => !seen.has(l.symbol));
    if (events.length === 0) listings.push(...unknown.filter((l) => !seen.has(l.symbol)));
    for (const l of listings) seen.add(l.symbol);
    if (listings.length === 0) continue;
    const fromTagger = tagged.similarityKeys.find((k) => k.issuerId === issuerId && k.eventType === tag);
    const eventKey =
      fromTagger?.key ??
      `${SIMILARITY_KEY_VERSION}:${issuerId}:${tag}:${eventDay(news.publishedAt, resolved.homeTimeZone)}`;
    events.push({ eventKey, issuerId, listings });
  }
  const listings = events.length === 0 ? unknown : events.flatMap((e) => e.listings);
  return {
    eventKey: events[0]?.eventKey ?? null,
    tags,
    listings,
    events,
    tagged,
    noStudy: events.length === 0 ? 'no-subject-issuer' : null,
  };
}

/** The calendar day (UTC) of a publication instant or date: the day a story's links are looked up on. */
export function publicationDay(publishedAt: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(publishedAt)) return publishedAt;
  const ms = Date.parse(publishedAt);
  return Number.isNaN(ms) ? publishedAt.slice(0, 10) : new Date(ms).toISOString().slice(0, 10);
}

/**
 * An issuer's listings to study on `day`, with the benchmark of each listing and period: from the security master when
 * it knows the issuer (dated listings), else from the tagger's reference data.
 */
function resolveSubject(
  issuerId: string,
  day: string,
  ref: ReferenceData,
  master: ListingDirectory | undefined,
): { readonly listings: LinkedListing[]; readonly homeTimeZone: string } | undefined {
  const tagged = resolveIssuer(ref, issuerId);
  if (master?.knowsIssuer(issuerId) === true) {
    const listings = [...master.listingsOn(issuerId, day)];
    return { listings, homeTimeZone: tagged?.homeTimeZone ?? listings[0]?.timeZone ?? 'UTC' };
  }
  return tagged === undefined
    ? undefined
    : { listings: listingsOf(tagged).map(toLinked), homeTimeZone: tagged.homeTimeZone };
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
