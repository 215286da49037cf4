import type { KafkaMessage } from 'kafkajs';
import type { AppendIdempotentResult, EventStore, IdempotentEvent, InboxRecord } from '@newswindow/store';
import { isDataRejection } from '@newswindow/store';
import type { SendToDlq } from './dead-letter-sender';

/** A message that passed every check and the event it is stored as. */
export interface ValidMessage {
  readonly event: IdempotentEvent;
  readonly message: KafkaMessage;
}

/** What the append stored, and the events Postgres refused (dead-lettered instead). */
export interface InboxAppendResult {
  readonly result: AppendIdempotentResult;
  readonly refused: ReadonlySet<IdempotentEvent>;
}

/** Appends one partition's valid messages with the batch's offsets in the inbox. */
export type AppendBatch = (
  topic: string,
  partition: number,
  valid: readonly ValidMessage[],
  inbox: InboxRecord,
) => Promise<InboxAppendResult>;

/** What the inbox append needs. */
export interface InboxAppendDeps {
  readonly store: Pick<EventStore, 'appendIdempotent'>;
  /** Attempts to store an event Postgres refuses as data before it is dead-lettered. */
  readonly maxStoreAttempts: number;
  readonly sendToDlq: SendToDlq;
}

/**
 * Appends the batch in one transaction; when Postgres refuses the data, appends its events one by one (each with its
 * offset in the inbox) so that only the events it refuses, after `maxStoreAttempts` tries, are dead-lettered.
 */
export function createInboxAppend(deps: InboxAppendDeps): AppendBatch {
  return async (topic, partition, valid, inbox) => {
    try {
      return {
        result: await deps.store.appendIdempotent(
          valid.map((v) => v.event),
          { inbox },
        ),
        refused: new Set(),
      };
    } catch (err) {
      if (!isDataRejection(err)) throw err;
    }
    const outcome = await appendOneByOne(deps, topic, partition, valid, inbox);
    // The batch's last offset, also when its last events were refused.
    await deps.store.appendIdempotent([], { inbox });
    return outcome;
  };
}

async function appendOneByOne(
  deps: InboxAppendDeps,
  topic: string,
  partition: number,
  valid: readonly ValidMessage[],
  inbox: InboxRecord,
): Promise<InboxAppendResult> {
  const refused = new Set<IdempotentEvent>();
  const result = { appended: 0, duplicates: 0, duplicateKeys: [] as string[], positions: [] as number[] };
  for (const { event, message } of valid) {
    const single: InboxRecord = { ...inbox, offsets: [{ topic, partition, offset: message.offset }] };
    for (let attempt = 1; ; attempt += 1) {
      try {
        const r = await deps.store.appendIdempotent([event], { inbox: single });
        result.appended += r.appended;
        result.duplicates += r.duplicates;
        result.duplicateKeys.push(...r.duplicateKeys);
        result.positions.push(...r.positions);
        break;
      } catch (err) {
        if (!isDataRejection(err)) throw err;
        if (attempt >= deps.maxStoreAttempts) {
          refused.add(event);
          const reason = `the store refused the event after ${attempt} attempt(s): ${err instanceof Error ? err.message : String(err)}`;
          await deps.sendToDlq(topic, partition, [{ message, reason }]);
          break;
        }
      }
    }
  }
  return { result, refused };
}
