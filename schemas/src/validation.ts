/** One reason a value failed validation: where (`$.data.publishedAt`) and why. Goes to the dead-letter topic as is. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** The outcome of validating an unknown value: the typed value, or every issue found (not only the first). */
export type ValidationResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly ValidationIssue[] };

/** A pure runtime validator. `path` is the JSONPath-like location of `input`, used in issue messages. */
export type Validator<T> = (input: unknown, path?: string) => ValidationResult<T>;

/** A validator for one field of an object; optional fields accept `undefined`. */
export type FieldValidators<T> = {
  readonly [K in keyof T]-?: undefined extends T[K] ? Validator<T[K] | undefined> : Validator<T[K]>;
};

const ROOT = '$';

/** Builds a successful result. */
export const valid = <T>(value: T): ValidationResult<T> => ({ ok: true, value });

/** Builds a failed result with one issue. */
export const invalid = <T>(path: string, message: string): ValidationResult<T> => ({
  ok: false,
  errors: [{ path, message }],
});

/** Short description of a value for error messages (type and a clipped rendering). */
export function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'string')
    return `string ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  if (typeof input === 'number') return `number ${String(input)}`;
  return typeof input;
}

/** Longest string any validator accepts unless it names its own `maxLength` (see `limits.ts`). */
export const DEFAULT_MAX_STRING_LENGTH = 1_000;

// A NUL cannot be stored in a Postgres text or jsonb value, and a lone UTF-16 surrogate is not valid JSON text for
// jsonb either: either one in a stored event would stop every reader of it, so no string may carry them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F]/;

/**
 * Why `text` cannot be stored (a NUL character, an unpaired UTF-16 surrogate, or, with `singleLine`, any control
 * character such as a newline), or `undefined` when it can.
 */
export function unsafeTextReason(text: string, singleLine = false): string | undefined {
  if (NUL.test(text)) return `must not contain a NUL character (\\u0000) at index ${text.search(NUL)}`;
  const lone = LONE_SURROGATE.exec(text);
  if (lone !== null)
    return `must not contain an unpaired UTF-16 surrogate (\\u${lone[0].charCodeAt(0).toString(16)}) at index ${lone.index}`;
  if (singleLine && CONTROL.test(text))
    return `must not contain control characters (newline, tab, …): found \\u${text
      .charCodeAt(text.search(CONTROL))
      .toString(16)
      .padStart(4, '0')} at index ${text.search(CONTROL)}`;
  return undefined;
}

/** Options of {@link str}. */
export interface StringOptions {
  readonly minLength?: number;
  /** Default {@link DEFAULT_MAX_STRING_LENGTH}. */
  readonly maxLength?: number;
  /** Reject every control character (identifiers, names); NUL and lone surrogates are always rejected. */
  readonly singleLine?: boolean;
  readonly pattern?: RegExp;
  /** Human name of the pattern for messages (`an ISO 4217 currency code`). */
  readonly patternName?: string;
}

/**
 * A string, by default non-empty after trimming and at most {@link DEFAULT_MAX_STRING_LENGTH} characters; never with a
 * NUL or an unpaired surrogate (see {@link unsafeTextReason}).
 */
export function str(options: StringOptions = {}): Validator<string> {
  const minLength = options.minLength ?? 1;
  const maxLength = options.maxLength ?? DEFAULT_MAX_STRING_LENGTH;
  return (input, path = ROOT) => {
    if (typeof input !== 'string') return invalid(path, `expected a string, got ${describe(input)}`);
    if (input.length > maxLength)
      return invalid(path, `must have at most ${maxLength} characters, got ${input.length}`);
    const unsafe = unsafeTextReason(input, options.singleLine);
    if (unsafe !== undefined) return invalid(path, unsafe);
    if (input.trim().length < minLength)
      return invalid(path, minLength === 1 ? 'must not be empty' : `must have at least ${minLength} characters`);
    if (options.pattern !== undefined && !options.pattern.test(input))
      return invalid(
        path,
        `expected ${options.patternName ?? `a string matching ${String(options.pattern)}`}, got ${describe(input)}`,
      );
    return valid(input);
  };
}

/** Options of {@link num}. */
export interface NumberOptions {
  readonly min?: number;
  readonly max?: number;
  /** Strictly greater than this. */
  readonly greaterThan?: number;
  readonly integer?: boolean;
}

/** A finite number (never NaN or ±Infinity, never a numeric string). */
export function num(options: NumberOptions = {}): Validator<number> {
  return (input, path = ROOT) => {
    if (typeof input !== 'number' || !Number.isFinite(input))
      return invalid(path, `expected a finite number, got ${describe(input)}`);
    if (options.integer === true && !Number.isInteger(input)) return invalid(path, `expected an integer, got ${input}`);
    if (options.min !== undefined && input < options.min)
      return invalid(path, `must be ≥ ${options.min}, got ${input}`);
    if (options.max !== undefined && input > options.max)
      return invalid(path, `must be ≤ ${options.max}, got ${input}`);
    if (options.greaterThan !== undefined && input <= options.greaterThan)
      return invalid(path, `must be > ${options.greaterThan}, got ${input}`);
    return valid(input);
  };
}

/** A boolean. */
export const bool =
  (): Validator<boolean> =>
  (input, path = ROOT) =>
    typeof input === 'boolean' ? valid(input) : invalid(path, `expected a boolean, got ${describe(input)}`);

/** One of the given literal values. */
export function oneOf<const T extends readonly (string | number | boolean)[]>(...values: T): Validator<T[number]> {
  return (input, path = ROOT) =>
    values.includes(input as T[number])
      ? valid(input as T[number])
      : invalid(path, `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(input)}`);
}

/** The value may be absent (`undefined`); `null` is rejected unless wrapped in {@link nullable}. */
export function optional<T>(validator: Validator<T>): Validator<T | undefined> {
  return (input, path = ROOT) => (input === undefined ? valid(undefined) : validator(input, path));
}

/** The value may be `null`. */
export function nullable<T>(validator: Validator<T>): Validator<T | null> {
  return (input, path = ROOT) => (input === null ? valid(null) : validator(input, path));
}

/** Options of {@link arrayOf}. */
export interface ArrayOptions {
  readonly minLength?: number;
  /** Every list of a Kafka input message names one (see `limits.ts`); internal events may leave it unbounded. */
  readonly maxLength?: number;
}

/** An array whose every element passes `item`; reports issues of all elements. */
export function arrayOf<T>(item: Validator<T>, options: ArrayOptions = {}): Validator<readonly T[]> {
  return (input, path = ROOT) => {
    if (!Array.isArray(input)) return invalid(path, `expected an array, got ${describe(input)}`);
    if (options.minLength !== undefined && input.length < options.minLength)
      return invalid(path, `expected at least ${options.minLength} element(s), got ${input.length}`);
    if (options.maxLength !== undefined && input.length > options.maxLength)
      return invalid(path, `expected at most ${options.maxLength} element(s), got ${input.length}`);
    const values: T[] = [];
    const errors: ValidationIssue[] = [];
    input.forEach((element: unknown, index) => {
      const result = item(element, `${path}[${index}]`);
      if (result.ok) values.push(result.value);
      else errors.push(...result.errors);
    });
    return errors.length === 0 ? valid(values) : { ok: false, errors };
  };
}

const isRecord = (input: unknown): input is Record<string, unknown> =>
  typeof input === 'object' && input !== null && !Array.isArray(input);

/**
 * A plain object with the given fields. Unknown fields are dropped from the value (so additive changes by a newer
 * producer do not break an older consumer); absent optional fields stay absent.
 */
export function object<T extends object>(fields: FieldValidators<T>): Validator<T> {
  const entries: [string, Validator<unknown>][] = Object.entries<Validator<unknown>>(
    fields as Record<string, Validator<unknown>>,
  );
  return (input, path = ROOT) => {
    if (!isRecord(input)) return invalid(path, `expected an object, got ${describe(input)}`);
    const value: Record<string, unknown> = {};
    const errors: ValidationIssue[] = [];
    for (const [key, validator] of entries) {
      const fieldPath = `${path}.${key}`;
      const raw = input[key];
      const result = validator(raw, fieldPath);
      if (!result.ok) {
        errors.push(
          ...(raw === undefined
            ? result.errors.map((e) => (e.path === fieldPath ? { ...e, message: 'is required' } : e))
            : result.errors),
        );
      } else if (result.value !== undefined) {
        value[key] = result.value;
      }
    }
    return errors.length === 0 ? valid(value as T) : { ok: false, errors };
  };
}

/** Adds a cross-field check; `check` returns issues (paths relative to the validated value's path) or nothing. */
export function refine<T>(
  validator: Validator<T>,
  check: (value: T) => readonly { readonly at?: string; readonly message: string }[] | undefined,
): Validator<T> {
  return (input, path = ROOT) => {
    const result = validator(input, path);
    if (!result.ok) return result;
    const issues = check(result.value) ?? [];
    return issues.length === 0
      ? result
      : {
          ok: false,
          errors: issues.map((i) => ({ path: i.at === undefined ? path : `${path}.${i.at}`, message: i.message })),
        };
  };
}

/** A discriminated union: reads `key` and validates with the matching variant. */
export function variant<K extends string, T extends Record<K, string>>(
  key: K,
  variants: { readonly [V in T[K]]: Validator<Extract<T, Record<K, V>>> },
): Validator<T> {
  const names = Object.keys(variants);
  return (input, path = ROOT) => {
    if (!isRecord(input)) return invalid(path, `expected an object, got ${describe(input)}`);
    const tag = input[key];
    const chosen =
      typeof tag === 'string' && Object.prototype.hasOwnProperty.call(variants, tag)
        ? (variants as Record<string, Validator<T>>)[tag]
        : undefined;
    if (chosen === undefined)
      return invalid(
        `${path}.${key}`,
        tag === undefined
          ? `is required (one of ${names.map((n) => JSON.stringify(n)).join(', ')})`
          : `expected one of ${names.map((n) => JSON.stringify(n)).join(', ')}, got ${describe(tag)}`,
      );
    return chosen(input, path);
  };
}

/** Formats issues as one line per issue (`$.data.url: expected a string, got number 3`), e.g. for a DLQ header. */
export const formatIssues = (errors: readonly ValidationIssue[]): string =>
  errors.map((e) => `${e.path}: ${e.message}`).join('; ');
