import type {
  AlertIssuer,
  ComputedStudy,
  EventWindowAlertData,
  ReturnModel,
  StudyComputedData,
} from '@newswindow/schemas';
import type { AlertPolicy, RuleWindow } from './alert-rules';
import { ruleMatches } from './alert-rules';

/** The id of the alert of one (study, window, rule): never sent twice, the webhook's idempotency key. */
export const alertIdOf = (studyId: string, window: RuleWindow, ruleId: string): string =>
  `${studyId}#${window.start}_${window.end}#${ruleId}`;

/** A final window's numbers, as an alert states them. */
export interface WindowCandidate {
  readonly window: RuleWindow;
  readonly statistic: 'car' | 'ar_day0';
  readonly value: number;
  readonly t: number | null;
  readonly p: number;
  /** The listing's own (raw) return over the window, simple, as a fraction. */
  readonly rawReturn: number | null;
}

/** What the store knows about the story and the listing (news read models). */
export interface AlertContext {
  readonly headline: string | null;
  readonly sourceUrl: string | null;
  readonly novelty: number | null;
  readonly relevance: number | null;
  readonly issuer: AlertIssuer | null;
}

/** The simple return compounded over the days of a window; null when a day of it has no return. */
/** Slope regressors of each stored model (the t statistic's df is L − K − 1). */
const SLOPES: Record<ReturnModel, number> = {
  market_model: 1,
  mean_adjusted: 0,
  market_adjusted: 0,
  ff3: 3,
  carhart: 4,
  ff5: 5,
};

function rawReturnOver(study: ComputedStudy, window: RuleWindow): number | null {
  let sum = 0;
  for (let d = window.start; d <= window.end; d++) {
    const r = study.days.find((x) => x.relativeDay === d)?.return;
    if (r === undefined || r === null) return null;
    sum += study.parameters.returnType === 'log' ? r : Math.log1p(r);
  }
  return Math.expm1(sum);
}

/**
 * One candidate per final window of a computed study: the window's CAR with its t and p, and for day 0 (when the
 * design has no [0,0] window with a p) the day-0 AR. Windows without a p are left out.
 */
export function windowCandidates(study: StudyComputedData): WindowCandidate[] {
  if (study.status !== 'computed' || study.day0 === null) return [];
  const out: WindowCandidate[] = [];
  for (const w of study.windows) {
    if (w.car === null || w.carP === null) continue;
    const window = { start: w.start, end: w.end };
    if (out.some((c) => c.window.start === w.start && c.window.end === w.end)) continue;
    out.push({ window, statistic: 'car', value: w.car, t: w.carT, p: w.carP, rawReturn: rawReturnOver(study, window) });
  }
  const d0 = study.days.find((d) => d.relativeDay === 0);
  if (
    d0 !== undefined &&
    d0.abnormalReturn !== null &&
    d0.p !== undefined &&
    d0.p !== null &&
    !out.some((c) => c.window.start === 0 && c.window.end === 0)
  ) {
    const window = { start: 0, end: 0 };
    out.push({
      window,
      statistic: 'ar_day0',
      value: d0.abnormalReturn,
      t: d0.t ?? null,
      p: d0.p,
      rawReturn: rawReturnOver(study, window),
    });
  }
  return out;
}

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}%`;
const pValue = (p: number): string => (p < 0.0001 ? p.toExponential(1) : p.toFixed(4));
export const windowLabel = (w: RuleWindow): string => `[${w.start},${w.end > 0 ? '+' : ''}${w.end}]`;

/** Where and when the alerts are raised. */
export interface AlertSetting {
  readonly raisedAt: string;
  readonly day0ClosesAt: string | null;
  /** Base URL of the web app; the study page is `<base>/studies/<studyId>`. */
  readonly studyBaseUrl: string | null;
  /** Only these windows (those that just closed); all final windows when absent. */
  readonly windows?: readonly RuleWindow[];
}

/** The alerts a study warrants under the policy: one per (final window, matching rule). */
export function buildAlerts(
  study: StudyComputedData,
  context: AlertContext,
  policy: AlertPolicy,
  setting: AlertSetting,
): EventWindowAlertData[] {
  if (study.status !== 'computed' || study.day0 === null) return [];
  const day0 = study.day0;
  const finalWindows = study.windows.map((w) => ({ start: w.start, end: w.end }));
  const studyUrl =
    setting.studyBaseUrl === null
      ? null
      : `${setting.studyBaseUrl.replace(/\/+$/, '')}/studies/${encodeURIComponent(study.studyId)}`;
  const benchmark = study.parameters.marketIndex;
  // Residual degrees of freedom L − K − 1 (K slope regressors: market model 1, factor models 3–5, else 0).
  const df = study.fit.estimationLength - 1 - SLOPES[study.parameters.model];
  const out: EventWindowAlertData[] = [];
  for (const c of windowCandidates(study)) {
    if (
      setting.windows !== undefined &&
      !setting.windows.some((w) => w.start === c.window.start && w.end === c.window.end)
    )
      continue;
    for (const rule of policy.rules) {
      const subject = { ...c, tags: study.tags, listing: study.listing, ...context };
      if (!ruleMatches(rule, subject)) continue;
      const what = c.statistic === 'ar_day0' ? 'AR day 0' : `CAR${windowLabel(c.window)}`;
      const text =
        `${study.listing.symbol} (${study.listing.exchange}) ${what} ${pct(c.value)}` +
        `${benchmark === null ? '' : ` vs ${benchmark}`}, t ${c.t === null ? 'n/a' : c.t.toFixed(2)}, ` +
        `p ${pValue(c.p)} (< ${rule.maxP}), day 0 ${day0}` +
        `${c.rawReturn === null ? '' : `, raw ${pct(c.rawReturn)}`}` +
        `${context.headline === null ? '' : `: ${context.headline}`}`;
      out.push({
        alertId: alertIdOf(study.studyId, c.window, rule.id),
        ruleId: rule.id,
        studyId: study.studyId,
        eventKey: study.eventKey,
        newsIds: study.newsIds,
        listing: study.listing,
        issuer: context.issuer,
        benchmark,
        model: study.parameters.model,
        window: c.window,
        finalWindows,
        day0,
        day0ClosesAt: setting.day0ClosesAt,
        statistic: c.statistic,
        rawReturn: c.rawReturn,
        value: c.value,
        t: c.t,
        p: c.p,
        test: `student_t two-sided, ${df} df`,
        threshold: rule.maxP,
        tags: study.tags,
        relevance: context.relevance,
        novelty: context.novelty,
        headline: context.headline,
        sourceUrl: context.sourceUrl,
        studyUrl,
        text: text.slice(0, 2_000),
        raisedAt: setting.raisedAt,
      });
    }
  }
  return out;
}

const UNKNOWN_CONTEXT: AlertContext = { headline: null, sourceUrl: null, novelty: null, relevance: null, issuer: null };

/**
 * Whether some window of the study may alert under the policy whatever its story's context (an unknown relevance or
 * novelty passes a rule): when false, `buildAlerts` raises nothing for any context, so the context need not be read.
 */
export function mayAlert(study: StudyComputedData, policy: AlertPolicy, windows?: readonly RuleWindow[]): boolean {
  return (
    buildAlerts(study, UNKNOWN_CONTEXT, policy, {
      raisedAt: '',
      day0ClosesAt: null,
      studyBaseUrl: null,
      ...(windows === undefined ? {} : { windows }),
    }).length > 0
  );
}
