import type { Pool } from 'pg';
import { runSubscription, type CheckpointStart, type RecordedEvent } from '@newswindow/store';
import type { EventWindowHooks } from './hooks';
import { createPollingLoop } from './projection-loop';

/** Options of {@link createTriggerSubscription}. */
export interface TriggerSubscriptionOptions {
  readonly pool: Pool;
  /** The subscription's checkpoint name: one per deployment (or test), shared by the worker processes of it. */
  readonly name: string;
  readonly hooks: EventWindowHooks;
  /** Where a new checkpoint starts (default `end`: history is a backfill's job). */
  readonly start?: CheckpointStart;
  /** Pause between two reads of the log when it had nothing new (default 100 ms). */
  readonly intervalMs?: number;
  readonly log?: (line: string) => void;
}

/** What a status probe sees of the trigger subscription. */
export interface TriggerSubscriptionStatus {
  /** `running` once a round read the log; `failing` while rounds fail (the checkpoint stays, the batch is retried). */
  readonly state: 'starting' | 'running' | 'failing' | 'stopped';
  readonly lastError?: string;
}

/** Calls the hooks for one batch of stored events: each story in log order, then one wake-up per symbol. */
export async function triggerEvents(events: readonly RecordedEvent[], hooks: EventWindowHooks): Promise<string[]> {
  const lines: string[] = [];
  const latestBar = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'NewsPublished') {
      const d = event.data;
      await hooks.onNewsAppended({
        id: d.id,
        source: d.source,
        publishedAt: d.publishedAt,
        ...(d.headline === undefined ? {} : { headline: d.headline }),
        ...(d.body === undefined ? {} : { body: d.body }),
        ...(d.summary === undefined ? {} : { summary: d.summary }),
        ...(d.tickers === undefined ? {} : { tickers: d.tickers }),
      });
    } else if (event.type === 'PriceBarClosed') {
      // One wake-up per symbol and batch: the latest session covers the earlier ones.
      const seen = latestBar.get(event.data.symbol);
      if (seen === undefined || seen < event.data.sessionDate) latestBar.set(event.data.symbol, event.data.sessionDate);
    }
  }
  // Bars close together (a whole market at 16:00): wake their waiters concurrently, not one symbol after another.
  await Promise.all(
    [...latestBar].map(async ([symbol, sessionDate]) => {
      const n = await hooks.onBarAppended({ symbol, sessionDate });
      if (n > 0) lines.push(`bar ${symbol}@${sessionDate} woke ${n} workflow(s)`);
    }),
  );
  return lines;
}

/**
 * Starts and wakes study workflows from the event store: a subscription by global position with its own checkpoint
 * (`@newswindow/store`'s `runSubscription`), so a workflow only ever hears of a story or a bar that is durable and
 * readable, in log order. A batch whose hooks fail is delivered again (the hooks are idempotent).
 */
export function createTriggerSubscription(options: TriggerSubscriptionOptions): {
  start(): void;
  stop(): Promise<void>;
  status(): TriggerSubscriptionStatus;
} {
  const log = options.log ?? (() => undefined);
  let state: TriggerSubscriptionStatus['state'] = 'stopped';
  let lastError: string | undefined;
  const loop = createPollingLoop({
    label: 'trigger subscription',
    intervalMs: options.intervalMs ?? 100,
    log,
    round: async () => {
      try {
        await runSubscription(options.pool, {
          name: options.name,
          eventTypes: ['NewsPublished', 'PriceBarClosed'],
          start: options.start ?? 'end',
          handle: async (events) => {
            for (const line of await triggerEvents(events, options.hooks)) log(line);
          },
        });
        state = 'running';
      } catch (err) {
        state = 'failing';
        lastError = err instanceof Error ? err.message : String(err);
        throw err;
      }
    },
  });
  return {
    start() {
      if (state === 'stopped') state = 'starting';
      loop.start();
    },
    async stop() {
      await loop.stop();
      state = 'stopped';
    },
    status: () => ({ state, ...(lastError === undefined ? {} : { lastError }) }),
  };
}
