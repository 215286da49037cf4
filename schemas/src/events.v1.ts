import { Type, type Static } from '@sinclair/typebox';
import type { DayWindow, ListingRef } from './event';
import {
  DayWindowSchema,
  dayWindowIssues,
  ExchangeSchema,
  ListingRefSchema,
  SymbolSchema,
  TagNameSchema,
} from './fields';
import { assertSameShape, checked, IsoDate, IsoInstant, IsoInstantOrDate, Nullable, Text } from './typebox';
import type { Validator } from './validation';

/**
 * Retired shapes. Published events are never edited in place: old JSON is parsed with these validators and
 * upcast to the current shape (see `upcasters.ts`). Do not use them to produce new events.
 */

/** `NewsPublished` schema version 1 (snake_case, `title`/`text`, tickers as one comma-separated string). */
export interface NewsPublishedV1 {
  readonly id: string;
  readonly source: string;
  readonly url?: string;
  readonly title: string;
  readonly text?: string;
  readonly published_at: string;
  readonly lang?: string;
  /** `"BABA,9988.HK"`. */
  readonly symbols?: string;
}

/** `PriceBarClosed` schema version 1 (no `adjusted` flag, no currency, `date` instead of `sessionDate`). */
export interface PriceBarClosedV1 {
  readonly symbol: string;
  readonly exchange: string;
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

const NewsPublishedV1Schema = Type.Object({
  id: Text(),
  source: Text(),
  url: Type.Optional(Text()),
  title: Text(),
  text: Type.Optional(Text({ notBlank: false })),
  published_at: IsoInstantOrDate(),
  lang: Type.Optional(Text()),
  symbols: Type.Optional(Text({ notBlank: false })),
});

/** Validates a {@link NewsPublishedV1}. */
export const validateNewsPublishedV1: Validator<NewsPublishedV1> = checked(NewsPublishedV1Schema);

const PriceBarClosedV1Schema = Type.Object({
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  date: Text(),
  open: Type.Number(),
  high: Type.Number(),
  low: Type.Number(),
  close: Type.Number(),
  volume: Type.Number(),
});

/** Validates a {@link PriceBarClosedV1}. */
export const validatePriceBarClosedV1: Validator<PriceBarClosedV1> = checked(PriceBarClosedV1Schema);

/** `EventWindowAlert` schema version 1: the window's statistic without its context (listing only, no rule, no units). */
export interface EventWindowAlertDataV1 {
  /** Deterministic: `<newsId|eventKey>:<listing>:<window>`; Redis dedupes on it. */
  readonly alertId: string;
  readonly studyId: string;
  readonly eventKey: string;
  readonly newsIds: readonly string[];
  readonly listing: ListingRef;
  readonly tags: readonly string[];
  readonly day0: string;
  readonly window: DayWindow;
  /** Which number crossed the threshold: a window's CAR or the day-0 AR. */
  readonly statistic: 'car' | 'ar_day0';
  readonly value: number;
  readonly t: number | null;
  readonly p: number;
  /** The p-value threshold in force (default 0.05). */
  readonly threshold: number;
  readonly headline?: string;
  readonly raisedAt: string;
}

const EventWindowAlertV1Schema = Type.Object({
  alertId: Text(),
  studyId: Text(),
  eventKey: Text(),
  newsIds: Type.Array(Text()),
  listing: ListingRefSchema,
  tags: Type.Array(TagNameSchema),
  day0: IsoDate(),
  window: DayWindowSchema,
  statistic: Type.Union([Type.Literal('car'), Type.Literal('ar_day0')]),
  value: Type.Number(),
  t: Nullable(Type.Number()),
  p: Type.Number({ minimum: 0, maximum: 1 }),
  threshold: Type.Number({ minimum: 0, maximum: 1 }),
  headline: Type.Optional(Text({ notBlank: false })),
  raisedAt: IsoInstant(),
});

/** Validates an {@link EventWindowAlertDataV1}. */
export const validateEventWindowAlertV1: Validator<EventWindowAlertDataV1> = checked(EventWindowAlertV1Schema, (a) =>
  dayWindowIssues(a.window, 'window.'),
);

// The interfaces above document the retired payloads; the compiler keeps them and the schemas the same shape.
assertSameShape<NewsPublishedV1, Static<typeof NewsPublishedV1Schema>>(true);
assertSameShape<PriceBarClosedV1, Static<typeof PriceBarClosedV1Schema>>(true);
assertSameShape<EventWindowAlertDataV1, Static<typeof EventWindowAlertV1Schema>>(true);
