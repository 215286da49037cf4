import type { Client } from '@temporalio/client';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { createIngestConsumer } from '@newswindow/ingest';
import type { IngestConsumer } from '@newswindow/ingest';
import { createEventStore } from '@newswindow/store';
import { createEventWindowHooks, createNewsTagging, createTriggerConsumer } from '@newswindow/worker';
import type { ActivityDeps } from '@newswindow/worker';
import { uniqueName } from './unique-name';

/** The services {@link startNewsPipeline} connects to: Kafka and the suite's database (for the ingest consumer). */
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
  /** Prefix of the two consumer groups (`<prefix>-ingest_…`, `<prefix>-trigger_…`), each made unique. */
  readonly groupPrefix: string;
}

/** What the trigger did with one stored story: the study workflows it started or signalled. */
export interface TriggeredNews {
  readonly newsId: string;
  readonly workflowIds: string[];
}

/** The ingest and trigger consumers of a suite, with a record of every story the trigger handled. */
export interface NewsPipeline {
  readonly ingest: IngestConsumer;
  /** In the order the trigger handled the stories; redeliveries appear again. */
  readonly triggered: readonly TriggeredNews[];
  /** Every workflow id the trigger started or signalled, once each. */
  startedWorkflowIds(): string[];
  /** Stops the trigger, then the ingest consumer. */
  stop(): Promise<void>;
}

/**
 * Starts the live path of the worker process on the suite's topics, from the beginning: the ingest consumer into
 * the event store and the trigger consumer with the event-window hooks (studies without a minimum wait).
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
  const hooks = createEventWindowHooks({
    client: options.client,
    taskQueue: options.taskQueue,
    reference: deps.reference,
    waits: deps.waits,
    priceCache: deps.priceCache,
    tagging: createNewsTagging(deps),
    workflowIdPrefix: options.workflowIdPrefix,
    studyOptions: { minWaitMs: 0 },
  });
  const trigger = createTriggerConsumer({
    kafka: stack.kafka,
    groupId: uniqueName(`${options.groupPrefix}-trigger`),
    newsTopic: options.topics.news,
    barsTopic: options.topics.bars,
    hooks: {
      onNewsAppended: async (news) => {
        const workflowIds = await hooks.onNewsAppended(news);
        triggered.push({ newsId: news.id, workflowIds });
        return workflowIds;
      },
      onBarAppended: (bar) => hooks.onBarAppended(bar),
    },
    fromBeginning: true,
  });
  try {
    await trigger.start();
  } catch (err) {
    await ingest.stop().catch(() => undefined);
    throw err;
  }
  return {
    ingest,
    triggered,
    startedWorkflowIds: () => [...new Set(triggered.flatMap((t) => t.workflowIds))],
    stop: async () => {
      await trigger.stop().catch(() => undefined);
      await ingest.stop().catch(() => undefined);
    },
  };
}
