import type { Calendars, ExchangeCalendar } from '@newswindow/reference';
import { isoInstant, loadCalendars } from '@newswindow/reference';
import type { TradeTick } from '../messages';

/** The exchange calendars the roll-up places ticks with: those of `@newswindow/reference`. */
export type SessionCalendars = Calendars;

/** The shipped exchange calendars (synchronous, from `@newswindow/reference`'s generated data). */
export function loadSessionCalendars(): SessionCalendars {
  return loadCalendars();
}

/**
 * Minutes before the continuous-trading open at which a session's trades start. HKEX's pre-opening session starts
 * 30 minutes before 09:30 and its auction prints at 09:20, setting the open; the calendar source (exchange-calendars)
 * gives only the continuous session, so the roll-up widens it here. Ticks before it are pre-market trades.
 */
export const PRE_OPENING_MINUTES: Readonly<Record<string, number>> = { XHKG: 30 };

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
  /** When the session's trades start (the open, or the pre-opening session's start on XHKG). */
  readonly openMs: number;
  readonly closeMs: number;
  /** Local open and close `HH:mm` as the calendar states them. */
  readonly open: string;
  readonly close: string;
  /** An early close, half day or late open. */
  readonly shortened: boolean;
}

/** Where a tick belongs: its session, or why it belongs to none. */
export type TickPlacement =
  | { readonly ok: true; readonly session: SessionWindow; readonly ms: number }
  | { readonly ok: false; readonly reason: string };

const MINUTE = 60_000;

/** The session of `calendar` on local date `sessionDate`, or `undefined` when the exchange is closed or it is beyond the horizon. */
export function sessionWindow(calendar: ExchangeCalendar, sessionDate: string): SessionWindow | undefined {
  const day = calendar.day(sessionDate);
  if (day.kind !== 'session') return undefined;
  const mic = calendar.info.mic;
  return {
    exchange: mic,
    sessionDate,
    openMs: day.openMs - (PRE_OPENING_MINUTES[mic] ?? 0) * MINUTE,
    closeMs: day.closeMs,
    open: day.local.open,
    close: day.local.close,
    shortened: day.irregular,
  };
}

const calendarOf = (calendars: SessionCalendars, exchange: string): ExchangeCalendar => {
  const calendar = calendars.get(exchange);
  if (calendar === undefined)
    throw new UnknownExchangeError(
      exchange,
      calendars.list().map((e) => e.mic),
    );
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
  return calendarOf(calendars, tick.exchange).localDateOf(instantMs(tick.timestamp));
}

export const instantMs = (timestamp: string): number => {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new RangeError(`bad tick timestamp ${timestamp}`);
  return ms;
};

const localTime = (ms: number, calendar: ExchangeCalendar): string => {
  // The session's own local clock: the offset is the one of the session date (no session spans a DST change).
  const date = calendar.localDateOf(ms);
  const day = calendar.day(date);
  const offset = day.kind === 'session' ? day.openMs - Date.parse(`${date}T${day.local.open}:00Z`) : 0;
  return isoInstant(ms - offset).slice(11, 16);
};

/**
 * Places a tick in its exchange session: the session of its local date, if that date is a session of the calendar and
 * the tick is within [open, close] (a tick at exactly the close, e.g. the closing auction print, belongs to it).
 * Otherwise says why not: an unknown exchange, a date beyond the calendar's horizon, a closed day, before the open or
 * after the close (16:00, 13:00 on an NYSE early close, 12:00 on an HKEX half day).
 */
export function placeTick(calendars: SessionCalendars, tick: Pick<TradeTick, 'exchange' | 'timestamp'>): TickPlacement {
  const calendar = calendars.get(tick.exchange);
  if (calendar === undefined)
    return {
      ok: false,
      reason: `$.data.exchange: no session calendar for ${tick.exchange} (known: ${calendars
        .list()
        .map((e) => e.mic)
        .join(', ')})`,
    };
  const ms = Date.parse(tick.timestamp);
  if (Number.isNaN(ms)) return { ok: false, reason: `$.data.timestamp: not an instant: ${tick.timestamp}` };
  const date = calendar.localDateOf(ms);
  const where = `${tick.timestamp} (${date} ${calendar.info.timeZone})`;
  const day = calendar.day(date);
  if (day.kind === 'beyond-horizon')
    return { ok: false, reason: `$.data.timestamp: ${where} is beyond the horizon: ${day.message}` };
  if (day.kind === 'closed')
    return { ok: false, reason: `$.data.timestamp: ${where}: ${calendar.info.mic} is closed on ${date}` };
  const window = sessionWindow(calendar, date)!;
  if (ms < window.openMs)
    return {
      ok: false,
      reason: `$.data.timestamp: ${where} is before the ${window.exchange} session opens (${localTime(window.openMs, calendar)} local)`,
    };
  if (ms > window.closeMs)
    return {
      ok: false,
      reason: `$.data.timestamp: ${where} is after the ${window.exchange} ${window.shortened ? 'shortened session closes' : 'session closes'} (${window.close} local)`,
    };
  return { ok: true, session: window, ms };
}
