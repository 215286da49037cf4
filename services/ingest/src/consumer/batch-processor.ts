import type { EachBatchPayload } from 'kafkajs';
import type { NewsPublishedData, NewswindowEventType } from '@newswindow/schemas';
import type { BatchChecks } from './batch-events';
import { batchEvents } from './batch-events';
import type { SendToDlq } from './dead-letter-sender';
import type { AppendBatch } from './inbox-append';
import type { IngestLog, IngestStats } from './ingest-stats';
import type { TickRollupKeeper } from './tick-rollup-keeper';

/** What processing a batch needs; every port is injected. */
export interface BatchProcessorDeps {
  readonly groupId: string;
  /** The event types each consumed topic may carry. */
  readonly allowed: ReadonlyMap<string, readonly NewswindowEventType[]>;
  readonly checks: BatchChecks;
  readonly sendToDlq: SendToDlq;
  readonly appendBatch: AppendBatch;
  readonly onNewsAppended: (news: NewsPublishedData) => Promise<void> | void;
  readonly ticks: Pick<TickRollupKeeper, 'add'>;
  readonly stats: IngestStats;
  readonly log: IngestLog;
  readonly now: () => number;
}

/**
 * One partition's batch: dead-letter what cannot be stored (throwing if that fails), append the rest idempotently in
 * one transaction that also records the batch's offsets (inbox), and only then resolve and commit; then announce the
 * stored news and roll the stored ticks up.
 */
export function createBatchProcessor(deps: BatchProcessorDeps): (payload: EachBatchPayload) => Promise<void> {
  const { stats } = deps;
  return async (payload) => {
    const { batch } = payload;
    const types = deps.allowed.get(batch.topic) ?? [];
    const { valid, dead, news, ticks, repeats } = await batchEvents(batch, types, deps.now(), deps.checks);
    await deps.sendToDlq(batch.topic, batch.partition, dead);

    const last = batch.lastOffset();
    const { result, refused } = await deps.appendBatch(batch.topic, batch.partition, valid, {
      consumerGroup: deps.groupId,
      offsets: [{ topic: batch.topic, partition: batch.partition, offset: last }],
    });
    stats.appended += result.appended;
    stats.duplicates += result.duplicates + repeats;
    stats.received += batch.messages.length;
    stats.batches += 1;
    payload.resolveOffset(last);
    await payload.commitOffsetsIfNecessary();
    await payload.heartbeat();

    for (const [event, item] of news) if (!refused.has(event)) await deps.onNewsAppended(item);
    const storedTicks = ticks.filter((t) => !refused.has(t.event));
    if (storedTicks.length > 0) await deps.ticks.add(storedTicks, result.duplicateKeys);
    deps.log(
      `${batch.topic}[${batch.partition}] offsets ${batch.firstOffset() ?? '?'}..${last}: ${batch.messages.length} received, ${result.appended} appended, ${result.duplicates + repeats} duplicate(s), ${dead.length + refused.size} to DLQ`,
    );
  };
}
