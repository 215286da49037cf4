import { isoInstantOrDate } from './dates';
import { exchange, symbol } from './fields';
import { num, object, optional, str, type Validator } from './validation';

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
