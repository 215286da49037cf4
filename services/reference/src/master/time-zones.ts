import { loadCalendars } from '../calendars';

let zones: ReadonlyMap<string, string> | undefined;

/**
 * IANA time zone of a calendar MIC, from the exchange calendars (one owner of exchanges and their zones): a listing's
 * zone is its calendar's (`listing.calendar`). Undefined for an exchange the calendars do not cover.
 */
export function timeZoneOfCalendar(calendar: string): string | undefined {
  zones ??= new Map(
    loadCalendars()
      .list()
      .map((e) => [e.mic, e.timeZone]),
  );
  return zones.get(calendar);
}
