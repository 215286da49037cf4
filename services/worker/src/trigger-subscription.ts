import type { Pool } from 'pg';
import { runSubscription, storedNews, type CheckpointStart, type RecordedEvent } from '@newswindow/store';
import type { BarCorrection } from '@newswindow/workflows';
import type { EventWindowHooks } from './hooks';
import type { StoredNews } from './ports';
import { createPollingLoop } from './projection-loop';

/** Options of {@link createTriggerSubscription}. */
export interface TriggerSubscriptionOptions {
  readonly pool: Pool;
  /** The subscription's checkpoint name: one per deployment (or test), shared by the worker processes of it. */
  readonly name: string;
  readonly hooks: EventWindowHooks;
  /** Where a new checkpoint starts (default `end`: history is a backfill's job). */
  readonly start?: CheckpointStart;
  /** Stories of unrelated events handed to Temporal at once (default {@link DEFAULT_TRIGGER_CONCURRENCY}). */
  readonly concurrency?: number;
  /** Pause between two reads of the log when it had nothing new (default 100 ms); after a round with news, none. */
  readonly intervalMs?: number;
  readonly log?: (line: string) => void;
}

/** What a status probe sees of the trigger subscription. */
export interface TriggerSubscriptionStatus {
  /** `running` once a round read the log; `failing` while rounds fail (the checkpoint stays, the batch is retried). */
  readonly state: 'starting' | 'running' | 'failing' | 'stopped';
  readonly lastError?: string;
}

/** Stories handed to Temporal at once by default (signal-with-start is a round trip: one at a time caps intake). */
export const DEFAULT_TRIGGER_CONCURRENCY = 64;

/**
 * Groups a batch's stories into lanes: stories that share an event (per `eventKeysOf`) are in one lane, in log order;
 * lanes share nothing. Without `eventKeysOf` there is one lane.
 */
export function storyLanes<T>(
  stories: readonly T[],
  eventKeysOf: ((story: T) => readonly string[]) | undefined,
): T[][] {
  if (eventKeysOf === undefined) return stories.length === 0 ? [] : [[...stories]];
  // Union-find over the stories, joined through each event key's first story.
  const parent = stories.map((_s, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const firstWithKey = new Map<string, number>();
  stories.forEach((story, i) => {
    for (const key of eventKeysOf(story)) {
      const j = firstWithKey.get(key);
      if (j === undefined) firstWithKey.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const lanes = new Map<number, T[]>();
  stories.forEach((story, i) => {
    const root = find(i);
    const lane = lanes.get(root) ?? [];
    lane.push(story);
    lanes.set(root, lane);
  });
  return [...lanes.values()];
}

/**
 * Calls the hooks for one batch of stored events: the stories lane by lane (see {@link storyLanes}; up to
 * `concurrency` lanes at once, each in log order), then one wake-up per symbol. The subscription moves its checkpoint
 * only after the whole batch, so a failure anywhere delivers the batch again (the hooks are idempotent).
 */
export async function triggerEvents(
  events: readonly RecordedEvent[],
  hooks: EventWindowHooks,
  concurrency = DEFAULT_TRIGGER_CONCURRENCY,
): Promise<string[]> {
  const lines: string[] = [];
  const latestBar = new Map<string, string>();
  const stories: StoredNews[] = [];
  const corrections: BarCorrection[] = [];
  for (const event of events) {
    if (event.type === 'NewsPublished') {
      stories.push(storedNews(event.data));
    } else if (event.type === 'PriceBarClosed' || event.type === 'PriceBarCorrected') {
      // One wake-up per symbol and batch: the latest session covers the earlier ones. A correction wakes too: the
      // hook drops the symbol's cached closes, so no study reads the replaced revision from the cache.
      const seen = latestBar.get(event.data.symbol);
      if (seen === undefined || seen < event.data.sessionDate) latestBar.set(event.data.symbol, event.data.sessionDate);
      if (event.type === 'PriceBarCorrected') {
        const { symbol, sessionDate, revision } = event.data;
        corrections.push({ symbol, sessionDate, revision });
      }
    }
  }
  const lanes = storyLanes(stories, hooks.eventKeysOf?.bind(hooks));
  let next = 0;
  const runLanes = async (): Promise<void> => {
    for (let lane = lanes[next++]; lane !== undefined; lane = lanes[next++])
      for (const story of lane) await hooks.onNewsAppended(story);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, lanes.length)) }, runLanes));
  // Bars close together (a whole market at 16:00): wake their waiters concurrently, not one symbol after another.
  await Promise.all(
    [...latestBar].map(async ([symbol, sessionDate]) => {
      const n = await hooks.onBarAppended({ symbol, sessionDate });
      if (n > 0) lines.push(`bar ${symbol}@${sessionDate} woke ${n} workflow(s)`);
    }),
  );
  // After the wake-ups (the symbols' cached closes are dropped): the studies that read a replaced revision, again.
  if (hooks.onBarCorrected !== undefined)
    for (const c of corrections) lines.push(`recompute ${await hooks.onBarCorrected(c)}`);
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
        const r = await runSubscription(options.pool, {
          name: options.name,
          eventTypes: ['NewsPublished', 'PriceBarClosed', 'PriceBarCorrected'],
          start: options.start ?? 'end',
          handle: async (events) => {
            for (const line of await triggerEvents(events, options.hooks, options.concurrency)) log(line);
          },
        });
        state = 'running';
        // A market close arrives as several transactions of `consume`, committed while this round signalled the
        // first: read again at once rather than after the idle pause (`intervalMs` applies only to a round with nothing new).
        if (r.handled > 0) loop.poke();
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
