import type { EvidenceField, Issuer, IssuerMention, LinkedListing, ReferenceData } from './types';

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
 * A matcher set with an index of its literals by first character, so that one pass over the text finds the few
 * positions where each matcher can match (instead of one full regex scan per issuer and matcher).
 */
interface MatcherSet {
  readonly matchers: readonly Matcher[];
  /** First UTF-16 code unit → [literal, matcher index] pairs. */
  readonly byFirst: ReadonlyMap<number, readonly (readonly [string, number])[]>;
}

function indexMatchers(matchers: readonly Matcher[]): MatcherSet {
  const byFirst = new Map<number, [string, number][]>();
  matchers.forEach((m, i) => {
    for (const lit of new Set(m.literals)) {
      if (lit === '') continue;
      const c = lit.charCodeAt(0);
      const list = byFirst.get(c) ?? [];
      list.push([lit, i]);
      byFirst.set(c, list);
    }
  });
  return { matchers, byFirst };
}

const EXCHANGE_PREFIX = '(?:NYSE|NASDAQ|Nasdaq|NYSEArca|NYSEARCA|NYSEMKT|AMEX|HKEX|HKG|SEHK|OTC)';

const matcherCache = new WeakMap<ReferenceData, MatcherSet>();

function buildMatchers(ref: ReferenceData): MatcherSet {
  const cached = matcherCache.get(ref);
  if (cached !== undefined) return cached;
  const out: Matcher[] = [];
  for (const issuer of ref.issuers) {
    const aliases = [...issuer.aliases].sort((a, b) => b.length - a.length);
    const names = aliases.map(escape);
    if (names.length > 0) {
      // Case-sensitive so that "apple" (the fruit) is not Apple; a trailing possessive is left outside the match.
      out.push({
        issuerId: issuer.id,
        kind: 'name',
        re: new RegExp(`(?<![\\w&-])(?:${names.join('|')})(?![\\w&]|-\\w)`, 'y'),
        literals: aliases,
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
        if (l.bareTicker && /^[A-Z][A-Z.-]{2,}$/.test(t)) {
          bare.push(escape(t));
          bareLiterals.push(t);
        }
      }
    }
    const ctx = contextual.join('|');
    // "( AA )", "(NYSE: AA)", "NASDAQ:AAPL", "$AAPL": an explicit ticker context makes even one-letter symbols safe.
    out.push({
      issuerId: issuer.id,
      kind: 'ticker',
      re: new RegExp(
        `(?<=\\(\\s*(?:${EXCHANGE_PREFIX}\\s*:\\s*)?)(?:${ctx})(?=\\s*[),;])|(?<=${EXCHANGE_PREFIX}\\s*:\\s*)(?:${ctx})\\b|(?<=\\$)(?:${ctx})\\b`,
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

// Some feeds lower-case headlines (URL slugs); there, names of 4+ letters are matched case-insensitively, tickers never.
function buildLowerCaseMatchers(ref: ReferenceData): MatcherSet {
  const cached = lowerCache.get(ref);
  if (cached !== undefined) return cached;
  const out = ref.issuers.flatMap((issuer): Matcher[] => {
    const names = issuer.aliases.filter((a) => a.length >= 4).sort((a, b) => b.length - a.length);
    if (names.length === 0) return [];
    const lower = names.map((n) => n.toLowerCase());
    const re = new RegExp(`(?<![\\w&-])(?:${lower.map(escape).join('|')})(?![\\w&]|-\\w)`, 'y');
    return [{ issuerId: issuer.id, kind: 'name', re, literals: lower }];
  });
  const set = indexMatchers(out);
  lowerCache.set(ref, set);
  return set;
}

/**
 * Finds every issuer name, alias or ticker in one field of a story, in text order, without overlapping spans.
 * Names are matched case-sensitively, except in an all-lower-case field.
 */
export function findMentions(value: string, field: EvidenceField, ref: ReferenceData): IssuerMention[] {
  const found: IssuerMention[] = [];
  const { matchers, byFirst } = /[A-Z]/.test(value) ? buildMatchers(ref) : buildLowerCaseMatchers(ref);
  // Every match of a matcher starts with one of its literals: collect, per matcher, the positions where one starts.
  const candidates: number[][] = matchers.map(() => []);
  for (let p = 0; p < value.length; p++) {
    const list = byFirst.get(value.charCodeAt(p));
    if (list === undefined) continue;
    for (const [lit, i] of list) {
      if (!value.startsWith(lit, p)) continue;
      const c = candidates[i]!;
      if (c[c.length - 1] !== p) c.push(p);
    }
  }
  // Trying the sticky pattern at each candidate in text order, skipping candidates inside the previous match, gives
  // exactly the matches of a global scan (`matchAll`) with the same pattern.
  matchers.forEach((m, i) => {
    let lastEnd = 0;
    for (const p of candidates[i]!) {
      if (p < lastEnd) continue;
      m.re.lastIndex = p;
      const hit = m.re.exec(value);
      if (hit === null) continue;
      const end = p + hit[0].length;
      found.push({ issuerId: m.issuerId, field, start: p, end, phrase: hit[0], kind: m.kind });
      lastEnd = end;
    }
  });
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

/** The listings of an issuer in output form (without matching hints). */
export function listingsOf(issuer: Issuer): LinkedListing[] {
  return issuer.listings.map((l) => ({
    symbol: l.symbol,
    exchange: l.exchange,
    currency: l.currency,
    benchmark: l.benchmark,
    timeZone: l.timeZone,
    issuerId: issuer.id,
    issuerName: issuer.name,
  }));
}
