import type { EvidenceField, Issuer, IssuerMention, LinkedListing, ReferenceData } from './types';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Matcher {
  readonly issuerId: string;
  readonly kind: 'name' | 'ticker';
  readonly re: RegExp;
}

const EXCHANGE_PREFIX = '(?:NYSE|NASDAQ|Nasdaq|NYSEArca|NYSEARCA|NYSEMKT|AMEX|HKEX|HKG|SEHK|OTC)';

const matcherCache = new WeakMap<ReferenceData, readonly Matcher[]>();

function buildMatchers(ref: ReferenceData): readonly Matcher[] {
  const cached = matcherCache.get(ref);
  if (cached !== undefined) return cached;
  const out: Matcher[] = [];
  for (const issuer of ref.issuers) {
    const names = [...issuer.aliases].sort((a, b) => b.length - a.length).map(escape);
    if (names.length > 0) {
      // Case-sensitive so that "apple" (the fruit) is not Apple; a trailing possessive is left outside the match.
      out.push({
        issuerId: issuer.id,
        kind: 'name',
        re: new RegExp(`(?<![\\w&-])(?:${names.join('|')})(?![\\w&]|-\\w)`, 'g'),
      });
    }
    const contextual: string[] = [];
    const bare: string[] = [];
    for (const l of issuer.listings) {
      for (const t of [l.symbol, ...l.aliases]) {
        contextual.push(escape(t));
        if (l.bareTicker && /^[A-Z][A-Z.-]{2,}$/.test(t)) bare.push(escape(t));
      }
    }
    const ctx = contextual.join('|');
    // "( AA )", "(NYSE: AA)", "NASDAQ:AAPL", "$AAPL": an explicit ticker context makes even one-letter symbols safe.
    out.push({
      issuerId: issuer.id,
      kind: 'ticker',
      re: new RegExp(
        `(?<=\\(\\s*(?:${EXCHANGE_PREFIX}\\s*:\\s*)?)(?:${ctx})(?=\\s*[),;])|(?<=${EXCHANGE_PREFIX}\\s*:\\s*)(?:${ctx})\\b|(?<=\\$)(?:${ctx})\\b`,
        'g',
      ),
    });
    if (bare.length > 0) {
      out.push({
        issuerId: issuer.id,
        kind: 'ticker',
        re: new RegExp(`(?<![\\w$.-])(?:${bare.join('|')})(?![\\w-]|\\.\\w)`, 'g'),
      });
    }
  }
  matcherCache.set(ref, out);
  return out;
}

const lowerCache = new WeakMap<ReferenceData, readonly Matcher[]>();

// Some feeds lower-case headlines (URL slugs); there, names of 4+ letters are matched case-insensitively, tickers never.
function buildLowerCaseMatchers(ref: ReferenceData): readonly Matcher[] {
  const cached = lowerCache.get(ref);
  if (cached !== undefined) return cached;
  const out = ref.issuers.flatMap((issuer): Matcher[] => {
    const names = issuer.aliases.filter((a) => a.length >= 4).sort((a, b) => b.length - a.length);
    if (names.length === 0) return [];
    const re = new RegExp(`(?<![\\w&-])(?:${names.map((n) => escape(n.toLowerCase())).join('|')})(?![\\w&]|-\\w)`, 'g');
    return [{ issuerId: issuer.id, kind: 'name', re }];
  });
  lowerCache.set(ref, out);
  return out;
}

/**
 * Finds every issuer name, alias or ticker in one field of a story, in text order, without overlapping spans.
 * Names are matched case-sensitively, except in an all-lower-case field.
 */
export function findMentions(value: string, field: EvidenceField, ref: ReferenceData): IssuerMention[] {
  const found: IssuerMention[] = [];
  const matchers = /[A-Z]/.test(value) ? buildMatchers(ref) : buildLowerCaseMatchers(ref);
  for (const m of matchers) {
    for (const hit of value.matchAll(m.re)) {
      found.push({
        issuerId: m.issuerId,
        field,
        start: hit.index,
        end: hit.index + hit[0].length,
        phrase: hit[0],
        kind: m.kind,
      });
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
