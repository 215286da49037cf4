import type pg from 'pg';
import { EVENT_COLUMNS, type EventRow } from './event-store';

/** Where a reader of the log (a projection or a subscription) has got to: the last (transaction id, position) it read. */
export interface Checkpoint {
  readonly transactionId: string;
  readonly position: string;
}

/** An event row with the id of the transaction that wrote it. */
export type EventRowWithTx = EventRow & { transaction_id: string };

/** One batch read after a checkpoint, and the checkpoint that follows it. */
export interface SettledBatch {
  readonly rows: readonly EventRowWithTx[];
  /** The checkpoint after this batch (past other types' events too when the batch is the last); none: nothing new. */
  readonly next: Checkpoint | undefined;
  /** A full batch: more may follow. */
  readonly more: boolean;
}

/** Where a checkpoint created by {@link readSettledBatch} starts: the first event, or the end of the log at that moment. */
export type CheckpointStart = 'beginning' | 'end';

/**
 * Reads, on `client` (inside the caller's transaction), the next `batchSize` events of `eventTypes` after the checkpoint
 * `name` (created at `start` when missing). Reads only transactions older than the oldest one still running, in
 * (transaction id, position) order, so that an event committed late with a lower position is never skipped.
 */
export async function readSettledBatch(
  client: pg.PoolClient,
  name: string,
  eventTypes: readonly string[],
  batchSize: number,
  start: CheckpointStart = 'beginning',
): Promise<SettledBatch> {
  const { rows: snap } = await client.query<{ xmin: string }>(
    'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
  );
  const xmin = snap[0]!.xmin;
  const readCheckpoint = async (): Promise<Checkpoint | undefined> =>
    (
      await client.query<Checkpoint>(
        'SELECT transaction_id::text AS "transactionId", position::text AS position FROM projection_checkpoints WHERE name = $1',
        [name],
      )
    ).rows[0];
  let from = await readCheckpoint();
  if (from === undefined) {
    // Written once: a run that finds its checkpoint writes nothing before it advances it.
    await client.query(
      start === 'beginning'
        ? 'INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING'
        : // At the last settled event: what is committed later is read, the history is not.
          `INSERT INTO projection_checkpoints (name, transaction_id, position)
           SELECT $1, coalesce(head.transaction_id, '0'::xid8), coalesce(head.position, 0)
           FROM (SELECT 1) AS one LEFT JOIN LATERAL (
             SELECT events.transaction_id, events.position FROM events WHERE events.transaction_id < $2::xid8
             ORDER BY events.transaction_id DESC, events.position DESC LIMIT 1) AS head ON true
           ON CONFLICT (name) DO NOTHING`,
      start === 'beginning' ? [name] : [name, xmin],
    );
    from = (await readCheckpoint())!;
  }
  // ORDER BY names the table's columns: a bare name would sort by the text aliases ('999' > '2070').
  const { rows } = await client.query<EventRowWithTx>(
    `SELECT ${EVENT_COLUMNS}, transaction_id::text AS transaction_id FROM events
     WHERE (transaction_id, position) > ($1::xid8, $2::bigint) AND transaction_id < $3::xid8 AND type = ANY($4::text[])
     ORDER BY events.transaction_id, events.position LIMIT $5`,
    [from.transactionId, from.position, xmin, eventTypes, batchSize],
  );
  const more = rows.length === batchSize;
  if (more) {
    const last = rows[rows.length - 1]!;
    return { rows, next: { transactionId: last.transaction_id, position: last.position }, more };
  }
  // Nothing left of our types in the settled range: skip past the other types' events too.
  const { rows: tail } = await client.query<Checkpoint>(
    `SELECT transaction_id::text AS "transactionId", position::text AS position FROM events
     WHERE transaction_id < $1::xid8 AND (transaction_id, position) > ($2::xid8, $3::bigint)
     ORDER BY events.transaction_id DESC, events.position DESC LIMIT 1`,
    [xmin, from.transactionId, from.position],
  );
  return { rows, next: tail[0], more };
}

/** Moves the checkpoint `name` to `next` (in the caller's transaction, with the work the batch did). */
export async function advanceCheckpoint(
  client: pg.PoolClient,
  name: string,
  next: Checkpoint | undefined,
  applied: number,
): Promise<void> {
  if (next === undefined) return;
  await client.query(
    `UPDATE projection_checkpoints SET transaction_id = $2::xid8, position = $3::bigint, events_applied = events_applied + $4
     WHERE name = $1`,
    [name, next.transactionId, next.position, applied],
  );
}
