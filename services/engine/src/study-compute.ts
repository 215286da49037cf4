import { NoPricesError, StudyRejectedError, UnknownListingError } from '@newswindow/schemas';
import type { ListingCalendars } from '@newswindow/schemas';
import { alignToCalendar } from './calendar';
import type { TradingCalendar } from './calendar';
import { anchorDay0 } from './day0';
import type { Day0Rule } from './day0';
import { regressorCount } from './design';
import type { StudyDesign } from './design';
import { fitEvents } from './event-fit';
import type { EventBatch, EventInput } from './event-fit';
import { alignFactors, FACTOR_MODELS, FactorFileError } from './factors';
import type { FactorModelName, FactorSeries, FactorTable } from './factors';
import { checkEventWindow } from './gates';
import { computeReturns } from './returns';
import type { ReturnSeries } from './returns';
import { studentTTwoSidedP } from './special/student-t';
import type {
  ComputedStudy,
  DailyClose,
  FactorDayValue,
  LinkedListing,
  StudyBarProvenance,
  StudyDay,
  StudyParameters,
  StudyComputedData,
  StudyJob,
  StudyWindow,
} from '@newswindow/schemas';

export type { StudyJob } from '@newswindow/schemas';

/** The job with its listing measured against `benchmark` instead of the listing's default. */
export function withBenchmark(job: StudyJob, benchmark: string | undefined): StudyJob {
  if (benchmark === undefined || job.listing.benchmark === null || job.listing.benchmark === benchmark) return job;
  return { ...job, listing: { ...job.listing, benchmark }, overrides: job.listing.benchmark };
}

/** How studies are computed; stored with every study. */
export interface StudySettings {
  readonly design: StudyDesign;
  readonly day0Rule: Day0Rule;
  readonly engineVersion: string;
}

/** A model studies can run under: the market model or a factor model (`NEWSWINDOW_STUDY_MODEL`, `backfill --model`). */
export type StudyModelChoice = 'market' | FactorModelName;

/**
 * The settings under another model: `market` is the market model on log returns, a factor model (`ff3`, `carhart`,
 * `ff5`) fits simple returns (factor returns are simple) on the ingested factor days. Windows, estimation and the day-0
 * rule stay.
 */
export function withStudyModel(settings: StudySettings, model: StudyModelChoice): StudySettings {
  const design: StudyDesign =
    model === 'market'
      ? { ...settings.design, model: { kind: 'market' }, returnKind: 'log' }
      : { ...settings.design, model: { kind: 'factor', factors: model }, returnKind: 'simple' };
  return { ...settings, design };
}

const MODEL: Record<Exclude<StudyDesign['model']['kind'], 'factor'>, StudyParameters['model']> = {
  market: 'market_model',
  'mean-adjusted': 'mean_adjusted',
  'market-adjusted': 'market_adjusted',
};

/** The stored model name (`market_model`, …, or the factor model's `ff3`, `carhart`, `ff5`). */
function modelName(model: StudyDesign['model']): StudyParameters['model'] {
  return model.kind === 'factor' ? model.factors : MODEL[model.kind];
}

/**
 * The factor table of a model from stored factor days: the regressors other than `mom`, and `rf`, from one dataset
 * (the one with the fewest columns that has them all, so FF3 reads the 3-factor file even when the 5-factor file, whose
 * SMB differs, is stored too), `mom` from a dataset that has it. A date a dataset lacks is NaN (a missing day).
 */
export function factorTableFor(
  model: FactorModelName,
  rows: readonly FactorDayValue[],
): { ok: true; table: FactorTable } | { ok: false; reason: string } {
  const byDataset = new Map<string, Map<string, Map<string, number>>>();
  for (const r of rows) {
    let cols = byDataset.get(r.dataset);
    if (cols === undefined) byDataset.set(r.dataset, (cols = new Map<string, Map<string, number>>()));
    let col = cols.get(r.factor);
    if (col === undefined) cols.set(r.factor, (col = new Map<string, number>()));
    col.set(r.date, r.value);
  }
  const names: readonly string[] = FACTOR_MODELS[model];
  const base = [...names.filter((n) => n !== 'mom'), 'rf'];
  const pick = (needed: readonly string[]): string | undefined =>
    [...byDataset.entries()]
      .filter(([, cols]) => needed.every((n) => cols.has(n)))
      .sort(([a, x], [b, y]) => x.size - y.size || a.localeCompare(b))[0]?.[0];
  const ingest = "(store it with 'newswindow ingest factors --file …')";
  const baseSet = pick(base);
  if (baseSet === undefined)
    return { ok: false, reason: `no ingested factor data has ${base.join(', ')} for the ${model} model ${ingest}` };
  const source = new Map(base.map((n) => [n, baseSet]));
  if (names.includes('mom')) {
    const momSet = pick(['mom']);
    if (momSet === undefined)
      return { ok: false, reason: `no ingested factor data has mom for the ${model} model ${ingest}` };
    source.set('mom', momSet);
  }
  const dates = [
    ...new Set([...source.values()].flatMap((d) => [...byDataset.get(d)!.values()].flatMap((c) => [...c.keys()]))),
  ].sort();
  const columns = new Map<string, Float64Array>();
  for (const [name, dataset] of source) {
    const col = byDataset.get(dataset)!.get(name)!;
    columns.set(
      name,
      Float64Array.from(dates, (d) => col.get(d) ?? Number.NaN),
    );
  }
  return { ok: true, table: { dates, columns } };
}

/**
 * The factors of a factor-model design on a calendar (each calendar aligned once), or why they are unusable (no factor
 * data for the model: a study is then skipped with that reason, never computed with another model); undefined for the
 * other models. A session without a factor row is NaN: a missing day.
 */
export function factorsOnCalendar(
  design: StudyDesign,
  factorDays: readonly FactorDayValue[] | undefined,
): (calendar: TradingCalendar) => FactorSeries | string | undefined {
  const model = design.model;
  if (model.kind !== 'factor') return () => undefined;
  const table = factorTableFor(model.factors, factorDays ?? []);
  const cache = new Map<TradingCalendar, FactorSeries | string>();
  return (cal) => {
    if (!table.ok) return table.reason;
    let fs = cache.get(cal);
    if (fs === undefined) {
      try {
        fs = alignFactors(cal, table.table, FACTOR_MODELS[model.factors]);
      } catch (err) {
        if (!(err instanceof FactorFileError)) throw err;
        fs = err.message;
      }
      cache.set(cal, fs);
    }
    return fs;
  };
}

/** The sessions a job's study reads (estimation start through the last event-window day), or null when unanchored. */
export function studySpan(
  job: Pick<StudyJob, 'listing' | 'publishedAt'>,
  calendars: ListingCalendars,
  settings: StudySettings,
): { from: string; to: string } | null {
  const cal = calendars.calendarFor(job.listing.symbol, job.listing.exchange);
  const day0 = anchorDay0(cal, timeOf(job.publishedAt), settings.day0Rule);
  if (day0.kind === 'unanchored') return null;
  const d = settings.design;
  const first = Math.max(0, day0.index + Math.min(d.estimation.start, ...d.windows.map((w) => w.start)));
  const last = Math.min(cal.sessions.length - 1, day0.index + Math.max(0, ...d.windows.map((w) => w.end)));
  return { from: cal.sessions[first]!, to: cal.sessions[last]! };
}

const timeOf = (publishedAt: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(publishedAt)
    ? ({ kind: 'date', date: publishedAt } as const)
    : ({ kind: 'instant', iso: publishedAt } as const);

/** A short code of the design, part of every study id (a changed design is a different study). */
export function designCode(settings: StudySettings): string {
  const d = settings.design;
  const w = d.windows.map((x) => `${x.start}_${x.end}`).join(',');
  return `${modelName(d.model)}:${d.estimation.start}_${d.estimation.end}:${w}:${d.returnKind}:${settings.day0Rule}`;
}

/**
 * Deterministic study id: the event key, the listing, an overridden benchmark (`|vs:QQQ`) and the design. The design
 * stays last: the tag aggregates select a design's studies by that suffix.
 */
export const studyIdOf = (
  eventKey: string,
  listing: { symbol: string; exchange: string; benchmark?: string | null },
  settings: StudySettings,
  overrides?: string | null,
) =>
  `${eventKey}|${listing.symbol}@${listing.exchange}|` +
  (overrides === undefined || overrides === null ? '' : `vs:${listing.benchmark ?? ''}|`) +
  designCode(settings);

/** The benchmark a listing is measured against (the master's for the listing and period, or a backfill's override). */
export function marketOf(listing: LinkedListing): string {
  if (listing.benchmark === null) throw new UnknownListingError(listing.symbol, 'no benchmark index');
  return listing.benchmark;
}

/** The study parameters stored with a study. */
export function parametersOf(
  settings: StudySettings,
  marketIndex: string | null,
  calendar: string,
  overriddenBenchmark?: string,
): StudyParameters {
  const d = settings.design;
  return {
    model: modelName(d.model),
    estimationWindow: d.estimation,
    eventWindows: d.windows,
    returnType: d.returnKind,
    day0Rule: settings.day0Rule,
    missingDataRule: d.missingData,
    marketIndex,
    calendar,
    minEstimationReturns: d.minEstimationReturns,
    ...(overriddenBenchmark === undefined ? {} : { extra: { benchmarkOverrides: overriddenBenchmark } }),
  };
}

/** A study that could not be computed, with the reason. */
export function skippedStudy(
  job: StudyJob,
  settings: StudySettings,
  reason: string,
  computedAt: string,
  extra: { day0?: string | null; marketIndex?: string | null; calendar?: string } = {},
): StudyComputedData {
  return {
    studyId: studyIdOf(job.eventKey, job.listing, settings, job.overrides),
    eventKey: job.eventKey,
    newsIds: job.newsIds,
    listing: { symbol: job.listing.symbol, exchange: job.listing.exchange },
    tags: job.tags,
    day0: extra.day0 ?? null,
    parameters: parametersOf(
      settings,
      extra.marketIndex ?? job.listing.benchmark,
      extra.calendar ?? job.listing.exchange,
      job.overrides ?? undefined,
    ),
    engineVersion: settings.engineVersion,
    computedAt,
    status: 'skipped',
    reason,
  };
}

const finite = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x);

/** Event `i`'s slope on each regressor of a factor-model batch, by factor name. */
function factorBetasOf(batch: EventBatch, i: number): NonNullable<ComputedStudy['fit']['factorBetas']> {
  const K = batch.factorNames.length;
  return Object.fromEntries(batch.factorNames.map((name, j) => [name, finite(batch.factorBeta[i * K + j])]));
}

/** Reads the closes the jobs need; a symbol the cache has no series for maps to an empty array. */
export type CloseLookup = (symbol: string) => readonly DailyClose[];

/**
 * Returns of a symbol aligned to a calendar, computed once per (calendar, symbol): a batch of studies shares its
 * market series, and a listing studied on several events shares its own.
 */
export function returnsOnCalendar(
  closesOf: CloseLookup,
  returnKind: StudyDesign['returnKind'],
): (calendar: TradingCalendar, symbol: string) => ReturnSeries {
  const cache = new Map<TradingCalendar, Map<string, ReturnSeries>>();
  return (calendar, symbol) => {
    let bySymbol = cache.get(calendar);
    if (bySymbol === undefined) {
      bySymbol = new Map();
      cache.set(calendar, bySymbol);
    }
    let series = bySymbol.get(symbol);
    if (series === undefined) {
      const closes = closesOf(symbol);
      const aligned = alignToCalendar(
        calendar,
        closes.map((c) => c.sessionDate),
        closes.map((c) => c.close),
      ).values;
      series = computeReturns(aligned, returnKind);
      bySymbol.set(symbol, series);
    }
    return series;
  };
}

/**
 * The adjustment policy's reason to skip a study, when one of its symbols' event-window sessions is stored only as an
 * unadjusted bar while the symbol's series is adjusted: a series never mixes the two kinds, so that close is missing
 * from it (not silently taken from the other kind).
 */
function mixedAdjustment(
  symbols: readonly string[],
  windowSessions: readonly string[],
  unadjustedOnly: ((symbol: string) => ReadonlySet<string> | undefined) | undefined,
): string | undefined {
  if (unadjustedOnly === undefined) return undefined;
  for (const symbol of symbols) {
    const only = unadjustedOnly(symbol);
    const date = only === undefined ? undefined : windowSessions.find((d) => only.has(d));
    if (date !== undefined)
      return (
        `${symbol} is studied on its adjusted closes, but its close of ${date} is stored only unadjusted and a series ` +
        `never mixes the two: send that close again with \`newswindow ingest bars --adjusted\` if it continues the ` +
        `adjusted series, or the whole history with --unadjusted`
      );
  }
  return undefined;
}

/** How {@link computeStudies} treats rejected jobs, live windows, unadjusted-only closes and factor models. */
export interface ComputeStudiesOptions {
  readonly strict?: boolean;
  /**
   * The session the study is computed through (a live study closes its windows one by one): event-window days after
   * it are not checked by the data-quality gate yet. Without it every window day must have its data.
   */
  readonly throughSession?: string;
  /**
   * Sessions a symbol has only unadjusted although its series is adjusted (`BarReader.unadjustedOnlySessions`): an
   * event window that needs one is skipped with the adjustment policy's reason instead of a missing close.
   */
  readonly unadjustedOnly?: (symbol: string) => ReadonlySet<string> | undefined;
  /**
   * Factor days for a factor-model design (from the store's `factor_days`); without them every job of a factor
   * design is skipped with the reason, never computed with another model.
   */
  readonly factorDays?: readonly FactorDayValue[];
}

/** What every job of one {@link computeStudies} call shares: its settings and the per-calendar caches. */
interface StudyRun {
  readonly settings: StudySettings;
  readonly design: StudyDesign;
  readonly computedAt: string;
  readonly options: ComputeStudiesOptions;
  readonly closesOf: CloseLookup;
  readonly returnsOf: (calendar: TradingCalendar, symbol: string) => ReturnSeries;
  readonly factorsOn: (calendar: TradingCalendar) => FactorSeries | string | undefined;
  readonly correctedOf: (symbol: string) => readonly DailyClose[];
  /** First and last relative day of the event windows, day 0 included. */
  readonly firstWin: number;
  readonly lastWin: number;
}

/** The events of one calendar, fitted in one `fitEvents` call, with each one's job and benchmark. */
interface FitGroup {
  readonly inputs: EventInput[];
  readonly jobIndex: number[];
  readonly markets: string[];
}

/** A job that passed the gates: its calendar, its engine input and its benchmark. */
interface GatedJob {
  readonly kind: 'fit';
  readonly cal: TradingCalendar;
  readonly input: EventInput;
  readonly market: string;
}

/**
 * Computes studies with the engine's batched fit: one calendar per exchange, each series aligned and turned into
 * returns once, all events of a calendar fitted in one `fitEvents` call. A job that cannot be computed becomes a
 * skipped study with its reason (`strict` instead throws the {@link StudyRejectedError}).
 */
export function computeStudies(
  jobs: readonly StudyJob[],
  closesOf: CloseLookup,
  calendars: ListingCalendars,
  settings: StudySettings,
  computedAt: string,
  options: ComputeStudiesOptions = {},
): StudyComputedData[] {
  const run = studyRun(closesOf, settings, computedAt, options);
  const out: (StudyComputedData | undefined)[] = new Array<StudyComputedData | undefined>(jobs.length);
  const groups = new Map<TradingCalendar, FitGroup>();
  jobs.forEach((job, j) => {
    try {
      const gated = gateJob(run, job, calendars);
      if (gated.kind === 'skipped') {
        out[j] = gated.study;
        return;
      }
      let g = groups.get(gated.cal);
      if (g === undefined) {
        g = { inputs: [], jobIndex: [], markets: [] };
        groups.set(gated.cal, g);
      }
      g.inputs.push(gated.input);
      g.jobIndex.push(j);
      g.markets.push(gated.market);
    } catch (err) {
      if (!(err instanceof StudyRejectedError) || options.strict === true) throw err;
      out[j] = skippedStudy(job, settings, err.message, computedAt);
    }
  });
  for (const [cal, g] of groups) {
    const batch = fitEvents(g.inputs, settings.design);
    g.inputs.forEach((input, i) => {
      const j = g.jobIndex[i]!;
      out[j] = studyOfFit(run, jobs[j]!, { kind: 'fit', cal, input, market: g.markets[i]! }, batch, i);
    });
  }
  return out.map((r, j) => r ?? skippedStudy(jobs[j]!, settings, 'not computed', computedAt));
}

function studyRun(
  closesOf: CloseLookup,
  settings: StudySettings,
  computedAt: string,
  options: ComputeStudiesOptions,
): StudyRun {
  const design = settings.design;
  // Per symbol, its corrected closes (usually none): a study records those it read, against later corrections.
  const correctedCache = new Map<string, readonly DailyClose[]>();
  const correctedOf = (symbol: string): readonly DailyClose[] => {
    let found = correctedCache.get(symbol);
    if (found === undefined) {
      found = closesOf(symbol).filter((c) => c.revision !== undefined && c.revision > 1);
      correctedCache.set(symbol, found);
    }
    return found;
  };
  return {
    settings,
    design,
    computedAt,
    options,
    closesOf,
    returnsOf: returnsOnCalendar(closesOf, design.returnKind),
    factorsOn: factorsOnCalendar(design, options.factorDays),
    correctedOf,
    firstWin: Math.min(0, ...design.windows.map((w) => w.start)),
    lastWin: Math.max(0, ...design.windows.map((w) => w.end)),
  };
}

/**
 * A job's engine input, or its skipped study: day 0 anchored, then the adjustment policy, the data-quality gate and
 * the factor data checked, in that order (the first problem is the reason).
 */
function gateJob(
  run: StudyRun,
  job: StudyJob,
  calendars: ListingCalendars,
): GatedJob | { kind: 'skipped'; study: StudyComputedData } {
  const { settings, computedAt } = run;
  const market = marketOf(job.listing);
  if (run.closesOf(job.listing.symbol).length === 0) throw new NoPricesError(job.listing.symbol);
  if (run.closesOf(market).length === 0) throw new NoPricesError(market);
  const cal = calendars.calendarFor(job.listing.symbol, job.listing.exchange);
  const skip = (reason: string, day0?: string) =>
    ({
      kind: 'skipped',
      study: skippedStudy(job, settings, reason, computedAt, { day0, marketIndex: market, calendar: cal.id }),
    }) as const;
  const day0 = anchorDay0(cal, timeOf(job.publishedAt), settings.day0Rule);
  if (day0.kind === 'unanchored') return skip(day0.reason);
  const stock = run.returnsOf(cal, job.listing.symbol);
  const gate = windowGate(run, job, cal, day0.index, market, stock);
  const factors = gate === undefined ? run.factorsOn(cal) : undefined;
  const reason = gate ?? (typeof factors === 'string' ? factors : undefined);
  if (reason !== undefined) return skip(reason, day0.date);
  const input: EventInput = {
    eventId: studyIdOf(job.eventKey, job.listing, settings, job.overrides),
    stock,
    market: run.returnsOf(cal, market).values,
    day0: day0.index,
    ...(factors === undefined || typeof factors === 'string' ? {} : { factors }),
  };
  return { kind: 'fit', cal, input, market };
}

/**
 * The adjustment policy and the data-quality gate: every event-window day (through `throughSession`) a session with a
 * single-session return for the listing and (unless the model ignores it) its benchmark; the first problem, if any.
 */
function windowGate(
  run: StudyRun,
  job: StudyJob,
  cal: TradingCalendar,
  day0: number,
  market: string,
  stock: ReturnSeries,
): string | undefined {
  const { design, firstWin, lastWin, options } = run;
  const through = options.throughSession === undefined ? undefined : cal.index.get(options.throughSession);
  const gateLast = through === undefined ? lastWin : Math.max(0, Math.min(lastWin, through - day0));
  const usesMarket = design.model.kind !== 'mean-adjusted';
  const mixed = mixedAdjustment(
    [job.listing.symbol, ...(usesMarket ? [market] : [])],
    cal.sessions.slice(Math.max(0, day0 + firstWin), day0 + gateLast + 1),
    options.unadjustedOnly,
  );
  if (mixed !== undefined) return mixed;
  const gate = checkEventWindow(cal, day0, firstWin, gateLast, [
    { label: job.listing.symbol, returns: stock },
    ...(usesMarket ? [{ label: `benchmark ${market}`, returns: run.returnsOf(cal, market) }] : []),
  ]);
  return gate.ok ? undefined : gate.reason;
}

/** Event `i` of a fitted batch as a computed study, or skipped with the engine's reason or for want of a day-0 AR. */
function studyOfFit(run: StudyRun, job: StudyJob, gated: GatedJob, batch: EventBatch, i: number): StudyComputedData {
  const { settings, design, computedAt } = run;
  const { cal, input, market } = gated;
  const day0Date = cal.sessions[input.day0] ?? null;
  const reason =
    batch.ok[i] !== 1
      ? (batch.skipReason[i] ?? 'skipped by the engine')
      : finite(batch.ar[i * batch.days - batch.firstDay]) === null
        ? noDay0Reason(design, input, day0Date)
        : undefined;
  if (reason !== undefined)
    return skippedStudy(job, settings, reason, computedAt, { day0: day0Date, marketIndex: market, calendar: cal.id });
  // Regression models (market, factor) use the residual standard error √(SSR/(L − K − 1)) and its df.
  const isRegression = design.model.kind === 'market' || design.model.kind === 'factor';
  const sigma = isRegression ? batch.sigmaN2[i]! : batch.sigmaN1[i]!;
  const L = batch.estimationLength[i]!;
  const df = Math.max(1, L - 1 - regressorCount(design.model));
  const usesMarket = design.model.kind !== 'mean-adjusted';
  return {
    studyId: input.eventId,
    eventKey: job.eventKey,
    newsIds: job.newsIds,
    listing: { symbol: job.listing.symbol, exchange: job.listing.exchange },
    tags: job.tags,
    day0: day0Date,
    parameters: parametersOf(settings, usesMarket ? market : null, cal.id, job.overrides ?? undefined),
    engineVersion: settings.engineVersion,
    computedAt,
    status: 'computed',
    fit: {
      alpha: finite(isRegression ? batch.alpha[i] : batch.meanReturn[i]),
      beta: finite(batch.beta[i]),
      sigma,
      estimationLength: L,
      r2: finite(batch.r2[i]),
      ...(design.model.kind === 'factor' ? { factorBetas: factorBetasOf(batch, i) } : {}),
    },
    days: studyDays(run, cal, input.day0, batch, i, sigma, df),
    windows: studyWindows(design, batch, i, df),
    bars: provenance(run, cal, input.day0, usesMarket ? [job.listing.symbol, market] : [job.listing.symbol]),
  } satisfies ComputedStudy;
}

/** Why a fitted event has no day-0 AR: its factors missing that day, or its return. */
function noDay0Reason(design: StudyDesign, input: EventInput, day0Date: string | null): string {
  const fs = input.factors;
  const noFactors = fs !== undefined && [fs.rf, ...fs.columns].some((c) => Number.isNaN(c[input.day0] ?? Number.NaN));
  return noFactors
    ? `no day-0 abnormal return: the ${modelName(design.model)} factors of ${day0Date ?? 'day 0'} are not in the ingested factor data`
    : 'no day-0 abnormal return';
}

/** The event-window days of event `i` with their returns, ARs and the AR's t against σ with `df` degrees of freedom. */
function studyDays(
  run: StudyRun,
  cal: TradingCalendar,
  day0: number,
  batch: EventBatch,
  i: number,
  sigma: number,
  df: number,
): StudyDay[] {
  const days: StudyDay[] = [];
  for (let d = run.firstWin; d <= run.lastWin; d++) {
    const date = cal.sessions[day0 + d];
    if (date === undefined) continue;
    const k = i * batch.days + (d - batch.firstDay);
    const ret = finite(batch.ret[k]);
    const ar = finite(batch.ar[k]);
    const t = ar === null || !(sigma > 0) ? null : ar / sigma;
    days.push({
      relativeDay: d,
      date,
      return: ret,
      marketReturn: finite(batch.mkt[k]),
      expectedReturn: ret === null || ar === null ? null : ret - ar,
      abnormalReturn: ar,
      t,
      p: t === null ? null : studentTTwoSidedP(t, df),
    });
  }
  return days;
}

/** Event `i`'s CAR, its t and p (df degrees of freedom) and BHAR per event window. */
function studyWindows(design: StudyDesign, batch: EventBatch, i: number, df: number): StudyWindow[] {
  const nw = design.windows.length;
  return design.windows.map((w, wi) => {
    const carT = finite(batch.carT[i * nw + wi]);
    return {
      start: w.start,
      end: w.end,
      car: finite(batch.car[i * nw + wi]),
      carT,
      carP: carT === null ? null : studentTTwoSidedP(carT, df),
      bhar: finite(batch.bhar[i * nw + wi]),
      bharT: null,
      bharP: null,
      nDays: batch.carDays[i * nw + wi] ?? 0,
    };
  });
}

/** The sessions a computed study read (the close before its first return … its last day) and the corrected bars. */
function provenance(run: StudyRun, cal: TradingCalendar, day0: number, symbols: readonly string[]): StudyBarProvenance {
  const { design, firstWin, lastWin, options } = run;
  const through = options.throughSession === undefined ? undefined : cal.index.get(options.throughSession);
  const first = Math.max(0, day0 + Math.min(design.estimation.start, firstWin) - 1);
  const last = Math.min(cal.sessions.length - 1, day0 + lastWin, through ?? Number.POSITIVE_INFINITY);
  const from = cal.sessions[first]!;
  const to = cal.sessions[Math.max(first, last)]!;
  return {
    from,
    to,
    corrected: symbols.flatMap((symbol) =>
      run
        .correctedOf(symbol)
        .filter((c) => c.sessionDate >= from && c.sessionDate <= to)
        .map((c) => ({ symbol, sessionDate: c.sessionDate, revision: c.revision! })),
    ),
  };
}
