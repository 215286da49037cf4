import type pg from 'pg';
import { classifyPgError, DatabaseUnavailableError, isPgError } from '../errors';
import { toRecordedEvent, type RecordedEvent } from '../event-store';
import { advanceCheckpoint, readSettledBatch, type EventRowWithTx } from '../log-cursor';
import { withTransaction } from '../transaction';
import { dailyBarsProjection } from './daily-bars';
import { factorDaysProjection } from './factor-days';
import { listingsProjection } from './listings';
import { newsProjection } from './news';
import type { Projection } from './projection';
import { studiesProjection } from './studies';

/** Every projection of the store, in the order the runner feeds them. */
export const PROJECTIONS: readonly Projection[] = [
  listingsProjection,
  dailyBarsProjection,
  factorDaysProjection,
  newsProjection,
  studiesProjection,
];

/** Options of {@link runProjections} and {@link rebuildProjections}. */
export interface RunProjectionsOptions {
  /** Events per transaction (default 5 000). */
  readonly batchSize?: number;
  /** Only these projections (by name); default all. */
  readonly only?: readonly string[];
  /**
   * Wait for a projection another runner holds instead of skipping it (default false). A caller that must read its
   * own or another process's committed events right after this call (a catch-up before a read) sets it.
   */
  readonly wait?: boolean;
  /**
   * Called for each event a projection could not apply (after it is recorded in `projection_failures` and skipped):
   * the place to log and alert. Default: nothing.
   */
  readonly onFailure?: (failure: ProjectionFailure) => void;
}

/** An event a projection could not apply; the runner recorded it and went on with the next event. */
export interface ProjectionFailure {
  readonly projection: string;
  readonly position: number;
  readonly eventType: string;
  readonly streamId: string;
  readonly error: string;
  readonly sqlstate: string | null;
}

/** Events applied per projection by one call. */
export type ProjectionRunResult = Readonly<Record<string, number>>;

/** The advisory lock that serializes the runs of one projection across processes. */
export const projectionLockKey = (name: string): string => `newswindow.projection.${name}`;
const lockKey = projectionLockKey;

const selectProjections = (only: readonly string[] | undefined): readonly Projection[] => {
  if (only === undefined) return PROJECTIONS;
  const unknown = only.filter((n) => !PROJECTIONS.some((p) => p.name === n));
  if (unknown.length > 0) throw new Error(`unknown projection(s): ${unknown.join(', ')}`);
  return PROJECTIONS.filter((p) => only.includes(p.name));
};

/**
 * Whether a failed apply is the event's fault (record it, go on) or the database's (an outage, a deadlock: throw, the
 * caller retries the batch later). A broken connection also shows when the savepoint cannot be rolled back.
 */
const isTransient = (err: unknown): boolean => classifyPgError(err) instanceof DatabaseUnavailableError;

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Applies the rows as one batch under a savepoint; if that fails for a reason other than an outage, applies them one
 * by one (each under its own savepoint) and records each event that still fails in `projection_failures`, so the
 * checkpoint moves past it and the projection keeps going.
 */
async function applyIsolated(
  client: pg.PoolClient,
  projection: Projection,
  rows: readonly EventRowWithTx[],
  onFailure: (failure: ProjectionFailure) => void,
): Promise<void> {
  const attempt = async (run: () => Promise<void>): Promise<unknown> => {
    await client.query('SAVEPOINT projection_apply');
    try {
      await run();
      await client.query('RELEASE SAVEPOINT projection_apply');
      return undefined;
    } catch (err) {
      if (isTransient(err)) throw err;
      try {
        await client.query('ROLLBACK TO SAVEPOINT projection_apply');
      } catch {
        throw err;
      }
      return err ?? new Error('unknown error');
    }
  };
  const batchError = await attempt(() => projection.apply(client, rows.map(toRecordedEvent)));
  if (batchError === undefined) return;
  for (const row of rows) {
    let event: RecordedEvent | undefined;
    const error = await attempt(async () => {
      event = toRecordedEvent(row);
      await projection.apply(client, [event]);
    });
    if (error === undefined) continue;
    const failure: ProjectionFailure = {
      projection: projection.name,
      position: Number(row.position),
      eventType: row.type,
      streamId: row.stream_id,
      error: errorText(error).slice(0, 2000),
      sqlstate: isPgError(error) ? error.code : null,
    };
    await client.query(
      `INSERT INTO projection_failures (projection, position, transaction_id, event_type, stream_id, error, sqlstate)
       VALUES ($1, $2, $3::xid8, $4, $5, $6, $7)
       ON CONFLICT (projection, position) DO UPDATE SET error = EXCLUDED.error, sqlstate = EXCLUDED.sqlstate,
         attempts = projection_failures.attempts + 1, status = 'failed', failed_at = now(), resolved_at = NULL`,
      [
        failure.projection,
        row.position,
        row.transaction_id,
        failure.eventType,
        failure.streamId,
        failure.error,
        failure.sqlstate,
      ],
    );
    onFailure(failure);
  }
}

/** Applies the next batch of `projection` on `client` (inside the caller's transaction) and moves its checkpoint. */
async function applyNextBatch(
  client: pg.PoolClient,
  projection: Projection,
  batchSize: number,
  onFailure: (failure: ProjectionFailure) => void = () => undefined,
): Promise<{ applied: number; more: boolean }> {
  const batch = await readSettledBatch(client, projection.name, projection.eventTypes, batchSize);
  if (batch.rows.length > 0) await applyIsolated(client, projection, batch.rows, onFailure);
  await advanceCheckpoint(client, projection.name, batch.next, batch.rows.length);
  return { applied: batch.rows.length, more: batch.more };
}

/**
 * Catches every projection up with the log: one transaction per batch, each moving the projection's checkpoint with
 * the rows it wrote. Safe to call from several processes: a projection busy elsewhere is skipped for this call, or
 * waited for with `wait` (then the call returns only after every event settled before it is projected).
 */
export async function runProjections(pool: pg.Pool, options: RunProjectionsOptions = {}): Promise<ProjectionRunResult> {
  const batchSize = options.batchSize ?? 5000;
  const result: Record<string, number> = {};
  for (const projection of selectProjections(options.only)) {
    let applied = 0;
    for (;;) {
      const step = await withTransaction(pool, async (client) => {
        if (options.wait === true) {
          await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey(projection.name)]);
        } else {
          const { rows } = await client.query<{ locked: boolean }>(
            'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
            [lockKey(projection.name)],
          );
          if (rows[0]?.locked !== true) return { applied: 0, more: false };
        }
        return applyNextBatch(client, projection, batchSize, options.onFailure);
      });
      applied += step.applied;
      if (!step.more) break;
    }
    result[projection.name] = applied;
  }
  return result;
}

/**
 * Truncates the projections' tables, resets their checkpoints and replays the whole log, all in one transaction
 * (readers see the old tables until it commits). The result equals the tables built incrementally.
 */
export async function rebuildProjections(
  pool: pg.Pool,
  options: RunProjectionsOptions = {},
): Promise<ProjectionRunResult> {
  const batchSize = options.batchSize ?? 5000;
  const projections = selectProjections(options.only);
  return withTransaction(pool, async (client) => {
    for (const p of projections) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey(p.name)]);
    await client.query(`TRUNCATE ${projections.flatMap((p) => p.tables).join(', ')}`);
    await client.query('DELETE FROM projection_checkpoints WHERE name = ANY($1::text[])', [
      projections.map((p) => p.name),
    ]);
    // A rebuild replays every event again: failures of these projections are recorded anew if they still fail.
    await client.query('DELETE FROM projection_failures WHERE projection = ANY($1::text[])', [
      projections.map((p) => p.name),
    ]);
    const result: Record<string, number> = {};
    for (const p of projections) {
      let applied = 0;
      for (;;) {
        const step = await applyNextBatch(client, p, batchSize, options.onFailure);
        applied += step.applied;
        if (!step.more) break;
      }
      result[p.name] = applied;
    }
    return result;
  });
}
