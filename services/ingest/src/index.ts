export { CsvParser, parseCsv, parseCsvStream } from './csv/csv-parser';
export type { CsvRecord, CsvParseOutput, CsvSyntaxError } from './csv/csv-parser';
export type { Loaded } from './loaders/load-result';
export { RowRejectedError } from './loaders/load-result';
export {
  loadNewsFile,
  loadBarFile,
  loadTickFile,
  detectNewsFormat,
  newsFormats,
  barFormats,
  tickFormats,
  UnknownFileFormatError,
} from './loaders/load-file';
export type { NewsFormat, BarFormat, TickFormat, NewsFileOptions, LoadOptions } from './loaders/load-file';
export { barMapper, barFileOptionsFor } from './loaders/bar-loader';
export type { BarFileOptions } from './loaders/bar-loader';
export {
  fnspidNewsMapper,
  fnspidArticleMapper,
  alibabaEventMapper,
  newsJsonMapper,
  loadArticleText,
  alibabaArticlePublishedAt,
  headlineFromUrl,
  newsIdFromUrl,
} from './loaders/news-loaders';
export type { ArticleTextOptions } from './loaders/news-loaders';
export { tickCsvMapper, tickJsonMapper } from './loaders/tick-loader';
export { listingForSymbol, exchangeTimeZones } from './listings/listing-for-symbol';
export type { SymbolListing } from './listings/listing-for-symbol';
export type { NewsItem, PriceBar, TradeTick } from './messages';
export { kafkaSettingsFromEnv, IngestConfigError } from './config/ingest-config';
export type { KafkaSettings } from './config/ingest-config';
export { ensureTopics } from './kafka/ensure-topics';
export { newsKind, barKind, tickKind, encodeEvent, withCorrectionReason } from './producer/ingest-kinds';
export type { MessageKind } from './producer/ingest-kinds';
export { publish, formatSummary, PublishError } from './producer/publish';
export { retryWithBackoff, OutageTooLongError } from './producer/backoff';
export type { BackoffOptions } from './producer/backoff';
export type { PublishOptions, PublishSummary, RejectedRow } from './producer/publish';
export { ReplayPacer, systemClock } from './producer/replay-pacer';
export type { ReplayClock } from './producer/replay-pacer';
export { ProgressReporter } from './producer/progress';
export type { ProgressOptions, ProgressCounts } from './producer/progress';
export { createIngestConsumer } from './consumer/ingest-consumer';
export { storeAddressOf } from './consumer/store-address';
export { DeadLetterError } from './consumer/dead-letter-sender';
export { superviseConsumer } from './consumer/supervised-consumer';
export type {
  SupervisedConsumer,
  SupervisedConsumerOptions,
  SupervisedConsumerState,
} from './consumer/supervised-consumer';
export { decodeMessage } from './consumer/decode-message';
export { barConflict, barOutcome, barReferenceIssue } from './consumer/bar-checks';
export type { BarOutcome, StoredBarRevisions } from './consumer/bar-checks';
export type { BarReference } from './consumer/bar-checks';
export type { DecodedMessage } from './consumer/decode-message';
export { deadLetterMessage, DLQ_TRUNCATED_BYTES } from './consumer/dead-letter';
export type {
  IngestConsumer,
  IngestConsumerDeps,
  IngestTopics,
  IngestStats,
  IngestLog,
} from './consumer/ingest-consumer';
export { rollUpTicks, TickRollup, ticksForBar } from './rollup/tick-rollup';
export type { RejectedTick, ClosedSession } from './rollup/tick-rollup';
export {
  PRE_OPENING_MINUTES,
  loadSessionCalendars,
  sessionWindow,
  sessionCloseMs,
  sessionDateOf,
  placeTick,
  UnknownExchangeError,
} from './rollup/session-calendar';
export type { SessionCalendars, SessionWindow, TickPlacement } from './rollup/session-calendar';
