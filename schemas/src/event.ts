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

/** A listing a story is linked to, with what a study needs to anchor and measure it. */
export interface LinkedListing extends ListingRef {
  readonly currency: string;
  /** Benchmark index symbol (`^HSI`); null when none is known. */
  readonly benchmark: string | null;
  /** IANA zone of the exchange. */
  readonly timeZone: string;
  readonly issuerId?: string;
}

/** One (event, listing) to study: what the engine computes from and the workflow hands its compute step. */
export interface StudyJob {
  readonly eventKey: string;
  readonly newsIds: readonly string[];
  readonly tags: readonly string[];
  readonly listing: LinkedListing;
  /** When the event became public (ISO with offset or a date); day 0 is anchored from it. */
  readonly publishedAt: string;
  /**
   * Set when `listing.benchmark` overrides the listing's default (a backfill's `--benchmark`): the default it replaced.
   * The study records both, and its id says which benchmark it used.
   */
  readonly overrides?: string | null;
}

/** One daily close of a symbol, as stored (`YYYY-MM-DD` session of the listing's exchange). */
export interface DailyClose {
  readonly sessionDate: string;
  readonly close: number;
  /** The bar's revision when it was corrected (≥ 2, `PriceBarCorrected`); absent as first stored. */
  readonly revision?: number;
}

/** A window of relative trading days, both ends included (`{ start: -1, end: 1 }` is [−1, +1]). */
export interface DayWindow {
  readonly start: number;
  readonly end: number;
}
