import { isUtf8 } from 'node:buffer';
import type { NewswindowEvent, NewswindowEventType } from '@newswindow/schemas';
import { formatIssues, MessageLimits, parseEventJson } from '@newswindow/schemas';

/** A Kafka value decoded into an input event, or the one-line reason it cannot be stored. */
export type DecodedMessage =
  | { readonly ok: true; readonly event: NewswindowEvent }
  | { readonly ok: false; readonly reason: string; readonly oversized?: true };

/**
 * Decodes one Kafka value: at most {@link MessageLimits.messageBytes} bytes, well-formed UTF-8 (never altered into
 * U+FFFD), then parsed and validated as one of `types` with the clock bounds and the producer metadata rule.
 */
export function decodeMessage(
  value: Buffer | null,
  types: readonly NewswindowEventType[],
  nowMs: number,
): DecodedMessage {
  if (value === null) return { ok: false, reason: '$: the message has no value' };
  if (value.length > MessageLimits.messageBytes)
    return {
      ok: false,
      oversized: true,
      reason: `$: the message has ${value.length} bytes, more than the limit of ${MessageLimits.messageBytes}`,
    };
  // Buffer#toString would turn bad bytes into U+FFFD silently: the producer's text would be stored altered.
  if (!isUtf8(value)) return { ok: false, reason: '$: the message is not valid UTF-8' };
  const parsed = parseEventJson(value.toString('utf8'), types, { now: nowMs, producerMetadata: true });
  return parsed.ok ? { ok: true, event: parsed.value } : { ok: false, reason: formatIssues(parsed.errors) };
}
