/** Where a symbol trades: its exchange (MIC), currency, calendar time zone, and whether it is an index. */
export interface SymbolListing {
  readonly exchange: string;
  readonly currency: string;
  readonly timeZone: string;
  readonly isIndex: boolean;
}

const XNYS = { exchange: 'XNYS', currency: 'USD', timeZone: 'America/New_York' } as const;
const XHKG = { exchange: 'XHKG', currency: 'HKD', timeZone: 'Asia/Hong_Kong' } as const;

/** The exchanges whose sessions we know: MIC → IANA zone. */
export const exchangeTimeZones: Readonly<Record<string, string>> = { XNYS: XNYS.timeZone, XHKG: XHKG.timeZone };

const hongKongIndices = new Set(['^HSI', '^HSTECH']);

/**
 * The small mapping the loaders need: `.HK` symbols and Hong Kong indices trade on XHKG in HKD, everything else in
 * the data is US-listed and is put on the NYSE calendar in USD (Nasdaq listings share the NYSE sessions). `^` marks an index.
 */
export function listingForSymbol(symbol: string): SymbolListing {
  const isIndex = symbol.startsWith('^');
  if (symbol.endsWith('.HK') || hongKongIndices.has(symbol)) return { ...XHKG, isIndex };
  return { ...XNYS, isIndex };
}
