import type { Day0Rule, MissingDataRule, ModelSpec, RelativeWindow, ReturnKind } from '@newswindow/engine';
import { UsageError } from '../command';

/** Parses `a:b` (relative trading days, inclusive) into a window. */
export function parseWindow(text: string, what: string): RelativeWindow {
  const m = /^\s*([+-]?\d+)\s*:\s*([+-]?\d+)\s*$/.exec(text);
  if (m === null) throw new UsageError(`${what} '${text}' must look like -250:-11`);
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start > end) throw new UsageError(`${what} '${text}' is reversed`);
  return { start, end };
}

/** Parses a comma-separated list of windows. */
export function parseWindows(text: string): RelativeWindow[] {
  return text.split(',').map((w) => parseWindow(w, '--windows entry'));
}

const MODELS: Record<string, ModelSpec> = {
  market: { kind: 'market' },
  'mean-adj': { kind: 'mean-adjusted' },
  'market-adj': { kind: 'market-adjusted' },
  ff3: { kind: 'factor', factors: 'ff3' },
  carhart: { kind: 'factor', factors: 'carhart' },
  ff5: { kind: 'factor', factors: 'ff5' },
};

/** `all` = the three estudy2 models (factor models need --factors and simple returns; name them explicitly). */
const ALL = ['market', 'mean-adj', 'market-adj'];

/** Parses `--model`: one of market|mean-adj|market-adj|ff3|carhart|ff5, a comma list of them, or `all`. */
export function parseModels(text: string): ModelSpec[] {
  const names = text === 'all' ? ALL : text.split(',').map((s) => s.trim());
  return names.map((n) => {
    const m = MODELS[n];
    if (m === undefined) {
      throw new UsageError(`--model '${n}' must be market, mean-adj, market-adj, ff3, carhart, ff5 or all`);
    }
    return m;
  });
}

/** Checks a value against a closed set of choices. */
export function oneOf<T extends string>(value: string, choices: readonly T[], flag: string): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} '${value}' must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

/** The closed choices of the study command. */
export const DAY0_RULES: readonly Day0Rule[] = ['next-close', 'same-date-or-next', 'previous'];
/** Return conventions. */
export const RETURN_KINDS: readonly ReturnKind[] = ['log', 'simple'];
/** Missing-data rules. */
export const MISSING_RULES: readonly MissingDataRule[] = ['eventus', 'multi-day', 'single-day'];

/** node:util parseArgs refuses `--opt -250:-11`; glue such negative values to their flag (`--opt=-250:-11`). */
export function glueNegativeValues(argv: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (valueFlags.has(a) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
