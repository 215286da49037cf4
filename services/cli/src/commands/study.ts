import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { StudyDesign, StudyResult, TradingCalendar } from '@newswindow/engine';
import {
  calendarFromBenchmark,
  calendarFromSessions,
  DEFAULT_DESIGN,
  DesignError,
  FactorFileError,
  runStudy,
  validateDesign,
  windowCode,
} from '@newswindow/engine';
import type { CliCommand, CliIo } from './command';
import { runStudyAggregate, runStudyShow, studyAggregateHelp, studyShowHelp, studyShowUsage } from './study-read';
import { runStudyRegress, studyRegressHelp } from './study-regress';
import { UsageError, parseCommandArgs } from './command';
import { InputFileError } from './study/csv';
import { loadFactorFiles } from './study/factors';
import type { EventRow } from './study/inputs';
import { readEvents } from './study/inputs';
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
import type { PriceTable } from './study/prices';
import { dayKeyOf, dayKeyToIso, readPrices } from './study/prices';
import type { RowContext, Table, TableName } from './study/tables';
import { csvLine, RowSegmentMemo, tableHeaders, tableRows, toText, writeAbnormalReturnsCsv } from './study/tables';
import type { TextOut } from './study/text-out';
import { textOut } from './study/text-out';

const usage = `Usage: newswindow study --prices P.csv --events E.csv (--market SYMBOL | --factors FILE …) [options]

Runs an event study (engine: @newswindow/engine) and writes abnormal_returns.csv, event_summary.csv,
daily_tests.csv and car_tests.csv (the oracle's layout) plus window_tests.csv (CAR/BHAR tests, GRANK) to
--out DIR, or prints them.

  --prices FILE          date,symbol,close (extra columns ignored)
  --events FILE          event_id,symbol,event_date [,event_time ISO-with-offset] [,market]
  --market SYMBOL        benchmark symbol (default for events without a market column; not needed by factor models)
  --factors FILE         Kenneth French daily factor CSV as published (repeatable, merged by date), e.g.
                         F-F_Research_Data_Factors_daily.CSV + F-F_Momentum_Factor_daily.CSV for carhart
  --bhar-benchmark SYM  benchmark of the Barber-Lyon BHARs in window_tests.csv (default: each event's market;
                         Mkt-RF + RF for factor models)
  --calendar SPEC        'benchmark' (default: the dates on which --market has a close; for factor models
                         without --market the dates of the prices file) or
                         an exchange MIC (XNYS, XHKG, …: its sessions 2000–2030; newswindow calendar exchanges)
  --model M              market (default) | mean-adj | market-adj | ff3 | carhart | ff5 | comma list |
                         all (= the first three); factor models use simple returns (the default for them)
  --estimation A:B       estimation window in relative trading days (default -250:-11)
  --windows A:B,...      event windows (default -1:1,0:0,0:5)
  --day0 RULE            next-close (default) | same-date-or-next | previous
  --returns KIND         log (default; simple for factor models) | simple
  --missing RULE         eventus (default) | multi-day | single-day
  --min-estimation N     minimum usable estimation returns (>= 5 for the market model), else skipped (default 120)
  --out DIR              write the five CSV files into DIR
  --format F             table (default) | csv | json, printed to stdout when --out is not given
  --strict               stop at the first bad event row (default: report each with its line, study the rest)

Inputs are streamed: the prices file may be larger than memory would hold as text (12 bytes are kept per close),
and the five files are written as they are computed, one model at a time.
`;

const VALUE_FLAGS = new Set(['--estimation', '--windows']);

interface ParsedArgs {
  readonly prices: string;
  readonly events: string;
  readonly market: string | undefined;
  readonly factors: readonly string[];
  readonly bharBenchmark: string | undefined;
  readonly calendar: string;
  readonly designs: StudyDesign[];
  readonly day0: (typeof DAY0_RULES)[number];
  readonly out: string | undefined;
  readonly format: 'table' | 'csv' | 'json';
  readonly strict: boolean;
}

function parse(argv: readonly string[]): ParsedArgs {
  const { values } = parseCommandArgs(
    glueNegativeValues(argv, VALUE_FLAGS),
    {
      prices: { type: 'string' },
      events: { type: 'string' },
      market: { type: 'string' },
      factors: { type: 'string', multiple: true },
      'bhar-benchmark': { type: 'string' },
      calendar: { type: 'string', default: 'benchmark' },
      model: { type: 'string', default: 'market' },
      estimation: { type: 'string', default: '-250:-11' },
      windows: { type: 'string', default: '-1:1,0:0,0:5' },
      day0: { type: 'string', default: 'next-close' },
      returns: { type: 'string' },
      missing: { type: 'string', default: 'eventus' },
      'min-estimation': { type: 'string', default: String(DEFAULT_DESIGN.minEstimationReturns) },
      out: { type: 'string' },
      format: { type: 'string', default: 'table' },
      strict: { type: 'boolean', default: false },
    },
    { positionals: false },
  );
  if (values.prices === undefined) throw new UsageError('--prices is required');
  if (values.events === undefined) throw new UsageError('--events is required');
  const models = parseModels(values.model);
  if (values.market === undefined && !models.every((m) => m.kind === 'factor')) {
    throw new UsageError('--market is required');
  }
  const minEstText = values['min-estimation'].trim();
  // Strict decimal: Number() would read '0x10' as 16 and '' as 0.
  const minEst = /^\d+$/.test(minEstText) ? Number(minEstText) : Number.NaN;
  if (!Number.isInteger(minEst) || minEst < 3) throw new UsageError('--min-estimation must be an integer >= 3');
  const base = {
    estimation: parseWindow(values.estimation, '--estimation'),
    windows: parseWindows(values.windows),
    missingData: oneOf(values.missing, MISSING_RULES, '--missing'),
    minEstimationReturns: minEst,
  };
  const returns = values.returns === undefined ? undefined : oneOf(values.returns, RETURN_KINDS, '--returns');
  const designs: StudyDesign[] = models.map((model) => ({
    ...base,
    model,
    returnKind: returns ?? (model.kind === 'factor' ? 'simple' : 'log'),
  }));
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
    factors: values.factors ?? [],
    bharBenchmark: values['bhar-benchmark'],
    calendar: values.calendar,
    designs,
    day0: oneOf(values.day0, DAY0_RULES, '--day0'),
    out: values.out,
    format: oneOf(values.format, ['table', 'csv', 'json'] as const, '--format'),
    strict: values.strict,
  };
}

async function loadCalendar(spec: string, prices: PriceTable, market: string | undefined): Promise<TradingCalendar> {
  if (spec === 'benchmark') {
    if (market === undefined) {
      // Factor models without a benchmark: every date of the prices file is a session.
      const keys = new Set<number>();
      for (const s of prices.bySymbol.values()) for (let i = 0; i < s.length; i++) keys.add(s.dates[i]!);
      return calendarFromSessions('prices', Array.from(keys, dayKeyToIso));
    }
    const m = prices.bySymbol.get(market);
    if (m === undefined) throw new InputFileError('--market', 0, `unknown symbol '${market}' (not in the prices file)`);
    return calendarFromBenchmark(market, Array.from(m.dates.subarray(0, m.length), dayKeyToIso));
  }
  // Loaded only here: the reference package reads the security master when imported.
  const calendars = (await import('@newswindow/reference')).loadCalendars();
  const exchange = calendars.get(spec.toUpperCase());
  if (exchange === undefined)
    throw new UsageError(
      `--calendar '${spec}' must be 'benchmark' or an exchange MIC (${calendars
        .list()
        .map((e) => e.mic)
        .join(', ')})`,
    );
  return exchange.trading;
}

/** Closes of every symbol aligned to the calendar (NaN = no close); closes on non-sessions are reported and ignored. */
function alignCloses(prices: PriceTable, calendar: TradingCalendar, io: CliIo): Map<string, Float64Array> {
  const sessionOf = new Map<number, number>();
  calendar.sessions.forEach((d, t) => sessionOf.set(dayKeyOf(d), t));
  const closes = new Map<string, Float64Array>();
  for (const [symbol, s] of prices.bySymbol) {
    const values = new Float64Array(calendar.sessions.length).fill(Number.NaN);
    let off = 0;
    let firstOff = 0;
    for (let i = 0; i < s.length; i++) {
      const t = sessionOf.get(s.dates[i]!);
      if (t !== undefined) values[t] = s.closes[i]!;
      else if (off++ === 0) firstOff = s.dates[i]!;
    }
    if (off > 0) {
      io.stderr.write(
        `newswindow study: ${symbol}: ${off} close(s) on non-sessions of ${calendar.id} ignored (first ${dayKeyToIso(firstOff)})\n`,
      );
    }
    closes.set(symbol, values);
  }
  return closes;
}

/** Opens an input file as a byte stream; a file that cannot be opened is a one-line InputFileError. */
async function openInput(cwd: string, file: string): Promise<Readable> {
  const stream = createReadStream(path.resolve(cwd, file), { highWaterMark: 1 << 20 });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err: NodeJS.ErrnoException) =>
      reject(new InputFileError(file, 0, `cannot read the file (${err.code ?? err.message})`)),
    );
  });
  return stream;
}

async function readInputs(args: ParsedArgs, io: CliIo): Promise<{ prices: PriceTable; events: EventRow[] }> {
  const prices = await readPrices(args.prices, await openInput(io.cwd, args.prices));
  if (args.bharBenchmark !== undefined && !prices.bySymbol.has(args.bharBenchmark)) {
    throw new InputFileError(
      args.prices,
      1,
      `unknown --bhar-benchmark symbol '${args.bharBenchmark}' (not in the prices file)`,
    );
  }
  if (args.market !== undefined && !prices.bySymbol.has(args.market)) {
    throw new InputFileError(args.prices, 1, `unknown market symbol '${args.market}' (not in the prices file)`);
  }
  let rejected = 0;
  const events = await readEvents(args.events, await openInput(io.cwd, args.events), prices, (problem) => {
    if (args.strict) throw problem;
    rejected++;
    io.stderr.write(`newswindow study: ${problem.message} (row left out)\n`);
  });
  if (rejected > 0) {
    io.stderr.write(
      `newswindow study: ${rejected} event row(s) left out, ${events.length} studied (--strict stops at the first bad row)\n`,
    );
  }
  return { prices, events };
}

/** Runs `newswindow study …` (the compute form); exported so a dispatcher can add `study show|aggregate` around it. */
export async function runStudyCompute(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parse(argv);
  try {
    const { prices, events } = await readInputs(args, io);
    const calendar = await loadCalendar(args.calendar, prices, args.market);
    const closes = alignCloses(prices, calendar, io);
    const factors = args.designs.some((d) => d.model.kind === 'factor')
      ? await loadFactorFiles(args.factors, io.cwd)
      : undefined;
    const studyEvents = events.map((e) => e.event);
    const study = (design: StudyDesign): StudyResult =>
      runStudy({
        calendar,
        closes,
        ...(args.market === undefined ? {} : { marketSymbol: args.market }),
        events: studyEvents,
        design,
        day0Rule: args.day0,
        ...(factors === undefined ? {} : { factors }),
        ...(args.bharBenchmark === undefined ? {} : { bharBenchmark: args.bharBenchmark }),
      });
    const plan: OutputPlan = {
      designs: args.designs,
      study,
      ctx: { eventDates: new Map(events.map((e) => [e.event.eventId, e.eventDate])) },
      headers: tableHeaders(args.designs[0]!.windows.map(windowCode)),
      memo: new RowSegmentMemo(calendar.sessions),
      market: args.market,
    };
    await emit(plan, args, io);
    return 0;
  } catch (err) {
    if (err instanceof InputFileError || err instanceof FactorFileError) {
      io.stderr.write(`newswindow study: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

const FILES: readonly [TableName, string][] = [
  ['abnormalReturns', 'abnormal_returns.csv'],
  ['eventSummary', 'event_summary.csv'],
  ['dailyTests', 'daily_tests.csv'],
  ['carTests', 'car_tests.csv'],
  ['windowTests', 'window_tests.csv'],
];

/** Everything the writers need: the designs, how to run one, and the shared formatting state. */
interface OutputPlan {
  readonly designs: readonly StudyDesign[];
  readonly study: (design: StudyDesign) => StudyResult;
  readonly ctx: RowContext;
  readonly headers: Record<TableName, readonly string[]>;
  readonly memo: RowSegmentMemo;
  readonly market: string | undefined;
}

/** Writes one table of one study as CSV rows. */
async function writeCsvRows(name: TableName, study: StudyResult, plan: OutputPlan, out: TextOut): Promise<void> {
  if (name === 'abnormalReturns') {
    await writeAbnormalReturnsCsv(study, plan.market, plan.memo, out);
    return;
  }
  for (const row of tableRows(name, study, plan.ctx)) {
    out.add(csvLine(row));
    const pending = out.flush();
    if (pending !== undefined) await pending;
  }
}

/**
 * `--out DIR`: the five files are open together and each model's study is written to all five, then dropped, so only
 * one study is in memory at a time.
 */
async function writeFiles(plan: OutputPlan, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  // A high-water mark of several chunks lets the disk write one chunk while the next is formatted (with the default
  // 16 KB every 1 MB chunk waited for its own write).
  const outs = FILES.map(([, file]) =>
    textOut(createWriteStream(path.join(dir, file), { highWaterMark: 8 << 20 }), { close: true }),
  );
  FILES.forEach(([name], f) => outs[f]!.add(csvLine(plan.headers[name])));
  for (const design of plan.designs) {
    const study = plan.study(design);
    for (let f = 0; f < FILES.length; f++) await writeCsvRows(FILES[f]![0], study, plan, outs[f]!);
  }
  for (const out of outs) await out.end();
}

/** `--format json`: the same document `JSON.stringify(tables, null, 2)` gave, written record by record. */
async function writeJson(plan: OutputPlan, studies: readonly StudyResult[], out: TextOut): Promise<void> {
  out.add('{\n');
  for (let f = 0; f < FILES.length; f++) {
    const [name, file] = FILES[f]!;
    const keys = plan.headers[name].map((h) => `      ${JSON.stringify(h)}: `);
    out.add(`  ${JSON.stringify(file.replace('.csv', ''))}: [`);
    let first = true;
    for (const study of studies) {
      for (const row of tableRows(name, study, plan.ctx)) {
        const fields = keys.map((k, i) => k + JSON.stringify(row[i] ?? '')).join(',\n');
        out.add(`${first ? '\n' : ',\n'}    {\n${fields}\n    }`);
        first = false;
        const pending = out.flush();
        if (pending !== undefined) await pending;
      }
    }
    out.add(first ? ']' : '\n  ]');
    out.add(f < FILES.length - 1 ? ',\n' : '\n');
  }
  out.add('}\n');
}

function collect(name: TableName, studies: readonly StudyResult[], plan: OutputPlan): Table {
  const rows: string[][] = [];
  for (const study of studies) for (const row of tableRows(name, study, plan.ctx)) rows.push(row);
  return { header: plan.headers[name], rows };
}

function writeTable(plan: OutputPlan, studies: readonly StudyResult[], out: TextOut): void {
  const codes = plan.designs[0]!.windows.map(windowCode);
  out.add('Events\n');
  out.add(
    toText(collect('eventSummary', studies, plan), [
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
  out.add('\nDaily tests\n');
  out.add(
    toText(collect('dailyTests', studies, plan), [
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
  out.add('\nCAR tests\n');
  out.add(
    toText(collect('carTests', studies, plan), [
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
}

async function emit(plan: OutputPlan, args: ParsedArgs, io: CliIo): Promise<void> {
  if (args.out !== undefined) {
    const dir = path.resolve(io.cwd, args.out);
    await writeFiles(plan, dir);
    io.stdout.write(`wrote ${FILES.map(([, n]) => n).join(', ')} to ${dir}\n`);
    return;
  }
  // On stdout the tables follow one another, so every model's study is needed for each table: they are kept (as the
  // engine's typed arrays, not as text). --out is the form for large studies.
  const studies = plan.designs.map(plan.study);
  const out = textOut(io.stdout, { close: false });
  switch (args.format) {
    case 'csv':
      for (const [name, file] of FILES) {
        out.add(`# ${file}\n${csvLine(plan.headers[name])}`);
        for (const study of studies) await writeCsvRows(name, study, plan, out);
        out.add('\n');
      }
      break;
    case 'json':
      await writeJson(plan, studies, out);
      break;
    case 'table':
      writeTable(plan, studies, out);
      break;
    default: {
      const _never: never = args.format;
      throw new Error(`unknown format ${String(_never)}`);
    }
  }
  await out.end();
}

/** `newswindow study`: computes an event study from CSV files. */
export const studyCommand: CliCommand = {
  name: 'study',
  summary: 'event study (ARs, CARs, estudy2 tests) from prices and events CSVs',
  usage: `${usage}\n\n${studyShowUsage}`,
  usageFor: (argv) =>
    argv[0] === 'show'
      ? studyShowHelp
      : argv[0] === 'aggregate'
        ? studyAggregateHelp
        : argv[0] === 'regress'
          ? studyRegressHelp
          : usage,
  run: (argv, io) =>
    argv[0] === 'show'
      ? runStudyShow(argv.slice(1), io)
      : argv[0] === 'aggregate'
        ? runStudyAggregate(argv.slice(1), io)
        : argv[0] === 'regress'
          ? runStudyRegress(argv.slice(1), io)
          : runStudyCompute(argv, io),
};
