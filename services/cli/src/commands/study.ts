import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ExchangeCode, StudyDesign, StudyResult, TradingCalendar } from '@newswindow/engine';
import {
  alignToCalendar,
  calendarFromBenchmark,
  calendarFromSessionsCsv,
  DEFAULT_DESIGN,
  DesignError,
  EXCHANGES,
  runStudy,
  validateDesign,
  windowCode,
} from '@newswindow/engine';
import type { CliCommand, CliIo } from './command';
import { runStudyAggregate, runStudyShow, studyAggregateHelp, studyShowHelp, studyShowUsage } from './study-read';
import { UsageError } from './command';
import { InputFileError } from './study/csv';
import type { PriceTable } from './study/inputs';
import { readEvents, readPrices } from './study/inputs';
import {
  DAY0_RULES,
  glueNegativeValues,
  MISSING_RULES,
  oneOf,
  parseModels,
  parseWindow,
  parseWindows,
  RETURN_KINDS,
} from './study/options';
import type { StudyTables } from './study/tables';
import { appendStudy, emptyTables, toCsv, toRecords, toText } from './study/tables';

const usage = `Usage: newswindow study --prices P.csv --events E.csv --market SYMBOL [options]

Runs an event study (engine: @newswindow/engine) and writes abnormal_returns.csv, event_summary.csv,
daily_tests.csv and car_tests.csv (the oracle's layout) to --out DIR, or prints them.

  --prices FILE          date,symbol,close (extra columns ignored)
  --events FILE          event_id,symbol,event_date [,event_time ISO-with-offset] [,market]
  --market SYMBOL        benchmark symbol (default for events without a market column)
  --calendar SPEC        'benchmark' (default: the dates on which --market has a close) or
                         FILE:XNYS / FILE:XHKG (the sessions CSV, e.g. calendars/sessions_xnys_xhkg_2024_2026.csv)
  --model M              market (default) | mean-adj | market-adj | comma list | all
  --estimation A:B       estimation window in relative trading days (default -250:-11)
  --windows A:B,...      event windows (default -1:1,0:0,0:5)
  --day0 RULE            next-close (default) | same-date-or-next | previous
  --returns KIND         log (default) | simple
  --missing RULE         eventus (default) | multi-day | single-day
  --min-estimation N     minimum usable estimation returns (>= 5 for the market model), else skipped (default 120)
  --out DIR              write the four CSV files into DIR
  --format F             table (default) | csv | json, printed to stdout when --out is not given
`;

const VALUE_FLAGS = new Set(['--estimation', '--windows']);

interface ParsedArgs {
  readonly prices: string;
  readonly events: string;
  readonly market: string;
  readonly calendar: string;
  readonly designs: StudyDesign[];
  readonly day0: (typeof DAY0_RULES)[number];
  readonly out: string | undefined;
  readonly format: 'table' | 'csv' | 'json';
}

function parse(argv: readonly string[]): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: glueNegativeValues(argv, VALUE_FLAGS),
      allowPositionals: false,
      strict: true,
      options: {
        prices: { type: 'string' },
        events: { type: 'string' },
        market: { type: 'string' },
        calendar: { type: 'string', default: 'benchmark' },
        model: { type: 'string', default: 'market' },
        estimation: { type: 'string', default: '-250:-11' },
        windows: { type: 'string', default: '-1:1,0:0,0:5' },
        day0: { type: 'string', default: 'next-close' },
        returns: { type: 'string', default: 'log' },
        missing: { type: 'string', default: 'eventus' },
        'min-estimation': { type: 'string', default: String(DEFAULT_DESIGN.minEstimationReturns) },
        out: { type: 'string' },
        format: { type: 'string', default: 'table' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.prices === undefined) throw new UsageError('--prices is required');
  if (values.events === undefined) throw new UsageError('--events is required');
  if (values.market === undefined) throw new UsageError('--market is required');
  const minEst = Number(values['min-estimation']);
  if (!Number.isInteger(minEst) || minEst < 3) throw new UsageError('--min-estimation must be an integer >= 3');
  const base = {
    estimation: parseWindow(values.estimation, '--estimation'),
    windows: parseWindows(values.windows),
    returnKind: oneOf(values.returns, RETURN_KINDS, '--returns'),
    missingData: oneOf(values.missing, MISSING_RULES, '--missing'),
    minEstimationReturns: minEst,
  };
  const designs = parseModels(values.model).map((model) => ({ ...base, model }));
  for (const d of designs) {
    try {
      validateDesign(d);
    } catch (err) {
      if (err instanceof DesignError) throw new UsageError(err.message);
      throw err;
    }
  }
  return {
    prices: values.prices,
    events: values.events,
    market: values.market,
    calendar: values.calendar,
    designs,
    day0: oneOf(values.day0, DAY0_RULES, '--day0'),
    out: values.out,
    format: oneOf(values.format, ['table', 'csv', 'json'] as const, '--format'),
  };
}

async function loadCalendar(spec: string, prices: PriceTable, market: string, cwd: string): Promise<TradingCalendar> {
  if (spec === 'benchmark') {
    const m = prices.bySymbol.get(market);
    if (m === undefined) throw new InputFileError('--market', 0, `unknown symbol '${market}' (not in the prices file)`);
    return calendarFromBenchmark(market, m.dates);
  }
  const at = spec.lastIndexOf(':');
  const exchange = spec.slice(at + 1).toUpperCase();
  if (at < 0 || !(exchange in EXCHANGES))
    throw new UsageError(`--calendar '${spec}' must be 'benchmark' or FILE:XNYS|XHKG`);
  const file = path.resolve(cwd, spec.slice(0, at));
  return calendarFromSessionsCsv(await readFile(file, 'utf8'), exchange as ExchangeCode);
}

/** Runs `newswindow study …` (the compute form); exported so a dispatcher can add `study show|aggregate` around it. */
export async function runStudyCompute(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parse(argv);
  try {
    const pricesFile = path.resolve(io.cwd, args.prices);
    const eventsFile = path.resolve(io.cwd, args.events);
    const prices = readPrices(args.prices, await readFile(pricesFile, 'utf8'));
    const events = readEvents(args.events, await readFile(eventsFile, 'utf8'), prices);
    if (!prices.bySymbol.has(args.market)) {
      throw new InputFileError(args.prices, 1, `unknown market symbol '${args.market}' (not in the prices file)`);
    }
    const calendar = await loadCalendar(args.calendar, prices, args.market, io.cwd);
    const closes = new Map<string, Float64Array>();
    for (const [symbol, s] of prices.bySymbol) {
      const aligned = alignToCalendar(calendar, s.dates, s.closes);
      if (aligned.offCalendar.length > 0) {
        io.stderr.write(
          `newswindow study: ${symbol}: ${aligned.offCalendar.length} close(s) on non-sessions of ${calendar.id} ignored (first ${aligned.offCalendar[0]})\n`,
        );
      }
      closes.set(symbol, aligned.values);
    }
    const eventDates = new Map(events.map((e) => [e.event.eventId, e.eventDate]));
    const tables = emptyTables(args.designs[0]!.windows.map(windowCode));
    const studies: StudyResult[] = [];
    for (const design of args.designs) {
      const study = runStudy({
        calendar,
        closes,
        marketSymbol: args.market,
        events: events.map((e) => e.event),
        design,
        day0Rule: args.day0,
      });
      studies.push(study);
      appendStudy(tables, study, eventDates);
    }
    await emit(tables, args, io);
    return 0;
  } catch (err) {
    if (err instanceof InputFileError) {
      io.stderr.write(`newswindow study: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

const FILES: readonly [keyof StudyTables, string][] = [
  ['abnormalReturns', 'abnormal_returns.csv'],
  ['eventSummary', 'event_summary.csv'],
  ['dailyTests', 'daily_tests.csv'],
  ['carTests', 'car_tests.csv'],
];

async function emit(tables: StudyTables, args: ParsedArgs, io: CliIo): Promise<void> {
  if (args.out !== undefined) {
    const dir = path.resolve(io.cwd, args.out);
    await mkdir(dir, { recursive: true });
    for (const [key, name] of FILES) await writeFile(path.join(dir, name), toCsv(tables[key]));
    io.stdout.write(`wrote ${FILES.map(([, n]) => n).join(', ')} to ${dir}\n`);
    return;
  }
  switch (args.format) {
    case 'csv':
      for (const [key, name] of FILES) io.stdout.write(`# ${name}\n${toCsv(tables[key])}\n`);
      return;
    case 'json':
      io.stdout.write(
        `${JSON.stringify(Object.fromEntries(FILES.map(([key, name]) => [name.replace('.csv', ''), toRecords(tables[key])])), null, 2)}\n`,
      );
      return;
    case 'table': {
      const codes = args.designs[0]!.windows.map(windowCode);
      io.stdout.write('Events\n');
      io.stdout.write(
        toText(tables.eventSummary, [
          'model',
          'event_id',
          'symbol',
          'effective_date',
          'estimation_length',
          'alpha',
          'beta',
          ...codes.flatMap((c) => [`car_${c}`, `car_t_${c}`]),
          'status',
          'reason',
        ]),
      );
      io.stdout.write('\nDaily tests\n');
      io.stdout.write(
        toText(tables.dailyTests, [
          'model',
          'window',
          'rel_day',
          'percentage',
          'mean',
          't_test_stat',
          't_test_p',
          'pt_stat',
          'bh_stat',
          'bh_p',
          'rank_stat',
          'wlcx_stat',
          'wlcx_signif',
        ]),
      );
      io.stdout.write('\nCAR tests\n');
      io.stdout.write(
        toText(tables.carTests, [
          'model',
          'window',
          'caar_mean_of_event_cars',
          'name',
          'statistic',
          'p_value',
          'significance',
          'number_of_days',
        ]),
      );
      return;
    }
    default: {
      const _never: never = args.format;
      throw new Error(`unknown format ${String(_never)}`);
    }
  }
}

/** `newswindow study`: computes an event study from CSV files. */
export const studyCommand: CliCommand = {
  name: 'study',
  summary: 'event study (ARs, CARs, estudy2 tests) from prices and events CSVs',
  usage: `${usage}\n\n${studyShowUsage}`,
  usageFor: (argv) => (argv[0] === 'show' ? studyShowHelp : argv[0] === 'aggregate' ? studyAggregateHelp : usage),
  run: (argv, io) =>
    argv[0] === 'show'
      ? runStudyShow(argv.slice(1), io)
      : argv[0] === 'aggregate'
        ? runStudyAggregate(argv.slice(1), io)
        : runStudyCompute(argv, io),
};
