export { calendarsFromData, isBeyondHorizon, isoInstant, loadCalendars, UnknownExchangeError } from './calendar';
export type {
  BeyondHorizon,
  Calendars,
  Closed,
  DayStatus,
  ExchangeCalendar,
  ExchangeInfo,
  Horizon,
  Session,
} from './calendar';
export { calendarOfExchange, createCalendarProvider } from './listing-calendars';
export type { CalendarProvider } from './listing-calendars';
export { CalendarDataError, DEFAULT_CALENDARS_FILE, readCalendarsData, validateCalendarsData } from './data';
export type { CalendarsData, CalendarsProvenance, ExchangeData } from './data';
