import {
  arrayOf,
  currency,
  exchange,
  formatIssues,
  isoDate,
  nullable,
  object,
  oneOf,
  optional,
  refine,
  str,
  symbol,
  type Validator,
} from '@newswindow/schemas';
import { SecurityMasterFileError } from './errors';
import type { Alias, Issuer, Listing } from './types';

const dateRange = <T extends { readonly validFrom: string | null; readonly validTo: string | null }>(
  validator: Validator<T>,
): Validator<T> =>
  refine(validator, (v) =>
    v.validFrom !== null && v.validTo !== null && v.validTo <= v.validFrom
      ? [{ at: 'validTo', message: `must be after validFrom ${v.validFrom}, got ${v.validTo}` }]
      : undefined,
  );

const validateListing: Validator<Listing> = dateRange(
  object<Listing>({
    mic: exchange(),
    calendar: exchange(),
    symbol: symbol(),
    currency: currency(),
    shareClass: nullable(str({ maxLength: 32 })),
    benchmark: symbol(),
    validFrom: nullable(isoDate()),
    validTo: nullable(isoDate()),
    isin: nullable(str({ pattern: /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/, patternName: 'a 12-character ISIN' })),
    source: optional(str()),
  }),
);

const validateAlias: Validator<Alias> = dateRange(
  object<Alias>({
    name: str({ maxLength: 200 }),
    kind: oneOf('legal', 'short', 'former', 'brand'),
    validFrom: nullable(isoDate()),
    validTo: nullable(isoDate()),
    source: optional(str()),
  }),
);

/** Validates one issuer record of the master's JSON Lines format. */
export const validateIssuer: Validator<Issuer> = object<Issuer>({
  id: str({ maxLength: 80, pattern: /^[a-z0-9][a-z0-9-]*$/, patternName: 'a lower-case slug like alibaba' }),
  name: str({ maxLength: 200 }),
  aliases: arrayOf(validateAlias),
  listings: arrayOf(validateListing),
  sector: nullable(str()),
  country: nullable(str({ pattern: /^[A-Z]{2}$/, patternName: 'an ISO 3166 alpha-2 country code' })),
  sources: arrayOf(str(), { minLength: 1 }),
  indices: arrayOf(str()),
});

/** Fields a user may leave out of a line; the bundled file always has them all. */
const withDefaults = (raw: Record<string, unknown>, defaultSource: string): Record<string, unknown> => ({
  aliases: [],
  sector: null,
  country: null,
  sources: [defaultSource],
  indices: [],
  ...raw,
  listings: Array.isArray(raw.listings)
    ? raw.listings.map((l: unknown) =>
        typeof l === 'object' && l !== null
          ? {
              shareClass: null,
              validFrom: null,
              validTo: null,
              isin: null,
              calendar: (l as Record<string, unknown>).mic,
              ...(l as Record<string, unknown>),
            }
          : l,
      )
    : raw.listings,
  ...(Array.isArray(raw.aliases)
    ? {
        aliases: raw.aliases.map((a: unknown) =>
          typeof a === 'string'
            ? { name: a, kind: 'short', validFrom: null, validTo: null }
            : typeof a === 'object' && a !== null
              ? { kind: 'short', validFrom: null, validTo: null, ...(a as Record<string, unknown>) }
              : a,
        ),
      }
    : {}),
});

/** Options of {@link parseMasterLines}. */
export interface ParseOptions {
  /** The file name used in error messages. */
  readonly file: string;
  /** Fill the optional fields of the user format (see the README) and tag records with this source. */
  readonly defaultsFor?: string;
  /**
   * Skip validation: only for the bundled file, which the generator wrote and a unit test validates line by line
   * (validating 1 900 issuers at every process start would cost ~80 ms of the 200 ms budget).
   */
  readonly trusted?: boolean;
}

/**
 * Parses the master's JSON Lines format: one issuer per line; blank lines and lines starting with `#` are skipped.
 * Throws {@link SecurityMasterFileError} naming the file, the line and the first problems of the first bad line.
 */
export function parseMasterLines(text: string, options: ParseOptions): Issuer[] {
  const issuers: Issuer[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new SecurityMasterFileError(options.file, i + 1, `not valid JSON (${(error as Error).message})`);
    }
    const input =
      options.defaultsFor !== undefined && typeof raw === 'object' && raw !== null && !Array.isArray(raw)
        ? withDefaults(raw as Record<string, unknown>, options.defaultsFor)
        : raw;
    if (options.trusted === true) {
      issuers.push(input as Issuer);
      continue;
    }
    const result = validateIssuer(input);
    if (!result.ok) throw new SecurityMasterFileError(options.file, i + 1, formatIssues(result.errors.slice(0, 3)));
    issuers.push(result.value);
  }
  return issuers;
}
