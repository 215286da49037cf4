import type { Pool } from 'pg';
import {
  markTriggerReplayed,
  recordTriggerFailure,
  requestedTriggerReplays,
  runSubscription,
  storedNews,
  type CheckpointStart,
  type RecordedEvent,
} from '@newswindow/store';
import type { BarCorrection } from '@newswindow/workflows';
import type { EventWindowHooks } from './hooks';
import { isPermanentHandOffError } from './hand-off-errors';
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
  /**
   * Deliveries of a story whose hand-off fails with a permanent error (see `isPermanentHandOffError`) before it is
   * recorded in projection_failures and skipped (default {@link DEFAULT_TRIGGER_MAX_ATTEMPTS}). Transient errors are
   * retried without end.
   */
  readonly maxAttempts?: number;
  readonly log?: (line: string) => void;
}

/** Deliveries of a story that fails permanently before the trigger records and skips it, by default. */
export const DEFAULT_TRIGGER_MAX_ATTEMPTS = 5;

/** Decides about a story whose hand-off failed: `true` skips it (it was recorded), `false` fails the batch. */
export type StoryErrorHandler = (event: RecordedEvent, err: unknown) => Promise<boolean>;

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
  onStoryError: StoryErrorHandler = () => Promise.resolve(false),
): Promise<string[]> {
  const lines: string[] = [];
  const latestBar = new Map<string, string>();
  const stories: { readonly event: RecordedEvent; readonly news: StoredNews }[] = [];
  const corrections: BarCorrection[] = [];
  for (const event of events) {
    if (event.type === 'NewsPublished') {
      stories.push({ event, news: storedNews(event.data) });
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
  const eventKeysOf = hooks.eventKeysOf?.bind(hooks);
  const lanes = storyLanes(stories, eventKeysOf && ((s) => eventKeysOf(s.news)));
  let next = 0;
  const handOff = async ({ event, news }: (typeof stories)[number]): Promise<void> => {
    try {
      await hooks.onNewsAppended(news);
    } catch (err) {
      if (!(await onStoryError(event, err))) throw err;
    }
  };
  const runLanes = async (): Promise<void> => {
    for (let lane = lanes[next++]; lane !== undefined; lane = lanes[next++])
      for (const story of lane) await handOff(story);
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

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Records a story the trigger gave up on (or whose replay failed again) as an open failure of this subscription. */
const recordFailure = (
  options: TriggerSubscriptionOptions,
  { position, type: eventType, streamId }: RecordedEvent,
  err: unknown,
  attempts: number,
): Promise<void> =>
  recordTriggerFailure(options.pool, {
    subscription: options.name,
    position,
    eventType,
    streamId,
    error: messageOf(err),
    attempts,
  });

/**
 * Counts the deliveries of each story that failed permanently; at `maxAttempts` records it in projection_failures
 * (with its position, type, stream and error), warns once, and lets the batch go on without it. The counts live in
 * this process: a restart gives a story its attempts again, which only delays the record.
 */
function permanentFailureHandler(options: TriggerSubscriptionOptions, log: (line: string) => void): StoryErrorHandler {
  const attempts = new Map<number, number>();
  const maxAttempts = options.maxAttempts ?? DEFAULT_TRIGGER_MAX_ATTEMPTS;
  return async (event, err) => {
    if (!isPermanentHandOffError(err)) return false;
    const n = (attempts.get(event.position) ?? 0) + 1;
    attempts.set(event.position, n);
    if (attempts.size > 10_000) attempts.delete(attempts.keys().next().value!);
    if (n < maxAttempts) return false;
    attempts.delete(event.position);
    const { position, type: eventType, streamId } = event;
    await recordFailure(options, event, err, n);
    log(
      `ALERT trigger ${options.name} could not hand position ${position} (${eventType} ${JSON.stringify(streamId)}) to Temporal after ${n} attempts: ${JSON.stringify(messageOf(err))}; recorded and skipped, see \`newswindow db projections failures\``,
    );
    return true;
  };
}

/**
 * Hands over again the stories whose replay `newswindow db projections replay` requested: a success marks the
 * failure replayed, a permanent error records it again (open), a transient one fails the round (asked again next).
 */
async function replayRequested(options: TriggerSubscriptionOptions, log: (line: string) => void): Promise<void> {
  for (const event of await requestedTriggerReplays(options.pool, options.name)) {
    if (event.type !== 'NewsPublished') continue;
    try {
      await options.hooks.onNewsAppended(storedNews(event.data));
    } catch (err) {
      if (!isPermanentHandOffError(err)) throw err;
      await recordFailure(options, event, err, 1);
      log(
        `trigger ${options.name}: replay of position ${event.position} failed again: ${JSON.stringify(messageOf(err))}`,
      );
      continue;
    }
    await markTriggerReplayed(options.pool, options.name, event.position);
    log(`trigger ${options.name}: replayed position ${event.position}`);
  }
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
  const onStoryError = permanentFailureHandler(options, log);
  const loop = createPollingLoop({
    label: 'trigger subscription',
    intervalMs: options.intervalMs ?? 100,
    log,
    round: async () => {
      try {
        await replayRequested(options, log);
        const r = await runSubscription(options.pool, {
          name: options.name,
          eventTypes: ['NewsPublished', 'PriceBarClosed', 'PriceBarCorrected'],
          start: options.start ?? 'end',
          handle: async (events) => {
            for (const line of await triggerEvents(events, options.hooks, options.concurrency, onStoryError)) log(line);
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
