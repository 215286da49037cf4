import type { NewsPublishedV1, PriceBarClosedV1 } from './events.v1';
import type { NewsPublishedData } from './news';
import type { PriceBarClosedData } from './market';

/** Trading currency of the exchanges we knew when `PriceBarClosed` v1 was retired (it had no currency field). */
const V1_EXCHANGE_CURRENCY: Readonly<Record<string, string>> = {
  XNYS: 'USD',
  XNAS: 'USD',
  ARCX: 'USD',
  BATS: 'USD',
  XHKG: 'HKD',
};

/** `NewsPublished` v1 → v2: camelCase, `title` → `headline`, `text` → `body`, `symbols` string → `tickers` array. */
export function upcastNewsPublishedV1(v1: NewsPublishedV1): NewsPublishedData {
  const tickers = (v1.symbols ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return {
    id: v1.id,
    source: v1.source,
    ...(v1.url === undefined ? {} : { url: v1.url }),
    headline: v1.title,
    ...(v1.text === undefined || v1.text === '' ? {} : { body: v1.text }),
    publishedAt: v1.published_at,
    language: v1.lang ?? 'en',
    ...(tickers.length === 0 ? {} : { tickers }),
  };
}

/**
 * `PriceBarClosed` v1 → v2: `date` → `sessionDate`; v1 bars were always unadjusted; the currency is the exchange's
 * (`XXX`, ISO 4217 "no currency", when the exchange is not one v1 knew).
 */
export function upcastPriceBarClosedV1(v1: PriceBarClosedV1): PriceBarClosedData {
  return {
    symbol: v1.symbol,
    exchange: v1.exchange,
    sessionDate: v1.date,
    open: v1.open,
    high: v1.high,
    low: v1.low,
    close: v1.close,
    volume: v1.volume,
    adjusted: false,
    currency: V1_EXCHANGE_CURRENCY[v1.exchange] ?? 'XXX',
  };
}
