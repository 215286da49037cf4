import { DateTime } from 'luxon';
import type { NewswindowEvent } from '@newswindow/schemas';
import { Topics, toEnvelope } from '@newswindow/schemas';
import type { NewsItem, PriceBar, TradeTick } from '../messages';
import { listingForSymbol } from '../listings/listing-for-symbol';

/** How one kind of message goes on the wire: topic, partition key, value, event time (for replay). */
export interface MessageKind<T> {
  readonly defaultTopic: string;
  /** Messages with the same key land on one partition, so they stay in order. */
  key(value: T): string;
  toEvent(value: T): NewswindowEvent;
  /** Event time in ms since the epoch, used by `--replay`. */
  eventTimeMs(value: T): number;
}

/** Instant of an ISO timestamp, or of the start of a date-only day in `zone`. */
const instantMs = (iso: string, zone: string): number =>
  (iso.length === 10 ? DateTime.fromISO(iso, { zone }) : DateTime.fromISO(iso, { setZone: true })).toMillis();

export const newsKind: MessageKind<NewsItem> = {
  defaultTopic: Topics.newsRaw,
  key: (news) => `${news.source}:${news.id}`,
  toEvent: (data) => ({ type: 'NewsPublished', data }),
  eventTimeMs: (news) => instantMs(news.publishedAt, 'UTC'),
};

export const barKind: MessageKind<PriceBar> = {
  defaultTopic: Topics.marketBars,
  key: (bar) => bar.symbol,
  toEvent: (data) => ({ type: 'PriceBarClosed', data }),
  eventTimeMs: (bar) => instantMs(bar.sessionDate, listingForSymbol(bar.symbol).timeZone),
};

export const tickKind: MessageKind<TradeTick> = {
  defaultTopic: Topics.marketTicks,
  key: (tick) => tick.symbol,
  toEvent: (data) => ({ type: 'TradeTicked', data }),
  eventTimeMs: (tick) => instantMs(tick.timestamp, 'UTC'),
};

/**
 * Bars that correct stored ones: each message carries `metadata.correctionReason`, so the consumer stores a bar with
 * other values than the stored revision as the next revision with that reason (a plain re-send is refused).
 */
export const withCorrectionReason = (kind: MessageKind<PriceBar>, reason: string): MessageKind<PriceBar> => ({
  ...kind,
  toEvent: (data) => ({ ...kind.toEvent(data), metadata: { correctionReason: reason } }),
});

/** The Kafka value of an event: the schema's JSON envelope `{type, schemaVersion, data}`. */
export const encodeEvent = (event: NewswindowEvent): string => JSON.stringify(toEnvelope(event));
