import * as crypto from 'node:crypto';
import type { NewswindowEvent } from '@newswindow/schemas';
import { barStreamId, newsStreamId, tickStreamId } from '@newswindow/schemas';

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
