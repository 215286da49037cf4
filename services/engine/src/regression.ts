import { symmetricInverse } from './event-fit';
import { studentTTwoSidedP } from './special/student-t';

/** A regressor: its name and one value per observation (NaN = missing: the observation is left out). */
export interface Regressor {
  readonly name: string;
  readonly values: readonly number[];
}

/** One coefficient with its classical, HC3 and cluster-robust standard errors, t statistics and two-sided p-values. */
export interface RegressionCoefficient {
  readonly name: string;
  readonly estimate: number;
  readonly ols: { readonly se: number; readonly t: number; readonly p: number };
  readonly hc3: { readonly se: number; readonly t: number; readonly p: number };
  /** NaN when no clusters were given or fewer than 2. */
  readonly cluster: { readonly se: number; readonly t: number; readonly p: number };
}

/** An OLS fit of y on an intercept and the regressors. */
export interface RegressionResult {
  /** Observations used (complete cases) and parameters (intercept + regressors). */
  readonly n: number;
  readonly k: number;
  readonly clusters: number;
  readonly r2: number;
  readonly adjustedR2: number;
  readonly coefficients: readonly RegressionCoefficient[];
}

/** Thrown when the regression cannot be estimated (too few observations, collinear regressors). */
export class RegressionError extends Error {
  override readonly name = 'RegressionError';
}

/**
 * Cross-sectional OLS of y (e.g. CARs) on an intercept and event characteristics, with three covariance estimators:
 * classical s²(X'X)⁻¹ (t with n − k df); HC3 (MacKinnon & White 1985): (X'X)⁻¹ Σ xᵢxᵢ' eᵢ²/(1 − hᵢ)² (X'X)⁻¹ (t with
 * n − k df); clustered by `clusters` (e.g. issuer; Liang & Zeger 1986, with Stata's/statsmodels' small-sample factor
 * G/(G − 1)·(n − 1)/(n − k)): (X'X)⁻¹ Σ_g u_g u_g' (X'X)⁻¹, u_g = Σ_{i∈g} xᵢeᵢ (t with G − 1 df).
 */
export function regress(
  y: readonly number[],
  regressors: readonly Regressor[],
  clusters?: readonly string[],
): RegressionResult {
  const names = ['(intercept)', ...regressors.map((r) => r.name)];
  const k = names.length;
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]!)) continue;
    if (regressors.some((r) => !Number.isFinite(r.values[i]!))) continue;
    if (clusters !== undefined && (clusters[i] ?? '') === '') continue;
    rows.push(i);
  }
  const n = rows.length;
  if (n <= k) throw new RegressionError(`${n} complete observations for ${k} parameters: need more than ${k}`);
  const x = (obs: number, j: number): number => (j === 0 ? 1 : regressors[j - 1]!.values[obs]!);
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  for (const i of rows) {
    for (let a = 0; a < k; a++) {
      const xa = x(i, a);
      xty[a]! += xa * y[i]!;
      for (let b = 0; b < k; b++) xtx[a * k + b]! += xa * x(i, b);
    }
  }
  const inv = symmetricInverse(xtx, k);
  if (inv === undefined)
    throw new RegressionError(`the regressors ${names.slice(1).join(', ')} are collinear (or constant)`);
  const beta = new Float64Array(k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) beta[a]! += inv[a * k + b]! * xty[b]!;
  const resid = new Map<number, number>();
  let ssr = 0;
  let my = 0;
  for (const i of rows) my += y[i]!;
  my /= n;
  let sst = 0;
  for (const i of rows) {
    let fit = 0;
    for (let a = 0; a < k; a++) fit += beta[a]! * x(i, a);
    const e = y[i]! - fit;
    resid.set(i, e);
    ssr += e * e;
    sst += (y[i]! - my) ** 2;
  }
  const s2 = ssr / (n - k);
  // Sandwich meats.
  const hc3 = new Float64Array(k * k);
  const xi = new Float64Array(k);
  const groups = new Map<string, Float64Array>();
  for (const i of rows) {
    for (let a = 0; a < k; a++) xi[a] = x(i, a);
    let h = 0;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) h += xi[a]! * inv[a * k + b]! * xi[b]!;
    const e = resid.get(i)!;
    const w = (e * e) / ((1 - h) * (1 - h));
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) hc3[a * k + b]! += w * xi[a]! * xi[b]!;
    if (clusters !== undefined) {
      const g = clusters[i]!;
      let u = groups.get(g);
      if (u === undefined) groups.set(g, (u = new Float64Array(k)));
      for (let a = 0; a < k; a++) u[a]! += xi[a]! * e;
    }
  }
  const G = groups.size;
  const cl = new Float64Array(k * k);
  for (const u of groups.values())
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) cl[a * k + b]! += u[a]! * u[b]!;
  const sandwichDiag = (meat: Float64Array, j: number): number => {
    let v = 0;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) v += inv[j * k + a]! * meat[a * k + b]! * inv[b * k + j]!;
    return v;
  };
  const clusterFactor = (G / (G - 1)) * ((n - 1) / (n - k));
  const stat = (est: number, se: number, df: number) => {
    const t = est / se;
    return { se, t, p: df > 0 && Number.isFinite(t) ? studentTTwoSidedP(t, df) : Number.NaN };
  };
  const coefficients = names.map((name, j) => ({
    name,
    estimate: beta[j]!,
    ols: stat(beta[j]!, Math.sqrt(s2 * inv[j * k + j]!), n - k),
    hc3: stat(beta[j]!, Math.sqrt(sandwichDiag(hc3, j)), n - k),
    cluster:
      G >= 2 ? stat(beta[j]!, Math.sqrt(clusterFactor * sandwichDiag(cl, j)), G - 1) : stat(Number.NaN, Number.NaN, 0),
  }));
  const r2 = 1 - ssr / sst;
  return { n, k, clusters: G, r2, adjustedR2: 1 - ((1 - r2) * (n - 1)) / (n - k), coefficients };
}
