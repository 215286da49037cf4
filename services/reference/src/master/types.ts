/**
 * The security master's shapes. An issuer has dated listings (a ticker can move between issuers over time: the 2016
 * Alcoa split gave `AA` to Alcoa Corp.) and dated aliases (former names), so every lookup takes the date it is about.
 * Dates are ISO `YYYY-MM-DD`; `validFrom` is inclusive, `validTo` exclusive, and `null` means open-ended.
 */
export interface Listing {
  /**
   * ISO 10383 market identifier code of the exchange, e.g. `XNYS`, `XHKG`; `US` when the source only says the
   * listing is on a US exchange without naming it (its sessions are XNYS's, see {@link Listing.calendar}).
   */
  readonly mic: string;
  /** MIC of the exchange calendar the listing's sessions follow (`XNYS` for `ARCX` and `US`, else the MIC). */
  readonly calendar: string;
  /** The symbol as newswindow stores bars under it (Yahoo style: `BABA`, `9988.HK`, `^GSPC`). */
  readonly symbol: string;
  readonly currency: string;
  /** e.g. `ADS`, `A`, `C`, `ordinary`; null when the source does not say. */
  readonly shareClass: string | null;
  /** The benchmark index symbol a study of this listing uses by default (`^GSPC`, `^HSI`, …). */
  readonly benchmark: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly isin: string | null;
  /** Where a curated fact about this listing (a listing date, a ticker change) comes from: a URL. */
  readonly source?: string;
}

export type AliasKind = 'legal' | 'short' | 'former' | 'brand';

export interface Alias {
  readonly name: string;
  readonly kind: AliasKind;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** Where a curated fact about this name comes from: a URL. */
  readonly source?: string;
}

export interface Issuer {
  /** Stable id of the issuer in newswindow (a slug, never reused; the tagger's similarity keys use it). */
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly Alias[];
  readonly listings: readonly Listing[];
  readonly sector: string | null;
  /** ISO 3166 alpha-2: the ISIN's country where known, else the home venue's. */
  readonly country: string | null;
  /** Which generated source(s) the record came from (e.g. `pytickersymbols`, `hsi`, `dual-listings`, `user`). */
  readonly sources: readonly string[];
  /** Index memberships the sources state (`S&P 500`, `HANG SENG`, …). */
  readonly indices: readonly string[];
}
