import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DateTime } from 'luxon';
import type { TradingCalendar } from '@newswindow/engine';
import { calendarFromSessionsCsv } from '@newswindow/engine';
import type { TradeTick } from '../messages';

/** Session calendars by exchange (MIC), as built by `calendarFromSessionsCsv` of `@newswindow/engine`. */
export type SessionCalendars = ReadonlyMap<string, TradingCalendar>;

/**
 * The shipped sessions file (`date,weekday,xnys,xhkg`), kept once in the repository under the worker's data. Resolved
 * from this file's directory, which sits at the same depth in `src/` and `dist/`.
 */
export const DEFAULT_SESSIONS_CSV = resolve(
  __dirname,
  '../../../worker/data/calendars/sessions_xnys_xhkg_2024_2026.csv',
);

/** The exchanges of the sessions file. */
const CALENDAR_EXCHANGES = ['XNYS', 'XHKG'] as const;

/**
 * Local time the session's trades start: NYSE's opening auction at 09:30; HKEX's pre-opening session at 09:00 (its
 * auction prints at 09:20 and sets the open). Ticks before it are pre-market trades, not part of the session's bar.
 */
export const SESSION_OPEN: Readonly<Record<string, string>> = { XNYS: '09:30', XHKG: '09:00' };

/** The calendars of the sessions file's text (pure). */
export function sessionCalendarsFromCsv(text: string): SessionCalendars {
  return new Map(CALENDAR_EXCHANGES.map((mic) => [mic, calendarFromSessionsCsv(text, mic)]));
}

/** Reads the sessions file (default {@link DEFAULT_SESSIONS_CSV}). */
export async function loadSessionCalendars(path: string = DEFAULT_SESSIONS_CSV): Promise<SessionCalendars> {
  return sessionCalendarsFromCsv(await readFile(path, 'utf8'));
}

/** Thrown when a tick names an exchange with no session calendar. */
export class UnknownExchangeError extends Error {
  constructor(
    readonly exchange: string,
    known: readonly string[],
  ) {
    super(`no session calendar for exchange ${exchange} (known: ${known.join(', ')})`);
    this.name = 'UnknownExchangeError';
  }
}

/** One session of one exchange: its local date and its [open, close] instants (ms, both inclusive). */
export interface SessionWindow {
  readonly exchange: string;
  readonly sessionDate: string;
  readonly openMs: number;
  readonly closeMs: number;
  /** Local close `HH:mm` (16:00, or 13:00 / 12:00 on NYSE early closes and HKEX half days). */
  readonly close: string;
  readonly shortened: boolean;
}

/** Where a tick belongs: its session, or why it belongs to none. */
export type TickPlacement =
  | { readonly ok: true; readonly session: SessionWindow; readonly ms: number }
  | { readonly ok: false; readonly reason: string };

/** Both exchanges' regular close; an earlier close is an NYSE early close or an HKEX half day. */
const REGULAR_CLOSE = '16:00';

const HOUR = 3_600_000;
const localDates = new Map<string, string>();

// Both exchange zones have whole-hour offsets, so the local date is constant within a UTC hour: cache by that hour.
function localDate(zone: string, ms: number): string {
  const key = `${zone}|${Math.floor(ms / HOUR)}`;
  let date = localDates.get(key);
  if (date === undefined) {
    date = DateTime.fromMillis(ms, { zone }).toISODate() ?? '';
    if (localDates.size > 100_000) localDates.clear();
    localDates.set(key, date);
  }
  return date;
}

const at = (date: string, zone: string, hhmm: string): number => {
  const [hour, minute] = hhmm.split(':').map(Number);
  return DateTime.fromISO(date, { zone })
    .set({ hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 })
    .toMillis();
};

const windows = new WeakMap<TradingCalendar, Map<string, SessionWindow | null>>();

/** The session of `exchange` on local date `sessionDate`, or `undefined` when the exchange is closed that day. */
export function sessionWindow(calendar: TradingCalendar, sessionDate: string): SessionWindow | undefined {
  let cache = windows.get(calendar);
  if (cache === undefined) windows.set(calendar, (cache = new Map<string, SessionWindow | null>()));
  let window = cache.get(sessionDate);
  if (window === undefined) {
    const i = calendar.index.get(sessionDate);
    const close = i === undefined ? undefined : calendar.closeTimes[i];
    window =
      close === undefined
        ? null
        : {
            exchange: calendar.id,
            sessionDate,
            openMs: at(sessionDate, calendar.timeZone, SESSION_OPEN[calendar.id] ?? '09:30'),
            closeMs: at(sessionDate, calendar.timeZone, close),
            close,
            shortened: close < REGULAR_CLOSE,
          };
    cache.set(sessionDate, window);
  }
  return window ?? undefined;
}

const calendarOf = (calendars: SessionCalendars, exchange: string): TradingCalendar => {
  const calendar = calendars.get(exchange);
  if (calendar === undefined) throw new UnknownExchangeError(exchange, [...calendars.keys()]);
  return calendar;
};

/** The instant (ms) the session of `exchange` on `sessionDate` closes; throws when the exchange is closed that day. */
export function sessionCloseMs(calendars: SessionCalendars, exchange: string, sessionDate: string): number {
  const window = sessionWindow(calendarOf(calendars, exchange), sessionDate);
  if (window === undefined) throw new RangeError(`${exchange} has no session on ${sessionDate}`);
  return window.closeMs;
}

/** The local date (`YYYY-MM-DD`) of a tick in its exchange's time zone. */
export function sessionDateOf(calendars: SessionCalendars, tick: Pick<TradeTick, 'exchange' | 'timestamp'>): string {
  return localDate(calendarOf(calendars, tick.exchange).timeZone, instantMs(tick.timestamp));
}

export const instantMs = (timestamp: string): number => {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new RangeError(`bad tick timestamp ${timestamp}`);
  return ms;
};

/**
 * Places a tick in its exchange session: the session of its local date, if that date is a session of the calendar and
 * the tick is within [open, close] (a tick at exactly the close, e.g. the closing auction print, belongs to it).
 * Otherwise says why not: an unknown exchange, a date the calendar does not cover, a closed day, before the open or
 * after the close (16:00, 13:00 on an NYSE early close, 12:00 on an HKEX half day).
 */
export function placeTick(calendars: SessionCalendars, tick: Pick<TradeTick, 'exchange' | 'timestamp'>): TickPlacement {
  const calendar = calendars.get(tick.exchange);
  if (calendar === undefined)
    return {
      ok: false,
      reason: `$.data.exchange: no session calendar for ${tick.exchange} (known: ${[...calendars.keys()].join(', ')})`,
    };
  const ms = Date.parse(tick.timestamp);
  if (Number.isNaN(ms)) return { ok: false, reason: `$.data.timestamp: not an instant: ${tick.timestamp}` };
  const date = localDate(calendar.timeZone, ms);
  const first = calendar.sessions[0];
  const last = calendar.sessions[calendar.sessions.length - 1];
  const where = `${tick.timestamp} (${date} ${calendar.timeZone})`;
  if (first === undefined || last === undefined || date < first || date > last)
    return {
      ok: false,
      reason: `$.data.timestamp: ${where} is outside the ${calendar.id} session calendar (${first ?? '?'} … ${last ?? '?'})`,
    };
  const window = sessionWindow(calendar, date);
  if (window === undefined)
    return { ok: false, reason: `$.data.timestamp: ${where}: ${calendar.id} is closed on ${date}` };
  if (ms < window.openMs)
    return {
      ok: false,
      reason: `$.data.timestamp: ${where} is before the ${calendar.id} session opens (${SESSION_OPEN[calendar.id] ?? '09:30'} local)`,
    };
  if (ms > window.closeMs)
    return {
      ok: false,
      reason: `$.data.timestamp: ${where} is after the ${calendar.id} ${window.shortened ? 'shortened session closes' : 'session closes'} (${window.close} local)`,
    };
  return { ok: true, session: window, ms };
}
