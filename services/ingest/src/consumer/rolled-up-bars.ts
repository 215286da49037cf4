import type { Producer } from 'kafkajs';
import type { PriceBarClosedData } from '@newswindow/schemas';
import type { EventStore, IdempotentEvent } from '@newswindow/store';
import { encodeEvent } from '../producer/ingest-kinds';
import { storeAddressOf } from './store-address';

/** Stores bars rolled up from ticks (and publishes the new ones). */
export type StoreRolledUpBars = (bars: readonly PriceBarClosedData[]) => Promise<void>;

/** What storing rolled-up bars needs. */
export interface RolledUpBarsDeps {
  readonly store: Pick<EventStore, 'appendIdempotent'>;
  /** Where bars new to the store are also published; omit to only store them. */
  readonly rolledUpBarsTopic?: string;
  readonly producer: () => Producer | undefined;
  readonly log: (line: string) => void;
  /** Called with the number of bars the store appended (not duplicates). */
  readonly onAppended: (count: number) => void;
}

/** Appends rolled-up bars idempotently (one event per listing and session) and publishes those new to the store. */
export function createRolledUpBarStore(deps: RolledUpBarsDeps): StoreRolledUpBars {
  return async (bars) => {
    if (bars.length === 0) return;
    const events = bars.map((data): IdempotentEvent => {
      const event = { type: 'PriceBarClosed', data, metadata: { rolledUpFrom: 'ticks' } } as const;
      return { ...event, ...storeAddressOf(event) };
    });
    const result = await deps.store.appendIdempotent(events);
    deps.onAppended(result.appended);
    // Only bars new to the store are published: a bar stored before (redelivery, recovery) was published then.
    const stored = new Set(result.duplicateKeys);
    const fresh = bars.filter((_bar, i) => !stored.has(events[i]!.idempotencyKey));
    const producer = deps.producer();
    if (deps.rolledUpBarsTopic !== undefined && producer !== undefined && fresh.length > 0)
      await producer.sendBatch({
        topicMessages: [
          {
            topic: deps.rolledUpBarsTopic,
            messages: fresh.map((data) => ({ key: data.symbol, value: encodeEvent({ type: 'PriceBarClosed', data }) })),
          },
        ],
        acks: -1,
      });
    deps.log(
      `rolled up ${bars.length} bar(s) from ticks (${result.appended} new): ${bars.map((b) => `${b.symbol} ${b.sessionDate}`).join(', ')}`,
    );
  };
}
