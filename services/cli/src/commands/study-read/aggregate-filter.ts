/** The filters of `study aggregate` beyond the tag; every field narrows the set of studies. */
export interface AggregateFilter {
  /** First day 0 included (`YYYY-MM-DD`). */
  readonly from?: string;
  /** Last day 0 included. */
  readonly to?: string;
  /** Listing symbol (`AAPL`, `9988.HK`), case-insensitive. */
  readonly listing?: string;
  /** Exchange MIC of the listing (`XNAS`). */
  readonly exchange?: string;
  /** The benchmark the study was measured against (`^GSPC`, `QQQ`). */
  readonly benchmark?: string;
}

/** A computed study as the aggregate sees it. */
export interface FilterableStudy {
  readonly listing: { readonly symbol: string; readonly exchange: string };
  readonly day0: string;
  readonly marketIndex: string | null;
}

export const hasFilter = (f: AggregateFilter): boolean =>
  f.from !== undefined ||
  f.to !== undefined ||
  f.listing !== undefined ||
  f.exchange !== undefined ||
  f.benchmark !== undefined;

/** The studies that pass every filter. */
export function filterStudies<T extends FilterableStudy>(studies: readonly T[], f: AggregateFilter): T[] {
  const listing = f.listing?.toUpperCase();
  const exchange = f.exchange?.toUpperCase();
  return studies.filter(
    (s) =>
      (f.from === undefined || s.day0 >= f.from) &&
      (f.to === undefined || s.day0 <= f.to) &&
      (listing === undefined || s.listing.symbol.toUpperCase() === listing) &&
      (exchange === undefined || s.listing.exchange.toUpperCase() === exchange) &&
      (f.benchmark === undefined || s.marketIndex === f.benchmark),
  );
}

/** `day0 2016-01-01…2018-12-31, listing AA, vs QQQ`: what a filtered aggregate was computed over. */
export function describeFilter(f: AggregateFilter): string {
  const parts: string[] = [];
  if (f.from !== undefined || f.to !== undefined) parts.push(`day0 ${f.from ?? '…'}…${f.to ?? '…'}`);
  if (f.listing !== undefined) parts.push(`listing ${f.listing.toUpperCase()}`);
  if (f.exchange !== undefined) parts.push(`exchange ${f.exchange.toUpperCase()}`);
  if (f.benchmark !== undefined) parts.push(`vs ${f.benchmark}`);
  return parts.join(', ');
}
