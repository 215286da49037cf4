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
