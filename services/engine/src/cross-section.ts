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

/** The window's mean-imputed row sums of the rank tests (estudy2's rowMeans × N) and their spreads over F. */
interface RankRows {
  readonly rowN: Int32Array;
  readonly rankRowSum: Float64Array;
  readonly csignSum: Float64Array;
  readonly rankDiff: Float64Array;
  readonly mrankDiff: Float64Array;
  readonly csignSd: number;
  readonly rankSd: number;
  readonly mrankSd: number;
  readonly carRankSd: number;
  readonly meanRank: number;
}

function rankRows(ranks: RankSums, N: number): RankRows {
  const { rowN, signRow, rankDevRow, mrankDevRow, rankRowSum, sumDelta, sumAvgRank } = ranks;
  const F = rowN.length;
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
  return {
    rowN,
    rankRowSum,
    csignSum,
    rankDiff,
    mrankDiff,
    csignSd: Math.sqrt(csignSq / meanDelta),
    rankSd: Math.sqrt(rankSq / meanDelta),
    mrankSd: Math.sqrt(mrankSq / meanDelta),
    carRankSd: Math.sqrt(carRankSq / meanDelta),
    meanRank,
  };
}

/** What every day of one window shares: the batch, its window-independent and rank quantities, scratch arrays. */
interface WindowDays {
  readonly batch: EventBatch;
  readonly sh: Shared;
  readonly rows: RankRows;
  /** Rows of F (estimation ∪ window) before the window's first day, and that day's offset in an event's batch rows. */
  readonly nEst: number;
  readonly wLo: number;
  readonly isMarket: boolean;
  readonly hasPatell: boolean;
  readonly kpPatell: number;
  readonly kpBmp: number;
  readonly absVals: Float64Array;
  readonly absRanks: Float64Array;
  readonly absScratch: Float64Array;
  readonly absTags: Int32Array;
}

/** Every daily and CAR test of one event window, with its CAAR (estudy2's day filter for CAR tests: `carPct`). */
function windowTests(
  batch: EventBatch,
  sh: Shared,
  ranks: RankSums,
  win: RelativeWindow,
  wi: number,
  carPct: number,
): WindowResult {
  const { N, rBar } = sh;
  const kind = batch.design.model.kind;
  const rows = rankRows(ranks, N);
  const wd: WindowDays = {
    batch,
    sh,
    rows,
    nEst: batch.design.estimation.end - batch.design.estimation.start + 1,
    wLo: win.start - batch.firstDay,
    isMarket: kind === 'market',
    hasPatell: kind === 'market' || kind === 'factor',
    kpPatell: Math.sqrt(1 / (1 + (N - 1) * rBar)),
    kpBmp: Math.sqrt((1 - rBar) / (1 + (N - 1) * rBar)),
    absVals: new Float64Array(N),
    absRanks: new Float64Array(N),
    absScratch: new Float64Array(N),
    absTags: new Int32Array(N),
  };
  const daily: DailyTestRow[] = [];
  for (let k = wd.wLo; k <= win.end - batch.firstDay; k++) daily.push(dailyRow(wd, k));
  return {
    window: win,
    events: N,
    caar: caarOf(batch, sh, wi),
    daily,
    carTests: [...sumCarTests(daily, carPct, wd.isMarket), carRankTest(rows, N, wd.nEst, carPct)],
    averageCrossCorrelation: rBar,
  };
}

const tRef = (df: number): Reference => (df > 0 ? { kind: 'student-t', df } : UNDEFINED_T);

/** Every daily test of batch day `k` (a day of the window). */
function dailyRow(wd: WindowDays, k: number): DailyTestRow {
  const { batch, sh, rows } = wd;
  const N = sh.N;
  const { n, s, ss, pos } = dayMoments(batch, sh.idx, k, wd.absVals);
  const aar = n > 0 ? s / n : Number.NaN;
  const dfN = n - 1 > 0 ? n - 1 : Number.NaN;
  const dfBw = sh.meanL - 1;
  const z = wd.hasPatell ? patellSums(batch, sh.idx, k) : undefined;
  const patellStat = z !== undefined && z.n > 0 ? ((z.sum / z.n) * N) / sh.patellDenominator : Number.NaN;
  const bmpStat = z !== undefined ? (z.sum / z.n / sdOf(z.sum, z.sumSq, z.n)) * Math.sqrt(n) : Number.NaN;
  const posSum = n > 0 ? (pos / n) * N : Number.NaN;
  const f = wd.nEst + (k - wd.wLo);
  const cN = rows.rowN[f]!;
  const tests: Record<DailyTestName, TestResult> = {
    bw_1980: result(aar / sh.bw1980Sd, tRef(dfBw)),
    bw_1985: result(aar / sh.bw1985Sd, tRef(dfBw)),
    t_test: result((aar / sdOf(s, ss, n)) * Math.sqrt(n), tRef(dfN)),
    pt: result(patellStat, NORMAL),
    bh: result(bmpStat, tRef(dfN)),
    lmb: result(wd.isMarket ? lambStatistic(batch, sh, k, aar) : Number.NaN, NORMAL),
    sign: result((posSum - n * 0.5) / Math.sqrt(n * 0.25), NORMAL),
    gsign: result((posSum - n * sh.pHat) / Math.sqrt(n * sh.pHat * (1 - sh.pHat)), NORMAL),
    csign: result(rows.csignSum[f]! / Math.sqrt(cN) / rows.csignSd, NORMAL),
    rank: result(rows.rankDiff[f]! / cN / rows.rankSd, NORMAL),
    mrank: result(rows.mrankDiff[f]! / Math.sqrt(cN) / rows.mrankSd, NORMAL),
    wlcx: wilcoxonTest(wd, k),
    pt_kp: result(patellStat * wd.kpPatell, NORMAL),
    bh_kp: result(bmpStat * wd.kpBmp, tRef(dfN)),
  };
  return { relDay: k + batch.firstDay, percentage: (n / N) * 100, n, mean: aar, tests };
}

/**
 * Count, sum, sum of squares and positives of the fitted events' ARs on batch day `k`; `absVals` gets each event's
 * |AR| (NaN when missing or zero: the Wilcoxon test drops zeros).
 */
function dayMoments(
  batch: EventBatch,
  idx: Int32Array,
  k: number,
  absVals: Float64Array,
): { n: number; s: number; ss: number; pos: number } {
  let n = 0;
  let s = 0;
  let ss = 0;
  let pos = 0;
  for (let j = 0; j < idx.length; j++) {
    const v = batch.ar[idx[j]! * batch.days + k]!;
    absVals[j] = Number.NaN;
    if (Number.isNaN(v)) continue;
    n++;
    s += v;
    ss += v * v;
    if (v > 0) pos++;
    if (v !== 0) absVals[j] = Math.abs(v);
  }
  return { n, s, ss, pos };
}

/** Count, sum and sum of squares of Patell's standardised ARs on batch day `k` (forecast-error corrected). */
function patellSums(batch: EventBatch, idx: Int32Array, k: number): { n: number; sum: number; sumSq: number } {
  const d = k + batch.firstDay;
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j]!;
    const v = batch.ar[i * batch.days + k]!;
    if (Number.isNaN(v)) continue;
    const z = v / patellSigma(batch, i) / Math.sqrt(forecastFactor(batch, i, d, d));
    if (Number.isNaN(z)) continue;
    sum += z;
    sumSq += z * z;
    n++;
  }
  return { n, sum, sumSq };
}

/** Lamb's statistic of batch day `k` (market model): the AAR over BW 1985's s.d. with the first event's forecast error. */
function lambStatistic(batch: EventBatch, sh: Shared, k: number, aar: number): number {
  const lf = sh.lambFirst;
  if (lf < 0) return Number.NaN;
  const dx = batch.mkt[lf * batch.days + k]! - batch.marketMean[lf]!;
  return aar / (sh.bw1985Sd * Math.sqrt(1 + 1 / sh.meanL + (dx * dx) / batch.marketSsx[lf]!));
}

/**
 * Wilcoxon: ranks of |AR| across events (zeros dropped), W⁺ = sum of the ranks of the positive ARs. The reported
 * statistic and its stars are estudy2's (W⁺ mean-imputed to N columns; equal to W⁺ when every event has the day); the
 * p-value is the exact two-sided signed-rank p of the raw W⁺ over the nW ARs present that day. Reads the `absVals`
 * {@link dayMoments} left for day `k`.
 */
function wilcoxonTest(wd: WindowDays, k: number): TestResult {
  const { batch, sh } = wd;
  const { idx, N } = sh;
  const nW = averageRanks(wd.absVals, N, wd.absRanks, wd.absScratch, wd.absTags);
  let wPlus = 0;
  for (let j = 0; j < N; j++) {
    const r = wd.absRanks[j]!;
    if (Number.isNaN(r)) continue;
    if (batch.ar[idx[j]! * batch.days + k]! > 0) wPlus += r;
  }
  const wStat = nW > 0 ? (wPlus / nW) * N : Number.NaN;
  const wRef: Reference = { kind: 'signed-rank', n: nW };
  if (Number.isNaN(wStat)) return result(Number.NaN, wRef);
  return {
    statistic: wStat,
    pValue: signedRankTwoSidedP(wPlus, nW, tieSumOfSorted(wd.absScratch, nW)),
    stars: stars(wStat, wRef),
    reference: wRef,
  };
}

/** BW 1985's and (market model) Lamb's CAR tests: their daily statistics summed over the days with more than carPct % of events present. */
function sumCarTests(daily: readonly DailyTestRow[], carPct: number, isMarket: boolean): CarTestRow[] {
  const tidy = daily.filter((r) => r.percentage > carPct && r.percentage > 0);
  const T = tidy.length;
  const averagePercentage = T > 0 ? tidy.reduce((a, r) => a + r.percentage, 0) / T : Number.NaN;
  const carMean = meanNonNaN(tidy.map((r) => r.mean));
  const row = (name: CarTestName, test: DailyTestName): CarTestRow => {
    const sum = tidy.reduce((a, r) => a + (Number.isNaN(r.tests[test].statistic) ? 0 : r.tests[test].statistic), 0);
    return { name, averagePercentage, carMean, numberOfDays: T, result: result(sum / Math.sqrt(T), NORMAL) };
  };
  return isMarket
    ? [row('car_brown_warner_1985', 'bw_1985'), row('car_lamb', 'lmb')]
    : [row('car_brown_warner_1985', 'bw_1985')];
}

/** car_rank_test (Cowan 1992 form as estudy2 writes it); the day filter uses the share of events with a rank. */
function carRankTest(rows: RankRows, N: number, nEst: number, carPct: number): CarTestRow {
  const { rowN, rankRowSum } = rows;
  let rankSum = 0;
  let rankCount = 0;
  let rankDays = 0;
  let rankPctSum = 0;
  for (let f = nEst; f < rowN.length; f++) {
    const pct = (rowN[f]! / N) * 100;
    if (!(pct > carPct) || rowN[f] === 0) continue;
    rankDays++;
    rankPctSum += pct;
    rankSum += rankRowSum[f]!;
    rankCount += rowN[f]!;
  }
  const carRank = (Math.sqrt(rankDays) * (rankSum / rankCount - rows.meanRank)) / rows.carRankSd;
  return {
    name: 'car_rank_test',
    averagePercentage: rankDays > 0 ? rankPctSum / rankDays : Number.NaN,
    carMean: Number.NaN,
    numberOfDays: rankDays,
    result: result(carRank, NORMAL),
  };
}

/** CAAR of window `wi`: the mean of the fitted events' CARs that are defined. */
function caarOf(batch: EventBatch, sh: Shared, wi: number): number {
  let sum = 0;
  let n = 0;
  for (let j = 0; j < sh.N; j++) {
    const c = batch.car[sh.idx[j]! * batch.design.windows.length + wi]!;
    if (Number.isNaN(c)) continue;
    sum += c;
    n++;
  }
  return n > 0 ? sum / n : Number.NaN;
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
