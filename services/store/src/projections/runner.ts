import type pg from 'pg';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from '../event-store';
import { withTransaction } from '../transaction';
import { dailyBarsProjection } from './daily-bars';
import { listingsProjection } from './listings';
import { newsProjection } from './news';
import type { Projection } from './projection';
import { studiesProjection } from './studies';

/** Every projection of the store, in the order the runner feeds them. */
export const PROJECTIONS: readonly Projection[] = [
  listingsProjection,
  dailyBarsProjection,
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
}

/** Events applied per projection by one call. */
export type ProjectionRunResult = Readonly<Record<string, number>>;

interface Checkpoint {
  readonly transactionId: string;
  readonly position: string;
}

const lockKey = (name: string): string => `newswindow.projection.${name}`;

const selectProjections = (only: readonly string[] | undefined): readonly Projection[] => {
  if (only === undefined) return PROJECTIONS;
  const unknown = only.filter((n) => !PROJECTIONS.some((p) => p.name === n));
  if (unknown.length > 0) throw new Error(`unknown projection(s): ${unknown.join(', ')}`);
  return PROJECTIONS.filter((p) => only.includes(p.name));
};

/**
 * Applies the next batch of `projection` on `client` (inside the caller's transaction) and moves its checkpoint.
 * Reads only transactions older than the oldest one still running, in (transaction id, position) order, so that an
 * event committed late with a lower position is never skipped. Returns the number of events applied and whether more
 * may follow.
 */
async function applyNextBatch(
  client: pg.PoolClient,
  projection: Projection,
  batchSize: number,
): Promise<{ applied: number; more: boolean }> {
  const { rows: snap } = await client.query<{ xmin: string }>(
    'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
  );
  const xmin = snap[0]!.xmin;
  await client.query('INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [
    projection.name,
  ]);
  const { rows: cp } = await client.query<Checkpoint>(
    'SELECT transaction_id::text AS "transactionId", position::text AS position FROM projection_checkpoints WHERE name = $1',
    [projection.name],
  );
  const from = cp[0]!;
  // ORDER BY names the table's columns: a bare name would sort by the text aliases ('999' > '2070').
  const { rows } = await client.query<EventRow & { transaction_id: string }>(
    `SELECT ${EVENT_COLUMNS}, transaction_id::text AS transaction_id FROM events
     WHERE (transaction_id, position) > ($1::xid8, $2::bigint) AND transaction_id < $3::xid8 AND type = ANY($4::text[])
     ORDER BY events.transaction_id, events.position LIMIT $5`,
    [from.transactionId, from.position, xmin, projection.eventTypes, batchSize],
  );
  let next: Checkpoint | undefined;
  const more = rows.length === batchSize;
  if (more) {
    const last = rows[rows.length - 1]!;
    next = { transactionId: last.transaction_id, position: last.position };
  } else {
    // Nothing left of our types in the settled range: skip past the other types' events too.
    const { rows: tail } = await client.query<Checkpoint>(
      `SELECT transaction_id::text AS "transactionId", position::text AS position FROM events
       WHERE transaction_id < $1::xid8 AND (transaction_id, position) > ($2::xid8, $3::bigint)
       ORDER BY events.transaction_id DESC, events.position DESC LIMIT 1`,
      [xmin, from.transactionId, from.position],
    );
    next = tail[0];
  }
  if (rows.length > 0) await projection.apply(client, rows.map(toRecordedEvent));
  if (next !== undefined)
    await client.query(
      `UPDATE projection_checkpoints SET transaction_id = $2::xid8, position = $3::bigint, events_applied = events_applied + $4
       WHERE name = $1`,
      [projection.name, next.transactionId, next.position, rows.length],
    );
  return { applied: rows.length, more };
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
        return applyNextBatch(client, projection, batchSize);
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
    const result: Record<string, number> = {};
    for (const p of projections) {
      let applied = 0;
      for (;;) {
        const step = await applyNextBatch(client, p, batchSize);
        applied += step.applied;
        if (!step.more) break;
      }
      result[p.name] = applied;
    }
    return result;
  });
}
