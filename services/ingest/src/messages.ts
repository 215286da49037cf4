// Local message shapes, kept until @newswindow/schemas publishes NewsPublished / PriceBarClosed / TradeTicked.

export interface NewsItem {
  readonly id: string;
  readonly source: string;
  readonly url: string;
  readonly headline: string;
  readonly body?: string;
  readonly summary?: string;
  /** ISO 8601 with offset, or YYYY-MM-DD when only the date is known. */
  readonly publishedAt: string;
  readonly language: string;
  readonly tickers?: readonly string[];
}

export interface PriceBar {
  readonly symbol: string;
  readonly exchange: string;
  readonly sessionDate: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly adjusted: boolean;
  readonly currency: string;
}

export interface TradeTick {
  readonly symbol: string;
  readonly exchange: string;
  /** ISO 8601 instant with offset. */
  readonly timestamp: string;
  readonly price: number;
  readonly size: number;
}
