import type { TradingCalendar } from './calendar';
import type { CrossSectionOptions, WindowResult } from './cross-section';
import { crossSection } from './cross-section';
import type { Day0Rule, EventTime } from './day0';
import { anchorDay0 } from './day0';
import type { StudyDesign } from './design';
import type { EventBatch, EventInput } from './event-fit';
import { fitEvents } from './event-fit';
import type { FactorSeries, FactorTable } from './factors';
import { alignFactors, FACTOR_MODELS } from './factors';
import type { ReturnSeries } from './returns';
import type { WindowTestsResult } from './window-tests';
import { windowTests } from './window-tests';
import { computeReturns } from './returns';

/** An event of a study request: its id (the cross-sectional key), listing, benchmark and publication time. */
export interface StudyEvent {
  readonly eventId: string;
  readonly symbol: string;
  /** Benchmark symbol for this event (defaults to the request's `marketSymbol`). */
  readonly market?: string;
  readonly time: EventTime;
}

/** A whole study: one calendar, closes aligned to it (NaN = no close), the events and the design. */
export interface StudyRequest {
  readonly calendar: TradingCalendar;
  /** Closes per symbol, aligned to `calendar.sessions` (see `alignToCalendar`). */
  readonly closes: ReadonlyMap<string, Float64Array>;
  /** Benchmark of events without their own (unused by factor models, whose market is Mkt−RF + RF). */
  readonly marketSymbol?: string;
  readonly events: readonly StudyEvent[];
  readonly design: StudyDesign;
  /** Daily factor returns by date (merged French files), required by factor models. */
  readonly factors?: FactorTable;
  /** Symbol of the benchmark for Barber–Lyon BHARs (default: each event's market; Mkt−RF + RF for factor models). */
  readonly bharBenchmark?: string;
  readonly day0Rule?: Day0Rule;
  readonly crossSection?: CrossSectionOptions;
}

/** What happened to an event before fitting: anchored to a session (then fitted or skipped), or not anchorable. */
export type EventAnchor =
  | { readonly kind: 'anchored'; readonly event: StudyEvent; readonly day0: number; readonly batchIndex: number }
  | { readonly kind: 'unanchored'; readonly event: StudyEvent; readonly reason: string };

/** Everything a study produces. Events that could not be anchored are listed with their reason, never dropped. */
export interface StudyResult {
  readonly calendar: TradingCalendar;
  readonly anchors: readonly EventAnchor[];
  readonly batch: EventBatch;
  readonly windows: readonly WindowResult[];
  /** CAR/BHAR window tests and daily GRANK per event window (see `windowTests`). */
  readonly windowTests: readonly WindowTestsResult[];
}

/** Thrown when a study request refers to data it does not contain (unknown symbol or benchmark). */
export class StudyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StudyInputError';
  }
}

/**
 * Runs a full study: returns per symbol (computed once), day 0 per event, fit per event, cross-section per window.
 * Pure; nothing is read from files or the clock.
 */
export function runStudy(request: StudyRequest): StudyResult {
  const kind = request.design.returnKind;
  const returns = new Map<string, ReturnSeries>();
  const seriesOf = (symbol: string): ReturnSeries => {
    let r = returns.get(symbol);
    if (r === undefined) {
      const closes = request.closes.get(symbol);
      if (closes === undefined) throw new StudyInputError(`no prices for symbol '${symbol}'`);
      r = computeReturns(closes, kind);
      returns.set(symbol, r);
    }
    return r;
  };
  const anchors: EventAnchor[] = [];
  const inputs: EventInput[] = [];
  const model = request.design.model;
  let factors: FactorSeries | undefined;
  let factorMarket: Float64Array | undefined;
  if (model.kind === 'factor') {
    if (request.factors === undefined) throw new StudyInputError(`the ${model.factors} model needs factor data`);
    factors = alignFactors(request.calendar, request.factors, FACTOR_MODELS[model.factors]);
    const mktRf = factors.columns[0]!;
    factorMarket = Float64Array.from(mktRf, (v, t) => v + factors!.rf[t]!);
  }
  const bharBenchmark = request.bharBenchmark === undefined ? undefined : seriesOf(request.bharBenchmark).values;
  for (const event of request.events) {
    const stock = seriesOf(event.symbol);
    let market: { values: Float64Array };
    if (factorMarket !== undefined) market = { values: factorMarket };
    else {
      const symbol = event.market ?? request.marketSymbol;
      if (symbol === undefined)
        throw new StudyInputError(`event ${event.eventId} has no benchmark and no default market`);
      market = seriesOf(symbol);
    }
    const day0 = anchorDay0(request.calendar, event.time, request.day0Rule ?? 'next-close');
    if (day0.kind === 'unanchored') {
      anchors.push({ kind: 'unanchored', event, reason: day0.reason });
      continue;
    }
    anchors.push({ kind: 'anchored', event, day0: day0.index, batchIndex: inputs.length });
    inputs.push({
      eventId: event.eventId,
      stock,
      market: market.values,
      day0: day0.index,
      ...(factors === undefined ? {} : { factors }),
      ...(bharBenchmark === undefined ? {} : { benchmark: bharBenchmark }),
    });
  }
  const batch = fitEvents(inputs, request.design);
  const windows = crossSection(batch, request.crossSection);
  const rBar = windows[0]?.averageCrossCorrelation ?? Number.NaN;
  return { calendar: request.calendar, anchors, batch, windows, windowTests: windowTests(batch, rBar) };
}

/** Per-window figures of one event. */
export interface EventWindowFigures {
  readonly car: number;
  readonly days: number;
  readonly bhar: number;
  readonly carT: number;
}

/** One event's outcome, for workers that store studies per (news item, listing). */
export type EventOutcome =
  | {
      readonly kind: 'fitted';
      readonly eventId: string;
      readonly estimationLength: number;
      readonly alpha: number;
      readonly beta: number;
      readonly meanReturn: number;
      readonly sigmaN1: number;
      readonly sigmaN2: number;
      /** R² of the model over the estimation sample (NaN when the model has no fit). */
      readonly r2: number;
      /** AR per relative day `firstDay + k`. */
      readonly firstDay: number;
      readonly ar: Float64Array;
      readonly windows: readonly EventWindowFigures[];
    }
  | { readonly kind: 'skipped'; readonly eventId: string; readonly reason: string };

/** Extracts event `i` of a batch as a plain object (copies its ARs). */
export function eventOutcome(batch: EventBatch, i: number): EventOutcome {
  const eventId = batch.eventIds[i] ?? '';
  if (batch.ok[i] !== 1) return { kind: 'skipped', eventId, reason: batch.skipReason[i] ?? 'skipped' };
  const nw = batch.design.windows.length;
  return {
    kind: 'fitted',
    eventId,
    estimationLength: batch.estimationLength[i]!,
    alpha: batch.alpha[i]!,
    beta: batch.beta[i]!,
    meanReturn: batch.meanReturn[i]!,
    sigmaN1: batch.sigmaN1[i]!,
    sigmaN2: batch.sigmaN2[i]!,
    r2: batch.r2[i]!,
    firstDay: batch.firstDay,
    ar: batch.ar.slice(i * batch.days, (i + 1) * batch.days),
    windows: batch.design.windows.map((_, w) => ({
      car: batch.car[i * nw + w]!,
      days: batch.carDays[i * nw + w]!,
      bhar: batch.bhar[i * nw + w]!,
      carT: batch.carT[i * nw + w]!,
    })),
  };
}

/**
 * Studies one listing around one day 0 (what a workflow activity calls per news item × listing): closes of the stock
 * and its benchmark aligned to `calendar`, the publication time, the design.
 */
export function studyListing(args: {
  readonly eventId: string;
  readonly calendar: TradingCalendar;
  readonly stockCloses: Float64Array;
  readonly marketCloses: Float64Array;
  readonly time: EventTime;
  readonly design: StudyDesign;
  readonly day0Rule?: Day0Rule;
}): { readonly day0: string | undefined; readonly outcome: EventOutcome } {
  const day0 = anchorDay0(args.calendar, args.time, args.day0Rule ?? 'next-close');
  if (day0.kind === 'unanchored') {
    return { day0: undefined, outcome: { kind: 'skipped', eventId: args.eventId, reason: day0.reason } };
  }
  const batch = fitEvents(
    [
      {
        eventId: args.eventId,
        stock: computeReturns(args.stockCloses, args.design.returnKind),
        market: computeReturns(args.marketCloses, args.design.returnKind).values,
        day0: day0.index,
      },
    ],
    args.design,
  );
  return { day0: day0.date, outcome: eventOutcome(batch, 0) };
}
