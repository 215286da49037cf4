import { SecurityMasterConflictError } from './errors';
import type { Alias, Issuer, Listing } from './types';

/** A listing with the issuer that held it. */
export interface IssuerListing {
  readonly issuer: Issuer;
  readonly listing: Listing;
}

/** One name an issuer is known by, for entity linking (see {@link SecurityMaster.linkingIndex}). */
export interface NameEntry {
  readonly name: string;
  /** {@link normalizeName} of `name`: the key to match text against. */
  readonly key: string;
  readonly issuerId: string;
  readonly kind: Alias['kind'] | 'name';
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

/** One ticker, for entity linking. */
export interface TickerEntry {
  readonly symbol: string;
  readonly mic: string;
  readonly issuerId: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

/** What the tagger needs to link text to issuers: every name and ticker with its validity. */
export interface LinkingIndex {
  readonly names: readonly NameEntry[];
  readonly tickers: readonly TickerEntry[];
}

/** Lookups over the merged master. Every date is an ISO `YYYY-MM-DD` day the question is about. */
export interface SecurityMaster {
  readonly issuers: readonly Issuer[];
  issuer(id: string): Issuer | undefined;
  /** The issuer's listings valid on `date`. */
  listingsOn(issuerId: string, date: string): readonly Listing[];
  /**
   * The listing that carried `symbol` on `date` (a story links to the listing valid on its publication date), or
   * undefined. Case-insensitive; `BRK.B` finds `BRK-B`. With `mic`, only that exchange.
   */
  listingBySymbol(symbol: string, date: string, mic?: string): IssuerListing | undefined;
  /** Every listing that ever carried `symbol`, oldest first. */
  listingHistory(symbol: string): readonly IssuerListing[];
  /** Issuers known by `name` (legal, short, former or brand name; case and punctuation ignored) on `date`. */
  issuersByName(name: string, date?: string): readonly Issuer[];
  /** The default benchmark of the listing that carried `symbol` on `date`. */
  benchmarkOf(symbol: string, date: string, mic?: string): string | undefined;
  /** Names and tickers of every issuer, for the tagger's entity linking. */
  linkingIndex(): LinkingIndex;
}

/** True when a dated record (`validFrom` inclusive, `validTo` exclusive, null = open) covers `date`. */
export const validOn = (
  record: { readonly validFrom: string | null; readonly validTo: string | null },
  date: string,
): boolean =>
  (record.validFrom === null || record.validFrom <= date) && (record.validTo === null || date < record.validTo);

/** The matching key of a name: lower case, accents and punctuation dropped, spaces collapsed (`Alcoa, Inc.` → `alcoa inc`). */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const symbolKey = (symbol: string): string => symbol.toUpperCase();
/** `BRK.B` and `BRK/B` are spelled `BRK-B` by Yahoo; exchange suffixes (`.HK`) have two or more letters. */
const classKey = (symbol: string): string => symbol.toUpperCase().replace(/[./]([A-Z])$/, '-$1');

const overlaps = (a: Listing, b: Listing): boolean =>
  (a.validFrom === null || b.validTo === null || a.validFrom < b.validTo) &&
  (b.validFrom === null || a.validTo === null || b.validFrom < a.validTo);

function namesOf(issuer: Issuer): NameEntry[] {
  const entries: NameEntry[] = issuer.aliases.map((a) => ({
    name: a.name,
    key: normalizeName(a.name),
    issuerId: issuer.id,
    kind: a.kind,
    validFrom: a.validFrom,
    validTo: a.validTo,
  }));
  const nameKey = normalizeName(issuer.name);
  // A dated alias of the same name says when the name was valid: it wins over the undated display name.
  if (!entries.some((e) => e.key === nameKey))
    entries.push({
      name: issuer.name,
      key: nameKey,
      issuerId: issuer.id,
      kind: 'name',
      validFrom: null,
      validTo: null,
    });
  return entries;
}

/**
 * Builds the lookups over a list of issuers (ids unique). Throws {@link SecurityMasterConflictError} when two issuers
 * hold one symbol on one exchange over overlapping dates.
 */
export function createSecurityMaster(issuers: readonly Issuer[]): SecurityMaster {
  const byId = new Map<string, Issuer>();
  const bySymbol = new Map<string, IssuerListing[]>();
  const tickers: TickerEntry[] = [];

  for (const issuer of issuers) {
    byId.set(issuer.id, issuer);
    for (const listing of issuer.listings) {
      const key = symbolKey(listing.symbol);
      const held = bySymbol.get(key) ?? [];
      const clash = held.find(
        (h) => h.issuer.id !== issuer.id && h.listing.mic === listing.mic && overlaps(h.listing, listing),
      );
      if (clash !== undefined)
        throw new SecurityMasterConflictError(listing.mic, listing.symbol, [clash.issuer.id, issuer.id]);
      held.push({ issuer, listing });
      bySymbol.set(key, held);
      tickers.push({
        symbol: listing.symbol,
        mic: listing.mic,
        issuerId: issuer.id,
        validFrom: listing.validFrom,
        validTo: listing.validTo,
      });
    }
  }
  for (const held of bySymbol.values())
    held.sort((a, b) => (a.listing.validFrom ?? '').localeCompare(b.listing.validFrom ?? ''));

  // Names are normalised on first use: most processes only resolve symbols.
  let nameIndex: { readonly names: NameEntry[]; readonly byName: Map<string, NameEntry[]> } | undefined;
  const names = (): NonNullable<typeof nameIndex> => {
    if (nameIndex !== undefined) return nameIndex;
    const all = issuers.flatMap(namesOf);
    const byName = new Map<string, NameEntry[]>();
    for (const entry of all) byName.set(entry.key, [...(byName.get(entry.key) ?? []), entry]);
    nameIndex = { names: all, byName };
    return nameIndex;
  };

  const candidates = (symbol: string): readonly IssuerListing[] =>
    bySymbol.get(symbolKey(symbol)) ?? bySymbol.get(classKey(symbol)) ?? [];

  const listingBySymbol = (symbol: string, date: string, mic?: string): IssuerListing | undefined =>
    candidates(symbol).find((c) => validOn(c.listing, date) && (mic === undefined || c.listing.mic === mic));

  return {
    issuers,
    issuer: (id) => byId.get(id),
    listingsOn: (issuerId, date) => (byId.get(issuerId)?.listings ?? []).filter((l) => validOn(l, date)),
    listingBySymbol,
    listingHistory: (symbol) => candidates(symbol),
    issuersByName: (name, date) => {
      const ids = new Set(
        (names().byName.get(normalizeName(name)) ?? [])
          .filter((e) => date === undefined || validOn(e, date))
          .map((e) => e.issuerId),
      );
      return [...ids].sort().flatMap((id) => byId.get(id) ?? []);
    },
    benchmarkOf: (symbol, date, mic) => listingBySymbol(symbol, date, mic)?.listing.benchmark,
    linkingIndex: () => ({ names: names().names, tickers }),
  };
}
