import { isoInstant, isoInstantOrDate } from './dates';
import type { Event } from './event';
import { exchange, language, probability, score100, symbol, tagName } from './fields';
import { MessageLimits as L } from './limits';
import { arrayOf, num, object, oneOf, optional, refine, str, type Validator } from './validation';

/** Content fields of a story, shared by {@link NewsPublished} and {@link NewsCorrected}. */
export interface NewsContent {
  /** The source's own id of the story; a later message with the same id is a correction, never an overwrite. */
  readonly id: string;
  /** Feed or publisher (`fnspid`, `reuters`, `alibaba-ir`). */
  readonly source: string;
  readonly url?: string;
  readonly headline?: string;
  readonly body?: string;
  readonly summary?: string;
  /** When the story became public: ISO-8601 with offset, or `YYYY-MM-DD` when only the day is known. */
  readonly publishedAt: string;
  /** Language tag (`en`). */
  readonly language: string;
  /** Tickers the source attached to the story, as given (not the tagger's linking). */
  readonly tickers?: readonly string[];
}

/** Payload of {@link NewsPublished} (schema version 2). */
export interface NewsPublishedData extends NewsContent {
  /** When our system received the message (ISO-8601 with offset), if the producer knows it. */
  readonly receivedAt?: string;
}

/** Payload of {@link NewsCorrected}: the full corrected content. */
export interface NewsCorrectedData extends NewsContent {
  readonly correctedAt?: string;
  readonly reason?: string;
}

/** Payload of {@link NewsRetracted}. */
export interface NewsRetractedData {
  readonly id: string;
  readonly source: string;
  readonly retractedAt?: string;
  readonly reason?: string;
}

/** One auditable reason for a tag: the matched phrase and, when known, where it is. */
export interface TagEvidence {
  readonly phrase: string;
  readonly field?: 'headline' | 'text';
  readonly start?: number;
  readonly end?: number;
  /** Name of the rule that matched. */
  readonly rule?: string;
}

/** An event-type tag with confidence 0–1 and its evidence. */
export interface NewsTag {
  readonly type: string;
  readonly confidence: number;
  readonly evidence: readonly TagEvidence[];
}

/** A listing the story is linked to, with the issuer's relevance 0–100 (100: the subject; ≤ 20: passing mention). */
export interface LinkedListingRef {
  readonly symbol: string;
  readonly exchange: string;
  readonly issuerId?: string;
  readonly relevance: number;
}

/** Payload of {@link NewsTagged}: the tagger's output for one story. */
export interface NewsTaggedData {
  readonly newsId: string;
  readonly taggerVersion: string;
  readonly tags: readonly NewsTag[];
  /** Listings of the issuers the story is about. */
  readonly about: readonly LinkedListingRef[];
  /** Listings of issuers merely mentioned. */
  readonly mentioned: readonly LinkedListingRef[];
  /** 0–100: 100 for the first story on an event within 24 h, lower for repeats. */
  readonly novelty: number;
  /** Same for every story on the same event (issuer, event type, day); the workflow id derives from it. */
  readonly similarityKey: string;
  readonly taggedAt?: string;
}

/** A story as first received from a source. */
export type NewsPublished = Event<'NewsPublished', NewsPublishedData>;
/** A later version of a story already published (same `id`, different content). */
export type NewsCorrected = Event<'NewsCorrected', NewsCorrectedData>;
/** The source withdrew the story. */
export type NewsRetracted = Event<'NewsRetracted', NewsRetractedData>;
/** The tagger tagged and linked a story. */
export type NewsTagged = Event<'NewsTagged', NewsTaggedData>;
/** Events of a news stream (`news-<id>`). */
export type NewsEvent = NewsPublished | NewsCorrected | NewsRetracted | NewsTagged;

const hasText = (c: NewsContent) => {
  const issues: { at?: string; message: string }[] = [];
  if (![c.headline, c.body, c.summary].some((t) => t !== undefined && t.trim() !== ''))
    issues.push({ message: 'needs at least one of headline, body or summary' });
  if (c.publishedAt < L.earliestDate)
    issues.push({ at: 'publishedAt', message: `must be on or after ${L.earliestDate}, got ${c.publishedAt}` });
  return issues;
};

const newsId = () => str({ maxLength: L.newsId, singleLine: true });
const newsSource = () => str({ maxLength: L.newsSource, singleLine: true });

const contentFields = {
  id: newsId(),
  source: newsSource(),
  url: optional(str({ maxLength: L.url, singleLine: true })),
  headline: optional(str({ minLength: 0, maxLength: L.headline })),
  body: optional(str({ minLength: 0, maxLength: L.body })),
  summary: optional(str({ minLength: 0, maxLength: L.summary })),
  publishedAt: isoInstantOrDate(),
  language: language(),
  tickers: optional(arrayOf(symbol(), { maxLength: L.tickers })),
};

/** Validates a {@link NewsPublishedData}. */
export const validateNewsPublished: Validator<NewsPublishedData> = refine(
  object<NewsPublishedData>({ ...contentFields, receivedAt: optional(isoInstant()) }),
  hasText,
);

/** Validates a {@link NewsCorrectedData}. */
export const validateNewsCorrected: Validator<NewsCorrectedData> = refine(
  object<NewsCorrectedData>({
    ...contentFields,
    correctedAt: optional(isoInstant()),
    reason: optional(str({ maxLength: L.reason })),
  }),
  hasText,
);

/** Validates a {@link NewsRetractedData}. */
export const validateNewsRetracted: Validator<NewsRetractedData> = object<NewsRetractedData>({
  id: newsId(),
  source: newsSource(),
  retractedAt: optional(isoInstant()),
  reason: optional(str({ maxLength: L.reason })),
});

const linkedListing = object<LinkedListingRef>({
  symbol: symbol(),
  exchange: exchange(),
  issuerId: optional(str()),
  relevance: score100(),
});

/** Validates a {@link NewsTaggedData}. */
export const validateNewsTagged: Validator<NewsTaggedData> = object<NewsTaggedData>({
  newsId: newsId(),
  taggerVersion: str(),
  tags: arrayOf(
    object<NewsTag>({
      type: tagName(),
      confidence: probability(),
      evidence: arrayOf(
        object<TagEvidence>({
          phrase: str(),
          field: optional(oneOf('headline', 'text')),
          start: optional(num({ integer: true, min: 0 })),
          end: optional(num({ integer: true, min: 0 })),
          rule: optional(str()),
        }),
      ),
    }),
  ),
  about: arrayOf(linkedListing),
  mentioned: arrayOf(linkedListing),
  novelty: score100(),
  similarityKey: str({ maxLength: 512 }),
  taggedAt: optional(isoInstant()),
});
