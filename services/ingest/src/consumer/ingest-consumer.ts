import * as crypto from 'node:crypto';
import type { EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { NewsPublishedData, NewswindowEvent, NewswindowEventType, PriceBarClosedData } from '@newswindow/schemas';
import {
  barStreamId,
  dlqTopicFor,
  newsStreamId,
  tickStreamId,
  TOPIC_EVENT_TYPES,
  Topics,
  unsafeTextReason,
} from '@newswindow/schemas';
import type { AppendIdempotentResult, EventStore, IdempotentEvent, InboxRecord } from '@newswindow/store';
import { isDataRejection } from '@newswindow/store';
import type { SecurityMaster } from '@newswindow/reference';
import { loadSecurityMaster } from '@newswindow/reference';
import { encodeEvent } from '../producer/ingest-kinds';
import type { SessionCalendars } from '../rollup/session-calendar';
import { loadSessionCalendars, placeTick } from '../rollup/session-calendar';
import type { ClosedSession } from '../rollup/tick-rollup';
import { TickRollup } from '../rollup/tick-rollup';
import type { TradeTick } from '../messages';
import { barOutcome, barReferenceIssue, noteRevision, revisionKey } from './bar-checks';
import type { StoredBarRevisions } from './bar-checks';
import { deadLetterMessage } from './dead-letter';
import { decodeMessage } from './decode-message';
import { superviseConsumer } from './supervised-consumer';

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

/** Counters of a running consumer. */
export interface IngestStats {
  received: number;
  appended: number;
  duplicates: number;
  deadLettered: number;
  barsRolledUp: number;
  /** Ticks of a session whose bar was already handed out (stored, not added to any bar). */
  lateTicks: number;
  /** Open tick sessions rebuilt from the store when the consumer (re)joined its group. */
  sessionsRecovered: number;
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
    case 'PriceBarCorrected': {
      const d = event.data;
      return {
        streamId: barStreamId(d.exchange, d.symbol),
        // One event per revision of a (listing, session, adjustment): a redelivered correction is stored once.
        idempotencyKey: `PriceBarCorrected:${d.exchange}:${d.symbol}:${d.sessionDate}:${d.adjusted ? 'adjusted' : 'unadjusted'}:r${d.revision}`,
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
 * The ticks of a batch that the append stored for the first time, each once. The store reports a key as a duplicate
 * once per skipped copy (stored before, or repeated in the call), so a key was appended iff it was reported fewer
 * times than it occurs.
 */
function newlyAppended(
  ticks: readonly { tick: TradeTick; key: string }[],
  duplicateKeys: readonly string[],
): TradeTick[] {
  if (duplicateKeys.length === 0) return ticks.map((t) => t.tick);
  const skipped = new Map<string, number>();
  for (const key of duplicateKeys) skipped.set(key, (skipped.get(key) ?? 0) + 1);
  const occurs = new Map<string, number>();
  for (const { key } of ticks) occurs.set(key, (occurs.get(key) ?? 0) + 1);
  const taken = new Set<string>();
  const out: TradeTick[] = [];
  for (const { tick, key } of ticks) {
    if (taken.has(key) || (skipped.get(key) ?? 0) >= (occurs.get(key) ?? 0)) continue;
    taken.add(key);
    out.push(tick);
  }
  return out;
}

/**
 * Shared/exclusive gate: tick batches and idle closes run side by side (shared); a rebuild of the roll-up (exclusive)
 * waits for those under way, and those that come later wait for it.
 */
class Gate {
  private active = 0;
  private pending = 0;
  private last: Promise<void> = Promise.resolve();
  private readonly drained: (() => void)[] = [];

  /** True while a rebuild runs or waits. */
  get busy(): boolean {
    return this.pending > 0;
  }

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    while (this.pending > 0) await this.last;
    this.active += 1;
    try {
      return await fn();
    } finally {
      this.active -= 1;
      if (this.active === 0) for (const resolve of this.drained.splice(0)) resolve();
    }
  }

  exclusive(fn: () => Promise<void>): Promise<void> {
    this.pending += 1;
    const previous = this.last;
    const run = (async () => {
      try {
        await previous;
        if (this.active > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
        await fn();
      } finally {
        this.pending -= 1;
      }
    })();
    this.last = run.catch(() => undefined);
    return run;
  }
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
  const onNewsAppended = deps.onNewsAppended ?? (() => undefined);
  const maxRestarts = deps.maxRestarts ?? Number.POSITIVE_INFINITY;
  const maxStoreAttempts = deps.maxStoreAttempts ?? 3;
  const idleMs = deps.sessionIdleMs ?? 60_000;
  const stats: IngestStats = {
    received: 0,
    appended: 0,
    duplicates: 0,
    deadLettered: 0,
    barsRolledUp: 0,
    lateTicks: 0,
    sessionsRecovered: 0,
    batches: 0,
    restarts: 0,
  };
  const allowed = new Map<string, readonly NewswindowEventType[]>();
  if (deps.topics.news !== undefined) allowed.set(deps.topics.news, TOPIC_EVENT_TYPES[Topics.newsRaw]);
  if (deps.topics.bars !== undefined) allowed.set(deps.topics.bars, TOPIC_EVENT_TYPES[Topics.marketBars]);
  if (deps.topics.ticks !== undefined) allowed.set(deps.topics.ticks, TOPIC_EVENT_TYPES[Topics.marketTicks]);
  if (allowed.size === 0) throw new RangeError('no topic to consume');
  const ticksTopic = deps.topics.ticks;
  const calendars = deps.calendars ?? loadSessionCalendars();
  const master = deps.master ?? (deps.topics.bars === undefined ? undefined : loadSecurityMaster());

  // The roll-up of the tick partitions this member owns; replaced by a rebuild from the store on every group join.
  let rollup = new TickRollup(calendars);
  const gate = new Gate();
  let assignedTickPartitions = new Set<number>();
  let recovery: Promise<void> = Promise.resolve();
  let recoveryFailed = false;
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
    // Only bars new to the store are published: a bar stored before (redelivery, recovery) was published then.
    const stored = new Set(result.duplicateKeys);
    const fresh = bars.filter((_bar, i) => !stored.has(events[i]!.idempotencyKey));
    if (deps.rolledUpBarsTopic !== undefined && producer !== undefined && fresh.length > 0)
      await producer.sendBatch({
        topicMessages: [
          {
            topic: deps.rolledUpBarsTopic,
            messages: fresh.map((data) => ({ key: data.symbol, value: encodeEvent({ type: 'PriceBarClosed', data }) })),
          },
        ],
        acks: -1,
      });
    log(
      `rolled up ${bars.length} bar(s) from ticks (${result.appended} new): ${bars.map((b) => `${b.symbol} ${b.sessionDate}`).join(', ')}`,
    );
  };

  /**
   * Rebuilds the roll-up of the tick partitions this member owns from the store: the ticks it stored from them (read
   * by global position, `TradeTicked` only) and, per listing found, the bars rolled up before (its bar stream). Bars of
   * sessions that closed before a crash but were never stored are stored now.
   */
  const recover = async (): Promise<void> => {
    if (ticksTopic === undefined) return;
    const partitions = assignedTickPartitions;
    const started = now();
    const ticks: TradeTick[] = [];
    const pageSize = 10_000;
    for (let fromPosition = 0; ;) {
      const page = await deps.store.readAll({ fromPosition, limit: pageSize, types: ['TradeTicked'] });
      for (const e of page)
        if (
          e.type === 'TradeTicked' &&
          e.metadata['topic'] === ticksTopic &&
          partitions.has(Number(e.metadata['partition']))
        )
          ticks.push(e.data);
      if (page.length < pageSize) break;
      fromPosition = page[page.length - 1]!.position;
    }
    const listings = new Map<string, Pick<TradeTick, 'exchange' | 'symbol'>>();
    for (const t of ticks) listings.set(`${t.exchange}|${t.symbol}`, t);
    const storedBars: ClosedSession[] = [];
    for (const { exchange, symbol } of listings.values())
      for (const e of await deps.store.readStream(barStreamId(exchange, symbol)))
        if (e.type === 'PriceBarClosed' && e.data.source === 'ticks') storedBars.push(e.data);
    const recovered = TickRollup.recover(calendars, ticks, storedBars, now());
    rollup = recovered.rollup;
    stats.sessionsRecovered += rollup.openSessions;
    await storeBars(recovered.closed);
    log(
      `tick roll-up rebuilt from ${ticks.length} stored tick(s) of ${ticksTopic} partition(s) [${[...partitions].join(', ')}]: ${rollup.openSessions} open session(s), ${recovered.closed.length} bar(s) closed before the restart (${now() - started} ms)`,
    );
  };

  const startRecovery = (): Promise<void> => {
    recoveryFailed = false;
    recovery = gate
      .exclusive(async () => {
        // A rebalance may have moved partitions: never idle-close a session of a partition we may no longer own.
        rollup = new TickRollup(calendars);
        await recover();
      })
      .catch((err: unknown) => {
        recoveryFailed = true;
        log(`rebuilding the tick roll-up failed: ${String(err)}`);
      });
    return recovery;
  };

  const eachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
    if (batch.topic !== ticksTopic) return processBatch(payload);
    await recovery;
    // Without the rebuilt state a bar could miss the ticks stored before: fail the batch, kafkajs retries it.
    if (recoveryFailed) await startRecovery();
    if (recoveryFailed) throw new Error('the tick roll-up could not be rebuilt from the store');
    return gate.shared(() => processBatch(payload));
  };

  const sendToDlq = async (
    topic: string,
    partition: number,
    dead: readonly { message: KafkaMessage; reason: string; oversized?: boolean }[],
  ): Promise<void> => {
    if (dead.length === 0) return;
    const source = { topic, partition, consumerGroup: deps.groupId };
    try {
      await producer!.sendBatch({
        topicMessages: [
          {
            topic: dlqTopicFor(topic),
            messages: dead.map((d) => deadLetterMessage(d.message, d.reason, source, d.oversized === true)),
          },
        ],
        acks: -1,
      });
    } catch (err) {
      throw new DeadLetterError(topic, partition, dead[0]?.message.offset ?? '?', { cause: err });
    }
    stats.deadLettered += dead.length;
    for (const d of dead)
      log(`${topic}[${partition}]@${d.message.offset} → ${dlqTopicFor(topic)}: ${d.reason.slice(0, 300)}`);
  };

  /**
   * Appends the batch in one transaction; when Postgres refuses the data, appends its events one by one (each with its
   * offset in the inbox) so that only the events it refuses, after `maxStoreAttempts` tries, are dead-lettered.
   */
  const appendBatch = async (
    topic: string,
    partition: number,
    valid: readonly { event: IdempotentEvent; message: KafkaMessage }[],
    inbox: InboxRecord,
  ): Promise<{ result: AppendIdempotentResult; refused: Set<IdempotentEvent> }> => {
    const refused = new Set<IdempotentEvent>();
    try {
      return {
        result: await deps.store.appendIdempotent(
          valid.map((v) => v.event),
          { inbox },
        ),
        refused,
      };
    } catch (err) {
      if (!isDataRejection(err)) throw err;
    }
    let appended = 0;
    let duplicates = 0;
    const duplicateKeys: string[] = [];
    const positions: number[] = [];
    for (const { event, message } of valid) {
      const single: InboxRecord = { ...inbox, offsets: [{ topic, partition, offset: message.offset }] };
      for (let attempt = 1; ; attempt += 1) {
        try {
          const r = await deps.store.appendIdempotent([event], { inbox: single });
          appended += r.appended;
          duplicates += r.duplicates;
          duplicateKeys.push(...r.duplicateKeys);
          positions.push(...r.positions);
          break;
        } catch (err) {
          if (!isDataRejection(err)) throw err;
          if (attempt >= maxStoreAttempts) {
            refused.add(event);
            const reason = `the store refused the event after ${attempt} attempt(s): ${err instanceof Error ? err.message : String(err)}`;
            await sendToDlq(topic, partition, [{ message, reason }]);
            break;
          }
        }
      }
    }
    await deps.store.appendIdempotent([], { inbox });
    return { result: { appended, duplicates, duplicateKeys, positions }, refused };
  };

  const processBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    const types = allowed.get(batch.topic) ?? [];
    const valid: { event: IdempotentEvent; message: KafkaMessage }[] = [];
    const dead: { message: KafkaMessage; reason: string; oversized?: boolean }[] = [];
    const news = new Map<IdempotentEvent, NewsPublishedData>();
    const ticks: { tick: TradeTick; key: string; event: IdempotentEvent }[] = [];
    const nowMs = now();
    let repeats = 0;
    // The bars of each listing stored before this batch or earlier in it, by session and adjustment, at their latest
    // revision: a re-send with other values is a correction only with a reason, never stored over a bar a study may
    // already have used.
    const barsByStream = new Map<string, Map<string, StoredBarRevisions>>();
    const storedRevisions = async (
      streamId: string,
      bar: PriceBarClosedData,
    ): Promise<StoredBarRevisions | undefined> => {
      let known = barsByStream.get(streamId);
      if (known === undefined) {
        known = new Map();
        for (const e of await deps.store.readStream(streamId))
          if (e.type === 'PriceBarClosed' || e.type === 'PriceBarCorrected')
            if (e.type === 'PriceBarCorrected')
              noteRevision(known, e.data, e.data.revision, `position ${e.position}`, e.data.reason);
            else noteRevision(known, e.data, 1, `position ${e.position}`);
        barsByStream.set(streamId, known);
      }
      return known.get(revisionKey(bar));
    };
    for (const message of batch.messages) {
      const decoded = decodeMessage(message.value, types, nowMs);
      if (!decoded.ok) {
        dead.push({ message, reason: decoded.reason, ...(decoded.oversized === true ? { oversized: true } : {}) });
        continue;
      }
      const event = decoded.event;
      if (event.type === 'TradeTicked') {
        const placed = placeTick(calendars, event.data);
        if (!placed.ok) {
          dead.push({ message, reason: placed.reason });
          continue;
        }
      }
      if (event.type === 'PriceBarClosed') {
        const issue = barReferenceIssue(event.data, { calendars, nowMs, ...(master === undefined ? {} : { master }) });
        if (issue !== undefined) {
          dead.push({ message, reason: issue });
          continue;
        }
      }
      const metadata: Record<string, unknown> = { ...event.metadata };
      metadata['topic'] = batch.topic;
      metadata['partition'] = batch.partition;
      metadata['offset'] = message.offset;
      const sourceFile =
        message.headers?.['source-file'] === undefined ? undefined : headerText(message, 'source-file');
      if (sourceFile !== undefined && sourceFile.length <= 256 && unsafeTextReason(sourceFile, true) === undefined)
        metadata['sourceFile'] = sourceFile;
      const { streamId, idempotencyKey } = storeAddressOf(event);
      let stored = { type: event.type, data: event.data, metadata, streamId, idempotencyKey } as IdempotentEvent;
      if (event.type === 'PriceBarClosed') {
        const correctionReason = event.metadata?.['correctionReason'];
        const outcome = barOutcome(
          event.data,
          await storedRevisions(streamId, event.data),
          typeof correctionReason === 'string' ? correctionReason : undefined,
        );
        if (outcome.kind === 'repeat') {
          repeats += 1;
          continue;
        }
        if (outcome.kind === 'conflict') {
          dead.push({ message, reason: outcome.reason });
          continue;
        }
        const known = barsByStream.get(streamId)!;
        if (outcome.kind === 'correction') {
          const correction = { type: 'PriceBarCorrected', data: outcome.data, metadata } as const;
          stored = { ...correction, ...storeAddressOf(correction) };
          noteRevision(known, outcome.data, outcome.data.revision, 'earlier in this batch', outcome.data.reason);
        } else noteRevision(known, event.data, 1, 'earlier in this batch');
      }
      valid.push({ event: stored, message });
      if (event.type === 'NewsPublished') news.set(stored, event.data);
      if (event.type === 'TradeTicked') ticks.push({ tick: event.data, key: idempotencyKey, event: stored });
    }
    await sendToDlq(batch.topic, batch.partition, dead);

    const last = batch.lastOffset();
    const { result, refused } = await appendBatch(batch.topic, batch.partition, valid, {
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

    for (const [event, item] of news) if (!refused.has(event)) await onNewsAppended(item);
    const storedTicks = ticks.filter((t) => !refused.has(t.event));
    if (storedTicks.length > 0) {
      // Only ticks new to the store go into the bar: a redelivered tick is already in it (or in the rebuilt state).
      const late = rollup.lateTicks;
      await storeBars(rollup.add(newlyAppended(storedTicks, result.duplicateKeys), now()));
      stats.lateTicks += rollup.lateTicks - late;
    }
    log(
      `${batch.topic}[${batch.partition}] offsets ${batch.firstOffset() ?? '?'}..${last}: ${batch.messages.length} received, ${result.appended} appended, ${result.duplicates + repeats} duplicate(s), ${dead.length + refused.size} to DLQ`,
    );
  };

  const supervisor = superviseConsumer({
    log,
    maxRestarts,
    onGiveUp: (error) => rejectDone(error),
    build: () => {
      const c = deps.kafka.consumer({ groupId: deps.groupId, retry: { retries: 5 } });
      c.on(c.events.GROUP_JOIN, (event) => {
        if (ticksTopic !== undefined) {
          assignedTickPartitions = new Set(event.payload.memberAssignment[ticksTopic] ?? []);
          void startRecovery();
        }
        stats.restarts = supervisor.restarts;
        resolveReady();
      });
      return c;
    },
    run: async (c) => {
      await c.connect();
      await c.subscribe({ topics: [...allowed.keys()], fromBeginning: deps.fromBeginning ?? true });
      // Partitions are independent (keys keep a symbol on one), so their transactions may run side by side.
      await c.run({
        eachBatchAutoResolve: false,
        autoCommitThreshold: 1,
        partitionsConsumedConcurrently: deps.partitionsConsumedConcurrently ?? 3,
        eachBatch,
      });
    },
  });

  return {
    stats,
    done,
    ready,
    async start() {
      producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await supervisor.start();
      if (deps.topics.ticks !== undefined)
        flushTimer = setInterval(
          () => {
            if (gate.busy) return; // a rebuild is under way: its state is not complete yet
            gate
              .shared(() => storeBars(rollup.closeIdle(now(), idleMs)))
              .catch((err: unknown) => log(`closing idle sessions failed: ${String(err)}`));
          },
          Math.min(idleMs, 5000),
        );
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      if (flushTimer !== undefined) clearInterval(flushTimer);
      await supervisor.stop();
      await producer?.disconnect();
      resolveDone();
    },
  };
}
