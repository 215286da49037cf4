import type { Kafka } from 'kafkajs';
import { decodeMessage, superviseConsumer, type SupervisedConsumerState } from '@newswindow/ingest';
import { TOPIC_EVENT_TYPES, Topics } from '@newswindow/schemas';
import type { EventWindowHooks } from './hooks';

/** Options of {@link createTriggerConsumer}. */
export interface TriggerConsumerOptions {
  readonly kafka: Kafka;
  /** Its own group: ingestion's consumers store the messages, this one only starts and wakes workflows. */
  readonly groupId: string;
  readonly newsTopic: string;
  readonly barsTopic: string;
  readonly hooks: EventWindowHooks;
  readonly fromBeginning?: boolean;
  readonly log?: (line: string) => void;
  /** First delay before recreating a crashed consumer (default 500 ms, doubling to 30 s). */
  readonly restartDelayMs?: number;
  readonly now?: () => number;
}

/** What a status probe sees of the trigger consumer. */
export interface TriggerConsumerStatus {
  readonly state: SupervisedConsumerState;
  readonly restarts: number;
  readonly lastError?: string;
}

/**
 * Consumes the news and bar topics with a group of its own and calls the event-window hooks for every valid message.
 * Ingestion's consumer (`@newswindow/ingest`) appends the same messages to the store; the activities tolerate the store
 * lagging behind a signal (they retry until the news or the bar is there). Invalid messages are ingestion's to
 * dead-letter; they are skipped here.
 */
export function createTriggerConsumer(options: TriggerConsumerOptions): {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): TriggerConsumerStatus;
} {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => Date.now());
  const types = [...TOPIC_EVENT_TYPES[Topics.newsRaw], ...TOPIC_EVENT_TYPES[Topics.marketBars]];
  // Recreated after a crash kafkajs does not restart (a broker outage): the process must never look healthy with a
  // dead consumer.
  const supervisor = superviseConsumer({
    log,
    ...(options.restartDelayMs === undefined ? {} : { initialDelayMs: options.restartDelayMs }),
    build: () => options.kafka.consumer({ groupId: options.groupId, retry: { retries: 5 } }),
    run: async (consumer) => {
      await consumer.connect();
      await consumer.subscribe({
        topics: [options.newsTopic, options.barsTopic],
        fromBeginning: options.fromBeginning ?? false,
      });
      await consumer.run({
        eachBatchAutoResolve: true,
        eachBatch: async (payload) => {
          const { batch } = payload;
          const latestBar = new Map<string, string>();
          for (const message of batch.messages) {
            // The same checks as ingestion's, so a message it dead-letters never starts a workflow here.
            const decoded = decodeMessage(message.value, types, now());
            if (!decoded.ok) continue;
            const event = decoded.event;
            if (event.type === 'NewsPublished') {
              const d = event.data;
              await options.hooks.onNewsAppended({
                id: d.id,
                source: d.source,
                publishedAt: d.publishedAt,
                ...(d.headline === undefined ? {} : { headline: d.headline }),
                ...(d.body === undefined ? {} : { body: d.body }),
                ...(d.summary === undefined ? {} : { summary: d.summary }),
                ...(d.tickers === undefined ? {} : { tickers: d.tickers }),
              });
              await payload.heartbeat();
            } else if (event.type === 'PriceBarClosed') {
              // One wake-up per symbol and batch: the latest session covers the earlier ones.
              const seen = latestBar.get(event.data.symbol);
              if (seen === undefined || seen < event.data.sessionDate)
                latestBar.set(event.data.symbol, event.data.sessionDate);
            }
          }
          // Bars close together (a whole market at 16:00): wake their waiters concurrently, not one symbol after another.
          await Promise.all(
            [...latestBar].map(async ([symbol, sessionDate]) => {
              const n = await options.hooks.onBarAppended({ symbol, sessionDate });
              if (n > 0) log(`bar ${symbol}@${sessionDate} woke ${n} workflow(s)`);
            }),
          );
        },
      });
    },
  });
  return {
    start: () => supervisor.start(),
    stop: () => supervisor.stop(),
    status: () => ({
      state: supervisor.state,
      restarts: supervisor.restarts,
      ...(supervisor.lastError === undefined ? {} : { lastError: supervisor.lastError }),
    }),
  };
}
