export { COMPONENT_ROLES, componentPgConfigFromEnv, createPool, pgConfigFromEnv, PG_DEFAULTS } from './config';
export type { Component, PgConfig } from './config';
export {
  StoreError,
  ConcurrencyError,
  DuplicateEventError,
  MigrationError,
  ConfigError,
  DatabaseUnavailableError,
  classifyPgError,
  isPgError,
  isDataRejection,
  SqlState,
  Constraints,
} from './errors';
export type { ErrorContext, PgErrorFields } from './errors';
export { withTransaction } from './transaction';
export { assertSchemaReadable, migrate, loadMigrations, MIGRATIONS_DIR } from './migrate';
export type { Migration, MigrateResult } from './migrate';
export { createEventStore, CorruptEventError } from './event-store';
export type {
  EventStore,
  ExpectedVersion,
  NewEvent,
  IdempotentEvent,
  RecordedEvent,
  AppendResult,
  AppendIdempotentResult,
  AppendIdempotentOptions,
  InboxRecord,
  InboxOffset,
  ReadAllOptions,
} from './event-store';
export { runProjections, rebuildProjections, PROJECTIONS, projectionLockKey } from './projections/runner';
export type { RunProjectionsOptions, ProjectionRunResult, ProjectionFailure } from './projections/runner';
export { runSubscription, subscriptionCheckpointName } from './subscription';
export type { Subscription, SubscriptionRun } from './subscription';
export type { CheckpointStart } from './log-cursor';
export {
  listProjectionFailures,
  skipProjectionFailure,
  replayProjectionFailure,
  NoProjectionFailureError,
  triggerFailureName,
  recordTriggerFailure,
  requestedTriggerReplays,
  markTriggerReplayed,
} from './projections/failures';
export type { ProjectionFailureRecord, ReplayOutcome, TriggerFailure } from './projections/failures';
export type { Projection } from './projections/projection';
export { evolveNews, publishedInstant } from './projections/news';
export type { NewsRow, NewsRevisionRow, NewsEvolution } from './projections/news';
export {
  loadDailyBars,
  listNews,
  queryStaleStudies,
  queryStudies,
  queryTagAggregates,
  tagAggregateModel,
  TAG_AGGREGATE_MODELS,
  TAG_AGGREGATE_MODEL_NAMES,
  queryUnadjustedOnlySessions,
} from './queries';
export { queryStudyRegressionRows } from './regression-rows';
export { FACTOR_BETA_COLUMNS, FACTOR_BETA_FIELDS } from './study-factor-betas';
export type { StudyFactorBetas } from './study-factor-betas';
export { factorDayIdempotencyKey, loadFactorDays, writeFactorDays } from './factor-days';
export type { StudyRegressionQuery, StudyRegressionRow } from './regression-rows';
export type {
  DailySeries,
  LoadDailyBarsOptions,
  NewsListItem,
  NewsRecord,
  ListNewsOptions,
  StaleBar,
  StaleStudy,
  StudyRecord,
  StudyQuery,
  TagAggregateRecord,
  TagAggregateModel,
} from './queries';
export {
  queryStudySummaries,
  studySummariesStatement,
  queryNewsDetails,
  queryTagSummaries,
  queryAggregateCarCrossSection,
  queryAggregateCountedStudyIds,
  pingDatabase,
  STUDY_SORT_COLUMNS,
} from './analyst-queries';
export type {
  StudySummary,
  StudySummaryFilter,
  StudySummaryPage,
  StudySort,
  StudySortKey,
  StudyCursor,
  EvidenceSpan,
  NewsDetail,
  NewsFilter,
  TagSummary,
  CarCrossSection,
} from './analyst-queries';
export {
  createStudyWriter,
  writeStudies,
  writeTagAggregates,
  studyIdempotencyKey,
  studyWindowIdempotencyKey,
  tagAggregateIdempotencyKey,
} from './study-writer';
export type { StudyWriter } from './study-writer';
export { noCatchUp } from './readers/catch-up';
export type { ProjectionCatchUp, ProjectionName } from './readers/catch-up';
export { createNewsReader, createNewsTagStore, storedNews } from './readers/news-reader';
export type {
  KeyedStory,
  KeyedWindow,
  NewsReader,
  NewsSelection,
  NewsTagStore,
  StoredNews,
  StoryFields,
} from './readers/news-reader';
export { createBarReader, createFactorDayReader, queryLatestSessions } from './readers/bar-reader';
export type { BarReader, FactorDayReader } from './readers/bar-reader';
export { createTagStudyReader } from './readers/tag-study-reader';
export type { TagStudy, TagStudyReader } from './readers/tag-study-reader';
export { createAlertOutbox, queryAlertContext } from './alert-outbox';
export type { AlertOutbox, OutboxAlert, AlertContextRow } from './alert-outbox';
