/** Free-form metadata of an event (correlation, causation, source offsets…). Never needed to interpret `data`. */
export type EventMetadata = Readonly<Record<string, unknown>>;

/**
 * A domain event or message: `type` equals the type name (`NewsPublished`), `data` is the payload.
 * Unions of these are discriminated by `type`.
 */
export interface Event<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

/** A listing reference: vendor symbol and ISO 10383 exchange MIC (`{ symbol: '9988.HK', exchange: 'XHKG' }`). */
export interface ListingRef {
  readonly symbol: string;
  readonly exchange: string;
}

/** A window of relative trading days, both ends included (`{ start: -1, end: 1 }` is [−1, +1]). */
export interface DayWindow {
  readonly start: number;
  readonly end: number;
}
