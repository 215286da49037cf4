import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Regular local times of an exchange from a date on (`HH:MM`; break fields null without a lunch break). */
export interface PeriodData {
  readonly from: string;
  readonly open: string;
  readonly breakStart: string | null;
  readonly breakEnd: string | null;
  readonly close: string;
}

/** Local times of one session that differs from its period (early close, half day, late open). */
export type SessionTimesData = Omit<PeriodData, 'from'>;

/** One exchange in `data/calendars/calendars.json` (see the package README, "Calendars"). */
export interface ExchangeData {
  readonly mic: string;
  readonly name: string;
  readonly timeZone: string;
  readonly source: { readonly calendar: string; readonly note?: string };
  readonly horizon: { readonly first: string; readonly last: string };
  readonly firstSession: string;
  readonly lastSession: string;
  readonly sessionCount: number;
  /** Mon…Sun, `1` = a trading weekday. */
  readonly weekmask: string;
  /** The zone's UTC offsets over the horizon: `[from epoch second, offset minutes]`, ascending (from tzdata). */
  readonly utcOffsets: readonly (readonly [number, number])[];
  readonly periods: readonly PeriodData[];
  readonly holidays: readonly string[];
  readonly extraSessions: readonly string[];
  readonly exceptions: Readonly<Record<string, SessionTimesData>>;
}

export interface CalendarsProvenance {
  readonly package: string;
  readonly version: string;
  readonly license: string;
  readonly generated: string;
  readonly command: string;
}

export interface CalendarsData {
  readonly provenance: CalendarsProvenance;
  readonly exchanges: readonly ExchangeData[];
}

/** Thrown when the calendars file is missing or not of the generated shape. */
export class CalendarDataError extends Error {
  override readonly name = 'CalendarDataError';
}

/**
 * The generated file, resolved from this file's directory (`src/calendars/` and `dist/calendars/` sit at the same
 * depth under the package root, where `data/` is).
 */
export const DEFAULT_CALENDARS_FILE = resolve(__dirname, '../../data/calendars/calendars.json');

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^\d{2}:\d{2}$/;

function check(ok: boolean, where: string, what: string): void {
  if (!ok) throw new CalendarDataError(`calendars file: ${where}: ${what} (regenerate with npm run refdata:calendars)`);
}

/** Checks the parts the loader relies on, so a hand-edited or truncated file fails at load with the place named. */
export function validateCalendarsData(raw: unknown): CalendarsData {
  check(typeof raw === 'object' && raw !== null, '$', 'not an object');
  const doc = raw as Partial<CalendarsData>;
  check(typeof doc.provenance?.version === 'string', '$.provenance', 'missing version');
  check(Array.isArray(doc.exchanges) && doc.exchanges.length > 0, '$.exchanges', 'missing');
  doc.exchanges!.forEach((ex, i) => {
    const at = `$.exchanges[${i}]`;
    check(typeof ex.mic === 'string' && /^[A-Z0-9]{4}$/.test(ex.mic), at, 'mic is not a 4-character MIC');
    check(typeof ex.timeZone === 'string' && ex.timeZone.length > 0, at, 'no timeZone');
    check(ISO_DATE.test(ex.horizon?.first ?? '') && ISO_DATE.test(ex.horizon?.last ?? ''), at, 'bad horizon');
    check(/^[01]{7}$/.test(ex.weekmask ?? ''), at, 'bad weekmask');
    check(
      Array.isArray(ex.periods) && (ex.periods as readonly PeriodData[])[0]?.from === ex.horizon.first,
      at,
      'bad periods',
    );
    for (const p of [...ex.periods, ...Object.values<SessionTimesData>(ex.exceptions ?? {})])
      check(HHMM.test(p.open) && HHMM.test(p.close), at, `bad session times ${JSON.stringify(p)}`);
    check(Array.isArray(ex.utcOffsets) && ex.utcOffsets.length > 0, at, 'no utcOffsets');
    check(Array.isArray(ex.holidays) && Array.isArray(ex.extraSessions), at, 'no holidays/extraSessions');
  });
  return doc as CalendarsData;
}

/** Reads and checks the calendars file synchronously (process start; no network). */
export function readCalendarsData(file: string = DEFAULT_CALENDARS_FILE): CalendarsData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CalendarDataError(`cannot read calendars file ${file}: ${(err as Error).message}`);
  }
  return validateCalendarsData(JSON.parse(text));
}
