import type { Validator } from '@newswindow/schemas';
import { arrayOf, formatIssues, nullable, num, object, optional, str } from '@newswindow/schemas';

/** A window as rules name it. */
export interface RuleWindow {
  readonly start: number;
  readonly end: number;
}

/** One alert rule: a window of a study alerts under the rule when it passes every condition. */
export interface AlertRule {
  /** Part of the alert id: one alert per (study, window, rule). */
  readonly id: string;
  /** The window's p (CAR, or the day-0 AR) must be below this. */
  readonly maxP: number;
  /** |AR| or |CAR| (a fraction) must be at least this. */
  readonly minAbsReturn: number;
  /** Only these windows; null: every window of the design. */
  readonly windows: readonly RuleWindow[] | null;
  /** The study must carry one of these tags; null: any. */
  readonly tags: readonly string[] | null;
  /** Only these symbols; null: any. */
  readonly listings: readonly string[] | null;
  /** Only these exchanges (MIC); null: any. */
  readonly exchanges: readonly string[] | null;
  /** The story's relevance to the listing (0–100) must be at least this; an unknown relevance passes. */
  readonly minRelevance: number;
  /** The story's novelty (0–100) must be at least this; an unknown novelty passes. */
  readonly minNovelty: number;
}

/** The alert rules of a deployment and when live news is too old to alert. */
export interface AlertPolicy {
  readonly rules: readonly AlertRule[];
  /**
   * A live window that closed more than this many sessions ago raises nothing (history loaded through the live path);
   * null: no limit. Backfills run with `--alerts` ignore it.
   */
  readonly maxAgeSessions: number | null;
}

/** The desk defaults: p < 0.05 on day 0 and on each window, novelty ≥ 50, stories at most 3 sessions old. */
export const deskDefaultPolicy = (maxP = 0.05): AlertPolicy => ({
  rules: [
    {
      id: 'desk-default',
      maxP,
      minAbsReturn: 0,
      windows: null,
      tags: null,
      listings: null,
      exchanges: null,
      minRelevance: 0,
      minNovelty: 50,
    },
  ],
  maxAgeSessions: 3,
});

/** Thrown when the rules file cannot be used; the message names the file and every problem. */
export class AlertRulesError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
    this.name = 'AlertRulesError';
  }
}

interface RuleFile {
  readonly maxAgeSessions?: number | null;
  readonly rules: readonly {
    readonly id: string;
    readonly maxP?: number;
    readonly minAbsReturn?: number;
    readonly windows?: readonly RuleWindow[];
    readonly tags?: readonly string[];
    readonly listings?: readonly string[];
    readonly exchanges?: readonly string[];
    readonly minRelevance?: number;
    readonly minNovelty?: number;
  }[];
}

const validateRuleFile: Validator<RuleFile> = object<RuleFile>({
  maxAgeSessions: optional(nullable(num({ integer: true, min: 0 }))),
  rules: arrayOf(
    object({
      id: str({ maxLength: 100 }),
      maxP: optional(num({ greaterThan: 0, max: 1 })),
      minAbsReturn: optional(num({ min: 0 })),
      windows: optional(
        arrayOf(object<RuleWindow>({ start: num({ integer: true }), end: num({ integer: true }) }), { minLength: 1 }),
      ),
      tags: optional(arrayOf(str(), { minLength: 1 })),
      listings: optional(arrayOf(str(), { minLength: 1 })),
      exchanges: optional(arrayOf(str(), { minLength: 1 })),
      minRelevance: optional(num({ min: 0, max: 100 })),
      minNovelty: optional(num({ min: 0, max: 100 })),
    }),
    { minLength: 1 },
  ),
});

/**
 * Parses a rules file (JSON, documented in the worker README); a field left out takes the desk default (`maxP` 0.05,
 * `minNovelty` 50, `maxAgeSessions` 3, no other condition).
 */
export function parseAlertPolicy(json: string, source: string): AlertPolicy {
  let decoded: unknown;
  try {
    decoded = JSON.parse(json);
  } catch (err) {
    throw new AlertRulesError(source, `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const r = validateRuleFile(decoded, '$');
  if (!r.ok) throw new AlertRulesError(source, formatIssues(r.errors));
  const ids = r.value.rules.map((x) => x.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw new AlertRulesError(source, `rule id '${dup}' appears twice`);
  const defaults = deskDefaultPolicy();
  const base = defaults.rules[0]!;
  return {
    maxAgeSessions: r.value.maxAgeSessions === undefined ? defaults.maxAgeSessions : r.value.maxAgeSessions,
    rules: r.value.rules.map((x) => ({
      id: x.id,
      maxP: x.maxP ?? base.maxP,
      minAbsReturn: x.minAbsReturn ?? base.minAbsReturn,
      windows: x.windows ?? null,
      tags: x.tags ?? null,
      listings: x.listings ?? null,
      exchanges: x.exchanges ?? null,
      minRelevance: x.minRelevance ?? base.minRelevance,
      minNovelty: x.minNovelty ?? base.minNovelty,
    })),
  };
}

/** What a rule looks at besides the window's numbers. */
export interface RuleSubject {
  readonly window: RuleWindow;
  readonly value: number;
  readonly p: number;
  readonly tags: readonly string[];
  readonly listing: { readonly symbol: string; readonly exchange: string };
  readonly relevance: number | null;
  readonly novelty: number | null;
}

/** True when the subject passes every condition of the rule. */
export function ruleMatches(rule: AlertRule, s: RuleSubject): boolean {
  return (
    s.p < rule.maxP &&
    Math.abs(s.value) >= rule.minAbsReturn &&
    (rule.windows === null || rule.windows.some((w) => w.start === s.window.start && w.end === s.window.end)) &&
    (rule.tags === null || rule.tags.some((t) => s.tags.includes(t))) &&
    (rule.listings === null || rule.listings.includes(s.listing.symbol)) &&
    (rule.exchanges === null || rule.exchanges.includes(s.listing.exchange)) &&
    (s.relevance === null || s.relevance >= rule.minRelevance) &&
    (s.novelty === null || s.novelty >= rule.minNovelty)
  );
}
