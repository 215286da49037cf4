import type { PriceBarClosedData } from '@newswindow/schemas';
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
