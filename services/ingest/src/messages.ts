import type { NewsPublishedData, PriceBarClosedData, TradeTickedData } from '@newswindow/schemas';

// The loaders produce the payloads of the schema's messages; these aliases keep the loader code short.
export type NewsItem = NewsPublishedData;
export type PriceBar = PriceBarClosedData;
export type TradeTick = TradeTickedData;
