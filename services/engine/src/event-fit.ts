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

/**
 * Fits the expected-return model for every event and computes ARs for every stored relative day, CARs, BHARs and the
 * CAR t statistic per window. Pure; one pass over each event's days, typed arrays only.
 */
export function fitEvents(inputs: readonly EventInput[], design: StudyDesign): EventBatch {
  validateDesign(design);
  const kind = design.model.kind;
  const needsMarket = modelNeedsMarket(kind);
  const est = design.estimation;
  let firstDay = est.start;
  let lastDay = est.end;
  for (const w of design.windows) {
    firstDay = Math.min(firstDay, w.start);
    lastDay = Math.max(lastDay, w.end);
  }
  const days = lastDay - firstDay + 1;
  const n = inputs.length;
  const nw = design.windows.length;
  const ret = new Float64Array(n * days);
  const mkt = new Float64Array(n * days);
  const ar = new Float64Array(n * days);
  const alpha = new Float64Array(n).fill(Number.NaN);
  const beta = new Float64Array(n).fill(Number.NaN);
  const meanReturn = new Float64Array(n).fill(Number.NaN);
  const estimationLength = new Int32Array(n);
  const sigmaN1 = new Float64Array(n).fill(Number.NaN);
  const sigmaN2 = new Float64Array(n).fill(Number.NaN);
  const r2 = new Float64Array(n).fill(Number.NaN);
  const K = regressorCount(design.model);
  const isFactor = design.model.kind === 'factor';
  const factorNames = design.model.kind === 'factor' ? (inputs[0]?.factors?.names ?? []) : [];
  const factorBeta = new Float64Array(isFactor ? n * K : 0).fill(Number.NaN);
  const factorMean = new Float64Array(isFactor ? n * K : 0).fill(Number.NaN);
  const factorSinv = new Float64Array(isFactor ? n * K * K : 0).fill(Number.NaN);
  const factorSeries: (FactorSeries | undefined)[] = new Array<FactorSeries | undefined>(n).fill(undefined);
  const estimationFirstDay = new Float64Array(n).fill(Number.NaN);
  const estimationLastDay = new Float64Array(n).fill(Number.NaN);
  const marketMean = new Float64Array(n).fill(Number.NaN);
  const marketSsx = new Float64Array(n).fill(Number.NaN);
  const car = new Float64Array(n * nw).fill(Number.NaN);
  const carDays = new Int32Array(n * nw);
  const bhar = new Float64Array(n * nw).fill(Number.NaN);
  const bharBenchmark = new Float64Array(n * nw).fill(Number.NaN);
  const carT = new Float64Array(n * nw).fill(Number.NaN);
  const ok = new Uint8Array(n);
  const day0 = new Int32Array(n);
  const skipReason: (string | undefined)[] = new Array<string | undefined>(n).fill(undefined);
  const estLo = est.start - firstDay;
  const estHi = est.end - firstDay;
  const rule = design.missingData;
  const isLog = design.returnKind === 'log';
  const span = new Int32Array(days);

  for (let i = 0; i < n; i++) {
    const input = inputs[i]!;
    const base = i * days;
    const values = input.stock.values;
    const spans = input.stock.span;
    const market = input.market;
    const len = values.length;
    day0[i] = input.day0;
    // Gather the event's rows into the batch (NaN outside the series).
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
    let syy = 0;
    if (isFactor) {
      const fs = input.factors;
      if (fs?.columns.length !== K) {
        throw new Error(
          `event ${input.eventId}: the factor model needs ${K} aligned factor series in EventInput.factors`,
        );
      }
      factorSeries[i] = fs;
      const fit = fitFactorEvent(input, fs, ret, base, firstDay, estLo, estHi, days, design.minEstimationReturns);
      estimationLength[i] = fit.count;
      if (fit.kind === 'skip') {
        ok[i] = 0;
        skipReason[i] = fit.count < design.minEstimationReturns ? tooFewReason(input, design, fit.count) : fit.reason;
        ar.fill(Number.NaN, base, base + days);
        continue;
      }
      syy = fit.syy;
      alpha[i] = fit.alpha;
      beta[i] = fit.beta[0]!;
      factorBeta.set(fit.beta, i * K);
      factorMean.set(fit.mean, i * K);
      factorSinv.set(fit.sinv, i * K * K);
      estimationFirstDay[i] = fit.firstK + firstDay;
      estimationLastDay[i] = fit.lastK + firstDay;
      factorAbnormalReturns(input, fs, fit, ret, ar, span, base, firstDay, days, rule);
    } else {
      // Estimation sample: complete cases (stock only for mean-adjusted).
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
      estimationLength[i] = cnt;
      const minNeeded = design.minEstimationReturns;
      if (cnt < minNeeded) {
        ok[i] = 0;
        skipReason[i] = tooFewReason(input, design, cnt);
        ar.fill(Number.NaN, base, base + days);
        continue;
      }
      const my = sy / cnt;
      const mx = needsMarket ? sx / cnt : Number.NaN;
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
      // A constant price (a suspended or stale quote) or, for the market model, a constant benchmark leaves nothing to
      // estimate: σ would be 0 (infinite standardised ARs) or β undefined. Such events are skipped, never averaged.
      const degenerate = !(syy > 0)
        ? `the stock's estimation returns are constant (${cnt} returns equal to ${my}): price not moving, σ = 0`
        : kind === 'market' && !(sxx > 0)
          ? `the benchmark's estimation returns are constant (${cnt} returns): β undefined`
          : undefined;
      if (degenerate !== undefined) {
        ok[i] = 0;
        skipReason[i] = degenerate;
        ar.fill(Number.NaN, base, base + days);
        continue;
      }
      let a: number;
      let b: number;
      switch (kind) {
        case 'market':
          b = sxy / sxx;
          a = my - b * mx;
          break;
        case 'mean-adjusted':
          a = my;
          b = 0;
          meanReturn[i] = my;
          break;
        case 'market-adjusted':
          a = 0;
          b = 1;
          break;
        case 'factor':
          throw new Error('factor models are fitted by fitFactorEvent');
        default: {
          const _never: never = kind;
          throw new Error(`unknown model ${String(_never)}`);
        }
      }
      if (kind !== 'mean-adjusted') {
        alpha[i] = a;
        beta[i] = b;
      }
      marketMean[i] = mx;
      marketSsx[i] = sxx;
      estimationFirstDay[i] = firstK + firstDay;
      estimationLastDay[i] = lastK + firstDay;
      // Abnormal returns for every stored day.
      for (let k = 0; k < days; k++) {
        const r = ret[base + k]!;
        if (Number.isNaN(r)) {
          ar[base + k] = Number.NaN;
          continue;
        }
        const s = span[k]!;
        if (s > 1 && rule === 'eventus') {
          // Expected return compounded over the same sessions as the multi-session stock return.
          let e = isLog ? 0 : 1;
          let missing = false;
          for (let j = 0; j < s; j++) {
            const kk = k - j;
            const t = input.day0 + firstDay + kk;
            const x = kind === 'mean-adjusted' ? 0 : t >= 0 && t < market.length ? market[t]! : Number.NaN;
            if (Number.isNaN(x)) {
              missing = true;
              break;
            }
            const one = a + b * x;
            if (isLog) e += one;
            else e *= 1 + one;
          }
          ar[base + k] = missing ? Number.NaN : r - (isLog ? e : e - 1);
          continue;
        }
        const x = mkt[base + k]!;
        ar[base + k] = kind === 'mean-adjusted' ? r - a : r - (a + b * x);
      }
    }
    // s.d. of estimation ARs (n − 1) and the OLS residual s.d. (n − 2).
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
    if (!(s1 > 0)) {
      // Only reachable for a market-adjusted stock that moves exactly with its benchmark.
      ok[i] = 0;
      skipReason[i] = 'the estimation abnormal returns are all equal: σ = 0';
      ar.fill(Number.NaN, base, base + days);
      continue;
    }
    sigmaN1[i] = s1;
    if (kind === 'market' || isFactor) {
      sigmaN2[i] = Math.sqrt(ssr / (na - K - 1));
      r2[i] = 1 - ssr / syy;
    }
    ok[i] = 1;
    // CAR, BHAR and the CAR t per window.
    for (let w = 0; w < nw; w++) {
      const win = design.windows[w]!;
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
      carDays[o] = m;
      if (m > 0) {
        car[o] = c;
        bhar[o] = pr - pe;
        carT[o] = c / (s1 * Math.sqrt(sessions));
      }
      bharBenchmark[o] = benchmarkBhar(input, ret, span, base, firstDay, win.start, win.end, isLog);
    }
  }
  return {
    design,
    eventIds: inputs.map((e) => e.eventId),
    count: n,
    firstDay,
    lastDay,
    days,
    day0,
    ok,
    skipReason,
    ret,
    mkt,
    ar,
    alpha,
    beta,
    meanReturn,
    estimationLength,
    sigmaN1,
    sigmaN2,
    r2,
    factorNames,
    factorBeta,
    factorMean,
    factorSinv,
    factorSeries,
    estimationFirstDay,
    estimationLastDay,
    marketMean,
    marketSsx,
    car,
    carDays,
    bhar,
    carT,
    bharBenchmark,
  };
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
