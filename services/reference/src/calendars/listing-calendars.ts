import type { ListingCalendars, TradingCalendar } from '@newswindow/schemas';
import { UnknownListingError } from '@newswindow/schemas';
import type { SecurityMaster } from '../master/security-master';
import type { Calendars, ExchangeCalendar } from './calendar';

/**
 * The exchange calendar of a listing: a listing's exchange (MIC) is its calendar. Sessions come only from the calendar,
 * never from the dates a benchmark happens to have closes for.
 */
export interface CalendarProvider extends ListingCalendars {
  /** The exchange calendar of a listing, or throws {@link UnknownListingError}. */
  exchangeOf(symbol: string, exchange: string): ExchangeCalendar;
  /** The engine's view of the listing's calendar (sessions and local closes over the calendar's horizon). */
  calendarFor(symbol: string, exchange: string): TradingCalendar;
}

/**
 * Builds a {@link CalendarProvider} over the reference calendars (`loadCalendars()`).
 * `calendarOfExchange` maps an exchange code that is not itself a calendar to the calendar its listings follow, as the
 * security master records it (`US`, "a US exchange the source does not name", follows XNYS).
 */
export function createCalendarProvider(
  calendars: Calendars,
  calendarOfExchange: ReadonlyMap<string, string> = new Map(),
): CalendarProvider {
  const exchangeOf = (symbol: string, exchange: string): ExchangeCalendar => {
    const c = calendars.get(exchange) ?? calendars.get(calendarOfExchange.get(exchange) ?? '');
    if (c === undefined)
      throw new UnknownListingError(
        symbol,
        `no trading calendar for exchange ${exchange} (known: ${calendars
          .list()
          .map((e) => e.mic)
          .join(', ')})`,
      );
    return c;
  };
  return { exchangeOf, calendarFor: (symbol, exchange) => exchangeOf(symbol, exchange).trading };
}

/** Exchange code → the calendar its listings follow, as the security master records it (`US` → `XNYS`). */
export function calendarOfExchange(master: Pick<SecurityMaster, 'issuers'>): Map<string, string> {
  const out = new Map<string, string>();
  for (const issuer of master.issuers)
    for (const l of issuer.listings) if (l.calendar !== l.mic && !out.has(l.mic)) out.set(l.mic, l.calendar);
  return out;
}
