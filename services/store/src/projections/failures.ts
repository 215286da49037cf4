import type pg from 'pg';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow, type RecordedEvent } from '../event-store';
import { withTransaction } from '../transaction';
import { PROJECTIONS, projectionLockKey, type ProjectionFailure } from './runner';

/** A row of `projection_failures`: an event a projection could not apply, and what became of it. */
export interface ProjectionFailureRecord extends ProjectionFailure {
  readonly attempts: number;
  readonly status: 'failed' | 'skipped' | 'replayed' | 'requested';
  /** ISO-8601 UTC. */
  readonly failedAt: string;
}

/** Thrown when `skip` or `replay` names a position with no open failure (or an unknown projection). */
export class NoProjectionFailureError extends Error {
  constructor(
    readonly position: number,
    readonly projection: string | undefined,
  ) {
    super(
      `no failed event at position ${position}${projection === undefined ? '' : ` in projection ${projection}`} (see \`newswindow db projections failures\`)`,
    );
    this.name = 'NoProjectionFailureError';
  }
}

/** What a replay did, per projection. */
export interface ReplayOutcome {
  readonly projection: string;
  readonly ok: boolean;
  readonly error?: string;
  /** A trigger's failure: the replay was requested from its worker (which holds the Temporal client), not done here. */
  readonly requested?: boolean;
}

/** The `projection` under which trigger subscription `subscription` records a story it could not hand over. */
const TRIGGER_PREFIX = 'trigger:';
export const triggerFailureName = (subscription: string): string => `${TRIGGER_PREFIX}${subscription}`;
const isTriggerFailure = (projection: string): boolean => projection.startsWith(TRIGGER_PREFIX);

/** A story the trigger subscription gave up on (a permanent hand-off error after its bounded attempts). */
export interface TriggerFailure {
  readonly subscription: string;
  readonly position: number;
  readonly eventType: string;
  readonly streamId: string;
  readonly error: string;
  readonly attempts: number;
}

/** Records (or records again, after a failed replay) a story the trigger subscription skipped: an open failure. */
export async function recordTriggerFailure(pool: pg.Pool, f: TriggerFailure): Promise<void> {
  await pool.query(
    `INSERT INTO projection_failures (projection, position, transaction_id, event_type, stream_id, error, attempts)
     SELECT $1, position, transaction_id, $3, $4, $5, $6 FROM events WHERE position = $2
     ON CONFLICT (projection, position) DO UPDATE SET error = EXCLUDED.error, status = 'failed', failed_at = now(),
       resolved_at = NULL, attempts = projection_failures.attempts + EXCLUDED.attempts`,
    [triggerFailureName(f.subscription), f.position, f.eventType, f.streamId, f.error.slice(0, 2000), f.attempts],
  );
}

/** The events whose replay was requested for trigger subscription `subscription`, in log order. */
export async function requestedTriggerReplays(pool: pg.Pool, subscription: string): Promise<RecordedEvent[]> {
  const { rows } = await pool.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE position IN
       (SELECT position FROM projection_failures WHERE projection = $1 AND status = 'requested') ORDER BY position`,
    [triggerFailureName(subscription)],
  );
  return rows.map(toRecordedEvent);
}

/** Marks a requested trigger replay done: the story was handed over. */
export async function markTriggerReplayed(pool: pg.Pool, subscription: string, position: number): Promise<void> {
  await pool.query(
    `UPDATE projection_failures SET status = 'replayed', resolved_at = now()
     WHERE projection = $1 AND position = $2 AND status = 'requested'`,
    [triggerFailureName(subscription), position],
  );
}

const SELECT = `SELECT projection, position::float8 AS position, event_type AS "eventType", stream_id AS "streamId", error,
  sqlstate, attempts, status, to_char(failed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "failedAt"
  FROM projection_failures`;

/** The recorded failures, oldest position first; by default only the open ones (`status = 'failed'`). */
export async function listProjectionFailures(
  pool: pg.Pool,
  options: { readonly all?: boolean } = {},
): Promise<ProjectionFailureRecord[]> {
  const { rows } = await pool.query<ProjectionFailureRecord>(
    `${SELECT} ${options.all === true ? '' : "WHERE status = 'failed'"} ORDER BY position, projection`,
  );
  return rows;
}

const openFailures = async (
  client: pg.PoolClient,
  position: number,
  projection: string | undefined,
): Promise<string[]> => {
  const { rows } = await client.query<{ projection: string }>(
    `SELECT projection FROM projection_failures WHERE position = $1 AND status = 'failed'
     AND ($2::text IS NULL OR projection = $2) ORDER BY projection FOR UPDATE`,
    [position, projection ?? null],
  );
  if (rows.length === 0) throw new NoProjectionFailureError(position, projection);
  return rows.map((r) => r.projection);
};

/**
 * Marks the open failure(s) at `position` (of one projection, or of every projection that failed on it) as skipped:
 * the read model stays without that event. Returns the projections resolved.
 */
export async function skipProjectionFailure(pool: pg.Pool, position: number, projection?: string): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    const names = await openFailures(client, position, projection);
    await client.query(
      `UPDATE projection_failures SET status = 'skipped', resolved_at = now()
       WHERE position = $1 AND projection = ANY($2::text[])`,
      [position, names],
    );
    return names;
  });
}

/**
 * Applies the event at `position` again to the projection(s) that failed on it (after the cause was fixed), each in
 * its own transaction under the projection's lock: on success the failure is marked replayed; on failure its error and
 * attempt count are updated and it stays open.
 */
export async function replayProjectionFailure(
  pool: pg.Pool,
  position: number,
  projection?: string,
): Promise<ReplayOutcome[]> {
  const names = await withTransaction(pool, (client) => openFailures(client, position, projection));
  const outcomes: ReplayOutcome[] = [];
  for (const name of names.filter(isTriggerFailure)) {
    await pool.query(
      `UPDATE projection_failures SET status = 'requested' WHERE projection = $1 AND position = $2 AND status = 'failed'`,
      [name, position],
    );
    outcomes.push({ projection: name, ok: true, requested: true });
  }
  for (const name of names.filter((n) => !isTriggerFailure(n))) {
    const target = PROJECTIONS.find((p) => p.name === name);
    if (target === undefined) throw new NoProjectionFailureError(position, name);
    try {
      await withTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [projectionLockKey(name)]);
        const { rows } = await client.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position = $1`, [
          position,
        ]);
        if (rows[0] === undefined) throw new NoProjectionFailureError(position, name);
        await target.apply(client, [toRecordedEvent(rows[0])]);
        await client.query(
          `UPDATE projection_failures SET status = 'replayed', resolved_at = now() WHERE projection = $1 AND position = $2`,
          [name, position],
        );
      });
      outcomes.push({ projection: name, ok: true });
    } catch (err) {
      if (err instanceof NoProjectionFailureError) throw err;
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
      await pool.query(
        `UPDATE projection_failures SET error = $3, attempts = attempts + 1, failed_at = now()
         WHERE projection = $1 AND position = $2`,
        [name, position, error],
      );
      outcomes.push({ projection: name, ok: false, error });
    }
  }
  return outcomes;
}
