export { createPool, pgConfigFromEnv, PG_DEFAULTS } from './config';
export type { PgConfig } from './config';
export {
  StoreError,
  ConcurrencyError,
  DuplicateEventError,
  MigrationError,
  ConfigError,
  DatabaseUnavailableError,
  classifyPgError,
  isPgError,
  SqlState,
  Constraints,
} from './errors';
export type { ErrorContext, PgErrorFields } from './errors';
export { withTransaction } from './transaction';
export { migrate, loadMigrations, MIGRATIONS_DIR } from './migrate';
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
