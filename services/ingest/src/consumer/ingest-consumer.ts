import type { Kafka, Producer } from 'kafkajs';
import type { NewsPublishedData, NewswindowEventType } from '@newswindow/schemas';
import { TOPIC_EVENT_TYPES, Topics } from '@newswindow/schemas';
import type { EventStore } from '@newswindow/store';
import type { SecurityMaster } from '@newswindow/reference';
import { loadSecurityMaster } from '@newswindow/reference';
import type { SessionCalendars } from '../rollup/session-calendar';
import { loadSessionCalendars } from '../rollup/session-calendar';
import { createBatchProcessor } from './batch-processor';
import { createDeadLetterSender } from './dead-letter-sender';
import { createInboxAppend } from './inbox-append';
import { superviseIngestGroup } from './ingest-group';
import type { IngestLog, IngestStats } from './ingest-stats';
import { newIngestStats } from './ingest-stats';
import { createRolledUpBarStore } from './rolled-up-bars';
import { createTickRollupKeeper } from './tick-rollup-keeper';

export type { IngestLog, IngestStats } from './ingest-stats';

/** Which topic carries which kind of message; omit a kind to not consume it. */
export interface IngestTopics {
  readonly news?: string;
  readonly bars?: string;
  readonly ticks?: string;
}

/** What the consumer needs; everything with I/O is injected. */
export interface IngestConsumerDeps {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: IngestTopics;
  /** The event store (`appendIdempotent`; `readAll` and `readStream` to rebuild open tick sessions on start). */
  readonly store: Pick<EventStore, 'appendIdempotent' | 'readAll' | 'readStream'>;
  /**
   * Exchange session calendars (default: `@newswindow/reference`'s): ticks are placed in their session by them, and
   * ticks on a closed day, outside the session hours or beyond the calendar's horizon go to the DLQ.
   */
  readonly calendars?: SessionCalendars;
  /**
   * The security master bars are checked against (a bar of a symbol the master lists on another market is
   * dead-lettered); default the bundled master of `@newswindow/reference`, loaded when a bars topic is consumed.
   */
  readonly master?: Pick<SecurityMaster, 'listingHistory'>;
  /** Called after news items are durably appended (e.g. to start the study workflow); default no-op. */
  readonly onNewsAppended?: (news: NewsPublishedData) => Promise<void> | void;
  /** Where bars rolled up from ticks are also published (besides the store); omit to only store them. */
  readonly rolledUpBarsTopic?: string;
  readonly log?: IngestLog;
  readonly fromBeginning?: boolean;
  /** Restarts after a crash (`consumer.events.CRASH`) before giving up (default: never give up). */
  readonly maxRestarts?: number;
  /**
   * Attempts to store a message that Postgres rejects as data (SQLSTATE class 22, 23, 54) before it is dead-lettered
   * with the database's reason (default 3). Outages are retried without limit: they are not the message's fault.
   */
  readonly maxStoreAttempts?: number;
  /** A tick session closes when past its close time and idle this long (default 60 s). */
  readonly sessionIdleMs?: number;
  /** Partitions processed in parallel (default 3). */
  readonly partitionsConsumedConcurrently?: number;
  readonly now?: () => number;
}

/** A running set of ingest consumers. */
export interface IngestConsumer {
  start(): Promise<void>;
  /** Stops consuming and disconnects; safe to call twice. */
  stop(): Promise<void>;
  readonly stats: Readonly<IngestStats>;
  /** Resolves when the consumer has first joined its group (assignments received). */
  readonly ready: Promise<void>;
  /** Resolves when the consumer stops for good (stop() or too many crashes; rejects with the last crash then). */
  readonly done: Promise<void>;
}

/** The event types each configured topic may carry; throws when no topic is configured. */
function allowedTypesByTopic(topics: IngestTopics): Map<string, readonly NewswindowEventType[]> {
  const allowed = new Map<string, readonly NewswindowEventType[]>();
  if (topics.news !== undefined) allowed.set(topics.news, TOPIC_EVENT_TYPES[Topics.newsRaw]);
  if (topics.bars !== undefined) allowed.set(topics.bars, TOPIC_EVENT_TYPES[Topics.marketBars]);
  if (topics.ticks !== undefined) allowed.set(topics.ticks, TOPIC_EVENT_TYPES[Topics.marketTicks]);
  if (allowed.size === 0) throw new RangeError('no topic to consume');
  return allowed;
}

/** A promise with its settle functions, for `ready` and `done`. */
function settleable(): { promise: Promise<void>; resolve: () => void; reject: (err: unknown) => void } {
  let resolve: () => void = () => undefined;
  let reject: (err: unknown) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Consumer groups over the news, bars and ticks topics. Each batch: parse and validate every message; send the
 * invalid ones (original bytes, reason, topic/partition/offset in headers) to the topic's DLQ, throwing if that fails;
 * append the valid ones idempotently in one transaction that also records the offsets (inbox); only then resolve
 * and commit. Ticks are placed in their exchange session by the calendar (off-session ones are dead-lettered), stored,
 * and rolled up into bars per session; on every group join the roll-up of the owned tick partitions is rebuilt from
 * the ticks in the store, so a restart mid-session emits the same bar as an uninterrupted run.
 */
export function createIngestConsumer(deps: IngestConsumerDeps): IngestConsumer {
  const log = deps.log ?? (() => undefined);
  const now = deps.now ?? (() => Date.now());
  const stats = newIngestStats();
  const allowed = allowedTypesByTopic(deps.topics);
  const ticksTopic = deps.topics.ticks;
  const calendars = deps.calendars ?? loadSessionCalendars();
  const master = deps.master ?? (deps.topics.bars === undefined ? undefined : loadSecurityMaster());
  let producer: Producer | undefined;
  let stopping = false;
  let stopClosingIdle: (() => void) | undefined;
  const done = settleable();
  const ready = settleable();
  // Callers may never await `done`; keep a crash that gives up from becoming an unhandled rejection.
  done.promise.catch(() => undefined);

  const sendToDlq = createDeadLetterSender({
    groupId: deps.groupId,
    producer: () => producer,
    log,
    onDeadLettered: (n) => (stats.deadLettered += n),
  });
  const ticks = createTickRollupKeeper({
    ticksTopic,
    store: deps.store,
    calendars,
    storeBars: createRolledUpBarStore({
      store: deps.store,
      ...(deps.rolledUpBarsTopic === undefined ? {} : { rolledUpBarsTopic: deps.rolledUpBarsTopic }),
      producer: () => producer,
      log,
      onAppended: (n) => (stats.barsRolledUp += n),
    }),
    stats,
    log,
    now,
    idleMs: deps.sessionIdleMs ?? 60_000,
  });
  const processBatch = createBatchProcessor({
    groupId: deps.groupId,
    allowed,
    checks: { calendars, store: deps.store, ...(master === undefined ? {} : { master }) },
    sendToDlq,
    appendBatch: createInboxAppend({ store: deps.store, maxStoreAttempts: deps.maxStoreAttempts ?? 3, sendToDlq }),
    onNewsAppended: deps.onNewsAppended ?? (() => undefined),
    ticks,
    stats,
    log,
    now,
  });
  const supervisor = superviseIngestGroup({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: [...allowed.keys()],
    fromBeginning: deps.fromBeginning ?? true,
    partitionsConsumedConcurrently: deps.partitionsConsumedConcurrently ?? 3,
    eachBatch: async (payload) => {
      if (!payload.isRunning() || payload.isStale() || payload.batch.messages.length === 0) return;
      if (payload.batch.topic !== ticksTopic) return processBatch(payload);
      return ticks.run(() => processBatch(payload));
    },
    onJoin: (assignment, restarts) => {
      if (ticksTopic !== undefined) ticks.assign(assignment[ticksTopic] ?? []);
      stats.restarts = restarts;
      ready.resolve();
    },
    log,
    maxRestarts: deps.maxRestarts ?? Number.POSITIVE_INFINITY,
    onGiveUp: (error) => done.reject(error),
  });

  return {
    stats,
    done: done.promise,
    ready: ready.promise,
    async start() {
      producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await supervisor.start();
      if (ticksTopic !== undefined) stopClosingIdle = ticks.closeIdleEvery();
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      stopClosingIdle?.();
      await supervisor.stop();
      await producer?.disconnect();
      done.resolve();
    },
  };
}
