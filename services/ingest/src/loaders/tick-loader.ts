import { validateTradeTicked } from '@newswindow/schemas';
import { listingForSymbol } from '../listings/listing-for-symbol';
import type { TradeTick } from '../messages';
import type { RowMapper } from './csv-rows';
import { requireField, requireNumber } from './csv-rows';
import type { JsonMapper } from './json-lines';
import { optionalString, requireJsonNumber, requireObject, requireString } from './json-fields';
import { checked } from './load-result';

export const tickRequiredColumns = ['symbol', 'timestamp', 'price', 'size'] as const;

const checkTick = (
  symbol: string,
  exchange: string | undefined,
  timestamp: string,
  price: number,
  size: number,
): TradeTick => {
  return checked(
    validateTradeTicked({ symbol, exchange: exchange ?? listingForSymbol(symbol).exchange, timestamp, price, size }),
  );
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
