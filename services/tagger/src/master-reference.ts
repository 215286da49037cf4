import { LEGAL_FORMS, isAscii, isCommonWord, isFrequentWord, isSafeBareTicker } from './linking';
import type { Issuer, Listing, ReferenceData } from './types';

/**
 * The parts of a security-master issuer the tagger reads (structurally `@newswindow/reference`'s `Issuer`; the tagger
 * imports only schemas, so the composition root passes the master in as data).
 */
export interface MasterIssuerInput {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly {
    readonly name: string;
    readonly validFrom?: string | null;
    readonly validTo?: string | null;
  }[];
  readonly listings: readonly {
    readonly mic: string;
    readonly calendar?: string;
    readonly symbol: string;
    readonly currency: string;
    readonly benchmark: string;
    readonly validFrom?: string | null;
    readonly validTo?: string | null;
  }[];
}

/** Extra spellings of a symbol: Hong Kong codes without suffix (`9988`, `09988`), share classes (`BRK.B` / `BRK-B`). */
function symbolAliases(symbol: string): string[] {
  const hk = /^0*(\d{1,5})\.HK$/.exec(symbol);
  if (hk !== null) return [hk[1]!, hk[1]!.padStart(5, '0')];
  const cls = /^([A-Z]+)-([A-Z])$/.exec(symbol);
  if (cls !== null) return [`${cls[1]!}.${cls[2]!}`];
  return [];
}

const isDated = (r: { readonly validFrom?: string | null; readonly validTo?: string | null }): boolean =>
  typeof r.validFrom === 'string' || typeof r.validTo === 'string';

/** An issuer's name and its undated aliases: the names short forms derive from (a dated name's would outlive it). */
const undatedNames = (m: MasterIssuerInput): string[] => [
  m.name,
  ...m.aliases.filter((a) => !isDated(a)).map((a) => a.name),
];

// A trailing legal form, or holding/group word ("Tencent Holdings Ltd" is "Tencent", "SkyWest, Inc." "SkyWest").
const LEGAL_SUFFIX = new RegExp(`(?:,?\\s+(?:${LEGAL_FORMS}))$`);

/** Trailing words that describe the business rather than name it: "Meta Platforms" is "Meta" in news. */
const DESCRIPTOR_SUFFIX =
  /\s+(?:Platforms|Technologies|Technology|Networks|Systems|Software|Semiconductors?|Pharmaceuticals|Therapeutics|Communications|Entertainment|Interactive|Enterprises|Brands|Banking|Motors?|Pharmaceutical|Automobile|Health)$/;

/** One step of dropping a name's legal form or descriptor: what is left, and whether a descriptor went. */
interface NameStep {
  readonly rest: string;
  readonly droppedDescriptor: boolean;
}

/** Each shorter form of a name, dropping one legal form, descriptor or leading `The` per step. */
function nameSteps(name: string): NameStep[] {
  const out: NameStep[] = [];
  let rest = name.trim();
  for (;;) {
    // A disambiguator ("Rio Tinto (corporation)") and the "and" a dropped "Company" leaves ("Eli Lilly and") go too.
    const legal = rest
      .replace(/\s*\([^)]*\)$/, '')
      .replace(LEGAL_SUFFIX, '')
      .replace(/^The\s+/, '');
    const described = legal.replace(DESCRIPTOR_SUFFIX, '');
    const next = described.replace(/(?:[,&\s]+|\s+and)$/, '');
    if (next === rest || next === '') return out;
    out.push({ rest: next, droppedDescriptor: described !== legal });
    rest = next;
  }
}

/** Whether a name has a word that is not an English word, or is an initialism that spells none ("HP", "AES"). */
function isDistinctive(name: string): boolean {
  return (
    (/^[A-Z]{2,4}$/.test(name) && !isCommonWord(name.toLowerCase())) ||
    name
      .toLowerCase()
      .split(/\s+/)
      .map((w) => w.replace(/[^a-z]/g, ''))
      .some((w) => w.length >= 3 && !isCommonWord(w))
  );
}

/**
 * The shorter names an issuer goes by in text: its name without legal form, `Holdings` or `Group` (and without a
 * leading `The`), each step kept only while what remains has a word that is not an English word, so "Tencent Holdings
 * Ltd" gives "Tencent Holdings" and "Tencent", "Moody's Corporation" "Moody's", "Meta Platforms, Inc." "Meta", while "Ball Corporation",
 * "The Southern Company" or "Air Lease Corporation" give nothing here ("Ball", "Southern", "Air Lease" are ordinary
 * words: see {@link wordNamesOf}).
 */
export function shortNamesOf(name: string): string[] {
  const out: string[] = [];
  for (const { rest } of nameSteps(name)) {
    if (!isDistinctive(rest)) break;
    out.push(rest);
  }
  return out;
}

/**
 * The short names of ordinary words that the distinctive ones stop short of, which news uses all the same ("Target
 * to cut prices", "Li Auto delivers a record", "Hang Lung Properties"): several capitalised words, or one capitalised
 * word left by dropping a legal form ("Target" of "Target Corporation", "Visa" of "Visa Inc.") or a descriptor, unless
 * it is among the most frequent words ("Ford" of "Ford Motor", but not "General" of "General Motors"). The linker reads
 * the one-word names only as written in text with case, where a capital marks a name, never in case-less text, where
 * "price target" is a slug's words.
 */
export function wordNamesOf(name: string): string[] {
  const out: string[] = [];
  for (const { rest, droppedDescriptor } of nameSteps(name)) {
    if (isDistinctive(rest)) continue;
    const words = rest.split(/\s+/);
    if (words.length > 1) {
      if (words.every((w) => /^[A-Z0-9]/.test(w))) out.push(rest);
      continue;
    }
    const frequent = isFrequentWord(rest.toLowerCase());
    // A frequent plural ("News" of News Corp, "Employers", "Partners") opens sentences as the plain noun.
    if (/^[A-Z][a-z]{2,}$/.test(rest) && !(frequent && (droppedDescriptor || rest.endsWith('s')))) out.push(rest);
    break;
  }
  return out;
}

/**
 * Names of exchanges and market indices: a short name equal to one ("Nasdaq" from "Nasdaq, Inc.", "Dow") is the market
 * in news ("(NASDAQ: AAPL)", "the Nasdaq rallied", "the Dow"), not the company that runs it, which keeps its full name.
 */
const MARKET_NAMES: ReadonlySet<string> = new Set([
  'nasdaq',
  'nyse',
  'amex',
  'cboe',
  'dow',
  'dow jones',
  's&p',
  'russell',
  'ftse',
  'stoxx',
  'nikkei',
  'topix',
  'hang seng',
  'kospi',
  'sensex',
  'nifty',
  'dax',
  'cac',
  'tsx',
  'asx',
  'euronext',
  'hkex',
  'lse',
  'jpx',
  'sgx',
  'msci',
]);

/** The names derived for one issuer: distinctive short names, and the ordinary-word ones of {@link wordNamesOf}. */
interface DerivedNames {
  /** Linked like the issuer's own names. */
  readonly names: readonly string[];
  /** Of ordinary words: linked only as written and standing alone (`Issuer.wordAliases`). */
  readonly words: readonly string[];
}

/**
 * The short names of each issuer (from its name and undated aliases: a dated name's short form would outlive it), less
 * those that are ambiguous: derived for two issuers ("EQT" for EQT Corporation and EQT AB) or another issuer's own
 * name or alias ("Merck" from "Merck Group" is Merck & Co.'s name).
 */
function derivedNames(issuers: readonly MasterIssuerInput[], overrides: ReferenceData): Map<string, DerivedNames> {
  const owners = new Map<string, Set<string>>();
  const own = (name: string, id: string): void => {
    const key = name.toLowerCase();
    owners.set(key, (owners.get(key) ?? new Set()).add(id));
  };
  for (const m of issuers) for (const a of [m.name, ...m.aliases.map((x) => x.name)]) own(a, m.id);
  for (const o of overrides.issuers) for (const a of [o.name, ...o.aliases]) own(a, o.id);
  const derived = new Map<string, { names: string[]; words: string[] }>();
  const derivedBy = new Map<string, Set<string>>();
  for (const m of issuers) {
    const undated = undatedNames(m);
    const names = [...new Set(undated.flatMap(shortNamesOf))];
    const words = [...new Set(undated.flatMap(wordNamesOf))];
    derived.set(m.id, { names, words });
    for (const n of [...names, ...words])
      derivedBy.set(n.toLowerCase(), (derivedBy.get(n.toLowerCase()) ?? new Set()).add(m.id));
  }
  const unambiguous =
    (id: string) =>
    (n: string): boolean => {
      const key = n.toLowerCase();
      return (
        !MARKET_NAMES.has(key) && derivedBy.get(key)?.size === 1 && [...(owners.get(key) ?? [])].every((o) => o === id)
      );
    };
  const out = new Map<string, DerivedNames>();
  for (const [id, { names, words }] of derived)
    out.set(id, { names: names.filter(unambiguous(id)), words: words.filter(unambiguous(id)) });
  return out;
}

/**
 * A name as text without its accents also writes it ("Nestle" for "Nestlé", "Estee Lauder"), and German umlauts as a
 * following `e` ("Deutsche Boerse"); ASCII names give nothing.
 */
export function asciiSpellings(name: string): string[] {
  if (isAscii(name)) return [];
  const strip = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '');
  const umlauts = name.replace(/[äöüÄÖÜ]/g, (c) => `${strip(c)}e`);
  return [...new Set([strip(name), strip(umlauts)])].filter((n) => n !== name && isAscii(n));
}

const minDate = (a: string, b: string): string => (a < b ? a : b);
const maxDate = (a: string, b: string): string => (a > b ? a : b);

/**
 * Linking reference data from security-master issuers: every name and alias (former names included: a 2019 story
 * says "Facebook"), every listing with its benchmark and time zone, bare tickers only when safe (three or more
 * capitals, not an English word), with the dates of listings and names (a story links by a name or symbol only when
 * it was the issuer's on the story's date: see `findMentions`' `asOf`). `overrides` (by issuer id, e.g. the bundled
 * curated issuers) replace master issuers whose names and listings carry no dates.
 */
export function referenceDataFromMaster(
  issuers: readonly MasterIssuerInput[],
  timeZoneOf: (calendar: string) => string | undefined,
  overrides: ReferenceData = { version: 1, issuers: [] },
): ReferenceData {
  // An issuer whose names or listings the master dates (the Alcoa split, FB → META) keeps the master's record: curated
  // spellings are undated ("Alcoa Inc" for Alcoa Corporation, listed only from 2016-11-01) and would link it before it
  // existed, beside the issuer that had the name then.
  const datedIds = new Set(issuers.filter((m) => [...m.aliases, ...m.listings].some(isDated)).map((m) => m.id));
  const usable: ReferenceData = { version: 1, issuers: overrides.issuers.filter((o) => !datedIds.has(o.id)) };
  const replaced = new Map(usable.issuers.map((i) => [i.id, i]));
  const derived = derivedNames(issuers, usable);
  const out: Issuer[] = [];
  for (const m of issuers) {
    const own = replaced.get(m.id);
    const { names, words } = derived.get(m.id) ?? { names: [], words: [] };
    if (own !== undefined) {
      // A curated issuer keeps its own names; the master's one-word name still links it as written ("Target").
      const ownWords = words.filter((w) => !own.aliases.includes(w) && w !== own.name);
      out.push(ownWords.length === 0 ? own : { ...own, wordAliases: ownWords });
      replaced.delete(m.id);
      continue;
    }
    // One listing per symbol; a symbol listed over several periods is valid over their span (null = open).
    const bySymbol = new Map<string, Listing>();
    for (const l of m.listings) {
      const prev = bySymbol.get(l.symbol);
      const from = l.validFrom ?? null;
      const to = l.validTo ?? null;
      if (prev !== undefined) {
        bySymbol.set(l.symbol, {
          ...prev,
          validFrom: prev.validFrom === null || from === null ? null : minDate(prev.validFrom!, from),
          validTo: prev.validTo === null || to === null ? null : maxDate(prev.validTo!, to),
        });
        continue;
      }
      bySymbol.set(l.symbol, {
        symbol: l.symbol,
        exchange: l.mic,
        currency: l.currency,
        benchmark: l.benchmark,
        timeZone: timeZoneOf(l.calendar ?? l.mic) ?? 'UTC',
        bareTicker: isSafeBareTicker(l.symbol),
        aliases: symbolAliases(l.symbol),
        validFrom: from,
        validTo: to,
      });
    }
    const listings = [...bySymbol.values()];
    if (listings.length === 0) continue;
    const dated = m.aliases.filter((a) => (a.validFrom ?? null) !== null || (a.validTo ?? null) !== null);
    out.push({
      id: m.id,
      name: m.name,
      // Short names derive from undated names only, so they carry no dates of their own.
      aliases: [
        ...new Set(
          [...m.aliases.map((a) => a.name), ...names, ...[...undatedNames(m), ...names].flatMap(asciiSpellings)].filter(
            (n) => n.trim() !== '' && n !== m.name,
          ),
        ),
      ],
      ...(words.length === 0 ? {} : { wordAliases: words }),
      homeTimeZone: listings[0]!.timeZone,
      listings,
      ...(dated.length === 0
        ? {}
        : {
            aliasValidity: m.aliases.map((a) => ({
              name: a.name,
              validFrom: a.validFrom ?? null,
              validTo: a.validTo ?? null,
            })),
          }),
    });
  }
  out.push(...replaced.values());
  return { version: 1, issuers: out };
}
