import type { TradingCalendar } from '@newswindow/schemas';
import type { CalendarsData, CalendarsProvenance, ExchangeData, SessionTimesData } from './data';
import { readCalendarsData } from './data';

/** The dates an exchange's data covers (inclusive, `YYYY-MM-DD`). */
export interface Horizon {
  readonly first: string;
  readonly last: string;
}

/** A question about a date the calendar does not cover: the answer is unknown, never guessed. */
export interface BeyondHorizon {
  readonly kind: 'beyond-horizon';
  readonly mic: string;
  readonly date: string;
  readonly horizon: Horizon;
  /** One line, e.g. `XSHG calendar covers 2000-01-01 … 2026-12-31; 2027-01-04 is beyond its horizon`. */
  readonly message: string;
}

/** A date inside the horizon on which the exchange does not trade. */
export interface Closed {
  readonly kind: 'closed';
  readonly mic: string;
  readonly date: string;
}

/** One trading session: its local date and its instants (ms since the epoch, UTC). */
export interface Session {
  readonly kind: 'session';
  readonly mic: string;
  readonly date: string;
  /** Position in the exchange's session list (0 = first session of the horizon). */
  readonly index: number;
  readonly openMs: number;
  readonly closeMs: number;
  /** Lunch break (XHKG, XTKS, XSHG …); null when the session has none. */
  readonly breakStartMs: number | null;
  readonly breakEndMs: number | null;
  /** Local `HH:MM` times as the exchange states them. */
  readonly local: SessionTimesData;
  /** True when the times differ from the period's regular ones (early close, half day, late open). */
  readonly irregular: boolean;
}

export type DayStatus = Session | Closed | BeyondHorizon;

/** An exchange as listed by `newswindow calendar exchanges`. */
export interface ExchangeInfo {
  readonly mic: string;
  readonly name: string;
  readonly timeZone: string;
  readonly horizon: Horizon;
  readonly firstSession: string;
  readonly lastSession: string;
  readonly sessionCount: number;
  /** The exchange-calendars calendar the data came from, and why it differs from the MIC when it does. */
  readonly source: { readonly calendar: string; readonly note?: string };
}

/** One exchange's sessions. Every date argument is a local `YYYY-MM-DD` date of the exchange. */
export interface ExchangeCalendar {
  readonly info: ExchangeInfo;
  /** Whether `date` is inside the horizon. */
  covers(date: string): boolean;
  /** The session on `date`, or that the exchange is closed, or that the date is beyond the horizon. */
  day(date: string): DayStatus;
  isSession(date: string): boolean | BeyondHorizon;
  /** Sessions with `from <= date <= to`; beyond-horizon when either end is outside it. */
  sessionsBetween(from: string, to: string): readonly Session[] | BeyondHorizon;
  /** The first session strictly after `date`. */
  nextSession(date: string): Session | BeyondHorizon;
  /** The last session strictly before `date`. */
  previousSession(date: string): Session | BeyondHorizon;
  /** The first session on or after `date`. */
  sessionOnOrAfter(date: string): Session | BeyondHorizon;
  /**
   * The k-th session from `date`: k > 0 counts sessions after it, k < 0 before it, k = 0 is `date` itself (closed
   * when it is not a session). The answer is beyond-horizon when the count runs past either end.
   */
  sessionFrom(date: string, k: number): DayStatus;
  /** The session at a position of the session list (`Session.index`), or undefined outside it. */
  sessionAt(index: number): Session | undefined;
  /** The exchange's local date of an instant. */
  localDateOf(ms: number): string;
  /** The engine's view (sessions and local closes); `id` is the MIC. */
  readonly trading: TradingCalendar;
}

export interface Calendars {
  readonly provenance: CalendarsProvenance;
  /** Exchanges in the file's order. */
  list(): readonly ExchangeInfo[];
  /** The calendar of a MIC, or undefined when there is none. */
  get(mic: string): ExchangeCalendar | undefined;
  /** The calendar of a MIC; throws {@link UnknownExchangeError} naming the known MICs. */
  require(mic: string): ExchangeCalendar;
}

export class UnknownExchangeError extends Error {
  constructor(
    readonly mic: string,
    readonly known: readonly string[],
  ) {
    super(`no exchange calendar for ${mic} (known: ${known.join(', ')})`);
    this.name = 'UnknownExchangeError';
  }
}

export const isBeyondHorizon = (x: unknown): x is BeyondHorizon =>
  typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'beyond-horizon';

/** ISO 8601 UTC instant without milliseconds (`2024-12-24T18:00:00Z`). */
export const isoInstant = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Local wall-clock time ↔ UTC from the zone's offset table in the data (tzdata, as the generator used it), so a
 * conversion is a binary search instead of a time-zone library call: whole-horizon listings stay fast.
 */
interface ZoneClock {
  /** UTC ms of local `date` at `minutes` after local midnight. */
  toUtc(date: string, minutes: number): number;
  /** Local date of a UTC instant. */
  localDate(ms: number): string;
}

function zoneClock(offsets: readonly (readonly [number, number])[]): ZoneClock {
  const from = Float64Array.from(offsets, ([sec]) => sec * 1000);
  const minutes = Int32Array.from(offsets, ([, m]) => m);
  const offsetAt = (ms: number): number => {
    let lo = 0;
    let hi = from.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (from[mid]! <= ms) lo = mid;
      else hi = mid - 1;
    }
    return minutes[lo]! * MINUTE_MS;
  };
  return {
    toUtc(date, mins) {
      const wall = dayNumber(date) * DAY_MS + mins * MINUTE_MS;
      // The offset in force at the instant itself: try the offset at the wall time read as UTC, then correct once
      // (sessions never sit in a DST gap or fold: transitions are at night in every zone of the data).
      const first = wall - offsetAt(wall);
      const second = wall - offsetAt(first);
      return second;
    },
    localDate(ms) {
      return new Date(ms + offsetAt(ms)).toISOString().slice(0, 10);
    },
  };
}

interface Expanded {
  readonly dates: readonly string[];
  readonly days: Int32Array;
  readonly times: readonly SessionTimesData[];
  readonly irregular: Uint8Array;
  readonly index: ReadonlyMap<string, number>;
}

const DD = Array.from({ length: 32 }, (_, d) => pad2(d));

/** The compact form to one entry per session (done once per exchange, on first use). */
function expand(ex: ExchangeData): Expanded {
  // Day numbers, not strings, in the per-day loop: only sessions get a date string.
  const holidays = new Set(ex.holidays.map(dayNumber));
  const extra = new Set(ex.extraSessions.map(dayNumber));
  const exceptions = new Map(Object.entries(ex.exceptions).map(([d, t]) => [dayNumber(d), t]));
  const periodStarts = ex.periods.map((p) => dayNumber(p.from));
  const mask = Array.from(ex.weekmask, (c) => c === '1');
  const dates: string[] = [];
  const days: number[] = [];
  const times: SessionTimesData[] = [];
  const irregular: number[] = [];
  const firstDay = dayNumber(ex.horizon.first);
  const lastDay = dayNumber(ex.horizon.last);
  let y = Number(ex.horizon.first.slice(0, 4));
  let m = Number(ex.horizon.first.slice(5, 7));
  let d = Number(ex.horizon.first.slice(8, 10));
  let monthPrefix = `${y}-${pad2(m)}-`;
  let monthLength = new Date(Date.UTC(y, m, 0)).getUTCDate();
  // 1970-01-01 was a Thursday: index 3 of the Mon…Sun weekmask.
  let weekday = (((firstDay + 3) % 7) + 7) % 7;
  let period = 0;
  for (let n = firstDay; n <= lastDay; n++) {
    if ((mask[weekday] === true && !holidays.has(n)) || extra.has(n)) {
      while (period + 1 < periodStarts.length && periodStarts[period + 1]! <= n) period++;
      const exception = exceptions.get(n);
      dates.push(monthPrefix + DD[d]!);
      days.push(n);
      times.push(exception ?? ex.periods[period]!);
      irregular.push(exception === undefined ? 0 : 1);
    }
    if (++weekday === 7) weekday = 0;
    if (++d > monthLength) {
      d = 1;
      if (++m > 12) {
        m = 1;
        y++;
      }
      monthPrefix = `${y}-${pad2(m)}-`;
      monthLength = new Date(Date.UTC(y, m, 0)).getUTCDate();
    }
  }
  if (dates.length !== ex.sessionCount)
    throw new Error(`${ex.mic}: expanded ${dates.length} sessions, the file says ${ex.sessionCount}`);
  const index = new Map<string, number>();
  for (let i = 0; i < dates.length; i++) index.set(dates[i]!, i);
  return { dates, days: Int32Array.from(days), times, irregular: Uint8Array.from(irregular), index };
}

function beyondHorizon(ex: ExchangeData, date: string, why = `${date} is beyond its horizon`): BeyondHorizon {
  return {
    kind: 'beyond-horizon',
    mic: ex.mic,
    date,
    horizon: ex.horizon,
    message: `${ex.mic} calendar covers ${ex.horizon.first} … ${ex.horizon.last}; ${why}`,
  };
}

/** Index of the first of the ascending `dates` on or after `date` (dates.length when none). */
function lowerBound(dates: readonly string[], date: string): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid]! < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The session at a position of the expanded list, built on first use and kept (undefined outside the list). */
function sessionLookup(
  ex: ExchangeData,
  expanded: () => Expanded,
  clock: () => ZoneClock,
): (i: number) => Session | undefined {
  const sessions: (Session | undefined)[] = [];
  return (i) => {
    const d = expanded();
    if (!Number.isInteger(i) || i < 0 || i >= d.dates.length) return undefined;
    let s = sessions[i];
    if (s === undefined) {
      const date = d.dates[i]!;
      const local = d.times[i]!;
      const utc = (hhmm: string): number => clock().toUtc(date, minutesOf(hhmm));
      s = {
        kind: 'session',
        mic: ex.mic,
        date,
        index: i,
        openMs: utc(local.open),
        closeMs: utc(local.close),
        breakStartMs: local.breakStart === null ? null : utc(local.breakStart),
        breakEndMs: local.breakEnd === null ? null : utc(local.breakEnd),
        local: { open: local.open, breakStart: local.breakStart, breakEnd: local.breakEnd, close: local.close },
        irregular: d.irregular[i] === 1,
      };
      sessions[i] = s;
    }
    return s;
  };
}

function exchangeCalendar(ex: ExchangeData): ExchangeCalendar {
  const info: ExchangeInfo = {
    mic: ex.mic,
    name: ex.name,
    timeZone: ex.timeZone,
    horizon: ex.horizon,
    firstSession: ex.firstSession,
    lastSession: ex.lastSession,
    sessionCount: ex.sessionCount,
    source: ex.source,
  };
  let data: Expanded | undefined;
  let clockOf: ZoneClock | undefined;
  let trading: TradingCalendar | undefined;
  const clock = (): ZoneClock => (clockOf ??= zoneClock(ex.utcOffsets));
  const expanded = (): Expanded => (data ??= expand(ex));
  const sessionAt = sessionLookup(ex, expanded, clock);
  const beyond = (date: string): BeyondHorizon => beyondHorizon(ex, date);
  const covers = (date: string): boolean => date >= ex.horizon.first && date <= ex.horizon.last;
  const firstOnOrAfter = (date: string): number => lowerBound(expanded().dates, date);
  // Past the last session but inside the horizon (the horizon ends on a holiday) is still beyond: the next session
  // is unknown.
  const at = (i: number, date: string): Session | BeyondHorizon =>
    sessionAt(i) ?? beyondHorizon(ex, date, `the session asked for from ${date} is beyond its horizon`);
  const day = (date: string): DayStatus => {
    if (!covers(date)) return beyond(date);
    const i = expanded().index.get(date);
    return i === undefined ? { kind: 'closed', mic: ex.mic, date } : sessionAt(i)!;
  };

  return {
    info,
    covers,
    day,
    isSession(date) {
      const d = day(date);
      return d.kind === 'beyond-horizon' ? d : d.kind === 'session';
    },
    sessionsBetween(from, to) {
      if (!covers(from)) return beyond(from);
      if (!covers(to)) return beyond(to);
      const out: Session[] = [];
      const { dates } = expanded();
      for (let i = firstOnOrAfter(from); i < dates.length && dates[i]! <= to; i++) out.push(sessionAt(i)!);
      return out;
    },
    nextSession(date) {
      if (!covers(date)) return beyond(date);
      const i = firstOnOrAfter(date);
      return at(expanded().dates[i] === date ? i + 1 : i, date);
    },
    previousSession(date) {
      return covers(date) ? at(firstOnOrAfter(date) - 1, date) : beyond(date);
    },
    sessionOnOrAfter(date) {
      return covers(date) ? at(firstOnOrAfter(date), date) : beyond(date);
    },
    sessionFrom(date, k) {
      if (!Number.isInteger(k)) throw new RangeError(`session count must be an integer, got ${k}`);
      if (!covers(date)) return beyond(date);
      const i = firstOnOrAfter(date);
      const isSession = expanded().dates[i] === date;
      if (k === 0) return day(date);
      return at(k > 0 ? (isSession ? i + k : i + k - 1) : i + k, date);
    },
    sessionAt,
    localDateOf: (ms) => clock().localDate(ms),
    get trading(): TradingCalendar {
      return (trading ??= tradingOf(ex, expanded()));
    },
  };
}

/** The engine's view of an expanded calendar. */
function tradingOf(ex: ExchangeData, d: Expanded): TradingCalendar {
  return {
    id: ex.mic,
    timeZone: ex.timeZone,
    sessions: d.dates,
    closeTimes: d.times.map((t) => t.close),
    index: d.index,
  };
}

/** Builds the calendars of a parsed, checked file (pure). */
export function calendarsFromData(data: CalendarsData): Calendars {
  const byMic = new Map(data.exchanges.map((ex) => [ex.mic, ex]));
  const built = new Map<string, ExchangeCalendar>();
  const get = (mic: string): ExchangeCalendar | undefined => {
    let c = built.get(mic);
    if (c === undefined) {
      const ex = byMic.get(mic);
      if (ex === undefined) return undefined;
      c = exchangeCalendar(ex);
      built.set(mic, c);
    }
    return c;
  };
  return {
    provenance: data.provenance,
    list: () => data.exchanges.map((ex) => get(ex.mic)!.info),
    get,
    require(mic) {
      const c = get(mic);
      if (c === undefined) throw new UnknownExchangeError(mic, [...byMic.keys()]);
      return c;
    },
  };
}

let shared: Calendars | undefined;

/** The shipped calendars (read once, synchronously, from the package's `data/`; no network). */
export function loadCalendars(file?: string): Calendars {
  if (file !== undefined) return calendarsFromData(readCalendarsData(file));
  return (shared ??= calendarsFromData(readCalendarsData()));
}
