import * as crypto from 'node:crypto';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { NewsPublishedData, NewswindowEvent, NewswindowEventType, PriceBarClosedData } from '@newswindow/schemas';
import {
  barStreamId,
  dlqTopicFor,
  formatIssues,
  newsStreamId,
  parseEventJson,
  tickStreamId,
  TOPIC_EVENT_TYPES,
  Topics,
} from '@newswindow/schemas';
import type { EventStore, IdempotentEvent } from '@newswindow/store';
import { encodeEvent } from '../producer/ingest-kinds';
import { TickRollup } from '../rollup/tick-rollup';
import type { TradeTick } from '../messages';

/** Which topic carries which kind of message; omit a kind to not consume it. */
export interface IngestTopics {
  readonly news?: string;
  readonly bars?: string;
  readonly ticks?: string;
}

/** One line of consumer activity (per batch, per roll-up, per restart). */
export type IngestLog = (line: string) => void;

/** What the consumer needs; everything with I/O is injected. */
export interface IngestConsumerDeps {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: IngestTopics;
  /** The event store (only `appendIdempotent` is used). */
  readonly store: Pick<EventStore, 'appendIdempotent'>;
  /** Called after news items are durably appended (e.g. to start the study workflow); default no-op. */
  readonly onNewsAppended?: (news: NewsPublishedData) => Promise<void> | void;
  /** Where bars rolled up from ticks are also published (besides the store); omit to only store them. */
  readonly rolledUpBarsTopic?: string;
  readonly log?: IngestLog;
  readonly fromBeginning?: boolean;
  /** Restarts after a crash (`consumer.events.CRASH`) before giving up (default 5). */
  readonly maxRestarts?: number;
  /** A tick session closes when past its close time and idle this long (default 60 s). */
  readonly sessionIdleMs?: number;
  /** Partitions processed in parallel (default 3). */
  readonly partitionsConsumedConcurrently?: number;
  readonly now?: () => number;
}

/** Counters of a running consumer. */
export interface IngestStats {
  received: number;
  appended: number;
  duplicates: number;
  deadLettered: number;
  barsRolledUp: number;
  batches: number;
  restarts: number;
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

/** Thrown when a message cannot be sent to its dead-letter topic; the batch is retried, its offsets stay uncommitted. */
export class DeadLetterError extends Error {
  readonly retriable = true;
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
    options?: { cause?: unknown },
  ) {
    super(`could not dead-letter ${topic}[${partition}]@${offset}`, options);
    this.name = 'DeadLetterError';
  }
}

// `crypto.hash` (Node ≥ 20.12) hashes in one native call, several times faster than createHash().update().digest();
// both give the same digest, so the idempotency keys do not change.
const sha: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex').slice(0, 32)
    : (text) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 32);

/** Stable JSON (sorted keys) so equal content gives equal hashes whatever the producer's key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/**
 * The stream and idempotency key of an event: the source's id plus a content hash for news (the same story redelivered
 * is a no-op, a changed story under the same id is kept as a new event), the listing and session for bars, the listing
 * and trade (trade id, else content) for ticks.
 */
export function storeAddressOf(event: NewswindowEvent): { streamId: string; idempotencyKey: string } {
  switch (event.type) {
    case 'NewsPublished':
    case 'NewsCorrected':
      return {
        streamId: newsStreamId(event.data.id),
        idempotencyKey: `${event.type}:${event.data.source}:${event.data.id}:${sha(canonical(event.data))}`,
      };
    case 'NewsRetracted':
      return {
        streamId: newsStreamId(event.data.id),
        idempotencyKey: `NewsRetracted:${event.data.source}:${event.data.id}`,
      };
    case 'PriceBarClosed': {
      const d = event.data;
      return {
        streamId: barStreamId(d.exchange, d.symbol),
        idempotencyKey:
          d.source === 'ticks'
            ? `PriceBarClosed:ticks:${d.exchange}:${d.symbol}:${d.sessionDate}`
            : `PriceBarClosed:${d.exchange}:${d.symbol}:${d.sessionDate}:${sha(`${d.open}|${d.high}|${d.low}|${d.close}|${d.volume}|${d.adjusted}|${d.currency}|${d.source ?? ''}`)}`,
      };
    }
    case 'TradeTicked': {
      const d = event.data;
      return {
        streamId: tickStreamId(d.exchange, d.symbol),
        idempotencyKey: `TradeTicked:${d.exchange}:${d.symbol}:${d.tradeId ?? `${d.timestamp}|${d.price}|${d.size}`}`,
      };
    }
    default:
      throw new Error(`the ingest consumer does not store ${event.type}`);
  }
}

const headerText = (message: KafkaMessage, name: string): string | undefined => {
  const v = message.headers?.[name];
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : first.toString();
};

/**
 * Consumer groups over the news, bars and ticks topics. Each batch: parse and validate every message; send the
 * invalid ones (original bytes, reason, topic/partition/offset in headers) to the topic's DLQ, throwing if that fails;
 * append the valid ones idempotently in one transaction that also records the offsets (inbox); only then resolve
 * and commit. Ticks are stored and rolled up into bars per exchange session.
 */
export function createIngestConsumer(deps: IngestConsumerDeps): IngestConsumer {
  const log = deps.log ?? (() => undefined);
  const now = deps.now ?? (() => Date.now());
  const onNewsAppended = deps.onNewsAppended ?? (() => undefined);
  const maxRestarts = deps.maxRestarts ?? 5;
  const idleMs = deps.sessionIdleMs ?? 60_000;
  const stats: IngestStats = {
    received: 0,
    appended: 0,
    duplicates: 0,
    deadLettered: 0,
    barsRolledUp: 0,
    batches: 0,
    restarts: 0,
  };
  const allowed = new Map<string, readonly NewswindowEventType[]>();
  if (deps.topics.news !== undefined) allowed.set(deps.topics.news, TOPIC_EVENT_TYPES[Topics.newsRaw]);
  if (deps.topics.bars !== undefined) allowed.set(deps.topics.bars, TOPIC_EVENT_TYPES[Topics.marketBars]);
  if (deps.topics.ticks !== undefined) allowed.set(deps.topics.ticks, TOPIC_EVENT_TYPES[Topics.marketTicks]);
  if (allowed.size === 0) throw new RangeError('no topic to consume');

  const rollup = new TickRollup();
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  let stopping = false;
  let flushTimer: NodeJS.Timeout | undefined;
  let resolveDone: () => void = () => undefined;
  let rejectDone: (err: unknown) => void = () => undefined;
  const done = new Promise<void>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((res) => {
    resolveReady = res;
  });
  // Callers may never await `done`; keep a crash that gives up from becoming an unhandled rejection.
  done.catch(() => undefined);

  const storeBars = async (bars: readonly PriceBarClosedData[]): Promise<void> => {
    if (bars.length === 0) return;
    const events = bars.map((data): IdempotentEvent => {
      const event = { type: 'PriceBarClosed', data, metadata: { rolledUpFrom: 'ticks' } } as const;
      return { ...event, ...storeAddressOf(event) };
    });
    const result = await deps.store.appendIdempotent(events);
    stats.barsRolledUp += result.appended;
    if (deps.rolledUpBarsTopic !== undefined && producer !== undefined)
      await producer.sendBatch({
        topicMessages: [
          {
            topic: deps.rolledUpBarsTopic,
            messages: bars.map((data) => ({ key: data.symbol, value: encodeEvent({ type: 'PriceBarClosed', data }) })),
          },
        ],
        acks: -1,
      });
    log(
      `rolled up ${bars.length} bar(s) from ticks (${result.appended} new): ${bars.map((b) => `${b.symbol} ${b.sessionDate}`).join(', ')}`,
    );
  };

  const eachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
    const types = allowed.get(batch.topic) ?? [];
    const valid: IdempotentEvent[] = [];
    const dead: { message: KafkaMessage; reason: string }[] = [];
    const news: NewsPublishedData[] = [];
    const ticks: TradeTick[] = [];
    for (const message of batch.messages) {
      const parsed = message.value === null ? undefined : parseEventJson(message.value.toString('utf8'), types);
      if (parsed === undefined || !parsed.ok) {
        dead.push({
          message,
          reason: parsed === undefined ? '$: the message has no value' : formatIssues(parsed.errors),
        });
        continue;
      }
      const event = parsed.value;
      const metadata: Record<string, unknown> = { ...event.metadata };
      metadata['topic'] = batch.topic;
      metadata['partition'] = batch.partition;
      metadata['offset'] = message.offset;
      const sourceFile =
        message.headers?.['source-file'] === undefined ? undefined : headerText(message, 'source-file');
      if (sourceFile !== undefined) metadata['sourceFile'] = sourceFile;
      const { streamId, idempotencyKey } = storeAddressOf(event);
      valid.push({ type: event.type, data: event.data, metadata, streamId, idempotencyKey } as IdempotentEvent);
      if (event.type === 'NewsPublished') news.push(event.data);
      if (event.type === 'TradeTicked') ticks.push(event.data);
    }
    stats.received += batch.messages.length;

    if (dead.length > 0) {
      const dlq = dlqTopicFor(batch.topic);
      try {
        await producer!.sendBatch({
          topicMessages: [
            {
              topic: dlq,
              messages: dead.map(({ message, reason }) => ({
                key: message.key,
                value: message.value,
                headers: {
                  ...message.headers,
                  'dlq-reason': reason,
                  'dlq-original-topic': batch.topic,
                  'dlq-original-partition': String(batch.partition),
                  'dlq-original-offset': message.offset,
                  'dlq-original-timestamp': message.timestamp,
                  'dlq-consumer-group': deps.groupId,
                },
              })),
            },
          ],
          acks: -1,
        });
      } catch (err) {
        throw new DeadLetterError(batch.topic, batch.partition, dead[0]?.message.offset ?? '?', { cause: err });
      }
      stats.deadLettered += dead.length;
    }

    const last = batch.lastOffset();
    const result = await deps.store.appendIdempotent(valid, {
      inbox: {
        consumerGroup: deps.groupId,
        offsets: [{ topic: batch.topic, partition: batch.partition, offset: last }],
      },
    });
    stats.appended += result.appended;
    stats.duplicates += result.duplicates;
    stats.batches += 1;
    payload.resolveOffset(last);
    await payload.commitOffsetsIfNecessary();
    await payload.heartbeat();

    for (const item of news) await onNewsAppended(item);
    if (ticks.length > 0) await storeBars(rollup.add(ticks, now()));
    log(
      `${batch.topic}[${batch.partition}] offsets ${batch.firstOffset() ?? '?'}..${last}: ${batch.messages.length} received, ${result.appended} appended, ${result.duplicates} duplicate(s), ${dead.length} to DLQ`,
    );
  };

  const run = async (): Promise<void> => {
    consumer = deps.kafka.consumer({ groupId: deps.groupId, retry: { retries: 5 } });
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      if (stopping) return;
      // kafkajs restarts by itself only when `restart` is true; otherwise we do, a bounded number of times.
      if (restart) {
        log(`consumer crashed (${error.message}); kafkajs restarts it`);
        return;
      }
      if (stats.restarts >= maxRestarts) {
        log(`consumer crashed (${error.message}); giving up after ${stats.restarts} restart(s)`);
        rejectDone(error);
        return;
      }
      stats.restarts += 1;
      log(`consumer crashed (${error.message}); restart ${stats.restarts}/${maxRestarts}`);
      const old = consumer;
      void (async () => {
        await old?.disconnect().catch(() => undefined);
        await run().catch((err: unknown) => rejectDone(err));
      })();
    });
    consumer.on(consumer.events.GROUP_JOIN, () => resolveReady());
    await consumer.connect();
    await consumer.subscribe({ topics: [...allowed.keys()], fromBeginning: deps.fromBeginning ?? true });
    // Partitions are independent (keys keep a symbol on one), so their transactions may run side by side.
    await consumer.run({
      eachBatchAutoResolve: false,
      autoCommitThreshold: 1,
      partitionsConsumedConcurrently: deps.partitionsConsumedConcurrently ?? 3,
      eachBatch,
    });
  };

  return {
    stats,
    done,
    ready,
    async start() {
      producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await run();
      if (deps.topics.ticks !== undefined)
        flushTimer = setInterval(
          () => {
            storeBars(rollup.closeIdle(now(), idleMs)).catch((err: unknown) =>
              log(`closing idle sessions failed: ${String(err)}`),
            );
          },
          Math.min(idleMs, 5000),
        );
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      if (flushTimer !== undefined) clearInterval(flushTimer);
      await consumer?.disconnect();
      await producer?.disconnect();
      resolveDone();
    },
  };
}
