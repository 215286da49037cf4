import { isoDate, isoInstant, isoInstantOrDate } from './dates';
import type { DayWindow, ListingRef } from './event';
import { dayWindow, exchange, listingRef, symbol, tagName } from './fields';
import { arrayOf, nullable, num, object, oneOf, optional, str, type Validator } from './validation';

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

/** Validates a {@link NewsPublishedV1}. */
export const validateNewsPublishedV1: Validator<NewsPublishedV1> = object<NewsPublishedV1>({
  id: str(),
  source: str(),
  url: optional(str()),
  title: str(),
  text: optional(str({ minLength: 0 })),
  published_at: isoInstantOrDate(),
  lang: optional(str()),
  symbols: optional(str({ minLength: 0 })),
});

/** Validates a {@link PriceBarClosedV1}. */
export const validatePriceBarClosedV1: Validator<PriceBarClosedV1> = object<PriceBarClosedV1>({
  symbol: symbol(),
  exchange: exchange(),
  date: str(),
  open: num(),
  high: num(),
  low: num(),
  close: num(),
  volume: num(),
});

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

/** Validates an {@link EventWindowAlertDataV1}. */
export const validateEventWindowAlertV1: Validator<EventWindowAlertDataV1> = object<EventWindowAlertDataV1>({
  alertId: str(),
  studyId: str(),
  eventKey: str(),
  newsIds: arrayOf(str()),
  listing: listingRef(),
  tags: arrayOf(tagName()),
  day0: isoDate(),
  window: dayWindow(),
  statistic: oneOf('car', 'ar_day0'),
  value: num(),
  t: nullable(num()),
  p: num({ min: 0, max: 1 }),
  threshold: num({ min: 0, max: 1 }),
  headline: optional(str({ minLength: 0 })),
  raisedAt: isoInstant(),
});
