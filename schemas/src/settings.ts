import type { Validator } from './validation';
import { invalid, valid } from './validation';

/**
 * Settings from the environment, parsed with validators: every process reads its settings once at its entry point
 * (`process.env` is passed in; this module never reads it), and a bad value stops it at start with one line that
 * names the variable, what it takes and what it got (`PGPORT: expected a whole number from 1 to 65535, got 'x'`).
 */

/** The environment as entry points pass it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Builds the caller's error for a bad setting (each component keeps its own error class). */
export type SettingErrorFactory = (variable: string, message: string) => Error;

/** Thrown by {@link settingsReader} when the caller does not name its own error class. */
export class SettingError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'SettingError';
  }
}

const got = (raw: unknown): string => `got '${String(raw)}'`;
const isText = (input: unknown): input is string => typeof input === 'string';

/** A whole number written in decimal digits, within the bounds; the message says which numbers it takes. */
export function wholeNumberSetting(bounds: { readonly min?: number; readonly max?: number } = {}): Validator<number> {
  const { min, max } = bounds;
  const expected =
    min !== undefined && max !== undefined
      ? `a whole number from ${min} to ${max}`
      : min !== undefined
        ? `a whole number >= ${min}`
        : 'a whole number';
  return (input, path = '$') => {
    const n = isText(input) && /^-?\d+$/.test(input.trim()) ? Number(input) : NaN;
    if (!Number.isSafeInteger(n) || (min !== undefined && n < min) || (max !== undefined && n > max))
      return invalid(path, `expected ${expected}, ${got(input)}`);
    return valid(n);
  };
}

/** A finite decimal number, optionally within an open or closed range (`what` says it in the message). */
export function numberSetting(check: (n: number) => boolean = () => true, what = 'a number'): Validator<number> {
  return (input, path = '$') => {
    const n = isText(input) && input.trim() !== '' ? Number(input) : NaN;
    return Number.isFinite(n) && check(n) ? valid(n) : invalid(path, `expected ${what}, ${got(input)}`);
  };
}

/** One of the listed words. */
export function choiceSetting<const T extends string>(allowed: readonly T[]): Validator<T> {
  return (input, path = '$') => {
    const value = allowed.find((a) => a === input);
    return value !== undefined ? valid(value) : invalid(path, `expected one of ${allowed.join(', ')}, ${got(input)}`);
  };
}

/** `0` or `1`. */
export const flagSetting: Validator<boolean> = (input, path = '$') =>
  input === '0' || input === '1' ? valid(input === '1') : invalid(path, `expected 0 or 1, ${got(input)}`);

/** A value matching `pattern` (`what` names the format, e.g. `host:port`). */
export function patternSetting(pattern: RegExp, what: string): Validator<string> {
  return (input, path = '$') =>
    isText(input) && pattern.test(input) ? valid(input) : invalid(path, `expected ${what}, ${got(input)}`);
}

/** A comma-separated list whose every item matches `pattern` (`what` names the format), at least one item. */
export function listSetting(pattern: RegExp, what: string): Validator<readonly string[]> {
  return (input, path = '$') => {
    const items = isText(input)
      ? input
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : [];
    return items.length > 0 && items.every((s) => pattern.test(s))
      ? valid(items)
      : invalid(path, `expected ${what}, ${got(input)}`);
  };
}

/** An absolute URL with one of the given schemes (`redis:`, `https:` …). */
export function urlSetting(protocols: readonly string[]): Validator<string> {
  return (input, path = '$') => {
    let protocol = '';
    try {
      protocol = isText(input) ? new URL(input).protocol : '';
    } catch {
      // Not a URL: reported below like a wrong scheme.
    }
    return protocols.includes(protocol)
      ? valid(input as string)
      : invalid(path, `expected a ${protocols.map((p) => p.replace(/:$/, '')).join(' or ')} URL, ${got(input)}`);
  };
}

/** Reads settings of one environment; a bad value throws `toError(variable, message)`. */
export interface SettingsReader {
  /** The trimmed value, or undefined when unset or blank. */
  readonly text: (name: string) => string | undefined;
  /** The value exactly as set (passwords, secrets), or undefined when unset or empty. */
  readonly secret: (name: string) => string | undefined;
  /** The parsed value, or `fallback` when unset or blank. */
  readonly get: <T>(name: string, schema: Validator<T>, fallback: T) => T;
  /** The parsed value, or undefined when unset or blank. */
  readonly optional: <T>(name: string, schema: Validator<T>) => T | undefined;
}

/** A {@link SettingsReader} of `env`: blank counts as unset; values are trimmed before they are parsed. */
export function settingsReader(
  env: Env,
  toError: SettingErrorFactory = (variable, message) => new SettingError(variable, message),
): SettingsReader {
  const text = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const optional = <T>(name: string, schema: Validator<T>): T | undefined => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    const result = schema(raw, name);
    if (!result.ok) throw toError(name, result.errors.map((e) => e.message).join('; '));
    return result.value;
  };
  return {
    text,
    secret: (name) => (env[name] === undefined || env[name] === '' ? undefined : env[name]),
    optional,
    get: (name, schema, fallback) => optional(name, schema) ?? fallback,
  };
}
