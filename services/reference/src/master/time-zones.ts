import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const CALENDARS_FILE = resolve(__dirname, '../../data/calendars/calendars.json');

interface CalendarsFile {
  readonly exchanges: readonly { readonly mic: string; readonly timeZone: string }[];
}

let zones: ReadonlyMap<string, string> | undefined;

/**
 * IANA time zone per calendar MIC, read from the generated calendars (`data/calendars/calendars.json`): a listing's
 * zone is its calendar's (`listing.calendar`). Undefined for an exchange the calendars do not cover.
 */
export function timeZoneOfCalendar(calendar: string): string | undefined {
  zones ??= new Map(
    (JSON.parse(readFileSync(CALENDARS_FILE, 'utf8')) as CalendarsFile).exchanges.map((e) => [e.mic, e.timeZone]),
  );
  return zones.get(calendar);
}
