import { Type, type Static } from '@sinclair/typebox';
import type { Event } from './event';
import { ExchangeSchema, LanguageSchema, SymbolSchema, TagNameSchema } from './fields';
import { MessageLimits as L } from './limits';
import { assertSameShape, checked, IsoInstant, IsoInstantOrDate, Text } from './typebox';
import type { Validator } from './validation';

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

const NewsIdSchema = Text({
  maxLength: L.newsId,
  singleLine: true,
  description: "the source's id of the story; a later message with the same id is a correction",
});
const NewsSourceSchema = Text({ maxLength: L.newsSource, singleLine: true, description: 'feed or publisher' });
const ReasonSchema = Type.Optional(Text({ maxLength: L.reason }));
const NEWS_DATES = 'from 1970-01-01 to 1 year after now';

const contentProperties = {
  id: NewsIdSchema,
  source: NewsSourceSchema,
  url: Type.Optional(Text({ maxLength: L.url, singleLine: true })),
  headline: Type.Optional(Text({ maxLength: L.headline, notBlank: false })),
  body: Type.Optional(Text({ maxLength: L.body, notBlank: false })),
  summary: Type.Optional(Text({ maxLength: L.summary, notBlank: false })),
  publishedAt: IsoInstantOrDate(`when the story became public: ISO-8601 with offset, or YYYY-MM-DD; ${NEWS_DATES}`),
  language: LanguageSchema,
  tickers: Type.Optional(
    Type.Array(SymbolSchema, { maxItems: L.tickers, description: "the source's tickers, as given (not the tagger's)" }),
  ),
};
const ONE_TEXT = 'At least one of headline, body or summary is not blank.';

/** The payload of a `NewsPublished` (v2) as a JSON Schema. */
export const NewsPublishedDataSchema = Type.Object(
  { ...contentProperties, receivedAt: Type.Optional(IsoInstant(`when our system received it; ${NEWS_DATES}`)) },
  { description: `A story as first received from a source. ${ONE_TEXT}` },
);

/** The payload of a `NewsCorrected` as a JSON Schema. */
export const NewsCorrectedDataSchema = Type.Object(
  { ...contentProperties, correctedAt: Type.Optional(IsoInstant(NEWS_DATES)), reason: ReasonSchema },
  { description: `The full corrected content of a story already published (same id). ${ONE_TEXT}` },
);

/** The payload of a `NewsRetracted` as a JSON Schema. */
export const NewsRetractedDataSchema = Type.Object(
  {
    id: NewsIdSchema,
    source: NewsSourceSchema,
    retractedAt: Type.Optional(IsoInstant(NEWS_DATES)),
    reason: ReasonSchema,
  },
  { description: 'The source withdrew the story.' },
);

/** Validates a {@link NewsPublishedData}. */
export const validateNewsPublished: Validator<NewsPublishedData> = checked(NewsPublishedDataSchema, hasText);

/** Validates a {@link NewsCorrectedData}. */
export const validateNewsCorrected: Validator<NewsCorrectedData> = checked(NewsCorrectedDataSchema, hasText);

/** Validates a {@link NewsRetractedData}. */
export const validateNewsRetracted: Validator<NewsRetractedData> = checked(NewsRetractedDataSchema);

// The interfaces above document the payloads; the compiler keeps them and the schemas the same shape.
assertSameShape<NewsPublishedData, Static<typeof NewsPublishedDataSchema>>(true);
assertSameShape<NewsCorrectedData, Static<typeof NewsCorrectedDataSchema>>(true);
assertSameShape<NewsRetractedData, Static<typeof NewsRetractedDataSchema>>(true);

const LinkedListingRefSchema = Type.Object({
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  issuerId: Type.Optional(Text()),
  relevance: Type.Number({ minimum: 0, maximum: 100 }),
});

/** The payload of a `NewsTagged` as a JSON Schema. */
export const NewsTaggedDataSchema = Type.Object({
  newsId: NewsIdSchema,
  taggerVersion: Text(),
  tags: Type.Array(
    Type.Object({
      type: TagNameSchema,
      confidence: Type.Number({ minimum: 0, maximum: 1 }),
      evidence: Type.Array(
        Type.Object({
          phrase: Text(),
          field: Type.Optional(Type.Union([Type.Literal('headline'), Type.Literal('text')])),
          start: Type.Optional(Type.Integer({ minimum: 0 })),
          end: Type.Optional(Type.Integer({ minimum: 0 })),
          rule: Type.Optional(Text()),
        }),
      ),
    }),
  ),
  about: Type.Array(LinkedListingRefSchema),
  mentioned: Type.Array(LinkedListingRefSchema),
  novelty: Type.Number({ minimum: 0, maximum: 100 }),
  similarityKey: Text({ maxLength: 512 }),
  taggedAt: Type.Optional(IsoInstant()),
});

/** Validates a {@link NewsTaggedData}. */
export const validateNewsTagged: Validator<NewsTaggedData> = checked(NewsTaggedDataSchema);

assertSameShape<NewsTaggedData, Static<typeof NewsTaggedDataSchema>>(true);
