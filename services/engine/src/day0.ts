import { DateTime } from 'luxon';
import type { TradingCalendar } from './calendar';
import { firstSessionOnOrAfter } from './calendar';

/**
 * How day 0 is chosen:
 * - `next-close` (default): the first session whose close (local time, shortened sessions included) comes after the
 *   news became public; a date-only event → the first session on or after that date;
 * - `same-date-or-next` (estudy2 / the oracle): the first session on or after the event's local date;
 * - `previous` (R package eventstudies): the last session on or before the event's local date.
 */
export type Day0Rule = 'next-close' | 'same-date-or-next' | 'previous';

/** When the news became public: a calendar date, or an instant (ISO 8601 with offset). */
export type EventTime =
  { readonly kind: 'date'; readonly date: string } | { readonly kind: 'instant'; readonly iso: string };

/** Result of anchoring: the session index and date, or why there is none. */
export type Day0 =
  | { readonly kind: 'anchored'; readonly index: number; readonly date: string }
  | { readonly kind: 'unanchored'; readonly reason: string };

/** Thrown when an event timestamp cannot be parsed. */
export class EventTimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventTimeError';
  }
}

function localDate(calendar: TradingCalendar, time: EventTime): { date: string; instant?: DateTime } {
  if (time.kind === 'date') return { date: time.date };
  const dt = DateTime.fromISO(time.iso, { setZone: true });
  if (!dt.isValid) throw new EventTimeError(`invalid event time '${time.iso}': ${dt.invalidExplanation ?? ''}`);
  const local = dt.setZone(calendar.timeZone);
  return { date: local.toISODate() ?? '', instant: local };
}

/** Anchors an event to day 0 on `calendar` under `rule` (pure: the instant comes in, no clock is read). */
export function anchorDay0(calendar: TradingCalendar, time: EventTime, rule: Day0Rule = 'next-close'): Day0 {
  const { date, instant } = localDate(calendar, time);
  const n = calendar.sessions.length;
  const first = calendar.sessions[0];
  const last = calendar.sessions[n - 1];
  // Outside the calendar nothing is known about sessions (the next or previous one may be missing from the data), so
  // such events are never moved onto the calendar's first or last session.
  if (first === undefined || last === undefined)
    return { kind: 'unanchored', reason: `calendar ${calendar.id} has no sessions` };
  if (date < first)
    return { kind: 'unanchored', reason: `${date} is before the first session (${first}) of ${calendar.id}` };
  if (date > last)
    return { kind: 'unanchored', reason: `${date} is after the last session (${last}) of ${calendar.id}` };
  let index: number;
  switch (rule) {
    case 'same-date-or-next':
      index = firstSessionOnOrAfter(calendar, date);
      break;
    case 'previous': {
      const at = firstSessionOnOrAfter(calendar, date);
      index = at < n && calendar.sessions[at] === date ? at : at - 1;
      break;
    }
    case 'next-close': {
      index = firstSessionOnOrAfter(calendar, date);
      if (instant !== undefined && index < n && calendar.sessions[index] === date) {
        const [h, m] = (calendar.closeTimes[index] ?? '16:00').split(':').map(Number);
        const close = DateTime.fromObject(
          { year: instant.year, month: instant.month, day: instant.day, hour: h ?? 16, minute: m ?? 0 },
          { zone: calendar.timeZone },
        );
        if (instant.toMillis() >= close.toMillis()) index += 1;
      }
      break;
    }
    default: {
      const _never: never = rule;
      throw new Error(`unknown day-0 rule ${String(_never)}`);
    }
  }
  if (index < 0 || index >= n)
    return { kind: 'unanchored', reason: `no session for ${date} under rule ${rule} in ${calendar.id}` };
  return { kind: 'anchored', index, date: calendar.sessions[index]! };
}
