import * as crypto from 'node:crypto';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** Bytes of an oversized message kept in its dead-letter copy. */
export const DLQ_TRUNCATED_BYTES = 16 * 1024;
/** A reason longer than this is cut (a header, not a report). */
const MAX_REASON_CHARS = 4_000;
/** Original headers are copied only while they add up to at most this many bytes. */
const MAX_COPIED_HEADER_BYTES = 16 * 1024;

/** Where a dead-lettered message came from. */
export interface DeadLetterSource {
  readonly topic: string;
  readonly partition: number;
  readonly consumerGroup: string;
}

const headerBytes = (headers: IHeaders | undefined): number =>
  Object.entries(headers ?? {}).reduce(
    (n, [k, v]) =>
      n + k.length + (Array.isArray(v) ? v : [v]).reduce((m, x) => m + (x === undefined ? 0 : x.length), 0),
    0,
  );

const clip = (reason: string): string =>
  reason.length <= MAX_REASON_CHARS ? reason : `${reason.slice(0, MAX_REASON_CHARS)}… (${reason.length} characters)`;

/**
 * The dead-letter copy of `message`: its bytes (or, when `truncate`, the first {@link DLQ_TRUNCATED_BYTES} of them),
 * its key, the reason and where it came from (topic, partition, offset, timestamp, group), its size and sha256, so the
 * original can be found and checked even when the copy is cut. Always small enough for the broker's default limit.
 */
export function deadLetterMessage(
  message: KafkaMessage,
  reason: string,
  source: DeadLetterSource,
  truncate = false,
): Message {
  const value = message.value ?? Buffer.alloc(0);
  const cut = truncate && value.length > DLQ_TRUNCATED_BYTES;
  const copied = headerBytes(message.headers) <= MAX_COPIED_HEADER_BYTES ? message.headers : undefined;
  return {
    key: message.key !== null && message.key.length > 1024 ? message.key.subarray(0, 1024) : message.key,
    value: message.value === null ? null : cut ? value.subarray(0, DLQ_TRUNCATED_BYTES) : value,
    headers: {
      ...copied,
      'dlq-reason': clip(reason),
      'dlq-original-topic': source.topic,
      'dlq-original-partition': String(source.partition),
      'dlq-original-offset': message.offset,
      'dlq-original-timestamp': message.timestamp,
      'dlq-original-bytes': String(value.length),
      'dlq-original-sha256': crypto.createHash('sha256').update(value).digest('hex'),
      'dlq-truncated': cut ? 'true' : 'false',
      'dlq-consumer-group': source.consumerGroup,
      ...(copied === message.headers ? {} : { 'dlq-headers-dropped': 'true' }),
    },
  };
}
