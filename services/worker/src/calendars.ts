import type { ExchangeCode, TradingCalendar } from '@newswindow/engine';
import { EXCHANGES, calendarFromSessions, calendarFromSessionsCsv } from '@newswindow/engine';
import { UnknownListingError } from './errors';

// US venues trade the NYSE calendar.
const CALENDAR_OF_EXCHANGE: Readonly<Record<string, ExchangeCode>> = {
  XNYS: 'XNYS',
  XNAS: 'XNYS',
  ARCX: 'XNYS',
  BATS: 'XNYS',
  XASE: 'XNYS',
  XHKG: 'XHKG',
  // The security master's "a US exchange the source does not name" (its listings follow the XNYS calendar).
  US: 'XNYS',
};

/**
 * Trading calendars per exchange: the shipped session file (2024–2026, with half days) merged with the sessions on
 * which the listing's benchmark has a stored close (older history, e.g. the 2019–2023 panel).
 */
export interface CalendarProvider {
  /** The exchange's calendar code, or throws {@link UnknownListingError}. */
  calendarCode(symbol: string, exchange: string): ExchangeCode;
  /** Calendar of `exchange` extended with `extraSessions` (benchmark close dates). */
  calendarFor(symbol: string, exchange: string, extraSessions?: readonly string[]): TradingCalendar;
}

/** Builds a {@link CalendarProvider} from the text of `calendars/sessions_xnys_xhkg_2024_2026.csv`. */
export function createCalendarProvider(sessionsCsv: string): CalendarProvider {
  const shipped = new Map<ExchangeCode, TradingCalendar>();
  const merged = new Map<string, TradingCalendar>();
  const base = (code: ExchangeCode): TradingCalendar => {
    let c = shipped.get(code);
    if (c === undefined) {
      c = calendarFromSessionsCsv(sessionsCsv, code);
      shipped.set(code, c);
    }
    return c;
  };
  const calendarCode = (symbol: string, exchange: string): ExchangeCode => {
    const code = CALENDAR_OF_EXCHANGE[exchange];
    if (code === undefined) throw new UnknownListingError(symbol, `no trading calendar for exchange ${exchange}`);
    return code;
  };
  return {
    calendarCode,
    calendarFor(symbol, exchange, extraSessions = []) {
      const code = calendarCode(symbol, exchange);
      const cal = base(code);
      const extra = extraSessions.filter((d) => !cal.index.has(d));
      if (extra.length === 0) return cal;
      // Cache by the extension's span: repeated studies over the same stored history reuse one calendar.
      const key = `${code}|${extra.length}|${extra[0] ?? ''}|${extra.at(-1) ?? ''}`;
      let c = merged.get(key);
      if (c === undefined) {
        const closeTimes = new Map(cal.sessions.map((d, i) => [d, cal.closeTimes[i] ?? EXCHANGES[code].close]));
        c = calendarFromSessions(code, [...cal.sessions, ...extra], {
          timeZone: EXCHANGES[code].timeZone,
          defaultClose: EXCHANGES[code].close,
          closeTimes,
        });
        merged.set(key, c);
      }
      return c;
    },
  };
}
