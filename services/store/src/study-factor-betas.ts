import type { FactorBetaName } from '@newswindow/schemas';

/**
 * The factor models' slopes: each one's column of `studies` (migration 025; also the name the CSV / JSON downloads
 * use) and its field in the records read from there, in the columns' order.
 */
export const FACTOR_BETA_FIELDS = [
  ['beta_mkt_rf', 'betaMktRf'],
  ['beta_smb', 'betaSmb'],
  ['beta_hml', 'betaHml'],
  ['beta_mom', 'betaMom'],
  ['beta_rmw', 'betaRmw'],
  ['beta_cma', 'betaCma'],
] as const satisfies readonly (readonly [`beta_${FactorBetaName}`, `beta${string}`])[];

/** `beta_mkt_rf` … `beta_cma`. */
export const FACTOR_BETA_COLUMNS = FACTOR_BETA_FIELDS.map(([column]) => column);

/** A study's factor slopes; null for a factor its model lacks and for models other than ff3, carhart and ff5. */
export type StudyFactorBetas = { readonly [F in (typeof FACTOR_BETA_FIELDS)[number][1]]: number | null };
