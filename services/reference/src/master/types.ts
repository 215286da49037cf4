/**
 * The security master's shapes. An issuer has dated listings (a ticker can move between issuers over time: the 2016
 * Alcoa split gave `AA` to Alcoa Corp.) and dated aliases (former names), so every lookup takes the date it is about.
 * Dates are ISO `YYYY-MM-DD`; `validTo` is exclusive and `null` means open-ended.
 */
export interface Listing {
  /** ISO 10383 market identifier code of the exchange, e.g. `XNYS`, `XHKG`. */
  readonly mic: string;
  /** The symbol as newswindow stores bars under it (Yahoo style: `BABA`, `9988.HK`, `^GSPC`). */
  readonly symbol: string;
  readonly currency: string;
  /** e.g. `ADS`, `A`, `C`, `H`, `ordinary`; null when the source does not say. */
  readonly shareClass: string | null;
  /** The benchmark index symbol a study of this listing uses by default (`^GSPC`, `^HSI`, …). */
  readonly benchmark: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly isin: string | null;
}

export type AliasKind = 'legal' | 'short' | 'former' | 'brand';

export interface Alias {
  readonly name: string;
  readonly kind: AliasKind;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

export interface Issuer {
  /** Stable id of the issuer in newswindow (a slug, never reused). */
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly Alias[];
  readonly listings: readonly Listing[];
  readonly sector: string | null;
  readonly country: string | null;
  /** Which generated source(s) the record came from (e.g. `pytickersymbols`, `hsi`, `dual-listings`, `user`). */
  readonly sources: readonly string[];
}
