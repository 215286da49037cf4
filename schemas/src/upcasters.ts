import type { EventWindowAlertData } from './alerts';
import type { EventWindowAlertDataV1, NewsPublishedV1, PriceBarClosedV1 } from './events.v1';
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

/**
 * `EventWindowAlert` v1 → v2: what v1 did not carry is null (issuer, benchmark, model, day-0 close, raw return, test,
 * relevance, novelty, source, study page); the rule is `v1` (the single p threshold of the time) and the window is
 * the only final window the alert knew of.
 */
export function upcastEventWindowAlertV1(v1: EventWindowAlertDataV1): EventWindowAlertData {
  const label = `[${v1.window.start},${v1.window.end > 0 ? '+' : ''}${v1.window.end}]`;
  const what = v1.statistic === 'ar_day0' ? 'AR day 0' : `CAR${label}`;
  return {
    alertId: v1.alertId,
    ruleId: 'v1',
    studyId: v1.studyId,
    eventKey: v1.eventKey,
    newsIds: v1.newsIds,
    listing: v1.listing,
    issuer: null,
    benchmark: null,
    model: null,
    window: v1.window,
    finalWindows: [v1.window],
    day0: v1.day0,
    day0ClosesAt: null,
    statistic: v1.statistic,
    rawReturn: null,
    value: v1.value,
    t: v1.t,
    p: v1.p,
    test: null,
    threshold: v1.threshold,
    tags: v1.tags,
    relevance: null,
    novelty: null,
    headline: v1.headline ?? null,
    sourceUrl: null,
    studyUrl: null,
    text: `${v1.listing.symbol} ${what} ${(v1.value * 100).toFixed(2)}% (p=${v1.p}), day 0 ${v1.day0}`,
    raisedAt: v1.raisedAt,
  };
}
