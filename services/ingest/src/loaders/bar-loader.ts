import { listingForSymbol } from '../listings/listing-for-symbol';
import type { PriceBar } from '../messages';
import type { CsvRow, RowMapper } from './csv-rows';
import { requireCount, requireDate, requireField, requireNumber } from './csv-rows';
import { validatePriceBarClosed } from '@newswindow/schemas';
import { checked, reject } from './load-result';

/** How to read a daily-bar CSV whose rows do not say everything. */
export interface BarFileOptions {
  /** The symbol of every row, for files without a `symbol`/`ticker` column (a column, when present, wins). */
  readonly symbol?: string;
  /** Whether the OHLC are dividend-adjusted; a function decides per symbol. Default false. */
  readonly adjusted?: boolean | ((symbol: string) => boolean);
  /** Recorded as the bars' `source` (the file name). */
  readonly source?: string;
}

export const barRequiredColumns = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;

const rowSymbol = (row: CsvRow, options: BarFileOptions): string => {
  if (row.has('symbol')) return requireField(row, 'symbol');
  if (row.has('ticker')) return requireField(row, 'ticker');
  return options.symbol ?? reject('no symbol column and no symbol given for the file (--symbol)');
};

/** Daily OHLCV rows (`date,[symbol|ticker,]open,high,low,close,[adj_close,]volume,…`) → closed bars. */
export const barMapper =
  (options: BarFileOptions = {}): RowMapper<PriceBar> =>
  (row) => {
    const symbol = rowSymbol(row, options);
    const sessionDate = requireDate(row, 'date');
    const open = requireNumber(row, 'open');
    const high = requireNumber(row, 'high');
    const low = requireNumber(row, 'low');
    const close = requireNumber(row, 'close');
    const volume = requireCount(row, 'volume');
    const listing = listingForSymbol(symbol);
    const adjusted = typeof options.adjusted === 'function' ? options.adjusted(symbol) : (options.adjusted ?? false);
    return checked(
      validatePriceBarClosed({
        symbol,
        exchange: listing.exchange,
        sessionDate,
        open,
        high,
        low,
        close,
        volume,
        adjusted,
        currency: listing.currency,
        ...(options.source === undefined ? {} : { source: options.source }),
      }),
    );
  };

/**
 * Reading options for the real files of `../shared/data/real/`, by file name: the symbol of single-symbol files and
 * the adjustment of the prices file (its stocks are dividend-adjusted, its indices are not; see that folder's README).
 */
export function barFileOptionsFor(fileName: string): BarFileOptions {
  const source = fileName.replace(/^.*[\\/]/, '');
  const base = source.toLowerCase();
  if (base.startsWith('prices_alibaba_benchmarks'))
    return { source, adjusted: (symbol) => !listingForSymbol(symbol).isIndex };
  const head = base.split('_')[0] ?? '';
  if (/^\d{4}hk$/.test(head)) return { source, symbol: `${head.slice(0, 4)}.HK`, adjusted: false };
  if (/^(aa|aapl|qqq|baba)$/.test(head)) return { source, symbol: head.toUpperCase(), adjusted: false };
  return { source };
}
