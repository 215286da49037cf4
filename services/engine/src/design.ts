import type { FactorModelName } from './factors';
import { FACTOR_MODELS } from './factors';
import type { MissingDataRule, ReturnKind } from './returns';

/** An inclusive range of relative trading days, e.g. `{ start: -1, end: 1 }`. */
export interface RelativeWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * The expected-return model. `market` = OLS of the stock on the market over the estimation sample; `mean-adjusted` =
 * the stock's estimation-window mean; `market-adjusted` = the market return (α = 0, β = 1); `factor` = OLS of the
 * excess return R − RF on the model's factors (Fama–French 3, Carhart 4, Fama–French 5; simple returns only), with the
 * factor series aligned to the calendar in each `EventInput.factors`.
 */
export type ModelSpec =
  | { readonly kind: 'market' }
  | { readonly kind: 'mean-adjusted' }
  | { readonly kind: 'market-adjusted' }
  | { readonly kind: 'factor'; readonly factors: FactorModelName };

/** The model's kind. */
export type ModelKind = ModelSpec['kind'];

/** Everything that determines a study's numbers (store it with each study). */
export interface StudyDesign {
  /** Estimation window, default [−250, −11]. */
  readonly estimation: RelativeWindow;
  /** Event windows, default [−1, +1], [0, 0], [0, +5]. */
  readonly windows: readonly RelativeWindow[];
  readonly model: ModelSpec;
  /** Return convention of the input series (needed to compound BHARs); default `log`. */
  readonly returnKind: ReturnKind;
  /** Missing-close rule; default `eventus`. */
  readonly missingData: MissingDataRule;
  /** Fewer usable estimation returns than this → the event is skipped with a reason. Default 120. */
  readonly minEstimationReturns: number;
}

/** The project's defaults (see the engine README). */
export const DEFAULT_DESIGN: StudyDesign = {
  estimation: { start: -250, end: -11 },
  windows: [
    { start: -1, end: 1 },
    { start: 0, end: 0 },
    { start: 0, end: 5 },
  ],
  model: { kind: 'market' },
  returnKind: 'log',
  missingData: 'eventus',
  minEstimationReturns: 120,
};

/** Oracle/estudy2-style window code: [−1,+1] → `m1_p1`, [0,0] → `d0`, [0,+5] → `p0_p5`, [2,2] → `d2`, [−3,−3] → `dm3`. */
export function windowCode(w: RelativeWindow): string {
  const part = (k: number): string => (k < 0 ? `m${-k}` : `p${k}`);
  if (w.start === w.end) return w.start < 0 ? `dm${-w.start}` : `d${w.start}`;
  return `${part(w.start)}_${part(w.end)}`;
}

/** The oracle's model code: `sim`, `mean_adj`, `mrkt_adj`. */
export function modelCode(model: ModelSpec): 'sim' | 'mean_adj' | 'mrkt_adj' | FactorModelName {
  switch (model.kind) {
    case 'factor':
      return model.factors;
    case 'market':
      return 'sim';
    case 'mean-adjusted':
      return 'mean_adj';
    case 'market-adjusted':
      return 'mrkt_adj';
    default: {
      const _never: never = model;
      throw new Error(`unknown model ${String(_never)}`);
    }
  }
}

/** Thrown when a study design is inconsistent (empty or reversed windows, event window overlapping estimation). */
export class DesignError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DesignError';
  }
}

/** Checks a design; throws DesignError. Event windows must start after the estimation window ends. */
export function validateDesign(design: StudyDesign): void {
  const e = design.estimation;
  if (!(e.start <= e.end)) throw new DesignError(`estimation window [${e.start}, ${e.end}] is reversed`);
  if (design.windows.length === 0) throw new DesignError('at least one event window is needed');
  for (const w of design.windows) {
    if (!(w.start <= w.end)) throw new DesignError(`event window [${w.start}, ${w.end}] is reversed`);
    if (w.start <= e.end) {
      throw new DesignError(
        `event window [${w.start}, ${w.end}] overlaps the estimation window [${e.start}, ${e.end}]`,
      );
    }
  }
  if (design.model.kind === 'factor' && design.returnKind !== 'simple') {
    throw new DesignError(`the ${design.model.factors} factor model needs simple returns (factor returns are simple)`);
  }
  const min = minimumEstimationReturns(design.model);
  if (!(Number.isInteger(design.minEstimationReturns) && design.minEstimationReturns >= min)) {
    throw new DesignError(
      `minEstimationReturns must be an integer >= ${min} for the ${design.model.kind} model` +
        (min > 3 ? ` (Patell's variance (L − K − 1)/(L − K − 3) needs L > K + 3)` : '') +
        `, got ${design.minEstimationReturns}`,
    );
  }
}

/**
 * The smallest allowed estimation sample: with K regressors Patell's standardised AR is t-distributed with L − K − 1
 * df, variance (L − K − 1)/(L − K − 3), so L >= K + 4 (5 for the market model). Mean- and market-adjusted models have
 * no Patell test; their s.d. needs L >= 3 for the BW tests' mean(L) − 1 df to be positive.
 */
export function minimumEstimationReturns(model: ModelSpec): number {
  switch (model.kind) {
    case 'market':
      return 5;
    case 'mean-adjusted':
    case 'market-adjusted':
      return 3;
    case 'factor':
      return regressorCount(model) + 4;
    default: {
      const _never: never = model;
      throw new Error(`unknown model ${String(_never)}`);
    }
  }
}

/** Number of slope regressors K of a model (market 1, factor models 3–5, 0 otherwise). */
export function regressorCount(model: ModelSpec): number {
  switch (model.kind) {
    case 'market':
      return 1;
    case 'factor':
      return FACTOR_MODELS[model.factors].length;
    case 'mean-adjusted':
    case 'market-adjusted':
      return 0;
    default: {
      const _never: never = model;
      throw new Error(`unknown model ${String(_never)}`);
    }
  }
}
