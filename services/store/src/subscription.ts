import type { NewswindowEventType } from '@newswindow/schemas';
import type pg from 'pg';
import { toRecordedEvent, type RecordedEvent } from './event-store';
import { advanceCheckpoint, readSettledBatch, type CheckpointStart } from './log-cursor';
import { withTransaction } from './transaction';

/** A reader of the log outside the database (a Temporal trigger): events in log order, with its own checkpoint. */
export interface Subscription {
  /** Its checkpoint's name (stored as `subscription:<name>` beside the projections' checkpoints). */
  readonly name: string;
  readonly eventTypes: readonly NewswindowEventType[];
  /** Where a new checkpoint starts: the end of the log (default: history is a backfill's job) or its beginning. */
  readonly start?: CheckpointStart;
  /** Events per call of `handle` (default 500). */
  readonly batchSize?: number;
  /**
   * Acts on a batch of events, in log order. When it throws, the checkpoint stays and the batch is delivered again by
   * the next run (at least once): make it idempotent.
   */
  readonly handle: (events: readonly RecordedEvent[]) => Promise<void>;
}

/** What one {@link runSubscription} call did. */
export interface SubscriptionRun {
  readonly handled: number;
  /** Another process holds the subscription: this call did nothing. */
  readonly busy: boolean;
}

/** The checkpoint and advisory-lock name of a subscription. */
export const subscriptionCheckpointName = (name: string): string => `subscription:${name}`;

/**
 * Delivers every event committed (and settled) since the subscription's checkpoint to its handler, batch by batch, and
 * moves the checkpoint after each batch the handler accepted. Only durable facts reach the handler, in the order of
 * the log, each after every event committed before it. One process at a time runs a subscription (advisory lock); a
 * call while another process holds it returns `busy`.
 */
export async function runSubscription(pool: pg.Pool, subscription: Subscription): Promise<SubscriptionRun> {
  const name = subscriptionCheckpointName(subscription.name);
  const batchSize = subscription.batchSize ?? 500;
  let handled = 0;
  for (;;) {
    const step = await withTransaction(pool, async (client) => {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [`newswindow.${name}`],
      );
      if (rows[0]?.locked !== true) return { handled: 0, more: false, busy: true };
      // The transaction only reads until the checkpoint moves: no transaction id holds back other readers meanwhile.
      const batch = await readSettledBatch(
        client,
        name,
        subscription.eventTypes,
        batchSize,
        subscription.start ?? 'end',
      );
      if (batch.rows.length > 0) await subscription.handle(batch.rows.map(toRecordedEvent));
      await advanceCheckpoint(client, name, batch.next, batch.rows.length);
      return { handled: batch.rows.length, more: batch.more, busy: false };
    });
    handled += step.handled;
    if (step.busy) return { handled, busy: true };
    if (!step.more) return { handled, busy: false };
  }
}
