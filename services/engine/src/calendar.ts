import type { TradingCalendar } from '@newswindow/schemas';

/** An exchange's sessions as the engine reads them; `@newswindow/reference` builds them from the exchange calendars. */
export type { TradingCalendar };

/** Thrown when calendar input is inconsistent (unsorted or duplicate sessions, bad dates). */
export class CalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarError';
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Builds a calendar from session dates (sorted or not; duplicates rejected). `closeTimes` defaults to `defaultClose`
 * for every session.
 */
export function calendarFromSessions(
  id: string,
  sessions: readonly string[],
  options: { timeZone?: string; defaultClose?: string; closeTimes?: ReadonlyMap<string, string> } = {},
): TradingCalendar {
  const sorted = [...sessions].sort();
  const index = new Map<string, number>();
  sorted.forEach((d, i) => {
    if (!ISO_DATE.test(d)) throw new CalendarError(`${id}: '${d}' is not a YYYY-MM-DD date`);
    if (index.has(d)) throw new CalendarError(`${id}: duplicate session ${d}`);
    index.set(d, i);
  });
  const defaultClose = options.defaultClose ?? '16:00';
  const closeTimes = sorted.map((d) => options.closeTimes?.get(d) ?? defaultClose);
  return { id, timeZone: options.timeZone ?? 'UTC', sessions: sorted, closeTimes, index };
}

/** The oracle's convention: the calendar is the set of dates on which the benchmark has a close. */
export function calendarFromBenchmark(
  benchmarkSymbol: string,
  closeDates: readonly string[],
  options: { timeZone?: string; defaultClose?: string } = {},
): TradingCalendar {
  return calendarFromSessions(`benchmark:${benchmarkSymbol}`, [...new Set(closeDates)], options);
}

/**
 * Aligns observations `(date, value)` to a calendar: a Float64Array with one slot per session, NaN where the series
 * has no value. Dates that are not sessions are reported in `offCalendar` (callers decide whether that is an error).
 */
export function alignToCalendar(
  calendar: TradingCalendar,
  dates: readonly string[],
  values: ArrayLike<number>,
): { readonly values: Float64Array; readonly offCalendar: readonly string[] } {
  const out = new Float64Array(calendar.sessions.length).fill(Number.NaN);
  const offCalendar: string[] = [];
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i]!;
    const t = calendar.index.get(d);
    if (t === undefined) offCalendar.push(d);
    else out[t] = values[i]!;
  }
  return { values: out, offCalendar };
}

/** Index of the first session on or after `date` (binary search); `sessions.length` when there is none. */
export function firstSessionOnOrAfter(calendar: TradingCalendar, date: string): number {
  let lo = 0;
  let hi = calendar.sessions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (calendar.sessions[mid]! < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
