import type { ModelKind, StudyDesign } from './design';
import { regressorCount, validateDesign } from './design';
import type { FactorSeries } from './factors';
import type { ReturnSeries } from './returns';

/** One event to study: the listing's returns and its benchmark's returns on one calendar, and day 0's session index. */
export interface EventInput {
  /** The cross-sectional unit's key (never the symbol: two events of one stock are two units). */
  readonly eventId: string;
  /** Stock returns aligned to the calendar (from `computeReturns`). Shared between events of one stock, never copied. */
  readonly stock: ReturnSeries;
  /** Benchmark returns aligned to the same calendar (NaN when missing; multi-session market returns are not special). */
  readonly market: Float64Array;
  /** Session index of day 0 in that calendar (from `anchorDay0`). */
  readonly day0: number;
  /**
   * Factor returns and RF aligned to the same calendar (decimals), required by factor models; `market` should then be
   * the market's total return Mkt−RF + RF (shown as `mkt_ret`, not used by the fit). Shared between events.
   */
  readonly factors?: FactorSeries;
  /**
   * Benchmark returns for Barber & Lyon's BHAR (same calendar and return kind); default `market`. For factor models
   * `market` is Mkt−RF + RF, the French market portfolio.
   */
  readonly benchmark?: Float64Array;
}

/** Phase of a relative day: estimation window, the gap before the first event window, or an event window. */
export type Phase = 'estimation' | 'between' | 'event' | 'outside';

/**
 * Per-event results for a batch of events, as struct-of-arrays (event i's day d is at `i * days + (d − firstDay)`).
 * Skipped events keep their slot (`ok[i] === 0`, reason in `skipReason[i]`), so nothing is silently dropped.
 */
export interface EventBatch {
  readonly design: StudyDesign;
  readonly eventIds: readonly string[];
  readonly count: number;
  /** First and last relative day stored (covers the estimation and all event windows). */
  readonly firstDay: number;
  readonly lastDay: number;
  readonly days: number;
  readonly day0: Int32Array;
  /** 1 when the event was fitted, 0 when skipped. */
  readonly ok: Uint8Array;
  readonly skipReason: readonly (string | undefined)[];
  /** Stock return, benchmark return and abnormal return per event and relative day (NaN = missing). */
  readonly ret: Float64Array;
  readonly mkt: Float64Array;
  readonly ar: Float64Array;
  /** Model parameters (NaN where the model has none): α, β, estimation mean return (mean-adjusted). */
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  readonly meanReturn: Float64Array;
  /**
   * Estimation-sample size L, s.d. of estimation ARs with n − 1 (estudy2) and the model's residual standard error
   * √(SSR/(L − K − 1)) with K slope regressors (market model K = 1, √(SSR/(L − 2)); factor models K = 3–5).
   */
  readonly estimationLength: Int32Array;
  readonly sigmaN1: Float64Array;
  readonly sigmaN2: Float64Array;
  /** R² of the fitted model over the estimation sample, 1 − SSR/SST (NaN for mean- and market-adjusted). */
  readonly r2: Float64Array;
  /** Factor models: regressor names, and per event (i·K + j) the slopes and the estimation-sample factor means. */
  readonly factorNames: readonly string[];
  readonly factorBeta: Float64Array;
  readonly factorMean: Float64Array;
  /** Factor models: per event (i·K² + j·K + l) the inverse of the centred cross-product matrix of the factors. */
  readonly factorSinv: Float64Array;
  /** Factor models: each event's factor series (for the forecast-error correction of standardised ARs). */
  readonly factorSeries: readonly (FactorSeries | undefined)[];
  /** First/last relative day of the estimation sample actually used (NaN when skipped). */
  readonly estimationFirstDay: Float64Array;
  readonly estimationLastDay: Float64Array;
  /** Mean and sum of squared deviations of the benchmark return over the estimation sample (Patell's C_t). */
  readonly marketMean: Float64Array;
  readonly marketSsx: Float64Array;
  /** Per event × window (event i, window w at `i * windows + w`): CAR, number of non-missing days, BHAR, t of the CAR. */
  readonly car: Float64Array;
  readonly carDays: Int32Array;
  readonly bhar: Float64Array;
  readonly carT: Float64Array;
  /**
   * Barber & Lyon (1997) BHAR per event × window: Π(1 + R) − Π(1 + R_benchmark), the stock compounded over its returns
   * in the window, the benchmark over the same sessions (a multi-session stock return covers its whole span). NaN when
   * the stock has no return in the window or the benchmark misses a covered session.
   */
  readonly bharBenchmark: Float64Array;
}

/** Phase of relative day `d` under a design. */
export function phaseOf(design: StudyDesign, d: number): Phase {
  if (d >= design.estimation.start && d <= design.estimation.end) return 'estimation';
  if (design.windows.some((w) => d >= w.start && d <= w.end)) return 'event';
  const firstEvent = Math.min(...design.windows.map((w) => w.start));
  if (d > design.estimation.end && d < firstEvent) return 'between';
  return 'outside';
}

function modelNeedsMarket(kind: ModelKind): boolean {
  return kind === 'market' || kind === 'market-adjusted';
}

/** The per-batch constants of a fit: the design, its model and where each relative day sits in an event's rows. */
interface FitFrame {
  readonly design: StudyDesign;
  readonly kind: ModelKind;
  readonly needsMarket: boolean;
  readonly isFactor: boolean;
  readonly isLog: boolean;
  readonly rule: StudyDesign['missingData'];
  /** Slope regressors of the model. */
  readonly K: number;
  readonly firstDay: number;
  readonly lastDay: number;
  readonly days: number;
  /** The estimation window as offsets into an event's rows. */
  readonly estLo: number;
  readonly estHi: number;
}

/** {@link EventBatch} while it is filled event by event. */
interface BatchBuffers extends Omit<EventBatch, 'skipReason' | 'factorSeries'> {
  readonly skipReason: (string | undefined)[];
  readonly factorSeries: (FactorSeries | undefined)[];
}

/**
 * Fits the expected-return model for every event and computes ARs for every stored relative day, CARs, BHARs and the
 * CAR t statistic per window. Pure; one pass over each event's days, typed arrays only.
 */
export function fitEvents(inputs: readonly EventInput[], design: StudyDesign): EventBatch {
  validateDesign(design);
  const frame = fitFrame(design);
  const batch = allocateBatch(inputs, frame);
  // Sessions each stored return covers (1 = a single-session return), for the event being fitted.
  const span = new Int32Array(frame.days);
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    gatherRows(frame, batch, input, i, span);
    const syy = frame.isFactor
      ? fitFactorModel(frame, batch, input, i, span)
      : fitSimpleModel(frame, batch, input, i, span);
    const reason = typeof syy === 'string' ? syy : estimationSigma(frame, batch, i, syy);
    if (reason !== undefined) {
      batch.ok[i] = 0;
      batch.skipReason[i] = reason;
      batch.ar.fill(Number.NaN, i * frame.days, (i + 1) * frame.days);
      continue;
    }
    batch.ok[i] = 1;
    windowSums(frame, batch, input, i, span);
  }
  return batch;
}

function fitFrame(design: StudyDesign): FitFrame {
  const est = design.estimation;
  let firstDay = est.start;
  let lastDay = est.end;
  for (const w of design.windows) {
    firstDay = Math.min(firstDay, w.start);
    lastDay = Math.max(lastDay, w.end);
  }
  const kind = design.model.kind;
  return {
    design,
    kind,
    needsMarket: modelNeedsMarket(kind),
    isFactor: kind === 'factor',
    isLog: design.returnKind === 'log',
    rule: design.missingData,
    K: regressorCount(design.model),
    firstDay,
    lastDay,
    days: lastDay - firstDay + 1,
    estLo: est.start - firstDay,
    estHi: est.end - firstDay,
  };
}

function allocateBatch(inputs: readonly EventInput[], f: FitFrame): BatchBuffers {
  const n = inputs.length;
  const nw = f.design.windows.length;
  const nK = f.isFactor ? n * f.K : 0;
  const nan = (length: number): Float64Array => new Float64Array(length).fill(Number.NaN);
  return {
    design: f.design,
    eventIds: inputs.map((e) => e.eventId),
    count: n,
    firstDay: f.firstDay,
    lastDay: f.lastDay,
    days: f.days,
    day0: new Int32Array(n),
    ok: new Uint8Array(n),
    skipReason: new Array<string | undefined>(n).fill(undefined),
    ret: new Float64Array(n * f.days),
    mkt: new Float64Array(n * f.days),
    ar: new Float64Array(n * f.days),
    alpha: nan(n),
    beta: nan(n),
    meanReturn: nan(n),
    estimationLength: new Int32Array(n),
    sigmaN1: nan(n),
    sigmaN2: nan(n),
    r2: nan(n),
    factorNames: f.isFactor ? (inputs[0]?.factors?.names ?? []) : [],
    factorBeta: nan(nK),
    factorMean: nan(nK),
    factorSinv: nan(nK * f.K),
    factorSeries: new Array<FactorSeries | undefined>(n).fill(undefined),
    estimationFirstDay: nan(n),
    estimationLastDay: nan(n),
    marketMean: nan(n),
    marketSsx: nan(n),
    car: nan(n * nw),
    carDays: new Int32Array(n * nw),
    bhar: nan(n * nw),
    carT: nan(n * nw),
    bharBenchmark: nan(n * nw),
  };
}

/** Copies event `i`'s stock and benchmark returns into its rows (NaN outside the series) and their spans into `span`. */
function gatherRows(f: FitFrame, b: BatchBuffers, input: EventInput, i: number, span: Int32Array): void {
  const { days, firstDay, estLo, estHi, rule } = f;
  const { ret, mkt } = b;
  const base = i * days;
  const values = input.stock.values;
  const spans = input.stock.span;
  const market = input.market;
  const len = values.length;
  b.day0[i] = input.day0;
  for (let k = 0; k < days; k++) {
    const t = input.day0 + firstDay + k;
    if (t < 0 || t >= len) {
      ret[base + k] = Number.NaN;
      mkt[base + k] = Number.NaN;
      span[k] = 0;
      continue;
    }
    let r = values[t]!;
    const s = spans[t]!;
    if (s > 1 && (rule === 'single-day' || (rule === 'eventus' && k >= estLo && k <= estHi))) r = Number.NaN;
    ret[base + k] = r;
    mkt[base + k] = t < market.length ? market[t]! : Number.NaN;
    span[k] = s;
  }
}

/** Fits a factor model to event `i` and writes its ARs: the estimation SST of excess returns, or why it is skipped. */
function fitFactorModel(f: FitFrame, b: BatchBuffers, input: EventInput, i: number, span: Int32Array): number | string {
  const { K, firstDay } = f;
  const fs = input.factors;
  if (fs?.columns.length !== K) {
    throw new Error(`event ${input.eventId}: the factor model needs ${K} aligned factor series in EventInput.factors`);
  }
  b.factorSeries[i] = fs;
  const base = i * f.days;
  const minCount = f.design.minEstimationReturns;
  const fit = fitFactorEvent(input, fs, b.ret, base, firstDay, f.estLo, f.estHi, f.days, minCount);
  b.estimationLength[i] = fit.count;
  if (fit.kind === 'skip') return fit.count < minCount ? tooFewReason(input, f.design, fit.count) : fit.reason;
  b.alpha[i] = fit.alpha;
  b.beta[i] = fit.beta[0]!;
  b.factorBeta.set(fit.beta, i * K);
  b.factorMean.set(fit.mean, i * K);
  b.factorSinv.set(fit.sinv, i * K * K);
  b.estimationFirstDay[i] = fit.firstK + firstDay;
  b.estimationLastDay[i] = fit.lastK + firstDay;
  factorAbnormalReturns(input, fs, fit, b.ret, b.ar, span, base, firstDay, f.days, f.rule);
  return fit.syy;
}

/** Estimation-sample moments of the stock (y) and benchmark (x) returns: complete cases, stock only when no market. */
interface Moments {
  readonly cnt: number;
  readonly my: number;
  readonly mx: number;
  readonly syy: number;
  readonly sxx: number;
  readonly sxy: number;
  readonly firstK: number;
  readonly lastK: number;
}

/**
 * Fits the market, mean-adjusted or market-adjusted model to event `i` and writes its ARs: the estimation SST of the
 * stock's returns, or why it is skipped (too few returns, a constant stock or benchmark).
 */
function fitSimpleModel(f: FitFrame, b: BatchBuffers, input: EventInput, i: number, span: Int32Array): number | string {
  const { kind, firstDay } = f;
  const m = estimationMoments(f, b, i);
  b.estimationLength[i] = m.cnt;
  if (m.cnt < f.design.minEstimationReturns) return tooFewReason(input, f.design, m.cnt);
  // A constant price (a suspended or stale quote) or, for the market model, a constant benchmark leaves nothing to
  // estimate: σ would be 0 (infinite standardised ARs) or β undefined. Such events are skipped, never averaged.
  if (!(m.syy > 0))
    return `the stock's estimation returns are constant (${m.cnt} returns equal to ${m.my}): price not moving, σ = 0`;
  if (kind === 'market' && !(m.sxx > 0))
    return `the benchmark's estimation returns are constant (${m.cnt} returns): β undefined`;
  const { a, slope } = simpleCoefficients(kind, m);
  if (kind === 'mean-adjusted') b.meanReturn[i] = m.my;
  else {
    b.alpha[i] = a;
    b.beta[i] = slope;
  }
  b.marketMean[i] = m.mx;
  b.marketSsx[i] = m.sxx;
  b.estimationFirstDay[i] = m.firstK + firstDay;
  b.estimationLastDay[i] = m.lastK + firstDay;
  simpleAbnormalReturns(f, b, input, i, span, a, slope);
  return m.syy;
}

/** {@link Moments} of event `i`'s estimation window; only `cnt` when below the design's minimum. */
function estimationMoments(f: FitFrame, b: BatchBuffers, i: number): Moments {
  const { estLo, estHi, needsMarket } = f;
  const { ret, mkt } = b;
  const base = i * f.days;
  let cnt = 0;
  let sy = 0;
  let sx = 0;
  let firstK = -1;
  let lastK = -1;
  for (let k = estLo; k <= estHi; k++) {
    const y = ret[base + k]!;
    const x = mkt[base + k]!;
    if (Number.isNaN(y) || (needsMarket && Number.isNaN(x))) continue;
    cnt++;
    sy += y;
    if (needsMarket) sx += x;
    if (firstK < 0) firstK = k;
    lastK = k;
  }
  if (cnt < f.design.minEstimationReturns) return { cnt, my: 0, mx: 0, syy: 0, sxx: 0, sxy: 0, firstK, lastK };
  const my = sy / cnt;
  const mx = needsMarket ? sx / cnt : Number.NaN;
  let syy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let k = estLo; k <= estHi; k++) {
    const y = ret[base + k]!;
    const x = mkt[base + k]!;
    if (Number.isNaN(y) || (needsMarket && Number.isNaN(x))) continue;
    const dy = y - my;
    syy += dy * dy;
    if (!needsMarket) continue;
    const dx = x - mx;
    sxx += dx * dx;
    sxy += dx * dy;
  }
  return { cnt, my, mx, syy, sxx, sxy, firstK, lastK };
}

/** Intercept and slope of the expected return a + b·x under a model other than the factor models. */
function simpleCoefficients(kind: ModelKind, m: Moments): { a: number; slope: number } {
  switch (kind) {
    case 'market': {
      const slope = m.sxy / m.sxx;
      return { a: m.my - slope * m.mx, slope };
    }
    case 'mean-adjusted':
      return { a: m.my, slope: 0 };
    case 'market-adjusted':
      return { a: 0, slope: 1 };
    case 'factor':
      throw new Error('factor models are fitted by fitFactorEvent');
    default: {
      const _never: never = kind;
      throw new Error(`unknown model ${String(_never)}`);
    }
  }
}

/**
 * AR = R − (a + b·x) for every stored day of event `i`; under `eventus` a multi-session return is compared with the
 * expected return compounded over the same sessions.
 */
function simpleAbnormalReturns(
  f: FitFrame,
  b: BatchBuffers,
  input: EventInput,
  i: number,
  span: Int32Array,
  a: number,
  slope: number,
): void {
  const { days, kind, rule } = f;
  const { ret, mkt, ar } = b;
  const base = i * days;
  for (let k = 0; k < days; k++) {
    const r = ret[base + k]!;
    if (Number.isNaN(r)) {
      ar[base + k] = Number.NaN;
      continue;
    }
    const s = span[k]!;
    if (s > 1 && rule === 'eventus') {
      ar[base + k] = r - compoundedExpected(f, input, k, s, a, slope);
      continue;
    }
    const x = mkt[base + k]!;
    ar[base + k] = kind === 'mean-adjusted' ? r - a : r - (a + slope * x);
  }
}

/** The expected return a + b·x compounded over the `s` sessions ending at row k (NaN when a benchmark return is missing). */
function compoundedExpected(f: FitFrame, input: EventInput, k: number, s: number, a: number, slope: number): number {
  const { isLog, kind, firstDay } = f;
  const market = input.market;
  let e = isLog ? 0 : 1;
  for (let j = 0; j < s; j++) {
    const t = input.day0 + firstDay + k - j;
    const x = kind === 'mean-adjusted' ? 0 : t >= 0 && t < market.length ? market[t]! : Number.NaN;
    if (Number.isNaN(x)) return Number.NaN;
    const one = a + slope * x;
    if (isLog) e += one;
    else e *= 1 + one;
  }
  return isLog ? e : e - 1;
}

/**
 * The s.d. of event `i`'s estimation ARs (n − 1) and, for regression models, the residual standard error
 * √(SSR/(L − K − 1)) and R² = 1 − SSR/`syy`; why the event is skipped when the ARs are all equal.
 */
function estimationSigma(f: FitFrame, b: BatchBuffers, i: number, syy: number): string | undefined {
  const { estLo, estHi } = f;
  const ar = b.ar;
  const base = i * f.days;
  let sa = 0;
  let na = 0;
  for (let k = estLo; k <= estHi; k++) {
    const v = ar[base + k]!;
    if (Number.isNaN(v)) continue;
    sa += v;
    na++;
  }
  const ma = sa / na;
  let ss = 0;
  let ssr = 0;
  for (let k = estLo; k <= estHi; k++) {
    const v = ar[base + k]!;
    if (Number.isNaN(v)) continue;
    ss += (v - ma) * (v - ma);
    ssr += v * v;
  }
  const s1 = Math.sqrt(ss / (na - 1));
  // Only reachable for a market-adjusted stock that moves exactly with its benchmark.
  if (!(s1 > 0)) return 'the estimation abnormal returns are all equal: σ = 0';
  b.sigmaN1[i] = s1;
  if (f.kind === 'market' || f.isFactor) {
    b.sigmaN2[i] = Math.sqrt(ssr / (na - f.K - 1));
    b.r2[i] = 1 - ssr / syy;
  }
  return undefined;
}

/** CAR, BHAR and the CAR t (against the estimation s.d.) of event `i` per window. */
function windowSums(f: FitFrame, b: BatchBuffers, input: EventInput, i: number, span: Int32Array): void {
  const { days, firstDay, rule, isLog } = f;
  const { ret, ar } = b;
  const windows = f.design.windows;
  const nw = windows.length;
  const base = i * days;
  const s1 = b.sigmaN1[i]!;
  for (let w = 0; w < nw; w++) {
    const win = windows[w]!;
    let c = 0;
    let m = 0;
    let sessions = 0;
    let pr = 1;
    let pe = 1;
    for (let d = win.start; d <= win.end; d++) {
      const k = d - firstDay;
      const v = ar[base + k]!;
      if (Number.isNaN(v)) continue;
      const r = ret[base + k]!;
      c += v;
      m++;
      // Under eventus a reappearance-day AR covers span[k] sessions, so its variance is span·σ².
      sessions += rule === 'eventus' ? Math.max(1, span[k]!) : 1;
      const e = r - v;
      pr *= isLog ? Math.exp(r) : 1 + r;
      pe *= isLog ? Math.exp(e) : 1 + e;
    }
    const o = i * nw + w;
    b.carDays[o] = m;
    if (m > 0) {
      b.car[o] = c;
      b.bhar[o] = pr - pe;
      b.carT[o] = c / (s1 * Math.sqrt(sessions));
    }
    b.bharBenchmark[o] = benchmarkBhar(input, ret, span, base, firstDay, win.start, win.end, isLog);
  }
}

/** Why an event has too few estimation returns, in terms a user can act on (event before the data, data ending, …). */
function tooFewReason(input: EventInput, design: StudyDesign, cnt: number): string {
  const est = design.estimation;
  const values = input.stock.values;
  let firstT = -1;
  for (let t = 0; t < values.length; t++) {
    if (!Number.isNaN(values[t]!)) {
      firstT = t;
      break;
    }
  }
  const base = `only ${cnt} usable estimation returns in [${est.start}, ${est.end}] (minimum ${design.minEstimationReturns})`;
  if (firstT < 0) return `${base}: the stock has no returns at all`;
  const firstRel = firstT - input.day0;
  if (firstRel > est.end) {
    return `event before the stock's data: its first return is at relative day ${firstRel}, after the estimation window [${est.start}, ${est.end}] (${base})`;
  }
  if (input.day0 + est.start < 0) {
    return `${base}: the calendar starts at relative day ${-input.day0}, inside the estimation window`;
  }
  if (firstRel > est.start) return `${base}: the stock's first return is at relative day ${firstRel}`;
  return base;
}

type FactorFit =
  | { readonly kind: 'skip'; readonly count: number; readonly reason: string }
  | {
      readonly kind: 'fit';
      readonly count: number;
      readonly alpha: number;
      readonly beta: Float64Array;
      readonly mean: Float64Array;
      readonly sinv: Float64Array;
      readonly syy: number;
      readonly firstK: number;
      readonly lastK: number;
    };

/**
 * OLS of the excess return R − RF on the factors over the estimation sample (complete cases: stock, RF and every
 * factor present), by centred cross-products and a Cholesky inverse (K <= 5).
 */
function fitFactorEvent(
  input: EventInput,
  fs: FactorSeries,
  ret: Float64Array,
  base: number,
  firstDay: number,
  estLo: number,
  estHi: number,
  days: number,
  minCount: number,
): FactorFit {
  const K = fs.columns.length;
  const cols = fs.columns;
  const rf = fs.rf;
  const x = new Float64Array(K);
  const sx = new Float64Array(K);
  const use = new Uint8Array(days);
  let cnt = 0;
  let sy = 0;
  let firstK = -1;
  let lastK = -1;
  for (let k = estLo; k <= estHi; k++) {
    const t = input.day0 + firstDay + k;
    const y = ret[base + k]!;
    if (Number.isNaN(y) || t < 0 || t >= rf.length || Number.isNaN(rf[t]!)) continue;
    let complete = true;
    for (let j = 0; j < K; j++) {
      const v = cols[j]![t]!;
      if (Number.isNaN(v)) complete = false;
      x[j] = v;
    }
    if (!complete) continue;
    use[k] = 1;
    cnt++;
    sy += y - rf[t]!;
    for (let j = 0; j < K; j++) sx[j]! += x[j]!;
    if (firstK < 0) firstK = k;
    lastK = k;
  }
  if (cnt < minCount) return { kind: 'skip', count: cnt, reason: '' };
  const my = sy / cnt;
  const mean = Float64Array.from(sx, (v) => v / cnt);
  const S = new Float64Array(K * K);
  const sxy = new Float64Array(K);
  let syy = 0;
  for (let k = estLo; k <= estHi; k++) {
    if (use[k] !== 1) continue;
    const t = input.day0 + firstDay + k;
    const dy = ret[base + k]! - rf[t]! - my;
    syy += dy * dy;
    for (let j = 0; j < K; j++) x[j] = cols[j]![t]! - mean[j]!;
    for (let j = 0; j < K; j++) {
      sxy[j]! += x[j]! * dy;
      for (let l = 0; l <= j; l++) S[j * K + l]! += x[j]! * x[l]!;
    }
  }
  for (let j = 0; j < K; j++) for (let l = 0; l < j; l++) S[l * K + j] = S[j * K + l]!;
  if (!(syy > 0)) {
    return {
      kind: 'skip',
      count: cnt,
      reason: `the stock's estimation excess returns are constant (${cnt} returns): σ = 0`,
    };
  }
  const sinv = symmetricInverse(S, K);
  if (sinv === undefined) {
    return {
      kind: 'skip',
      count: cnt,
      reason: `the factors ${fs.names.join(', ')} are collinear (or constant) over the estimation sample: β undefined`,
    };
  }
  const beta = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    let b = 0;
    for (let l = 0; l < K; l++) b += sinv[j * K + l]! * sxy[l]!;
    beta[j] = b;
  }
  let alpha = my;
  for (let j = 0; j < K; j++) alpha -= beta[j]! * mean[j]!;
  return { kind: 'fit', count: cnt, alpha, beta, mean, sinv, syy, firstK, lastK };
}

/** Expected total return R̂ = RF + α + Σ βⱼ Fⱼ at session t (NaN when RF or a factor is missing). */
function factorExpected(fs: FactorSeries, fit: Extract<FactorFit, { kind: 'fit' }>, t: number): number {
  if (t < 0 || t >= fs.rf.length) return Number.NaN;
  let e = fs.rf[t]! + fit.alpha;
  for (let j = 0; j < fit.beta.length; j++) e += fit.beta[j]! * fs.columns[j]![t]!;
  return e;
}

/**
 * AR = (R − RF) − (α + Σ βⱼ Fⱼ) = R − R̂ for every stored day; under `eventus` a multi-session return is compared with
 * R̂ compounded over the same sessions, Π(1 + R̂) − 1.
 */
function factorAbnormalReturns(
  input: EventInput,
  fs: FactorSeries,
  fit: Extract<FactorFit, { kind: 'fit' }>,
  ret: Float64Array,
  ar: Float64Array,
  span: Int32Array,
  base: number,
  firstDay: number,
  days: number,
  rule: StudyDesign['missingData'],
): void {
  for (let k = 0; k < days; k++) {
    const r = ret[base + k]!;
    if (Number.isNaN(r)) {
      ar[base + k] = Number.NaN;
      continue;
    }
    const t = input.day0 + firstDay + k;
    const s = span[k]!;
    if (s > 1 && rule === 'eventus') {
      let g = 1;
      for (let j = 0; j < s; j++) g *= 1 + factorExpected(fs, fit, t - j);
      ar[base + k] = r - (g - 1);
    } else {
      ar[base + k] = r - factorExpected(fs, fit, t);
    }
  }
}

/**
 * Inverse of a symmetric positive-definite K×K matrix by Cholesky; undefined when a pivot is not positive relative to
 * its diagonal (collinear or constant regressors).
 */
export function symmetricInverse(S: Float64Array, K: number): Float64Array | undefined {
  const L = new Float64Array(K * K);
  for (let j = 0; j < K; j++) {
    let d = S[j * K + j]!;
    for (let p = 0; p < j; p++) d -= L[j * K + p]! * L[j * K + p]!;
    if (!(d > 1e-12 * S[j * K + j]!) || !(S[j * K + j]! > 0)) return undefined;
    const ljj = Math.sqrt(d);
    L[j * K + j] = ljj;
    for (let i = j + 1; i < K; i++) {
      let v = S[i * K + j]!;
      for (let p = 0; p < j; p++) v -= L[i * K + p]! * L[j * K + p]!;
      L[i * K + j] = v / ljj;
    }
  }
  // inv(S) = inv(L)ᵀ inv(L); invert the lower-triangular L column by column.
  const Li = new Float64Array(K * K);
  for (let c = 0; c < K; c++) {
    Li[c * K + c] = 1 / L[c * K + c]!;
    for (let i = c + 1; i < K; i++) {
      let v = 0;
      for (let p = c; p < i; p++) v -= L[i * K + p]! * Li[p * K + c]!;
      Li[i * K + c] = v / L[i * K + i]!;
    }
  }
  const out = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      let v = 0;
      for (let p = Math.max(i, j); p < K; p++) v += Li[p * K + i]! * Li[p * K + j]!;
      out[i * K + j] = v;
    }
  }
  return out;
}

/** Barber–Lyon BHAR of one event over relative days [d1, d2] (see `EventBatch.bharBenchmark`). */
function benchmarkBhar(
  input: EventInput,
  ret: Float64Array,
  span: Int32Array,
  base: number,
  firstDay: number,
  d1: number,
  d2: number,
  isLog: boolean,
): number {
  const bench = input.benchmark ?? input.market;
  let ps = 1;
  let pb = 1;
  let used = 0;
  for (let d = d1; d <= d2; d++) {
    const k = d - firstDay;
    const r = ret[base + k]!;
    if (Number.isNaN(r)) continue;
    used++;
    ps *= isLog ? Math.exp(r) : 1 + r;
    const t = input.day0 + d;
    for (let j = 0; j < Math.max(1, span[k]!); j++) {
      const b = t - j >= 0 && t - j < bench.length ? bench[t - j]! : Number.NaN;
      if (Number.isNaN(b)) return Number.NaN;
      pb *= isLog ? Math.exp(b) : 1 + b;
    }
  }
  return used > 0 ? ps - pb : Number.NaN;
}
