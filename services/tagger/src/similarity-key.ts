import type { EventType } from './types';

/** Input of {@link similarityKey}. */
export interface SimilarityKeyInput {
  readonly issuerId: string;
  readonly eventType: EventType;
  /** ISO-8601 instant with offset (`2025-09-08T09:30:00+08:00`), a date (`2025-09-08`), or epoch milliseconds. */
  readonly publishedAt: string | number;
  /** IANA zone whose calendar day dates the event; `tagStory` passes the issuer's `homeTimeZone`. Default `UTC`. */
  readonly timeZone?: string;
}

/** Version prefix of the key format, bumped if the format ever changes (keys feed workflow ids). */
export const SIMILARITY_KEY_VERSION = 'nw1';

/** Thrown when `publishedAt` cannot be read as an instant or a date. */
export class InvalidPublishedAtError extends Error {
  constructor(readonly publishedAt: string | number) {
    super(`cannot read publishedAt '${String(publishedAt)}' as an ISO-8601 instant, a date or epoch ms`);
    this.name = 'InvalidPublishedAtError';
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (`YYYY-MM-DD`) of an instant in a time zone; a date-only string is its own day. */
export function eventDay(publishedAt: string | number, timeZone = 'UTC'): string {
  if (typeof publishedAt === 'string' && DATE_ONLY.test(publishedAt)) return publishedAt;
  const ms = typeof publishedAt === 'number' ? publishedAt : Date.parse(publishedAt);
  if (!Number.isFinite(ms)) throw new InvalidPublishedAtError(publishedAt);
  let fmt = formatters.get(timeZone);
  if (fmt === undefined) {
    // en-CA formats as YYYY-MM-DD.
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, fmt);
  }
  return fmt.format(new Date(ms));
}

/**
 * The deterministic key under which stories about the same event collapse:
 * `nw1:<issuerId>:<eventType>:<YYYY-MM-DD>`, the day being the calendar day of `publishedAt` in `timeZone`.
 * Every story about one issuer, one event type and one day gets the same key, so the tenth story on a launch maps to
 * the first one's key. The key uses only `[a-z0-9_:-]`, so it can be used as (part of) a Temporal workflow id.
 * @throws InvalidPublishedAtError when `publishedAt` is not a readable time.
 */
export function similarityKey(input: SimilarityKeyInput): string {
  return `${SIMILARITY_KEY_VERSION}:${input.issuerId}:${input.eventType}:${eventDay(input.publishedAt, input.timeZone)}`;
}

/** The part of a similarity key without the day (`nw1:<issuerId>:<eventType>`): the same event family across days. */
export function eventFamily(key: string): string {
  const cut = key.lastIndexOf(':');
  return cut < 0 ? key : key.slice(0, cut);
}
