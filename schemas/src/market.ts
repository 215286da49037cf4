import { Type, type Static } from '@sinclair/typebox';
import type { Event } from './event';
import { CurrencySchema, ExchangeSchema, SymbolSchema } from './fields';
import { MessageLimits as L } from './limits';
import { assertSameShape, checked, IsoDate, IsoInstant, Text } from './typebox';
import type { Validator } from './validation';

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

const Price = () => Type.Number({ exclusiveMinimum: 0 });
const Volume = () => Type.Number({ minimum: 0 });
const Label = () => Type.Optional(Text({ maxLength: L.label, singleLine: true }));

const barProperties = {
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  sessionDate: IsoDate('the exchange session, YYYY-MM-DD in its time zone; from 1970-01-01 to 2 days after now'),
  open: Price(),
  high: Price(),
  low: Price(),
  close: Price(),
  volume: Volume(),
  adjusted: Type.Boolean({ description: 'true when prices are split/dividend adjusted' }),
  currency: CurrencySchema,
  source: Label(),
};

/** The payload of a `PriceBarClosed` (v2) as a JSON Schema. */
export const PriceBarClosedDataSchema = Type.Object(barProperties, {
  description: 'One daily bar. low ≤ open, close ≤ high within 0.01 % (vendors round each price).',
});

/** The payload of a `PriceBarCorrected` as a JSON Schema. */
export const PriceBarCorrectedDataSchema = Type.Object({
  ...barProperties,
  revision: Type.Integer({ minimum: 2 }),
  previous: Type.Object({
    revision: Type.Integer({ minimum: 1 }),
    open: Price(),
    high: Price(),
    low: Price(),
    close: Price(),
    volume: Volume(),
    currency: CurrencySchema,
    source: Label(),
  }),
  reason: Text({ maxLength: L.reason, singleLine: true }),
});

/** The payload of a `TradeTicked` as a JSON Schema. */
export const TradeTickedDataSchema = Type.Object({
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  timestamp: IsoInstant('ISO-8601 with offset; from 1970-01-01 to 2 days after now'),
  price: Price(),
  size: Volume(),
  tradeId: Label(),
});

/** Validates a {@link PriceBarClosedData}: prices > 0, low ≤ open, close ≤ high, volume ≥ 0, session ≥ 1970. */
export const validatePriceBarClosed: Validator<PriceBarClosedData> = checked(PriceBarClosedDataSchema, barIssues);

/** Validates a {@link PriceBarCorrectedData}: the new values as a bar, revision ≥ 2, the previous revision, a reason. */
export const validatePriceBarCorrected: Validator<PriceBarCorrectedData> = checked(PriceBarCorrectedDataSchema, (b) => [
  ...barIssues(b),
  ...(b.previous.revision < b.revision
    ? []
    : [
        {
          at: 'previous.revision',
          message: `must be below the revision (${b.revision}), got ${b.previous.revision}`,
        },
      ]),
]);

/** Validates a {@link TradeTickedData}: price > 0, size ≥ 0, timestamp ≥ 1970. */
export const validateTradeTicked: Validator<TradeTickedData> = checked(TradeTickedDataSchema, (t) =>
  t.timestamp < L.earliestDate
    ? [{ at: 'timestamp', message: `must be on or after ${L.earliestDate}, got ${t.timestamp}` }]
    : undefined,
);

// The interfaces above document the payloads; the compiler keeps them and the schemas the same shape.
assertSameShape<PriceBarClosedData, Static<typeof PriceBarClosedDataSchema>>(true);
assertSameShape<PriceBarCorrectedData, Static<typeof PriceBarCorrectedDataSchema>>(true);
assertSameShape<TradeTickedData, Static<typeof TradeTickedDataSchema>>(true);
