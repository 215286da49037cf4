import { isoDate, isoInstant } from './dates';
import type { Event } from './event';
import { currency, exchange, symbol } from './fields';
import { bool, num, object, optional, refine, str, type Validator } from './validation';

/** Payload of {@link PriceBarClosed}: one daily bar of one listing (or index). */
export interface PriceBarClosedData {
  readonly symbol: string;
  /** ISO 10383 MIC of the listing's exchange (`XNYS`, `XHKG`; `INDEX` style codes for benchmarks). */
  readonly exchange: string;
  /** The exchange session the bar belongs to, `YYYY-MM-DD` in the exchange's time zone. */
  readonly sessionDate: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** True when prices are split/dividend adjusted. */
  readonly adjusted: boolean;
  readonly currency: string;
  /** Where the bar came from (`prices_alibaba_benchmarks_daily.csv`, `ticks`). */
  readonly source?: string;
}

/** Payload of {@link TradeTicked}: one trade print. */
export interface TradeTickedData {
  readonly symbol: string;
  readonly exchange: string;
  /** ISO-8601 with offset. */
  readonly timestamp: string;
  readonly price: number;
  readonly size: number;
  /** The venue's trade id when it has one (dedupe key). */
  readonly tradeId?: string;
}

/** A daily bar closed (schema version 2). */
export type PriceBarClosed = Event<'PriceBarClosed', PriceBarClosedData>;
/** A trade printed. */
export type TradeTicked = Event<'TradeTicked', TradeTickedData>;
/** Events of the market streams (`bars-<exchange>:<symbol>`, `ticks-<exchange>:<symbol>`). */
export type MarketEvent = PriceBarClosed | TradeTicked;

/** Validates a {@link PriceBarClosedData}: prices > 0, volume ≥ 0, low ≤ high. */
export const validatePriceBarClosed: Validator<PriceBarClosedData> = refine(
  object<PriceBarClosedData>({
    symbol: symbol(),
    exchange: exchange(),
    sessionDate: isoDate(),
    open: num({ greaterThan: 0 }),
    high: num({ greaterThan: 0 }),
    low: num({ greaterThan: 0 }),
    close: num({ greaterThan: 0 }),
    volume: num({ min: 0 }),
    adjusted: bool(),
    currency: currency(),
    source: optional(str()),
  }),
  (b) => (b.low <= b.high ? undefined : [{ at: 'low', message: `must be ≤ high (${b.high}), got ${b.low}` }]),
);

/** Validates a {@link TradeTickedData}: price > 0, size ≥ 0. */
export const validateTradeTicked: Validator<TradeTickedData> = object<TradeTickedData>({
  symbol: symbol(),
  exchange: exchange(),
  timestamp: isoInstant(),
  price: num({ greaterThan: 0 }),
  size: num({ min: 0 }),
  tradeId: optional(str()),
});
