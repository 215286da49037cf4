import { forecastFactor, patellSigma } from './cross-section';
import { regressorCount } from './design';
import type { RelativeWindow } from './design';
import type { EventBatch } from './event-fit';
import { estimationOrder } from './estimation-order';
import { averageRanks, averageRanksOfSorted } from './rank';
import type { Reference, Stars } from './significance';
import { pValue, stars } from './significance';

/** The window (CAR/BHAR) tests researchers expect besides estudy2's; formulas and citations in the engine README. */
export const WINDOW_TESTS = [
  'car_t',
  'car_patell',
  'car_bmp',
  'car_patell_kp',
  'car_bmp_kp',
  'car_skew_t',
  'grank',
  'bhar_t',
  'bhar_skew_t',
] as const;

/** A window test's name. */
export type WindowTestName = (typeof WINDOW_TESTS)[number];

/** One window test: the statistic, its p-value and stars, the events used and the estimate it tests. */
export interface WindowTestRow {
  readonly name: WindowTestName;
  /** The tested range of relative days (the window, or one day of it for the daily GRANK rows). */
  readonly range: RelativeWindow;
  readonly statistic: number;
  readonly pValue: number;
  readonly stars: Stars;
  readonly reference: Reference;
  readonly n: number;
  /** CAAR (CAR tests), mean BHAR (BHAR tests), mean of the event ranks' deviation Ū₀ (GRANK). */
  readonly estimate: number;
}

/** Window tests of one event window, plus GRANK for each of its days. */
export interface WindowTestsResult {
  readonly window: RelativeWindow;
  readonly tests: readonly WindowTestRow[];
  readonly dailyGrank: readonly WindowTestRow[];
}

const NORMAL: Reference = { kind: 'normal' };
const tRef = (df: number): Reference => (df > 0 ? { kind: 'student-t', df } : { kind: 'student-t', df: Number.NaN });

function row(name: WindowTestName, range: RelativeWindow, stat: number, ref: Reference, n: number, estimate: number) {
  const s = Number.isFinite(stat) ? stat : Number.NaN;
  return { name, range, statistic: s, pValue: pValue(s, ref), stars: stars(s, ref), reference: ref, n, estimate };
}

/** Mean, s.d. (n − 1) and the adjusted sample skewness γ = n Σ(x − x̄)³ / ((n − 1)(n − 2) s³) of finite values. */
export function moments(xs: readonly number[]): { n: number; mean: number; sd: number; skew: number } {
  const n = xs.length;
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  let m2 = 0;
  let m3 = 0;
  for (const x of xs) {
    const d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  const sd = Math.sqrt(m2 / (n - 1));
  return { n, mean, sd, skew: (n * m3) / ((n - 1) * (n - 2) * sd * sd * sd) };
}

/**
 * Hall's (1992) skewness-adjusted t as EventStudyTools computes it: S = x̄/s, t = √n (S + γS²/3 + γ²S³/27 + γ/(6n)),
 * γ the adjusted sample skewness; two-sided normal p.
 */
export function skewAdjustedT(xs: readonly number[]): number {
  const { n, mean, sd, skew } = moments(xs);
  const S = mean / sd;
  return Math.sqrt(n) * (S + (skew * S * S) / 3 + (skew * skew * S * S * S) / 27 + skew / (6 * n));
}

/**
 * Lyon, Barber & Tsai's (1999) skewness-adjusted t for BHARs: S = x̄/s, γ̂ = Σ(x − x̄)³ / (n s³),
 * t = √n (S + γ̂S²/3 + γ̂/(6n)); Student t with n − 1 df.
 */
export function lbtSkewAdjustedT(xs: readonly number[]): number {
  const { n, mean, sd } = moments(xs);
  let m3 = 0;
  for (const x of xs) m3 += (x - mean) ** 3;
  const g = m3 / (n * sd * sd * sd);
  const S = mean / sd;
  return Math.sqrt(n) * (S + (g * S * S) / 3 + g / (6 * n));
}

/** Var(CAR)/σ² over [d1, d2]: the forecast-error factor for market and factor models, T + T²/L mean-adjusted, T otherwise. */
function varianceFactor(batch: EventBatch, i: number, d1: number, d2: number): number {
  const kind = batch.design.model.kind;
  if (kind === 'market' || kind === 'factor') return forecastFactor(batch, i, d1, d2);
  let T = 0;
  for (let d = d1; d <= d2; d++) if (!Number.isNaN(batch.ar[i * batch.days + d - batch.firstDay]!)) T++;
  return kind === 'mean-adjusted' ? T + (T * T) / batch.estimationLength[i]! : T;
}

function sigmaOf(batch: EventBatch, i: number): number {
  const kind = batch.design.model.kind;
  return kind === 'market' || kind === 'factor' ? patellSigma(batch, i) : batch.sigmaN1[i]!;
}

/** Per-event CAR over [d1, d2] (sum of the available ARs; NaN when none). */
function carOf(batch: EventBatch, i: number, d1: number, d2: number): number {
  let c = 0;
  let m = 0;
  for (let d = d1; d <= d2; d++) {
    const v = batch.ar[i * batch.days + d - batch.firstDay]!;
    if (Number.isNaN(v)) continue;
    c += v;
    m++;
  }
  return m > 0 ? c : Number.NaN;
}

/** Number of the first `n` sorted values below `x` (`orEqual`: at most `x`). */
function lowerBound(sorted: Float64Array, n: number, x: number, orEqual: boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v < x || (orEqual && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * GRANK-T of Kolari & Pynnönen (2011) for the CAR over each range [d1, d2] (one day when d1 = d2). Per event:
 * standardised ARs SAR = AR/σ on the estimation days and, as one extra observation, the standardised CAR
 * SCAR = CAR/(σ √VF) re-standardised by its cross-sectional s.d. (SCAR* = SCAR / s(SCAR), for event-induced
 * volatility); ranks of these L_i + 1 values, U = rank/(L_i + 2) − ½. Z = Ū₀ / S_Ū with Ū_t the mean U of the N_t
 * events at time t and S_Ū² = (1/T) Σ_t (N_t/N) Ū_t² over the T = L + 1 time points; t = Z √((T − 2)/(T − 1 − Z²)),
 * Student t with T − 2 df. All ranges are done in two passes over the events, ranking each event's estimation SARs once
 * (the extra observation only shifts ranks by 0, ½ or 1).
 */
export function grank(
  batch: EventBatch,
  events: readonly number[],
  ranges: readonly RelativeWindow[],
): WindowTestRow[] {
  const R = ranges.length;
  const est = batch.design.estimation;
  const nEst = est.end - est.start + 1;
  const T = nEst + 1;
  const { scar, sd, cnt } = standardisedCars(batch, events, ranges);
  // Pass 2: ranks.
  const uSum = new Float64Array(R * T);
  const uN = new Int32Array(R * T);
  const vals = new Float64Array(nEst);
  const ranks = new Float64Array(nEst);
  const scratch = new Float64Array(nEst);
  const tags = new Int32Array(nEst);
  const u0 = new Float64Array(nEst);
  const uHalf = new Float64Array(nEst);
  const u1 = new Float64Array(nEst);
  // Counts of events with estimation day k that have every range (the usual case), added to each range's uN at the end.
  const uNAll = new Int32Array(nEst);
  const sorted = estimationOrder(batch);
  events.forEach((i, j) => {
    const s = sigmaOf(batch, i);
    const base = i * batch.days + est.start - batch.firstDay;
    for (let k = 0; k < nEst; k++) vals[k] = batch.ar[base + k]! / s;
    let valid: number;
    if (s > 0) {
      // Sorted by AR is sorted by AR/σ: rank in the shared order.
      valid = sorted.count[i]!;
      const at = i * nEst;
      for (let p = 0; p < valid; p++) {
        const k = sorted.order[at + p]!;
        tags[p] = k;
        scratch[p] = vals[k]!;
      }
      ranks.fill(Number.NaN);
      averageRanksOfSorted(scratch, tags, valid, ranks);
    } else valid = averageRanks(vals, nEst, ranks, scratch, tags);
    const m = valid + 1;
    const inv = 1 / (m + 1);
    // The extra observation x shifts the rank of each estimation SAR above it by 1 and of each equal to it by ½: with
    // the SARs sorted (scratch, positions in tags) those are a suffix and a run found by binary search, and each
    // position's U for the three shifts is computed once per event, not once per range.
    let allValid = true;
    for (let r = 0; r < R; r++) if (Number.isNaN(scar[j * R + r]! / sd[r]!)) allValid = false;
    for (let p = 0; p < valid; p++) {
      const rank = ranks[tags[p]!]!;
      u0[p] = (rank + 0) * inv - 0.5;
      uHalf[p] = (rank + 0.5) * inv - 0.5;
      u1[p] = (rank + 1) * inv - 0.5;
      if (allValid) uNAll[tags[p]!]!++;
    }
    for (let r = 0; r < R; r++) {
      const x = scar[j * R + r]! / sd[r]!;
      if (Number.isNaN(x)) continue;
      const below = lowerBound(scratch, valid, x, false);
      const notAbove = lowerBound(scratch, valid, x, true);
      const ties = notAbove - below;
      const o = r * T;
      for (let p = 0; p < below; p++) uSum[o + tags[p]!]! += u0[p]!;
      for (let p = below; p < notAbove; p++) uSum[o + tags[p]!]! += uHalf[p]!;
      for (let p = notAbove; p < valid; p++) uSum[o + tags[p]!]! += u1[p]!;
      if (!allValid) for (let p = 0; p < valid; p++) uN[o + tags[p]!]!++;
      uSum[o + nEst]! += (below + 1 + ties / 2) * inv - 0.5;
      uN[o + nEst]!++;
    }
  });
  for (let r = 0; r < R; r++) for (let k = 0; k < nEst; k++) uN[r * T + k]! += uNAll[k]!;
  return ranges.map((range, r) =>
    grankRow(range, cnt[r]!, uSum.subarray(r * T, (r + 1) * T), uN.subarray(r * T, (r + 1) * T)),
  );
}

/** GRANK pass 1: each event's SCAR per range (NaN when undefined) and, per range, their count and cross-sectional s.d. */
function standardisedCars(
  batch: EventBatch,
  events: readonly number[],
  ranges: readonly RelativeWindow[],
): { scar: Float64Array; sd: Float64Array; cnt: Int32Array } {
  const R = ranges.length;
  const scar = new Float64Array(events.length * R).fill(Number.NaN);
  const sum = new Float64Array(R);
  const sumSq = new Float64Array(R);
  const cnt = new Int32Array(R);
  events.forEach((i, j) => {
    const s = sigmaOf(batch, i);
    ranges.forEach((rg, r) => {
      const c = carOf(batch, i, rg.start, rg.end);
      if (Number.isNaN(c)) return;
      const z = c / (s * Math.sqrt(varianceFactor(batch, i, rg.start, rg.end)));
      if (!Number.isFinite(z)) return;
      scar[j * R + r] = z;
      sum[r]! += z;
      sumSq[r]! += z * z;
      cnt[r]!++;
    });
  });
  const sd = Float64Array.from(sum, (sm, r) => Math.sqrt((sumSq[r]! - (sm * sm) / cnt[r]!) / (cnt[r]! - 1)));
  return { scar, sd, cnt };
}

/**
 * GRANK's row of one range from the U summed per time point over its N events (`uSum`, `uN`: the T − 1 estimation
 * days, then the CAR's observation): Z = Ū₀ / S_Ū and t = Z √((T − 2)/(T − 1 − Z²)).
 */
function grankRow(range: RelativeWindow, N: number, uSum: Float64Array, uN: Int32Array): WindowTestRow {
  if (N < 3) return row('grank', range, Number.NaN, NORMAL, N, Number.NaN);
  const T = uSum.length;
  let s2 = 0;
  for (let k = 0; k < T; k++) {
    if (uN[k] === 0) continue;
    const u = uSum[k]! / uN[k]!;
    s2 += (uN[k]! / N) * u * u;
  }
  const u0 = uSum[T - 1]! / uN[T - 1]!;
  const Z = u0 / Math.sqrt(s2 / T);
  return row('grank', range, Z * Math.sqrt((T - 2) / (T - 1 - Z * Z)), tRef(T - 2), N, u0);
}

/**
 * The window tests of every event window of a batch: cross-sectional t of CARs, Patell and BMP on standardised CARs
 * (forecast-error corrected), their Kolari–Pynnönen adjustments with `rBar`, Hall's skewness-adjusted t, GRANK for the
 * window and each of its days, and Barber–Lyon BHAR t and skewness-adjusted t. Skipped events are left out.
 */
export function windowTests(batch: EventBatch, rBar: number): WindowTestsResult[] {
  const events: number[] = [];
  for (let i = 0; i < batch.count; i++) if (batch.ok[i] === 1) events.push(i);
  const hasPatell = batch.design.model.kind === 'market' || batch.design.model.kind === 'factor';
  // GRANK for every window and every day of every window, in one pass.
  const ranges = batch.design.windows.flatMap((w) => {
    const days: RelativeWindow[] = [{ start: w.start, end: w.end }];
    for (let d = w.start; d <= w.end; d++) days.push({ start: d, end: d });
    return days;
  });
  const granks = grank(batch, events, ranges);
  let at = 0;
  const K = Math.max(1, regressorCount(batch.design.model));
  const nw = batch.design.windows.length;
  return batch.design.windows.map((win, w) => {
    const range = { start: win.start, end: win.end };
    const cars: number[] = [];
    const scars: number[] = [];
    let patellVar = 0;
    for (const i of events) {
      const c = batch.car[i * nw + w]!;
      if (Number.isNaN(c)) continue;
      cars.push(c);
      if (!hasPatell) continue;
      const z = c / (patellSigma(batch, i) * Math.sqrt(forecastFactor(batch, i, win.start, win.end)));
      if (!Number.isFinite(z)) continue;
      scars.push(z);
      const L = batch.estimationLength[i]!;
      patellVar += (L - K - 1) / (L - K - 3);
    }
    const N = cars.length;
    const c = N > 0 ? moments(cars) : { mean: Number.NaN, sd: Number.NaN };
    const caar = c.mean;
    const ns = scars.length;
    const sc = ns > 1 ? moments(scars) : { mean: Number.NaN, sd: Number.NaN };
    const patell = hasPatell && ns > 0 ? scars.reduce((a, x) => a + x, 0) / Math.sqrt(patellVar) : Number.NaN;
    const bmp = hasPatell ? (sc.mean / sc.sd) * Math.sqrt(ns) : Number.NaN;
    const kpZ = Math.sqrt(1 / (1 + (ns - 1) * rBar));
    const kpT = Math.sqrt((1 - rBar) / (1 + (ns - 1) * rBar));
    const bhars: number[] = [];
    for (const i of events) {
      const b = batch.bharBenchmark[i * nw + w]!;
      if (!Number.isNaN(b)) bhars.push(b);
    }
    const nb = bhars.length;
    const b = nb > 1 ? moments(bhars) : { mean: Number.NaN, sd: Number.NaN };
    const tests: WindowTestRow[] = [
      row('car_t', range, (caar / c.sd) * Math.sqrt(N), tRef(N - 1), N, caar),
      row('car_patell', range, patell, NORMAL, ns, caar),
      row('car_bmp', range, bmp, tRef(ns - 1), ns, caar),
      row('car_patell_kp', range, patell * kpZ, NORMAL, ns, caar),
      row('car_bmp_kp', range, bmp * kpT, tRef(ns - 1), ns, caar),
      row('car_skew_t', range, N > 2 ? skewAdjustedT(cars) : Number.NaN, NORMAL, N, caar),
      granks[at]!,
      row('bhar_t', range, (b.mean / b.sd) * Math.sqrt(nb), tRef(nb - 1), nb, b.mean),
      row('bhar_skew_t', range, nb > 2 ? lbtSkewAdjustedT(bhars) : Number.NaN, tRef(nb - 1), nb, b.mean),
    ];
    const dailyGrank = granks.slice(at + 1, at + 2 + win.end - win.start);
    at += 2 + win.end - win.start;
    return { window: range, tests, dailyGrank };
  });
}
