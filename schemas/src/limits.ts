/**
 * Size and range limits of the Kafka input messages (news, bars, ticks), documented in the README. They keep every
 * accepted message storable by Postgres and well below Temporal's 512 KB payload warning: a story's text travels in
 * workflow inputs, so its largest accepted form (body + summary + headline, ≤ 3 UTF-8 bytes a character) stays under
 * about 200 KB.
 */
export const MessageLimits = {
  /** A whole Kafka value in bytes; a larger one is dead-lettered as a truncated copy before it is parsed. */
  messageBytes: 256 * 1024,
  newsId: 512,
  newsSource: 128,
  url: 4096,
  headline: 1_000,
  summary: 10_000,
  body: 50_000,
  /** Tickers the source attached to one story. */
  tickers: 50,
  /** A correction's or retraction's reason. */
  reason: 1_000,
  /** A bar's `source` or a tick's `tradeId`. */
  label: 256,
  /** Keys of a producer's `metadata` and the length of each (string) value. */
  metadataKeys: 8,
  metadataValue: 256,
  /** Earliest date any news, bar or tick may carry (`YYYY-MM-DD`, UTC). */
  earliestDate: '1970-01-01',
  /** How far past `now` a story's `publishedAt` (and its other timestamps) may be. */
  newsFutureMs: 366 * 24 * 3_600_000,
  /** How far past `now` a bar's session date or a tick's timestamp may be (time zones ahead of UTC). */
  marketFutureMs: 2 * 24 * 3_600_000,
} as const;

/**
 * The only `metadata` keys a producer may send with an input message (each a string of at most
 * {@link MessageLimits.metadataValue} characters). The consumer adds its own (`topic`, `partition`, `offset`,
 * `sourceFile`) when it stores the event.
 */
export const PRODUCER_METADATA_KEYS = [
  'correlationId',
  'causationId',
  'producer',
  'traceId',
  'correctionReason',
] as const;
