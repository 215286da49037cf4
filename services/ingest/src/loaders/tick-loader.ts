import { DateTime } from 'luxon';
import { listingForSymbol } from '../listings/listing-for-symbol';
import type { TradeTick } from '../messages';
import type { RowMapper } from './csv-rows';
import { requireField, requireNumber } from './csv-rows';
import type { JsonMapper } from './json-lines';
import { optionalString, requireJsonNumber, requireObject, requireString } from './json-fields';
import { reject } from './load-result';

export const tickRequiredColumns = ['symbol', 'timestamp', 'price', 'size'] as const;

const checkTick = (
  symbol: string,
  exchange: string | undefined,
  timestamp: string,
  price: number,
  size: number,
): TradeTick => {
  const dt = DateTime.fromISO(timestamp, { setZone: true });
  if (!dt.isValid || !/([+-]\d{2}:?\d{2}|Z)$/.test(timestamp))
    reject(`timestamp is not an ISO instant with offset: '${timestamp}'`);
  if (!(price > 0)) reject(`price must be positive: ${price}`);
  if (!(size >= 0)) reject(`size must be non-negative: ${size}`);
  return { symbol, exchange: exchange ?? listingForSymbol(symbol).exchange, timestamp, price, size };
};

/** Tick CSV rows `symbol,exchange,timestamp,price,size` (an empty exchange is taken from the symbol). */
export const tickCsvMapper: RowMapper<TradeTick> = (row) => {
  const exchange = row.get('exchange').trim();
  return checkTick(
    requireField(row, 'symbol'),
    exchange === '' ? undefined : exchange,
    requireField(row, 'timestamp'),
    requireNumber(row, 'price'),
    requireNumber(row, 'size'),
  );
};

/** Tick JSON lines `{symbol, exchange?, timestamp, price, size}`. */
export const tickJsonMapper: JsonMapper<TradeTick> = (value) => {
  const obj = requireObject(value);
  return checkTick(
    requireString(obj, 'symbol'),
    optionalString(obj, 'exchange'),
    requireString(obj, 'timestamp'),
    requireJsonNumber(obj, 'price'),
    requireJsonNumber(obj, 'size'),
  );
};
