import type { PriceBarClosedData, PriceBarCorrectedData } from '@newswindow/schemas';
import type { Calendars, SecurityMaster } from '@newswindow/reference';
import { validOn } from '@newswindow/reference';

/** What a bar is checked against: the exchange calendars, the security master (optional) and the clock. */
export interface BarReference {
  readonly calendars: Calendars;
  /** Without a master, the listing check is skipped (the calendar and clock checks still run). */
  readonly master?: Pick<SecurityMaster, 'listingHistory'>;
  readonly nowMs: number;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const weekday = (date: string): string => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '?';

/**
 * Why a schema-valid daily bar cannot enter a listing's series, or `undefined` when it can. A bar is refused when
 * - its exchange has no calendar (its sessions cannot be checked, and no study could use it);
 * - its session date is not a session of that calendar (a Saturday, a holiday) or lies past the calendar's horizon;
 * - its session has not opened yet (a 2099 date, a clock error at the source);
 * - the security master lists the symbol on that date, and on another market: the bar's exchange has another time zone
 *   than every calendar the symbol's listings follow (BABA is XNYS: a "BABA" bar on XHKG is another instrument).
 *   MICs of one market (XNYS, XNAS, ARCX, the master's `US`) share a zone, so a loader's XNYS for a Nasdaq listing
 *   passes. Symbols the master does not know (indices, a user's instruments) are not checked against it.
 */
export function barReferenceIssue(bar: PriceBarClosedData, ref: BarReference): string | undefined {
  const calendar = ref.calendars.get(bar.exchange);
  if (calendar === undefined)
    return `$.data.exchange: no exchange calendar for ${bar.exchange} (known: ${ref.calendars
      .list()
      .map((e) => e.mic)
      .join(', ')})`;
  const day = calendar.day(bar.sessionDate);
  if (day.kind === 'beyond-horizon') return `$.data.sessionDate: ${day.message}`;
  if (day.kind === 'closed')
    return `$.data.sessionDate: ${bar.sessionDate} (${weekday(bar.sessionDate)}) is not a session of ${bar.exchange}: the exchange is closed that day`;
  if (day.openMs > ref.nowMs)
    return `$.data.sessionDate: the ${bar.exchange} session of ${bar.sessionDate} has not opened yet (opens ${new Date(day.openMs).toISOString()})`;
  if (ref.master === undefined) return undefined;
  const listings = ref.master.listingHistory(bar.symbol).filter((l) => validOn(l.listing, bar.sessionDate));
  if (listings.length === 0) return undefined;
  const zone = calendar.info.timeZone;
  const zoneOf = (mic: string): string | undefined => ref.calendars.get(mic)?.info.timeZone;
  if (listings.some((l) => l.listing.mic === bar.exchange || zoneOf(l.listing.calendar) === zone)) return undefined;
  const where = listings.map((l) => `${l.listing.mic} (${l.issuer.name})`).join(', ');
  return `$.data.exchange: ${bar.symbol} is listed on ${where} on ${bar.sessionDate}, not on ${bar.exchange}: a bar of another market's ${bar.symbol} cannot enter that listing's series`;
}

/** The fields that make two bars of one (listing, session, adjusted) the same bar. */
const PRICE_FIELDS = ['open', 'high', 'low', 'close', 'volume', 'currency'] as const;

/**
 * Why `bar` conflicts with `stored`, a bar already stored for the same listing, session and adjustment (the values that
 * differ), or `undefined` when it repeats it (the source may differ).
 */
export function barConflict(bar: PriceBarClosedData, stored: PriceBarClosedData): string | undefined {
  if (stored.sessionDate !== bar.sessionDate || stored.adjusted !== bar.adjusted) return undefined;
  const differ = PRICE_FIELDS.filter((k) => stored[k] !== bar[k]);
  if (differ.length === 0) return undefined;
  return differ.map((k) => `${k} ${String(bar[k])} (stored ${String(stored[k])})`).join(', ');
}

/** Every revision stored for one (listing, session, adjustment), in log order, and where the latest one is. */
export interface StoredBarRevisions {
  /** The values of each stored bar event (revision 1 first), with the reason of each correction. */
  readonly all: { readonly bar: PriceBarClosedData; readonly reason?: string }[];
  latest: PriceBarClosedData;
  revision: number;
  /** Where the latest is (`position 812`, `earlier in this batch`), for the DLQ reason. */
  at: string;
}

/** The key of a bar's (session, adjustment) within its listing's stream. */
export const revisionKey = (bar: Pick<PriceBarClosedData, 'sessionDate' | 'adjusted'>): string =>
  `${bar.sessionDate}|${String(bar.adjusted)}`;

/**
 * Records a stored bar event (a `PriceBarClosed` is revision 1, a `PriceBarCorrected` its own revision): the latest in
 * log order is the one the read model shows.
 */
export function noteRevision(
  known: Map<string, StoredBarRevisions>,
  bar: PriceBarClosedData,
  revision: number,
  at: string,
  reason?: string,
): void {
  const key = revisionKey(bar);
  const entry = known.get(key);
  const stored = reason === undefined ? { bar } : { bar, reason };
  if (entry === undefined) {
    known.set(key, { all: [stored], latest: bar, revision, at });
    return;
  }
  entry.all.push(stored);
  entry.latest = bar;
  entry.revision = Math.max(entry.revision, revision);
  entry.at = at;
}

/** What to do with a bar message given the revisions stored for its session. */
export type BarOutcome =
  | { readonly kind: 'new' }
  /** It repeats a stored revision (only `source` may differ): an idempotent no-op, never appended again. */
  | { readonly kind: 'repeat' }
  /** Other values than the latest revision, with a reason: stored as the next revision. */
  | { readonly kind: 'correction'; readonly data: PriceBarCorrectedData }
  /** Other values without a reason: dead-lettered, the stored bar stays. */
  | { readonly kind: 'conflict'; readonly reason: string };

/**
 * A bar for a session with no stored bar is new. One equal to the latest revision is a repeat; so is a plain re-send
 * of any earlier revision, or a correction equal to a stored one with the same reason (a replay of the topic must not
 * undo a later correction). Other values become the next revision
 * only when the producer gave a `correctionReason`; without one they are refused with the values that differ, so a
 * stored price never changes silently.
 */
export function barOutcome(
  bar: PriceBarClosedData,
  stored: StoredBarRevisions | undefined,
  correctionReason: string | undefined,
): BarOutcome {
  if (stored === undefined) return { kind: 'new' };
  const differs = barConflict(bar, stored.latest);
  if (differs === undefined) return { kind: 'repeat' };
  // A replay of the topic (or a redelivery) meets messages already stored: a plain bar equal to any stored revision,
  // a correction equal to a stored one with the same reason.
  const storedBefore = stored.all.some(
    (b) => barConflict(bar, b.bar) === undefined && (correctionReason === undefined || b.reason === correctionReason),
  );
  if (storedBefore) return { kind: 'repeat' };
  if (correctionReason === undefined) {
    const revision = stored.revision > 1 ? `, revision ${stored.revision}` : '';
    return {
      kind: 'conflict',
      reason: `$.data: conflicts with the ${bar.adjusted ? 'adjusted' : 'unadjusted'} bar of ${bar.exchange}:${bar.symbol} ${bar.sessionDate} already stored (${stored.at}${revision}): ${differs}; a stored session is never replaced by a plain re-send: send it with metadata.correctionReason (newswindow ingest bars --correction-reason TEXT) to store it as a correction`,
    };
  }
  const p = stored.latest;
  return {
    kind: 'correction',
    data: {
      ...bar,
      revision: stored.revision + 1,
      previous: {
        revision: stored.revision,
        open: p.open,
        high: p.high,
        low: p.low,
        close: p.close,
        volume: p.volume,
        currency: p.currency,
        ...(p.source === undefined ? {} : { source: p.source }),
      },
      reason: correctionReason,
    },
  };
}
