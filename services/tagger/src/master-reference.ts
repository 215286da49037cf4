import { isSafeBareTicker } from './linking';
import type { Issuer, Listing, ReferenceData } from './types';

/**
 * The parts of a security-master issuer the tagger reads (structurally `@newswindow/reference`'s `Issuer`; the tagger
 * imports only schemas, so the composition root passes the master in as data).
 */
export interface MasterIssuerInput {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly { readonly name: string }[];
  readonly listings: readonly {
    readonly mic: string;
    readonly calendar?: string;
    readonly symbol: string;
    readonly currency: string;
    readonly benchmark: string;
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

/**
 * Linking reference data from security-master issuers: every name and alias (former names included: a 2019 story
 * says "Facebook"), every listing with its benchmark and time zone, bare tickers only when safe (three or more
 * capitals, not an English word). `overrides` (by issuer id, e.g. the bundled curated issuers) replace master issuers.
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
    const seen = new Set<string>();
    const listings: Listing[] = [];
    for (const l of m.listings) {
      if (seen.has(l.symbol)) continue;
      seen.add(l.symbol);
      listings.push({
        symbol: l.symbol,
        exchange: l.mic,
        currency: l.currency,
        benchmark: l.benchmark,
        timeZone: timeZoneOf(l.calendar ?? l.mic) ?? 'UTC',
        bareTicker: isSafeBareTicker(l.symbol),
        aliases: symbolAliases(l.symbol),
      });
    }
    if (listings.length === 0) continue;
    out.push({
      id: m.id,
      name: m.name,
      aliases: [...new Set(m.aliases.map((a) => a.name).filter((n) => n.trim() !== '' && n !== m.name))],
      homeTimeZone: listings[0]!.timeZone,
      listings,
    });
  }
  out.push(...replaced.values());
  return { version: 1, issuers: out };
}
