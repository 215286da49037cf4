import type { EachBatchHandler, Kafka } from 'kafkajs';
import type { SupervisedConsumer } from './supervised-consumer';
import { superviseConsumer } from './supervised-consumer';

/** How the ingest consumer group is run. */
export interface IngestGroupOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly fromBeginning: boolean;
  /** Partitions processed in parallel. */
  readonly partitionsConsumedConcurrently: number;
  readonly eachBatch: EachBatchHandler;
  /** Called on every group join with the member's partitions per topic and the restarts so far. */
  readonly onJoin: (assignment: Readonly<Record<string, readonly number[] | undefined>>, restarts: number) => void;
  readonly log: (line: string) => void;
  readonly maxRestarts: number;
  readonly onGiveUp: (error: Error) => void;
}

/**
 * The group's consumer, recreated after every crash. Batches are resolved by hand (`eachBatchAutoResolve: false`) and
 * committed after each: the offsets only move once the batch is stored.
 */
export function superviseIngestGroup(options: IngestGroupOptions): SupervisedConsumer {
  const supervisor: SupervisedConsumer = superviseConsumer({
    log: options.log,
    maxRestarts: options.maxRestarts,
    onGiveUp: options.onGiveUp,
    kafka: options.kafka,
    consumer: { groupId: options.groupId, retry: { retries: 5 } },
    run: async (c) => {
      c.on(c.events.GROUP_JOIN, (event) => options.onJoin(event.payload.memberAssignment, supervisor.restarts));
      await c.connect();
      await c.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning });
      // Partitions are independent (keys keep a symbol on one), so their transactions may run side by side.
      await c.run({
        eachBatchAutoResolve: false,
        autoCommitThreshold: 1,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
        eachBatch: options.eachBatch,
      });
    },
  });
  return supervisor;
}
