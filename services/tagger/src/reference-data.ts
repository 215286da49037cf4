import defaultJson from '../data/reference-data.json';
import type { Issuer, Listing, ReferenceData } from './types';

/** Thrown when reference data does not match the documented format; `path` points at the offending field. */
export class ReferenceDataError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'ReferenceDataError';
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (o: Obj, key: string, path: string): string => {
  const v = o[key];
  if (typeof v !== 'string' || v.trim() === '')
    throw new ReferenceDataError('expected a non-empty string', `${path}.${key}`);
  return v;
};

const strList = (o: Obj, key: string, path: string): string[] => {
  const v = o[key];
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string' && x.trim() !== '')) {
    throw new ReferenceDataError('expected an array of non-empty strings', `${path}.${key}`);
  }
  return v;
};

const validTimeZone = (tz: string, path: string): string => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ReferenceDataError(`unknown IANA time zone '${tz}'`, path);
  }
  return tz;
};

const parseListing = (v: unknown, path: string): Listing => {
  if (!isObj(v)) throw new ReferenceDataError('expected an object', path);
  const symbol = str(v, 'symbol', path);
  const currency = str(v, 'currency', path);
  if (!/^[A-Z]{3}$/.test(currency)) throw new ReferenceDataError('expected an ISO 4217 code', `${path}.currency`);
  const exchange = str(v, 'exchange', path);
  if (!/^[A-Z0-9]{4}$/.test(exchange)) throw new ReferenceDataError('expected an ISO 10383 MIC', `${path}.exchange`);
  const bare = v.bareTicker;
  if (bare !== undefined && typeof bare !== 'boolean')
    throw new ReferenceDataError('expected a boolean', `${path}.bareTicker`);
  return {
    symbol,
    exchange,
    currency,
    benchmark: str(v, 'benchmark', path),
    timeZone: validTimeZone(str(v, 'timeZone', path), `${path}.timeZone`),
    bareTicker: bare ?? symbol.length >= 3,
    aliases: strList(v, 'aliases', path),
  };
};

const parseIssuer = (v: unknown, path: string): Issuer => {
  if (!isObj(v)) throw new ReferenceDataError('expected an object', path);
  const id = str(v, 'id', path);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new ReferenceDataError('expected a kebab-case id', `${path}.id`);
  const listings = v.listings;
  if (!Array.isArray(listings) || listings.length === 0) {
    throw new ReferenceDataError('expected a non-empty array', `${path}.listings`);
  }
  return {
    id,
    name: str(v, 'name', path),
    aliases: strList(v, 'aliases', path),
    homeTimeZone: validTimeZone(str(v, 'homeTimeZone', path), `${path}.homeTimeZone`),
    listings: listings.map((l, i) => parseListing(l, `${path}.listings[${i}]`)),
  };
};

/**
 * Validates parsed reference data (the JSON documented in the package README) and fills defaults.
 * The package never reads files: the caller parses the file and passes the content.
 * @throws ReferenceDataError when a field is missing or malformed, or when an issuer id or listing symbol repeats.
 */
export function loadReferenceData(parsed: unknown): ReferenceData {
  if (!isObj(parsed)) throw new ReferenceDataError('expected an object', '$');
  if (parsed.version !== 1) throw new ReferenceDataError('expected 1', '$.version');
  if (!Array.isArray(parsed.issuers)) throw new ReferenceDataError('expected an array', '$.issuers');
  const issuers = parsed.issuers.map((v, i) => parseIssuer(v, `$.issuers[${i}]`));
  const ids = new Set<string>();
  const symbols = new Set<string>();
  issuers.forEach((issuer, i) => {
    if (ids.has(issuer.id)) throw new ReferenceDataError(`duplicate issuer id '${issuer.id}'`, `$.issuers[${i}].id`);
    ids.add(issuer.id);
    for (const l of issuer.listings) {
      if (symbols.has(l.symbol)) throw new ReferenceDataError(`duplicate symbol '${l.symbol}'`, `$.issuers[${i}]`);
      symbols.add(l.symbol);
    }
  });
  return { version: 1, issuers };
}

/**
 * Merges reference data sets; later sets replace issuers with the same id.
 * Use it to add your own issuers to {@link defaultReferenceData}.
 */
export function mergeReferenceData(...sets: readonly ReferenceData[]): ReferenceData {
  const byId = new Map<string, Issuer>();
  for (const set of sets) for (const issuer of set.issuers) byId.set(issuer.id, issuer);
  return loadReferenceData({ version: 1, issuers: [...byId.values()] });
}

/** The bundled reference data (`data/reference-data.json`): Alibaba (BABA, 9988.HK), Alcoa (AA) and the FNSPID 50-ticker panel. */
export const defaultReferenceData: ReferenceData = loadReferenceData(defaultJson);
