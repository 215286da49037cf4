import type { Message, Producer } from 'kafkajs';
import type { Loaded } from '../loaders/load-result';
import type { ProgressCounts } from './progress';
import type { MessageKind } from './ingest-kinds';
import { encodeEvent } from './ingest-kinds';
import type { ReplayPacer } from './replay-pacer';
import { retryWithBackoff, type BackoffOptions } from './backoff';

/** A row the loader rejected: its line in the input and why. */
export interface RejectedRow {
  readonly line: number;
  readonly reason: string;
}

/** What a producer run did. */
export interface PublishSummary {
  readonly topic: string;
  readonly sent: number;
  readonly rejected: readonly RejectedRow[];
  readonly batches: number;
  readonly elapsedMs: number;
}

export interface PublishOptions {
  readonly topic?: string;
  /** Messages per `sendBatch` (default 2 000; replay sends what is due). */
  readonly batchSize?: number;
  /** Also flush when the batch's values reach this many bytes (default 768 KiB, under the broker's 1 MiB record-batch limit). */
  readonly maxBatchBytes?: number;
  /** Paces by event time (`--replay --speed N`). */
  readonly pacer?: ReplayPacer;
  readonly onProgress?: (counts: ProgressCounts) => void;
  /** Extra headers on every message (e.g. the input file). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly now?: () => number;
  /**
   * A batch that fails (broker down or restarting) is sent again with a doubling backoff until the outage has lasted
   * `maxOutageMs` (default 5 min); then {@link PublishError} carries the summary of what was sent. A resend after an
   * unclear failure may duplicate a message on the topic: the consumer's idempotency keys store it once.
   */
  readonly retry?: BackoffOptions;
}

/** Thrown when Kafka stayed unreachable longer than the retry budget; `summary` says what was sent before. */
export class PublishError extends Error {
  readonly retriable = true;
  constructor(
    readonly summary: PublishSummary,
    options: { cause: unknown },
  ) {
    super(
      `gave up sending to ${summary.topic}: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`,
      options,
    );
    this.name = 'PublishError';
  }
}

/**
 * Sends loaded messages to Kafka in batches, keyed by `kind.key` so one symbol's (or story's) messages stay in order
 * on one partition; rejected rows are collected for the summary. One batch is in flight while the next is built.
 */
export async function publish<T>(
  producer: Producer,
  items: AsyncIterable<Loaded<T>>,
  kind: MessageKind<T>,
  options: PublishOptions = {},
): Promise<PublishSummary> {
  const now = options.now ?? (() => Date.now());
  const started = now();
  const topic = options.topic ?? kind.defaultTopic;
  const batchSize = options.batchSize ?? 2000;
  const maxBatchBytes = options.maxBatchBytes ?? 768 * 1024;
  let batchBytes = 0;
  const rejected: RejectedRow[] = [];
  let sent = 0;
  let batches = 0;
  let batch: Message[] = [];
  let inFlight: Promise<void> | undefined;
  const sendWithRetry = async (messages: Message[]): Promise<void> => {
    try {
      await retryWithBackoff(() => producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 }), {
        now,
        ...options.retry,
      });
    } catch (err) {
      throw new PublishError({ topic, sent, rejected, batches, elapsedMs: now() - started }, { cause: err });
    }
  };

  const flush = async (): Promise<void> => {
    if (inFlight !== undefined) await inFlight;
    inFlight = undefined;
    if (batch.length === 0) return;
    const messages = batch;
    batch = [];
    batchBytes = 0;
    inFlight = sendWithRetry(messages).then(() => {
      sent += messages.length;
      batches += 1;
      options.onProgress?.({ sent, rejected: rejected.length });
    });
    // Observed at the next flush; until then a failure must not count as an unhandled rejection.
    inFlight.catch(() => undefined);
  };

  for await (const item of items) {
    if (!item.ok) {
      rejected.push({ line: item.line, reason: item.reason });
      continue;
    }
    if (options.pacer !== undefined) {
      const delay = options.pacer.delayFor(kind.eventTimeMs(item.value));
      if (delay > 0) {
        await flush();
        await options.pacer.wait(delay);
      }
    }
    const value = encodeEvent(kind.toEvent(item.value));
    const bytes = Buffer.byteLength(value);
    if (batch.length > 0 && batchBytes + bytes > maxBatchBytes) await flush();
    batch.push({
      key: kind.key(item.value),
      value,
      headers: { 'content-type': 'application/json', 'source-line': String(item.line), ...options.headers },
    });
    batchBytes += bytes;
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await flush();
  return { topic, sent, rejected, batches, elapsedMs: now() - started };
}

/** A human summary: counts, then rejections grouped by reason with their lines (first lines only). */
export function formatSummary(summary: PublishSummary, maxLinesPerReason = 20): string {
  const secs = summary.elapsedMs / 1000;
  const out = [
    `sent ${summary.sent} message(s) to ${summary.topic} in ${summary.batches} batch(es), ${secs.toFixed(2)} s (${Math.round(summary.sent / Math.max(secs, 1e-3))}/s)`,
    `rejected ${summary.rejected.length} row(s)`,
  ];
  const byReason = new Map<string, number[]>();
  for (const r of summary.rejected) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r.line]);
  for (const [reason, lines] of byReason) {
    const shown = lines.slice(0, maxLinesPerReason).join(', ');
    const more = lines.length > maxLinesPerReason ? ` … (+${lines.length - maxLinesPerReason} more)` : '';
    out.push(`  ${lines.length}× ${reason}: line ${shown}${more}`);
  }
  return `${out.join('\n')}\n`;
}
