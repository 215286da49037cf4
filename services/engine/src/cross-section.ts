import type { RelativeWindow } from './design';
import { regressorCount } from './design';
import type { EventBatch } from './event-fit';
import { estimationOrder } from './estimation-order';
import { averageRanks, averageRanksOfSorted, mergeSorted, sortWithTags } from './rank';
import type { Reference, Stars } from './significance';
import { pValue, stars } from './significance';
import { signedRankTwoSidedP } from './special/signed-rank';

/** The daily tests estudy2 has (its column prefixes), plus the Kolari–Pynnönen adjusted Patell and BMP. */
export const DAILY_TESTS = [
  'bw_1980',
  'bw_1985',
  't_test',
  'pt',
  'bh',
  'lmb',
  'sign',
  'gsign',
  'csign',
  'rank',
  'mrank',
  'wlcx',
  'pt_kp',
  'bh_kp',
] as const;

/** A daily test's column prefix. */
export type DailyTestName = (typeof DAILY_TESTS)[number];

/** The CAR tests (estudy2's names). */
export const CAR_TESTS = ['car_brown_warner_1985', 'car_lamb', 'car_rank_test'] as const;

/** A CAR test's name. */
export type CarTestName = (typeof CAR_TESTS)[number];

/** One statistic with its p-value and estudy2's stars; `statistic` is NaN when not defined (e.g. Patell for non-market models). */
export interface TestResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly stars: Stars;
  readonly reference: Reference;
}

/** Cross-sectional results for one relative day of an event window. */
export interface DailyTestRow {
  readonly relDay: number;
  /** Events with an AR that day, as a share of all fitted events (×100). */
  readonly percentage: number;
  /** Number of events with an AR that day. */
  readonly n: number;
  /** AAR. */
  readonly mean: number;
  readonly tests: Readonly<Record<DailyTestName, TestResult>>;
}

/** One CAR test for a window. */
export interface CarTestRow {
  readonly name: CarTestName;
  readonly averagePercentage: number;
  /** Mean daily AAR over the window's qualifying days (estudy2's `car_mean`; NaN for the rank test). */
  readonly carMean: number;
  readonly numberOfDays: number;
  readonly result: TestResult;
}

/** All cross-sectional results for one event window. */
export interface WindowResult {
  readonly window: RelativeWindow;
  /** Number of fitted (non-skipped) events. */
  readonly events: number;
  /** CAAR = equal-weighted mean of the event CARs. */
  readonly caar: number;
  readonly daily: readonly DailyTestRow[];
  readonly carTests: readonly CarTestRow[];
  /** Average pairwise correlation of estimation-window ARs in event time (Kolari–Pynnönen r̄). */
  readonly averageCrossCorrelation: number;
}

/** Options of the cross-section: estudy2's day filter for CAR tests (share of events present, strictly greater). */
export interface CrossSectionOptions {
  readonly carPercentage?: number;
}

const NORMAL: Reference = { kind: 'normal' };
const UNDEFINED_T: Reference = { kind: 'student-t', df: Number.NaN };

function result(statistic: number, reference: Reference): TestResult {
  const s = Number.isFinite(statistic) ? statistic : Number.NaN;
  return { statistic: s, pValue: pValue(s, reference), stars: stars(s, reference), reference };
}

function sdOf(sum: number, sumSq: number, n: number): number {
  if (n < 2) return Number.NaN;
  const m = sum / n;
  return Math.sqrt(Math.max(0, (sumSq - n * m * m) / (n - 1)));
}

/** Precomputed, window-independent quantities of a batch. */
interface Shared {
  readonly idx: Int32Array;
  readonly N: number;
  readonly meanL: number;
  readonly bw1980Sd: number;
  readonly bw1985Sd: number;
  readonly patellDenominator: number;
  readonly pHat: number;
  readonly rBar: number;
  readonly lambFirst: number;
}

function shared(batch: EventBatch): Shared {
  const idxList: number[] = [];
  for (let i = 0; i < batch.count; i++) if (batch.ok[i] === 1) idxList.push(i);
  const idx = Int32Array.from(idxList);
  const N = idx.length;
  const { days, firstDay } = batch;
  // Patell: a standardised AR with K slope regressors is t with L − K − 1 df, variance (L − K − 1)/(L − K − 3).
  const K = Math.max(1, regressorCount(batch.design.model));
  const estLo = batch.design.estimation.start - firstDay;
  const estHi = batch.design.estimation.end - firstDay;
  let sumL = 0;
  let sumVar = 0;
  let patell = 0;
  let pos = 0;
  let tot = 0;
  for (let j = 0; j < N; j++) {
    const i = idx[j]!;
    const L = batch.estimationLength[i]!;
    sumL += L;
    const s = batch.sigmaN1[i]!;
    sumVar += s * s;
    patell += (L - K - 1) / (L - K - 3);
    const base = i * days;
    for (let k = estLo; k <= estHi; k++) {
      const v = batch.ar[base + k]!;
      if (Number.isNaN(v)) continue;
      tot++;
      if (v > 0) pos++;
    }
  }
  // Time series of the cross-sectional mean AR over the estimation window (BW 1985, Lamb) and, for KP's r̄, the sums
  // of standardised ARs per relative day; accumulated event by event (sequential memory access).
  const nEst = estHi - estLo + 1;
  const rowSum = new Float64Array(nEst);
  const rowCount = new Int32Array(nEst);
  const zSum = new Float64Array(nEst);
  let zzTotal = 0;
  for (let j = 0; j < N; j++) {
    const i = idx[j]!;
    const base = i * days + estLo;
    let s = 0;
    let c = 0;
    for (let k = 0; k < nEst; k++) {
      const v = batch.ar[base + k]!;
      if (!Number.isNaN(v)) {
        s += v;
        c++;
      }
    }
    const m = s / c;
    const sd = batch.sigmaN1[i]!;
    for (let k = 0; k < nEst; k++) {
      const v = batch.ar[base + k]!;
      if (Number.isNaN(v)) continue;
      rowSum[k]! += v;
      rowCount[k]!++;
      const z = (v - m) / sd;
      zSum[k]! += z;
      zzTotal += z * z;
    }
  }
  let s1 = 0;
  let s2 = 0;
  let rows = 0;
  let crossSum = -zzTotal / 2;
  for (let k = 0; k < nEst; k++) {
    crossSum += (zSum[k]! * zSum[k]!) / 2;
    const c = rowCount[k]!;
    if (c === 0) continue;
    const m = rowSum[k]! / c;
    s1 += m;
    s2 += m * m;
    rows++;
  }
  const meanL = sumL / N;
  const pairs = (N * (N - 1)) / 2;
  return {
    idx,
    N,
    meanL,
    bw1980Sd: Math.sqrt(sumVar) / N,
    bw1985Sd: sdOf(s1, s2, rows),
    patellDenominator: Math.sqrt(patell),
    pHat: pos / tot,
    rBar: pairs > 0 ? crossSum / pairs / (meanL - 1) : Number.NaN,
    lambFirst: N > 0 ? idx[0]! : -1,
  };
}

/**
 * Cross-sectional tests for every event window of a batch, exactly as estudy2 computes them (see the engine README for
 * each formula and quirk), plus p-values and the Kolari–Pynnönen adjustment. Skipped events are left out; the unit is
 * the event.
 */
export function crossSection(batch: EventBatch, options: CrossSectionOptions = {}): readonly WindowResult[] {
  const sh = shared(batch);
  const ranks = rankSums(batch, sh);
  return batch.design.windows.map((w, wi) => windowTests(batch, sh, ranks[wi]!, w, wi, options.carPercentage ?? 90));
}

/**
 * Per-event ranks, modified ranks and Corrado signs over F = estimation ∪ window, summed per row of F over the events
 * (estudy2 sums are rowMeans(x, na.rm) * ncol, i.e. mean-imputed sums; finished by the caller).
 */
interface RankSums {
  readonly rowN: Int32Array;
  readonly signRow: Float64Array;
  readonly rankDevRow: Float64Array;
  readonly mrankDevRow: Float64Array;
  readonly rankRowSum: Float64Array;
  readonly sumDelta: number;
  readonly sumAvgRank: number;
}

/**
 * {@link RankSums} of every window in one pass over the events: each event's estimation ARs are sorted once
 * ({@link estimationOrder}, shared with GRANK) and each
 * window's few ARs merged into them (the ranks of estimation ∪ window are those of the merged order), instead of
 * sorting F values per window. Sums run over the events in the same order as one window at a time would.
 */
function rankSums(batch: EventBatch, sh: Shared): RankSums[] {
  const { idx, N } = sh;
  const { days, firstDay, ar } = batch;
  const estLo = batch.design.estimation.start - firstDay;
  const nEst = batch.design.estimation.end - batch.design.estimation.start + 1;
  const wins = batch.design.windows.map((w) => {
    const nWin = w.end - w.start + 1;
    const F = nEst + nWin;
    return {
      wLo: w.start - firstDay,
      nWin,
      F,
      rowN: new Int32Array(F),
      signRow: new Float64Array(F),
      rankDevRow: new Float64Array(F),
      mrankDevRow: new Float64Array(F),
      rankRowSum: new Float64Array(F),
      sumDelta: 0,
      sumAvgRank: 0,
    };
  });
  const maxWin = Math.max(0, ...wins.map((w) => w.nWin));
  const estKeys = new Float64Array(nEst);
  const estTags = new Int32Array(nEst);
  const winKeys = new Float64Array(maxWin);
  const winTags = new Int32Array(maxWin);
  const keys = new Float64Array(nEst + maxWin);
  const tags = new Int32Array(nEst + maxWin);
  const out = new Float64Array(nEst + maxWin);
  const vals = new Float64Array(nEst + maxWin);
  const sorted = estimationOrder(batch);
  for (let j = 0; j < N; j++) {
    const i = idx[j]!;
    const base = i * days;
    for (let f = 0; f < nEst; f++) vals[f] = ar[base + estLo + f]!;
    const mE = sorted.count[i]!;
    const at = i * nEst;
    for (let p = 0; p < mE; p++) {
      const f = sorted.order[at + p]!;
      estKeys[p] = vals[f]!;
      estTags[p] = f;
    }
    for (const w of wins) {
      const F = w.F;
      let mW = 0;
      for (let f = nEst; f < F; f++) {
        const v = ar[base + w.wLo + f - nEst]!;
        vals[f] = v;
        if (Number.isNaN(v)) continue;
        winKeys[mW] = v;
        winTags[mW] = f;
        mW++;
      }
      sortWithTags(winKeys, winTags, mW);
      const m = mergeSorted(estKeys, estTags, mE, winKeys, winTags, mW, keys, tags);
      if (m === 0) continue;
      out.fill(Number.NaN, 0, F);
      averageRanksOfSorted(keys, tags, m, out);
      const h = m >>> 1;
      const med = m % 2 === 1 ? keys[h]! : (keys[h - 1]! + keys[h]!) / 2;
      w.sumDelta += m;
      const avg = (m + 1) / 2;
      w.sumAvgRank += avg;
      const inv = 1 / (1 + m);
      for (let f = 0; f < F; f++) {
        const r = out[f]!;
        if (Number.isNaN(r)) continue;
        w.rowN[f]!++;
        w.signRow[f]! += Math.sign(vals[f]! - med);
        w.rankDevRow[f]! += r - avg;
        w.mrankDevRow[f]! += r * inv - 0.5;
        w.rankRowSum[f]! += r;
      }
    }
  }
  return wins;
}

function windowTests(
  batch: EventBatch,
  sh: Shared,
  ranks: RankSums,
  win: RelativeWindow,
  wi: number,
  carPct: number,
): WindowResult {
  const { idx, N, meanL } = sh;
  const { days, firstDay } = batch;
  const isMarket = batch.design.model.kind === 'market';
  const hasPatell = isMarket || batch.design.model.kind === 'factor';
  const estLo = batch.design.estimation.start - firstDay;
  const estHi = batch.design.estimation.end - firstDay;
  const wLo = win.start - firstDay;
  const wHi = win.end - firstDay;
  const nEst = estHi - estLo + 1;
  const nWin = wHi - wLo + 1;
  const F = nEst + nWin;

  const { rowN, signRow, rankDevRow, mrankDevRow, rankRowSum, sumDelta, sumAvgRank } = ranks;
  const meanDelta = sumDelta / N;
  const meanRank = sumAvgRank / N;

  let csignSq = 0;
  let rankSq = 0;
  let mrankSq = 0;
  let carRankSq = 0;
  const csignSum = new Float64Array(F);
  const rankDiff = new Float64Array(F);
  const mrankDiff = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    const c = rowN[f]!;
    if (c === 0) {
      csignSum[f] = Number.NaN;
      rankDiff[f] = Number.NaN;
      mrankDiff[f] = Number.NaN;
      continue;
    }
    csignSum[f] = (signRow[f]! / c) * N;
    rankDiff[f] = (rankDevRow[f]! / c) * N;
    mrankDiff[f] = (mrankDevRow[f]! / c) * N;
    csignSq += (csignSum[f]! / Math.sqrt(c)) ** 2;
    rankSq += (rankDiff[f]! / c) ** 2;
    mrankSq += (mrankDiff[f]! / Math.sqrt(c)) ** 2;
    carRankSq += (rankRowSum[f]! / c - meanRank) ** 2;
  }
  const csignSd = Math.sqrt(csignSq / meanDelta);
  const rankSd = Math.sqrt(rankSq / meanDelta);
  const mrankSd = Math.sqrt(mrankSq / meanDelta);

  const dfBw = meanL - 1;
  const kpPatell = Math.sqrt(1 / (1 + (N - 1) * sh.rBar));
  const kpBmp = Math.sqrt((1 - sh.rBar) / (1 + (N - 1) * sh.rBar));
  const lf = sh.lambFirst;
  const daily: DailyTestRow[] = [];
  const absVals = new Float64Array(N);
  const absRanks = new Float64Array(N);
  const absScratch = new Float64Array(N);
  const absTags = new Int32Array(N);
  for (let k = wLo; k <= wHi; k++) {
    let n = 0;
    let s = 0;
    let ss = 0;
    let sar = 0;
    let sar2 = 0;
    let nsar = 0;
    let pos = 0;
    for (let j = 0; j < N; j++) {
      const i = idx[j]!;
      const v = batch.ar[i * days + k]!;
      absVals[j] = Number.NaN;
      if (Number.isNaN(v)) continue;
      n++;
      s += v;
      ss += v * v;
      if (v > 0) pos++;
      if (v !== 0) absVals[j] = Math.abs(v);
      if (hasPatell) {
        const z = v / patellSigma(batch, i) / Math.sqrt(forecastFactor(batch, i, k + firstDay, k + firstDay));
        if (!Number.isNaN(z)) {
          sar += z;
          sar2 += z * z;
          nsar++;
        }
      }
    }
    const aar = n > 0 ? s / n : Number.NaN;
    const dfN = n - 1 > 0 ? n - 1 : Number.NaN;
    const tRef = (df: number): Reference => (df > 0 ? { kind: 'student-t', df } : UNDEFINED_T);
    // Wilcoxon: ranks of |AR| across events (zeros dropped), W⁺ = sum of the ranks of the positive ARs. The reported
    // statistic and its stars are estudy2's (W⁺ mean-imputed to N columns; equal to W⁺ when every event has the day);
    // the p-value is the exact two-sided signed-rank p of the raw W⁺ over the nW ARs present that day.
    const nW = averageRanks(absVals, N, absRanks, absScratch, absTags);
    let wPlus = 0;
    for (let j = 0; j < N; j++) {
      const r = absRanks[j]!;
      if (Number.isNaN(r)) continue;
      if (batch.ar[idx[j]! * days + k]! > 0) wPlus += r;
    }
    const wStat = nW > 0 ? (wPlus / nW) * N : Number.NaN;
    const wRef: Reference = { kind: 'signed-rank', n: nW };
    const wlcx: TestResult = Number.isNaN(wStat)
      ? result(Number.NaN, wRef)
      : {
          statistic: wStat,
          pValue: signedRankTwoSidedP(wPlus, nW, tieSumOfSorted(absScratch, nW)),
          stars: stars(wStat, wRef),
          reference: wRef,
        };
    const posSum = n > 0 ? (pos / n) * N : Number.NaN;
    const patellStat = hasPatell && nsar > 0 ? ((sar / nsar) * N) / sh.patellDenominator : Number.NaN;
    const bmpStat = hasPatell ? (sar / nsar / sdOf(sar, sar2, nsar)) * Math.sqrt(n) : Number.NaN;
    let lambStat = Number.NaN;
    if (isMarket && lf >= 0) {
      const x = batch.mkt[lf * days + k]!;
      const dx = x - batch.marketMean[lf]!;
      lambStat = aar / (sh.bw1985Sd * Math.sqrt(1 + 1 / meanL + (dx * dx) / batch.marketSsx[lf]!));
    }
    const f = nEst + (k - wLo);
    const cN = rowN[f]!;
    const tests: Record<DailyTestName, TestResult> = {
      bw_1980: result(aar / sh.bw1980Sd, tRef(dfBw)),
      bw_1985: result(aar / sh.bw1985Sd, tRef(dfBw)),
      t_test: result((aar / sdOf(s, ss, n)) * Math.sqrt(n), tRef(dfN)),
      pt: result(patellStat, NORMAL),
      bh: result(bmpStat, tRef(dfN)),
      lmb: result(lambStat, NORMAL),
      sign: result((posSum - n * 0.5) / Math.sqrt(n * 0.25), NORMAL),
      gsign: result((posSum - n * sh.pHat) / Math.sqrt(n * sh.pHat * (1 - sh.pHat)), NORMAL),
      csign: result(csignSum[f]! / Math.sqrt(cN) / csignSd, NORMAL),
      rank: result(rankDiff[f]! / cN / rankSd, NORMAL),
      mrank: result(mrankDiff[f]! / Math.sqrt(cN) / mrankSd, NORMAL),
      wlcx,
      pt_kp: result(patellStat * kpPatell, NORMAL),
      bh_kp: result(bmpStat * kpBmp, tRef(dfN)),
    };
    daily.push({ relDay: k + firstDay, percentage: (n / N) * 100, n, mean: aar, tests });
  }

  // CAR tests over the days with more than carPct % of events present.
  const tidy = daily.filter((r) => r.percentage > carPct && r.percentage > 0);
  const T = tidy.length;
  const avgPct = T > 0 ? tidy.reduce((a, r) => a + r.percentage, 0) / T : Number.NaN;
  const meanAar = meanNonNaN(tidy.map((r) => r.mean));
  const sumStat = (name: DailyTestName): number =>
    tidy.reduce((a, r) => a + (Number.isNaN(r.tests[name].statistic) ? 0 : r.tests[name].statistic), 0) / Math.sqrt(T);
  const carTests: CarTestRow[] = [
    {
      name: 'car_brown_warner_1985',
      averagePercentage: avgPct,
      carMean: meanAar,
      numberOfDays: T,
      result: result(sumStat('bw_1985'), NORMAL),
    },
  ];
  if (isMarket) {
    carTests.push({
      name: 'car_lamb',
      averagePercentage: avgPct,
      carMean: meanAar,
      numberOfDays: T,
      result: result(sumStat('lmb'), NORMAL),
    });
  }
  // car_rank_test (Cowan 1992 form as estudy2 writes it); the day filter uses the share of events with a rank.
  let rankSum = 0;
  let rankCount = 0;
  let rankDays = 0;
  let rankPctSum = 0;
  for (let k = wLo; k <= wHi; k++) {
    const f = nEst + (k - wLo);
    const pct = (rowN[f]! / N) * 100;
    if (!(pct > carPct) || rowN[f] === 0) continue;
    rankDays++;
    rankPctSum += pct;
    rankSum += rankRowSum[f]!;
    rankCount += rowN[f]!;
  }
  const carRank = (Math.sqrt(rankDays) * (rankSum / rankCount - meanRank)) / Math.sqrt(carRankSq / meanDelta);
  carTests.push({
    name: 'car_rank_test',
    averagePercentage: rankDays > 0 ? rankPctSum / rankDays : Number.NaN,
    carMean: Number.NaN,
    numberOfDays: rankDays,
    result: result(carRank, NORMAL),
  });

  let caarSum = 0;
  let caarN = 0;
  for (let j = 0; j < N; j++) {
    const c = batch.car[idx[j]! * batch.design.windows.length + wi]!;
    if (Number.isNaN(c)) continue;
    caarSum += c;
    caarN++;
  }
  return {
    window: win,
    events: N,
    caar: caarN > 0 ? caarSum / caarN : Number.NaN,
    daily,
    carTests,
    averageCrossCorrelation: sh.rBar,
  };
}

function meanNonNaN(xs: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const x of xs) {
    if (Number.isNaN(x)) continue;
    s += x;
    c++;
  }
  return c > 0 ? s / c : Number.NaN;
}

/** Σ (t³ − t) over groups of equal values among the first `n` entries of a sorted array (the signed-rank tie term). */
function tieSumOfSorted(sorted: Float64Array, n: number): number {
  let sum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
    const t = j - i + 1;
    if (t > 1) sum += t * t * t - t;
    i = j + 1;
  }
  return sum;
}

/**
 * σ of Patell's standardised AR: estudy2's s.d. with n − 1 for the market model (oracle parity), the model's residual
 * standard error √(SSR/(L − K − 1)) for factor models.
 */
export function patellSigma(batch: EventBatch, i: number): number {
  return batch.design.model.kind === 'factor' ? batch.sigmaN2[i]! : batch.sigmaN1[i]!;
}

/**
 * Forecast-error factor of a sum of ARs over relative days [d1, d2] of event i: with x_t = (1, F_t) and X the
 * estimation design matrix, Var(Σ AR) / σ² = T + ι'X₀(X'X)⁻¹X₀'ι = T + T²/L + s'S⁻¹s, where s = Σ_t (F_t − F̄) and
 * S the centred cross-product matrix (Campbell, Lo & MacKinlay 1997, eq. 4.4.9–4.4.13). For one day (d1 = d2) this is
 * Patell's C_t = 1 + 1/L + (F_t − F̄)'S⁻¹(F_t − F̄). Market model: F = the benchmark return; factor models: the factor
 * returns. Days whose AR is missing are left out of T and s. NaN for other models.
 */
export function forecastFactor(batch: EventBatch, i: number, d1: number, d2: number): number {
  const L = batch.estimationLength[i]!;
  const kind = batch.design.model.kind;
  const days = batch.days;
  if (kind === 'market') {
    let T = 0;
    let s = 0;
    for (let d = d1; d <= d2; d++) {
      const o = i * days + d - batch.firstDay;
      if (Number.isNaN(batch.ar[o]!)) continue;
      T++;
      s += batch.mkt[o]! - batch.marketMean[i]!;
    }
    return T + (T * T) / L + (s * s) / batch.marketSsx[i]!;
  }
  if (kind !== 'factor') return Number.NaN;
  const fs = batch.factorSeries[i];
  if (fs === undefined) return Number.NaN;
  const K = fs.columns.length;
  const sv = new Float64Array(K);
  let T = 0;
  for (let d = d1; d <= d2; d++) {
    const o = i * days + d - batch.firstDay;
    if (Number.isNaN(batch.ar[o]!)) continue;
    T++;
    const t = batch.day0[i]! + d;
    for (let j = 0; j < K; j++) sv[j]! += fs.columns[j]![t]! - batch.factorMean[i * K + j]!;
  }
  let q = 0;
  const base = i * K * K;
  for (let j = 0; j < K; j++) for (let l = 0; l < K; l++) q += sv[j]! * batch.factorSinv[base + j * K + l]! * sv[l]!;
  return T + (T * T) / L + q;
}
