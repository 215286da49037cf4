import { FormatRegistry, Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError, type ValueErrorIterator } from '@sinclair/typebox/errors';
import { isIsoDate, isIsoInstant } from './dates';
import {
  DEFAULT_MAX_STRING_LENGTH,
  describe,
  unsafeTextReason,
  valid,
  type ValidationIssue,
  type Validator,
} from './validation';

/*
 * The Kafka messages' payloads are TypeBox schemas (JSON Schema with static types). TypeBox's compiled check decides
 * whether a value is valid; when it is not, its error list says where, and `issueMessage` below says why in the words
 * the dead-letter reasons have always used (`$.data.publishedAt: expected an ISO-8601 timestamp with offset …`).
 * Rules JSON Schema has no keyword for are named formats checked by the functions registered here (the exported JSON
 * Schema files spell them portably, see `json-schemas.ts`); cross-field rules stay `refine` functions.
 */

/** Format names of the string rules JSON Schema cannot state with a standard keyword. */
export const Formats = {
  /** No NUL and no unpaired UTF-16 surrogate (Postgres text/jsonb cannot hold them). */
  text: 'nw-text',
  /** {@link Formats.text} and no control character at all (identifiers: a newline would split log lines). */
  line: 'nw-line',
  /** A real calendar date `YYYY-MM-DD`. */
  date: 'nw-date',
  /** An ISO-8601 instant with an explicit offset. */
  instant: 'nw-instant',
  /** An instant with offset or a date. */
  instantOrDate: 'nw-instant-or-date',
} as const;

FormatRegistry.Set(Formats.text, (s) => unsafeTextReason(s) === undefined);
FormatRegistry.Set(Formats.line, (s) => unsafeTextReason(s, true) === undefined);
FormatRegistry.Set(Formats.date, isIsoDate);
FormatRegistry.Set(Formats.instant, isIsoInstant);
FormatRegistry.Set(Formats.instantOrDate, (s) => isIsoInstant(s) || isIsoDate(s));

/** The pattern of a string that must not be blank (JSON Schema's `minLength` does not trim). */
export const NOT_BLANK = '\\S';

/** Options of {@link Text}. */
export interface TextOptions {
  /** Default {@link DEFAULT_MAX_STRING_LENGTH}. */
  readonly maxLength?: number;
  /** Default true: at least one non-whitespace character. */
  readonly notBlank?: boolean;
  /** Reject every control character (identifiers, names). */
  readonly singleLine?: boolean;
  readonly description?: string;
}

/** A storable string (see {@link Formats.text}), by default not blank and at most 1 000 characters. */
export const Text = (options: TextOptions = {}) =>
  Type.String({
    maxLength: options.maxLength ?? DEFAULT_MAX_STRING_LENGTH,
    format: options.singleLine === true ? Formats.line : Formats.text,
    ...(options.notBlank === false ? {} : { pattern: NOT_BLANK }),
    ...(options.description === undefined ? {} : { description: options.description }),
  });

/** A string matching `pattern`; `description` names it in messages (`a symbol like BABA, 9988.HK or ^HSI`). */
export const Pattern = (pattern: RegExp, description: string, maxLength = DEFAULT_MAX_STRING_LENGTH) =>
  Type.String({ minLength: 1, maxLength, pattern: pattern.source, description });

/** A calendar date `YYYY-MM-DD`. */
export const IsoDate = (description?: string) =>
  Type.String({ format: Formats.date, ...(description === undefined ? {} : { description }) });
/** An ISO-8601 instant with an explicit offset or `Z` (a local time has no known zone). */
export const IsoInstant = (description?: string) =>
  Type.String({ format: Formats.instant, ...(description === undefined ? {} : { description }) });
/** An instant with offset or a date-only `YYYY-MM-DD` (news known only by day). */
export const IsoInstantOrDate = (description?: string) =>
  Type.String({ format: Formats.instantOrDate, ...(description === undefined ? {} : { description }) });

/** `schema` or `null`. */
export const Nullable = <S extends TSchema>(schema: S, description?: string) =>
  Type.Union([schema, Type.Null()], description === undefined ? {} : { description });

const DATE_MESSAGE = 'expected a date YYYY-MM-DD';
const INSTANT_MESSAGE = 'expected an ISO-8601 timestamp with offset (e.g. 2025-09-08T21:00:00+08:00)';
const INSTANT_OR_DATE_MESSAGE =
  'expected an ISO-8601 timestamp with offset (2025-09-08T21:00:00+08:00) or a date YYYY-MM-DD';

const DATE_MESSAGES: Readonly<Record<string, string>> = {
  [Formats.date]: DATE_MESSAGE,
  [Formats.instant]: INSTANT_MESSAGE,
  [Formats.instantOrDate]: INSTANT_OR_DATE_MESSAGE,
};

/** Why a string `value` fails its string `schema`: the first rule it breaks, in the order people fix them. */
function stringMessage(schema: Record<string, unknown>, value: string): string | undefined {
  const maxLength = schema['maxLength'] as number | undefined;
  if (maxLength !== undefined && value.length > maxLength)
    return `must have at most ${maxLength} characters, got ${value.length}`;
  const format = schema['format'] as string | undefined;
  const dateMessage = format === undefined ? undefined : DATE_MESSAGES[format];
  if (dateMessage !== undefined) return `${dateMessage}, got ${describe(value)}`;
  const unsafe = unsafeTextReason(value, format === Formats.line);
  if (unsafe !== undefined) return unsafe;
  const pattern = schema['pattern'] as string | undefined;
  if ((pattern === NOT_BLANK || (schema['minLength'] as number | undefined) === 1) && value.trim() === '')
    return 'must not be empty';
  if (pattern !== undefined && pattern !== NOT_BLANK && !new RegExp(pattern).test(value))
    return `expected ${(schema['description'] as string | undefined) ?? `a string matching /${pattern}/`}, got ${describe(value)}`;
  return undefined;
}

/** Why a number `value` fails its number or integer `schema`. */
function numberMessage(schema: Record<string, unknown>, value: number): string | undefined {
  if (!Number.isFinite(value)) return `expected a finite number, got ${describe(value)}`;
  if (schema['type'] === 'integer' && !Number.isInteger(value)) return `expected an integer, got ${value}`;
  const { minimum, maximum, exclusiveMinimum } = schema as Record<string, number | undefined>;
  if (minimum !== undefined && value < minimum) return `must be ≥ ${minimum}, got ${value}`;
  if (maximum !== undefined && value > maximum) return `must be ≤ ${maximum}, got ${value}`;
  if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) return `must be > ${exclusiveMinimum}, got ${value}`;
  return undefined;
}

/** Why `value` fails an array `schema` as a whole (its length); element issues have their own paths. */
function arrayMessage(schema: Record<string, unknown>, value: unknown[]): string | undefined {
  const { minItems, maxItems } = schema as Record<string, number | undefined>;
  if (minItems !== undefined && value.length < minItems)
    return `expected at least ${minItems} element(s), got ${value.length}`;
  if (maxItems !== undefined && value.length > maxItems)
    return `expected at most ${maxItems} element(s), got ${value.length}`;
  return undefined;
}

const literals = (schema: Record<string, unknown>): unknown[] | undefined => {
  const anyOf = schema['anyOf'] as Record<string, unknown>[] | undefined;
  return anyOf?.every((s) => 'const' in s) === true ? anyOf.map((s) => s['const']) : undefined;
};

/** The human message of one TypeBox error: what its schema expects of its value. */
function issueMessage(error: ValueError): string {
  const schema = error.schema as Record<string, unknown>;
  const value: unknown = error.value;
  const options = literals(schema);
  if (options !== undefined)
    return `expected one of ${options.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}`;
  const type = schema['type'];
  const message =
    type === 'string'
      ? typeof value === 'string'
        ? stringMessage(schema, value)
        : `${DATE_MESSAGES[schema['format'] as string] ?? 'expected a string'}, got ${describe(value)}`
      : type === 'number' || type === 'integer'
        ? typeof value === 'number'
          ? numberMessage(schema, value)
          : `expected a finite number, got ${describe(value)}`
        : type === 'boolean'
          ? `expected a boolean, got ${describe(value)}`
          : type === 'array'
            ? Array.isArray(value)
              ? arrayMessage(schema, value)
              : `expected an array, got ${describe(value)}`
            : type === 'object'
              ? `expected an object, got ${describe(value)}`
              : undefined;
  return message ?? error.message;
}

/** `$.data` + JSON pointer `/previous/revision` or `/tickers/3` → `$.data.previous.revision`, `$.data.tickers[3]`. */
function issuePath(base: string, pointer: string): string {
  if (pointer === '') return base;
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : `${path}.${segment}`), base);
}

interface LocatedIssue extends ValidationIssue {
  readonly pointer: string;
}

/**
 * One issue per failing location, outermost first: a missing field `is required`, a `null`-or-X value that is not
 * null is explained as an X, and nothing is said below a location already reported (an over-long array's elements).
 */
function collectIssues(errors: Iterable<ValueError>, base: string, out: LocatedIssue[]): LocatedIssue[] {
  for (const error of errors) {
    const path = issuePath(base, error.path);
    if (out.some((i) => i.path === path || path.startsWith(`${i.path}.`) || path.startsWith(`${i.path}[`))) continue;
    if (error.type === ValueErrorType.Union && error.value !== null && literals(error.schema) === undefined) {
      const variants = (error.schema as unknown as { anyOf: Record<string, unknown>[] }).anyOf;
      const nonNull = variants.findIndex((s) => s['type'] !== 'null');
      const variantErrors: ValueErrorIterator | undefined = variants.length === 2 ? error.errors[nonNull] : undefined;
      if (variantErrors !== undefined && error.value !== undefined) {
        collectIssues(variantErrors, base, out);
        continue;
      }
    }
    out.push({
      path,
      pointer: error.path,
      message:
        error.type === ValueErrorType.ObjectRequiredProperty || (error.value === undefined && error.path !== '')
          ? 'is required'
          : issueMessage(error),
    });
  }
  return out;
}

/** Where `pointer` sits in `schema`'s declaration order (fields as declared, elements by index), for sorting. */
function declarationOrder(schema: Record<string, unknown>, pointer: string): number[] {
  const order: number[] = [];
  let at: Record<string, unknown> | undefined = schema;
  for (const segment of pointer.split('/').slice(1)) {
    const anyOf = at?.['anyOf'] as Record<string, unknown>[] | undefined;
    if (anyOf !== undefined) at = anyOf.find((s) => s['type'] !== 'null');
    const properties = at?.['properties'] as Record<string, Record<string, unknown>> | undefined;
    if (properties !== undefined) {
      order.push(Object.keys(properties).indexOf(segment));
      at = properties[segment];
    } else {
      order.push(Number(segment));
      at = at?.['items'] as Record<string, unknown> | undefined;
    }
  }
  return order;
}

const byDeclaration = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
};

type Pick = (value: unknown) => unknown;
const same: Pick = (value) => value;

/** A copy of a valid value with only the fields `schema` declares (unknown fields dropped), absent optionals absent. */
function picker(schema: Record<string, unknown>): Pick {
  const properties = schema['properties'] as Record<string, Record<string, unknown>> | undefined;
  if (schema['type'] === 'object' && properties !== undefined) {
    const fields = Object.entries(properties).map(([key, s]) => [key, picker(s)] as const);
    return (value) => {
      const input = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, pick] of fields) if (input[key] !== undefined) out[key] = pick(input[key]);
      return out;
    };
  }
  if (schema['type'] === 'array') {
    const item = picker(schema['items'] as Record<string, unknown>);
    return item === same ? (value) => (value as unknown[]).slice() : (value) => (value as unknown[]).map(item);
  }
  const anyOf = schema['anyOf'] as Record<string, unknown>[] | undefined;
  if (anyOf !== undefined) {
    const variant = anyOf.find((s) => s['type'] !== 'null');
    const pick = anyOf.length === 2 && variant !== undefined ? picker(variant) : same;
    return pick === same ? same : (value) => (value === null ? null : pick(value));
  }
  return same;
}

/** A cross-field issue, its path relative to the validated value (`low`, `previous.revision`). */
export interface RefineIssue {
  readonly at?: string;
  readonly message: string;
}

/**
 * The {@link Validator} of a TypeBox schema: TypeBox's compiled check (compiled on first use), every issue with a
 * human path and message when it fails, unknown fields dropped when it passes, then the cross-field `refine` rules.
 */
export function checked<S extends TSchema>(
  schema: S,
  refine?: (value: Static<S>) => readonly RefineIssue[] | undefined,
): Validator<Static<S>> {
  let check: TypeCheck<S> | undefined;
  const pick = picker(schema);
  return (input, path = '$') => {
    check ??= TypeCompiler.Compile(schema);
    if (!check.Check(input)) {
      const errors = collectIssues(check.Errors(input), path, [])
        .map((issue) => ({ issue, order: declarationOrder(schema, issue.pointer) }))
        .sort((a, b) => byDeclaration(a.order, b.order))
        .map(({ issue }) => ({ path: issue.path, message: issue.message }));
      return { ok: false, errors: errors.length > 0 ? errors : [{ path, message: 'is not valid' }] };
    }
    const value = pick(input) as Static<S>;
    const issues = refine?.(value) ?? [];
    return issues.length === 0
      ? valid(value)
      : {
          ok: false,
          errors: issues.map((i) => ({ path: i.at === undefined ? path : `${path}.${i.at}`, message: i.message })),
        };
  };
}

type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * A compile-time check that a documented interface `I` and the static type `S` of its schema have the same fields:
 * `assertSameShape<NewsPublishedData, Static<typeof NewsPublishedDataSchema>>(true)` does not compile otherwise.
 */
export function assertSameShape<I, S>(
  same: [I] extends [DeepReadonly<S>] ? ([DeepReadonly<S>] extends [I] ? true : false) : false,
): void {
  void same;
}
