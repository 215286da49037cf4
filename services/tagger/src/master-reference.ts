import { isSafeBareTicker } from './linking';
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

const minDate = (a: string, b: string): string => (a < b ? a : b);
const maxDate = (a: string, b: string): string => (a > b ? a : b);

/**
 * Linking reference data from security-master issuers: every name and alias (former names included: a 2019 story
 * says "Facebook"), every listing with its benchmark and time zone, bare tickers only when safe (three or more
 * capitals, not an English word), with the dates of listings and names (a story links by a name or symbol only when
 * it was the issuer's on the story's date: see `findMentions`' `asOf`). `overrides` (by issuer id, e.g. the bundled
 * curated issuers) replace master issuers.
 */
export function referenceDataFromMaster(
  issuers: readonly MasterIssuerInput[],
  timeZoneOf: (calendar: string) => string | undefined,
  overrides: ReferenceData = { version: 1, issuers: [] },
): ReferenceData {
  const replaced = new Map(overrides.issuers.map((i) => [i.id, i]));
  const out: Issuer[] = [];
  for (const m of issuers) {
    const own = replaced.get(m.id);
    if (own !== undefined) {
      out.push(own);
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
      aliases: [...new Set(m.aliases.map((a) => a.name).filter((n) => n.trim() !== '' && n !== m.name))],
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
