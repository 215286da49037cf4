/** SQLSTATE codes the store classifies (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export const SqlState = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  restrictViolation: '23001',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  tooManyConnections: '53300',
  adminShutdown: '57P01',
  crashShutdown: '57P02',
  cannotConnectNow: '57P03',
  undefinedTable: '42P01',
  undefinedFunction: '42883',
  invalidPassword: '28P01',
  invalidAuthorization: '28000',
  invalidCatalogName: '3D000',
} as const;

/** Constraint names the store maps to typed errors. */
export const Constraints = {
  streamVersion: 'events_stream_version_key',
  idempotencyKey: 'events_idempotency_key_key',
} as const;

/** The fields of a pg `DatabaseError` the store reads (never its message text). */
export interface PgErrorFields {
  readonly code: string;
  readonly constraint?: string;
  readonly table?: string;
}

/** True when `err` carries a SQLSTATE `code` (a pg `DatabaseError`). */
export function isPgError(err: unknown): err is Error & PgErrorFields {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** Base class of the store's errors. `retriable`: the same call may succeed if retried later. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Thrown when an append expected a stream version other than the stream's current one. */
export class ConcurrencyError extends StoreError {
  constructor(
    readonly streamId: string,
    readonly expected: number | 'no_stream' | 'any',
    readonly actual: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `stream ${streamId}: expected version ${String(expected)}, actual ${actual === undefined ? 'unknown (concurrent append)' : String(actual)}`,
      false,
      options,
    );
  }
}

/** Thrown when `appendToStream` is given an idempotency key that is already in the log. */
export class DuplicateEventError extends StoreError {
  constructor(
    readonly streamId: string,
    options?: { cause?: unknown },
  ) {
    super(`stream ${streamId}: an event with the same idempotency key is already stored`, false, options);
  }
}

/** Thrown when a migration file fails or an applied migration was edited afterwards. */
export class MigrationError extends StoreError {
  constructor(
    readonly migration: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`migration ${migration}: ${message}`, false, options);
  }
}

/** Thrown when connection settings are invalid (e.g. a non-numeric `PGPORT`). */
export class ConfigError extends StoreError {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`, false);
  }
}

/** Thrown when Postgres is unreachable, shutting down, overloaded, or aborted the transaction (deadlock, serialization). */
export class DatabaseUnavailableError extends StoreError {
  constructor(
    readonly code: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, true, options);
  }
}

const TRANSIENT_CODES = new Set<string>([
  SqlState.serializationFailure,
  SqlState.deadlockDetected,
  SqlState.tooManyConnections,
  SqlState.adminShutdown,
  SqlState.crashShutdown,
  SqlState.cannotConnectNow,
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** Context of a failed call, used to build a typed error. */
export interface ErrorContext {
  readonly streamId?: string;
  readonly expected?: number | 'no_stream' | 'any';
}

/**
 * Maps a pg error to a typed store error by SQLSTATE and constraint name; returns `err` unchanged when it has no
 * specific meaning. Unique violation on `(stream_id, version)` → {@link ConcurrencyError}; on the idempotency key →
 * {@link DuplicateEventError}; class 08, 53300, 57P0x, 40001, 40P01 and socket errors → {@link DatabaseUnavailableError}.
 */
export function classifyPgError(err: unknown, context: ErrorContext = {}): unknown {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (isPgError(err)) {
    if (err.code === SqlState.uniqueViolation && err.constraint === Constraints.streamVersion)
      return new ConcurrencyError(context.streamId ?? '(batch)', context.expected ?? 'any', undefined, { cause: err });
    if (err.code === SqlState.uniqueViolation && err.constraint === Constraints.idempotencyKey)
      return new DuplicateEventError(context.streamId ?? '(batch)', { cause: err });
    if (err.code.startsWith('08') || TRANSIENT_CODES.has(err.code))
      return new DatabaseUnavailableError(
        err.code,
        `postgres unavailable or transaction aborted (SQLSTATE ${err.code})`,
        {
          cause: err,
        },
      );
    return err;
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code))
    return new DatabaseUnavailableError(code, `cannot reach postgres (${code})`, { cause: err });
  return err;
}

/**
 * True when Postgres refused the data itself (SQLSTATE class 22 data exception, 23 integrity violation other than the
 * store's own races, 54 program limit such as a too-large value): the same input fails every time, so a consumer
 * dead-letters it after a bounded number of attempts instead of retrying forever. Outages are never data errors.
 */
export function isDataRejection(err: unknown): boolean {
  const classified = classifyPgError(err);
  if (classified instanceof StoreError) return false;
  return isPgError(classified) && /^(22|23|54)/.test(classified.code);
}
