import type { Client } from '@temporalio/client';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { createIngestConsumer } from '@newswindow/ingest';
import type { IngestConsumer } from '@newswindow/ingest';
import { createEventStore, subscriptionCheckpointName } from '@newswindow/store';
import { createTriggerSubscription, eventWindowHooks } from '@newswindow/worker';
import type { ActivityDeps, EventWindowHooks } from '@newswindow/worker';
import { uniqueName, waitFor } from '@newswindow/testkit';

/** The services {@link startNewsPipeline} connects to: Kafka and the suite's database (event store, subscription). */
export interface NewsPipelineStack {
  readonly kafka: Kafka;
  readonly pool: Pool;
}

/** Options of {@link startNewsPipeline}. */
export interface NewsPipelineOptions {
  /** Client the trigger starts and signals study workflows with. */
  readonly client: Client;
  readonly taskQueue: string;
  /** The worker's activity dependencies (reference data, bar waits, price cache, tagging). */
  readonly deps: ActivityDeps;
  /** Prefix of the study workflow ids, unique to the suite. */
  readonly workflowIdPrefix: string;
  readonly topics: { readonly news: string; readonly bars: string };
  /** Prefix of the ingest consumer group and of the trigger subscription (`<prefix>-ingest_…`, `<prefix>-trigger_…`). */
  readonly groupPrefix: string;
}

/** What the trigger did with one stored story: the study workflows it started or signalled. */
export interface TriggeredNews {
  readonly newsId: string;
  readonly workflowIds: string[];
}

/** The ingest consumer and the trigger subscription of a suite, with a record of every story the trigger handled. */
export interface NewsPipeline {
  readonly ingest: IngestConsumer;
  /** In the order the trigger handled the stories (log order). */
  readonly triggered: readonly TriggeredNews[];
  /** The hooks the subscription calls (a test calls them again to play a batch the subscription delivers twice). */
  readonly hooks: EventWindowHooks;
  /** Resolves once the subscription has handled every event committed before the call. */
  triggerCaughtUp(): Promise<void>;
  /** Every workflow id the trigger started or signalled, once each (study and correction recompute workflows). */
  startedWorkflowIds(): string[];
  /** Stops the trigger, then the ingest consumer. */
  stop(): Promise<void>;
}

/**
 * Starts the live path on the suite's topics and database: the ingest consumer (Kafka → event store, from the topics'
 * beginning) and the worker's trigger subscription (event store → event-window hooks, from the log's beginning;
 * studies without a minimum wait).
 */
export async function startNewsPipeline(stack: NewsPipelineStack, options: NewsPipelineOptions): Promise<NewsPipeline> {
  const { deps } = options;
  const ingest = createIngestConsumer({
    kafka: stack.kafka,
    groupId: uniqueName(`${options.groupPrefix}-ingest`),
    topics: { news: options.topics.news, bars: options.topics.bars },
    store: createEventStore(stack.pool),
    fromBeginning: true,
  });
  await ingest.start();

  const triggered: TriggeredNews[] = [];
  const corrections: string[] = [];
  const hooks = eventWindowHooks(deps, {
    client: options.client,
    taskQueue: options.taskQueue,
    workflowIdPrefix: options.workflowIdPrefix,
    studyOptions: { minWaitMs: 0 },
  });
  const counted: EventWindowHooks = {
    onNewsAppended: async (news) => {
      const workflowIds = await hooks.onNewsAppended(news);
      triggered.push({ newsId: news.id, workflowIds });
      return workflowIds;
    },
    onBarAppended: (bar) => hooks.onBarAppended(bar),
    onBarCorrected: async (correction) => {
      const workflowId = await hooks.onBarCorrected!(correction);
      corrections.push(workflowId);
      return workflowId;
    },
  };
  const name = uniqueName(`${options.groupPrefix}-trigger`);
  const trigger = createTriggerSubscription({
    pool: stack.pool,
    name,
    hooks: counted,
    start: 'beginning',
    intervalMs: 100,
  });
  trigger.start();
  const triggerCaughtUp = async (): Promise<void> => {
    const head = (
      await stack.pool.query<{ tx: string; position: string }>(
        `SELECT transaction_id::text AS tx, position::text AS position FROM events
         ORDER BY transaction_id DESC, position DESC LIMIT 1`,
      )
    ).rows[0];
    if (head === undefined) return;
    await waitFor(
      async () =>
        (
          await stack.pool.query<{ done: boolean }>(
            `SELECT (transaction_id, position) >= ($2::xid8, $3::bigint) AS done FROM projection_checkpoints
             WHERE name = $1`,
            [subscriptionCheckpointName(name), head.tx, head.position],
          )
        ).rows[0]?.done === true,
      { timeoutMs: 60_000, description: 'the trigger subscription caught up' },
    );
  };
  return {
    ingest,
    triggered,
    hooks: counted,
    triggerCaughtUp,
    startedWorkflowIds: () => [...new Set([...triggered.flatMap((t) => t.workflowIds), ...corrections])],
    stop: async () => {
      await trigger.stop().catch(() => undefined);
      await ingest.stop().catch(() => undefined);
    },
  };
}
