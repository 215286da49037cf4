export {
  Topics,
  DlqTopics,
  dlqTopicFor,
  TOPIC_EVENT_TYPES,
  DEFAULT_DEPLOYMENT,
  DeploymentNameError,
  deploymentFromEnv,
  deploymentNames,
} from './topics';
export type { TopicName, DeploymentNames } from './topics';
export type { ListingCalendars, TradingCalendar } from './calendar';
export { NoPricesError, StudyRejectedError, UnknownListingError } from './study-errors';
export type { DailyClose, Event, EventMetadata, LinkedListing, ListingRef, DayWindow, StudyJob } from './event';
export {
  valid,
  invalid,
  str,
  num,
  bool,
  oneOf,
  optional,
  nullable,
  arrayOf,
  object,
  refine,
  variant,
  describe,
  formatIssues,
  unsafeTextReason,
  DEFAULT_MAX_STRING_LENGTH,
} from './validation';
export {
  SettingError,
  settingsReader,
  wholeNumberSetting,
  numberSetting,
  choiceSetting,
  flagSetting,
  listSetting,
  patternSetting,
  urlSetting,
} from './settings';
export type { Env, SettingErrorFactory, SettingsReader } from './settings';
export { KAFKA_BROKERS_DEFAULT, kafkaBrokersFromEnv } from './kafka-settings';
export { REDIS_URL_DEFAULT, redisUrlFromEnv } from './redis-settings';
export { MessageLimits, PRODUCER_METADATA_KEYS } from './limits';
export { redactSecrets, redactUrl, logLine, REDACTED } from './redaction';
export { timeBoundIssues, producerMetadataIssues } from './bounds';
export type {
  Validator,
  ValidationIssue,
  ValidationResult,
  FieldValidators,
  StringOptions,
  NumberOptions,
  ArrayOptions,
} from './validation';
export { isIsoDate, isIsoInstant, isDateOnly, isoDate, isoInstant, isoInstantOrDate } from './dates';
export { symbol, exchange, currency, language, tagName, listingRef, dayWindow, probability, score100 } from './fields';
export { validateNewsPublished, validateNewsCorrected, validateNewsRetracted, validateNewsTagged } from './news';
export type {
  NewsContent,
  NewsPublishedData,
  NewsCorrectedData,
  NewsRetractedData,
  NewsTaggedData,
  NewsTag,
  TagEvidence,
  LinkedListingRef,
  NewsPublished,
  NewsCorrected,
  NewsRetracted,
  NewsTagged,
  NewsEvent,
} from './news';
export {
  validatePriceBarClosed,
  validatePriceBarCorrected,
  validateTradeTicked,
  OHLC_ROUNDING_TOLERANCE,
} from './market';
export type {
  PriceBarClosedData,
  PriceBarCorrectedData,
  BarRevisionValues,
  TradeTickedData,
  PriceBarClosed,
  PriceBarCorrected,
  TradeTicked,
  MarketEvent,
} from './market';
export { validateListingRegistered } from './reference';
export type { ListingRegisteredData, ListingRegistered, ReferenceEvent } from './reference';
export { validateFactorDayRecorded } from './factors';
export type { FactorDayRecorded, FactorDayRecordedData, FactorDayValue, FactorEvent, FactorValue } from './factors';
export {
  FACTOR_BETA_NAMES,
  validateStudyComputed,
  validateStudyParameters,
  validateStudyWindowClosed,
  validateTagAggregateComputed,
} from './study';
export type {
  FactorBetaName,
  ReturnModel,
  StudyParameters,
  StudyModelFit,
  StudyDay,
  StudyWindow,
  StudyBase,
  ComputedStudy,
  StudyBarProvenance,
  StudyBarRevision,
  SkippedStudy,
  StudyComputedData,
  StudyWindowState,
  StudyWindowClosedData,
  StudyWindowClosed,
  AggregateDay,
  AggregateTest,
  AggregateWindow,
  TagAggregateComputedData,
  StudyComputed,
  TagAggregateComputed,
  StudyEvent,
} from './study';
export { validateEventWindowAlert } from './alerts';
export type { EventWindowAlertData, EventWindowAlert, AlertIssuer } from './alerts';
export { validateEventWindowAlertV1, validateNewsPublishedV1, validatePriceBarClosedV1 } from './events.v1';
export type { EventWindowAlertDataV1, NewsPublishedV1, PriceBarClosedV1 } from './events.v1';
export { upcastEventWindowAlertV1, upcastNewsPublishedV1, upcastPriceBarClosedV1 } from './upcasters';
export {
  CURRENT_SCHEMA_VERSION,
  EVENT_TYPES,
  dataValidators,
  isEventType,
  validateEventData,
  parseEvent,
  parseEventJson,
  toEnvelope,
} from './events';
export type { NewswindowEvent, NewswindowEventType, EventDataOf, EventEnvelope, ParseEventOptions } from './events';
export {
  newsStreamId,
  barStreamId,
  tickStreamId,
  factorStreamId,
  listingStreamId,
  studyStreamId,
  tagAggregateStreamId,
  alertStreamId,
} from './streams';
