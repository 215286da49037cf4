/**
 * What the pure engine needs of an exchange calendar: its sessions in local dates with each session's local close.
 * `@newswindow/reference` implements it from the generated exchange calendars; the engine only reads it.
 */
export interface TradingCalendar {
  /** Identifier stored with each study, e.g. `XHKG`, `XNYS` or `benchmark:^HSI`. */
  readonly id: string;
  /** IANA time zone of the exchange (used for day-0 anchoring), e.g. `Asia/Hong_Kong`. */
  readonly timeZone: string;
  /** Session dates `YYYY-MM-DD`, strictly ascending. */
  readonly sessions: readonly string[];
  /** Local close time `HH:mm` of each session (same length as `sessions`). */
  readonly closeTimes: readonly string[];
  /** Index of each session date. */
  readonly index: ReadonlyMap<string, number>;
}

/**
 * The calendar a listing trades on (symbol and exchange MIC, as a security master links them). `@newswindow/reference`
 * implements it over the exchange calendars; the engine's study computation only reads it.
 */
export interface ListingCalendars {
  /** The listing's exchange calendar, or throws `UnknownListingError` when its exchange has none. */
  calendarFor(symbol: string, exchange: string): TradingCalendar;
}
