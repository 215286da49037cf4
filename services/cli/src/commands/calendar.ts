import type { Calendars, ExchangeInfo, Session } from '@newswindow/reference';
import { isBeyondHorizon, isoInstant, loadCalendars } from '@newswindow/reference';
import type { CliCommand } from './command';
import { calendarDateOption, UsageError, parseCommandArgs } from './command';
import type { DataRow, Format } from './study-read/format';
import { textTable, toCsv, toJson } from './study-read/format';

const exchangesHelp = `Usage: newswindow calendar exchanges [--format table|csv|json]

Lists the exchanges with a trading calendar: MIC, name, IANA time zone and the horizon (the dates the calendar
covers; past it newswindow says so instead of guessing).

Options:
  --format F   table (default) | csv | json`;

const sessionsHelp = `Usage: newswindow calendar sessions --exchange MIC --from YYYY-MM-DD --to YYYY-MM-DD [--format table|csv|json]

Lists the trading sessions of an exchange between two local dates (inclusive), with each session's open and close
as UTC instants (early closes and half days included; lunch breaks in the table and json).

Options:
  --exchange MIC   e.g. XNYS, XHKG (newswindow calendar exchanges lists them)
  --from D         first local date
  --to D           last local date
  --format F       table (default) | csv (date,open,close) | json

Example:
  newswindow calendar sessions --exchange XNYS --from 2024-12-23 --to 2024-12-31 --format csv`;

const usage = `Usage: newswindow calendar <exchanges|sessions> [options]

Exchange trading calendars (generated from the exchange-calendars package; see services/reference/README.md).

  newswindow calendar exchanges [--format table|csv|json]
  newswindow calendar sessions --exchange MIC --from D --to D [--format table|csv|json]

newswindow calendar <subcommand> --help for details.`;

function parseFormat(f: string | undefined): Format {
  if (f === undefined) return 'table';
  if (f === 'table' || f === 'csv' || f === 'json') return f;
  throw new UsageError(`--format must be table, csv or json, got '${f}'`);
}

function parse(argv: readonly string[], options: Record<string, { type: 'string' }>) {
  return parseCommandArgs(argv, options, { positionals: false }).values as Record<string, string | undefined>;
}

const exchangeRow = (e: ExchangeInfo): DataRow => ({
  mic: e.mic,
  name: e.name,
  time_zone: e.timeZone,
  horizon_first: e.horizon.first,
  horizon_last: e.horizon.last,
  first_session: e.firstSession,
  last_session: e.lastSession,
  sessions: e.sessionCount,
  source: e.source.calendar,
  note: e.source.note ?? null,
});

/** `newswindow calendar exchanges` output (pure). */
export function renderExchanges(calendars: Calendars, format: Format): string {
  const list = calendars.list();
  if (format !== 'table') {
    const columns = [
      'mic',
      'name',
      'time_zone',
      'horizon_first',
      'horizon_last',
      'first_session',
      'last_session',
      'sessions',
      'source',
      'note',
    ];
    return (format === 'csv' ? toCsv : toJson)(columns, list.map(exchangeRow));
  }
  const p = calendars.provenance;
  return (
    textTable(
      [{ header: 'MIC' }, { header: 'name' }, { header: 'time zone' }, { header: 'horizon' }, { header: 'note' }],
      list.map((e) => [e.mic, e.name, e.timeZone, `${e.horizon.first} … ${e.horizon.last}`, e.source.note ?? '']),
    ) + `\nsource: ${p.package} ${p.version} (${p.license}), generated ${p.generated}\n`
  );
}

const sessionRow = (s: Session): DataRow => ({
  date: s.date,
  open: isoInstant(s.openMs),
  close: isoInstant(s.closeMs),
  break_start: s.breakStartMs === null ? null : isoInstant(s.breakStartMs),
  break_end: s.breakEndMs === null ? null : isoInstant(s.breakEndMs),
});

/** `newswindow calendar sessions` output (pure). */
export function renderSessions(sessions: readonly Session[], format: Format, timeZone: string): string {
  if (format === 'csv') return toCsv(['date', 'open', 'close'], sessions.map(sessionRow));
  if (format === 'json') return toJson(['date', 'open', 'close', 'break_start', 'break_end'], sessions.map(sessionRow));
  const local = (s: Session): string =>
    `${s.local.open}–${s.local.close}` +
    (s.local.breakStart === null ? '' : ` (break ${s.local.breakStart}–${s.local.breakEnd ?? '?'})`);
  return (
    textTable(
      [{ header: 'date' }, { header: 'open (UTC)' }, { header: 'close (UTC)' }, { header: `local (${timeZone})` }],
      sessions.map((s) => ({
        cells: [s.date, isoInstant(s.openMs), isoInstant(s.closeMs), local(s)],
        rest: s.irregular ? 'irregular hours' : '',
      })),
    ) + `${sessions.length} session${sessions.length === 1 ? '' : 's'}\n`
  );
}

/** Thrown when the range asked for is past the calendar's horizon: one line, exit code 1. */
export class BeyondHorizonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BeyondHorizonError';
  }
}

export function createCalendarCommand(load: () => Calendars = loadCalendars): CliCommand {
  return {
    name: 'calendar',
    summary: 'exchange trading calendars (calendar exchanges | calendar sessions)',
    usage,
    usageFor(argv) {
      if (argv[0] === 'exchanges') return exchangesHelp;
      if (argv[0] === 'sessions') return sessionsHelp;
      return usage;
    },
    // eslint-disable-next-line @typescript-eslint/require-await -- the CliCommand contract is async; this one reads only local data
    async run(argv, io) {
      const [sub, ...rest] = argv;
      if (sub === 'exchanges') {
        const values = parse(rest, { format: { type: 'string' } });
        io.stdout.write(renderExchanges(load(), parseFormat(values.format)));
        return 0;
      }
      if (sub === 'sessions') {
        const values = parse(rest, {
          exchange: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          format: { type: 'string' },
        });
        const format = parseFormat(values.format);
        if (values.exchange === undefined) throw new UsageError('--exchange is required');
        if (values.from === undefined || values.to === undefined) throw new UsageError('--from and --to are required');
        const from = calendarDateOption(values.from, '--from');
        const to = calendarDateOption(values.to, '--to');
        if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
        const calendars = load();
        const mic = values.exchange.toUpperCase();
        const calendar = calendars.get(mic);
        if (calendar === undefined)
          throw new UsageError(
            `no calendar for exchange '${values.exchange}' (known: ${calendars
              .list()
              .map((e) => e.mic)
              .join(', ')})`,
          );
        const sessions = calendar.sessionsBetween(from, to);
        if (isBeyondHorizon(sessions)) throw new BeyondHorizonError(sessions.message);
        io.stdout.write(renderSessions(sessions, format, calendar.info.timeZone));
        return 0;
      }
      throw new UsageError(sub === undefined ? 'a subcommand is required' : `unknown subcommand '${sub}'`);
    },
  };
}

export const calendarCommand: CliCommand = createCalendarCommand();
