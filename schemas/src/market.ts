import { isoDate, isoInstant } from './dates';
import type { Event } from './event';
import { currency, exchange, symbol } from './fields';
import { MessageLimits as L } from './limits';
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

/** The values of one revision of a stored bar, as a correction records the revision it replaces. */
export interface BarRevisionValues {
  /** 1 for the `PriceBarClosed` first stored, n for the (n − 1)-th correction. */
  readonly revision: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly currency: string;
  readonly source?: string;
}

/**
 * Payload of {@link PriceBarCorrected}: a new revision of a stored bar of one listing, session and adjustment (the bar
 * fields carry the new values), with the revision it replaces and why. The bar read model takes the latest revision;
 * a study records the corrected revisions it used.
 */
export interface PriceBarCorrectedData extends PriceBarClosedData {
  /** ≥ 2: the stored `PriceBarClosed` is revision 1, each correction the next. */
  readonly revision: number;
  readonly previous: BarRevisionValues;
  /** Why the bar was corrected (the producer's `metadata.correctionReason`). */
  readonly reason: string;
}

/** A daily bar closed (schema version 2). */
export type PriceBarClosed = Event<'PriceBarClosed', PriceBarClosedData>;
/** A stored daily bar corrected: a new revision with its reason, never a silent replacement. */
export type PriceBarCorrected = Event<'PriceBarCorrected', PriceBarCorrectedData>;
/** A trade printed. */
export type TradeTicked = Event<'TradeTicked', TradeTickedData>;
/** Events of the market streams (`bars-<exchange>:<symbol>`, `ticks-<exchange>:<symbol>`). */
export type MarketEvent = PriceBarClosed | PriceBarCorrected | TradeTicked;

/**
 * How far (relative) an open or close may sit outside [low, high] before a bar is rejected: vendors round the four
 * prices separately (QQQ 2019-07-19 in the FNSPID data: open 193.84, high 193.83), which is not a bad bar.
 */
export const OHLC_ROUNDING_TOLERANCE = 1e-4;

/**
 * The OHLC issues of a bar: low ≤ high, low ≤ open, close ≤ high (within {@link OHLC_ROUNDING_TOLERANCE}; prices are
 * checked > 0 before), and a session date on or after 1970.
 */
function barIssues(b: PriceBarClosedData): { at?: string; message: string }[] {
  const issues: { at?: string; message: string }[] = [];
  if (b.low > b.high) issues.push({ at: 'low', message: `must be ≤ high (${b.high}), got ${b.low}` });
  else
    for (const k of ['open', 'close'] as const) {
      if (b[k] < b.low * (1 - OHLC_ROUNDING_TOLERANCE))
        issues.push({ at: k, message: `must be ≥ low (${b.low}), got ${b[k]}` });
      if (b[k] > b.high * (1 + OHLC_ROUNDING_TOLERANCE))
        issues.push({ at: k, message: `must be ≤ high (${b.high}), got ${b[k]}` });
    }
  if (b.sessionDate < L.earliestDate)
    issues.push({ at: 'sessionDate', message: `must be on or after ${L.earliestDate}, got ${b.sessionDate}` });
  return issues;
}

const barFields = {
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
  source: optional(str({ maxLength: L.label, singleLine: true })),
};

/** Validates a {@link PriceBarClosedData}: prices > 0, low ≤ open, close ≤ high, volume ≥ 0, session ≥ 1970. */
export const validatePriceBarClosed: Validator<PriceBarClosedData> = refine(
  object<PriceBarClosedData>(barFields),
  barIssues,
);

/** Validates a {@link PriceBarCorrectedData}: the new values as a bar, revision ≥ 2, the previous revision, a reason. */
export const validatePriceBarCorrected: Validator<PriceBarCorrectedData> = refine(
  object<PriceBarCorrectedData>({
    ...barFields,
    revision: num({ integer: true, min: 2 }),
    previous: object<BarRevisionValues>({
      revision: num({ integer: true, min: 1 }),
      open: num({ greaterThan: 0 }),
      high: num({ greaterThan: 0 }),
      low: num({ greaterThan: 0 }),
      close: num({ greaterThan: 0 }),
      volume: num({ min: 0 }),
      currency: currency(),
      source: optional(str({ maxLength: L.label, singleLine: true })),
    }),
    reason: str({ minLength: 1, maxLength: L.reason, singleLine: true }),
  }),
  (b) => [
    ...barIssues(b),
    ...(b.previous.revision < b.revision
      ? []
      : [
          {
            at: 'previous.revision',
            message: `must be below the revision (${b.revision}), got ${b.previous.revision}`,
          },
        ]),
  ],
);

/** Validates a {@link TradeTickedData}: price > 0, size ≥ 0, timestamp ≥ 1970. */
export const validateTradeTicked: Validator<TradeTickedData> = refine(
  object<TradeTickedData>({
    symbol: symbol(),
    exchange: exchange(),
    timestamp: isoInstant(),
    price: num({ greaterThan: 0 }),
    size: num({ min: 0 }),
    tradeId: optional(str({ maxLength: L.label, singleLine: true })),
  }),
  (t) =>
    t.timestamp < L.earliestDate
      ? [{ at: 'timestamp', message: `must be on or after ${L.earliestDate}, got ${t.timestamp}` }]
      : undefined,
);
