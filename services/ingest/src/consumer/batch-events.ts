import type { KafkaMessage } from 'kafkajs';
import type { NewsPublishedData, NewswindowEvent, NewswindowEventType } from '@newswindow/schemas';
import { unsafeTextReason } from '@newswindow/schemas';
import type { SecurityMaster } from '@newswindow/reference';
import type { EventStore, IdempotentEvent } from '@newswindow/store';
import type { SessionCalendars } from '../rollup/session-calendar';
import { placeTick } from '../rollup/session-calendar';
import { barOutcome, barReferenceIssue, noteRevision, revisionKey } from './bar-checks';
import type { StoredBarRevisions } from './bar-checks';
import type { DeadMessage } from './dead-letter-sender';
import { decodeMessage } from './decode-message';
import type { ValidMessage } from './inbox-append';
import { storeAddressOf } from './store-address';
import type { KeyedTick } from './tick-rollup-keeper';

/** What a message is checked against besides its schema: calendars, the security master, the stored bars. */
export interface BatchChecks {
  readonly calendars: SessionCalendars;
  readonly master?: Pick<SecurityMaster, 'listingHistory'>;
  readonly store: Pick<EventStore, 'readStream'>;
}

/** One partition's batch sorted out: what to store, what to dead-letter, and what the stored messages carry. */
export interface BatchEvents {
  readonly valid: readonly ValidMessage[];
  readonly dead: readonly DeadMessage[];
  /** The news items among the valid events (announced once stored). */
  readonly news: ReadonlyMap<IdempotentEvent, NewsPublishedData>;
  /** The ticks among the valid events (rolled up once stored). */
  readonly ticks: readonly (KeyedTick & { readonly event: IdempotentEvent })[];
  /** Bars that repeat a stored revision: counted as duplicates, never appended. */
  readonly repeats: number;
}

type BarClosedEvent = Extract<NewswindowEvent, { type: 'PriceBarClosed' }>;

/** What to do with a bar message. */
type BarDecision =
  | { readonly kind: 'store'; readonly event: IdempotentEvent }
  | { readonly kind: 'repeat' }
  | { readonly kind: 'dead'; readonly reason: string };

/**
 * The bars of each listing stored before this batch or earlier in it, by session and adjustment, at their latest
 * revision (read from its stream the first time the batch meets the listing).
 */
function barRevisions(
  store: Pick<EventStore, 'readStream'>,
): (streamId: string) => Promise<Map<string, StoredBarRevisions>> {
  const barsByStream = new Map<string, Map<string, StoredBarRevisions>>();
  return async (streamId) => {
    let known = barsByStream.get(streamId);
    if (known === undefined) {
      known = new Map();
      for (const e of await store.readStream(streamId))
        if (e.type === 'PriceBarCorrected')
          noteRevision(known, e.data, e.data.revision, `position ${e.position}`, e.data.reason);
        else if (e.type === 'PriceBarClosed') noteRevision(known, e.data, 1, `position ${e.position}`);
      barsByStream.set(streamId, known);
    }
    return known;
  };
}

/**
 * A re-sent bar with other values than the stored one is a correction only with a reason, never stored over a bar a
 * study may already have used.
 */
async function decideBar(
  event: BarClosedEvent,
  stored: IdempotentEvent,
  revisions: ReturnType<typeof barRevisions>,
): Promise<BarDecision> {
  const known = await revisions(stored.streamId);
  const correctionReason = event.metadata?.['correctionReason'];
  const outcome = barOutcome(
    event.data,
    known.get(revisionKey(event.data)),
    typeof correctionReason === 'string' ? correctionReason : undefined,
  );
  switch (outcome.kind) {
    case 'repeat':
      return outcome;
    case 'conflict':
      return { kind: 'dead', reason: outcome.reason };
    case 'correction': {
      const correction = { type: 'PriceBarCorrected', data: outcome.data, metadata: stored.metadata } as const;
      noteRevision(known, outcome.data, outcome.data.revision, 'earlier in this batch', outcome.data.reason);
      return { kind: 'store', event: { ...correction, ...storeAddressOf(correction) } };
    }
    case 'new':
      noteRevision(known, event.data, 1, 'earlier in this batch');
      return { kind: 'store', event: stored };
    default: {
      const unknown: never = outcome;
      throw new Error(`unknown bar outcome ${JSON.stringify(unknown)}`);
    }
  }
}

/** Why a schema-valid tick or bar does not fit the calendars or the security master, if it does not. */
function referenceIssue(event: NewswindowEvent, checks: BatchChecks, nowMs: number): string | undefined {
  if (event.type === 'TradeTicked') {
    const placed = placeTick(checks.calendars, event.data);
    return placed.ok ? undefined : placed.reason;
  }
  if (event.type === 'PriceBarClosed')
    return barReferenceIssue(event.data, {
      calendars: checks.calendars,
      nowMs,
      ...(checks.master === undefined ? {} : { master: checks.master }),
    });
  return undefined;
}

const headerText = (message: KafkaMessage, name: string): string | undefined => {
  const v = message.headers?.[name];
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : first.toString();
};

/** The producer's metadata plus where the message was read (and its `source-file` header when it is safe text). */
function storedMetadata(
  event: NewswindowEvent,
  topic: string,
  partition: number,
  message: KafkaMessage,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ...event.metadata };
  metadata['topic'] = topic;
  metadata['partition'] = partition;
  metadata['offset'] = message.offset;
  const sourceFile = message.headers?.['source-file'] === undefined ? undefined : headerText(message, 'source-file');
  if (sourceFile !== undefined && sourceFile.length <= 256 && unsafeTextReason(sourceFile, true) === undefined)
    metadata['sourceFile'] = sourceFile;
  return metadata;
}

/**
 * Parses and validates every message of one partition's batch as one of `types`, checks ticks and bars against the
 * reference data and bars against the stored ones, and gives each valid message the event it is stored as.
 */
export async function batchEvents(
  batch: { readonly topic: string; readonly partition: number; readonly messages: readonly KafkaMessage[] },
  types: readonly NewswindowEventType[],
  nowMs: number,
  checks: BatchChecks,
): Promise<BatchEvents> {
  const valid: ValidMessage[] = [];
  const dead: DeadMessage[] = [];
  const news = new Map<IdempotentEvent, NewsPublishedData>();
  const ticks: (KeyedTick & { event: IdempotentEvent })[] = [];
  const revisions = barRevisions(checks.store);
  let repeats = 0;
  for (const message of batch.messages) {
    const decoded = decodeMessage(message.value, types, nowMs);
    if (!decoded.ok) {
      dead.push({ message, reason: decoded.reason, ...(decoded.oversized === true ? { oversized: true } : {}) });
      continue;
    }
    const event = decoded.event;
    const issue = referenceIssue(event, checks, nowMs);
    if (issue !== undefined) {
      dead.push({ message, reason: issue });
      continue;
    }
    const metadata = storedMetadata(event, batch.topic, batch.partition, message);
    const { streamId, idempotencyKey } = storeAddressOf(event);
    let stored = { type: event.type, data: event.data, metadata, streamId, idempotencyKey } as IdempotentEvent;
    if (event.type === 'PriceBarClosed') {
      const decision = await decideBar(event, stored, revisions);
      if (decision.kind === 'repeat') {
        repeats += 1;
        continue;
      }
      if (decision.kind === 'dead') {
        dead.push({ message, reason: decision.reason });
        continue;
      }
      stored = decision.event;
    }
    valid.push({ event: stored, message });
    if (event.type === 'NewsPublished') news.set(stored, event.data);
    if (event.type === 'TradeTicked') ticks.push({ tick: event.data, key: idempotencyKey, event: stored });
  }
  return { valid, dead, news, ticks, repeats };
}
