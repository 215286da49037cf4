import type { RecordedEvent } from '../event-store';
import type { Projection } from './projection';
import { lastByKey, writeRows } from './sql-rows';

const COLUMNS = [
  'symbol',
  'exchange',
  'session_date',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'adjusted',
  'currency',
  'source',
  'position',
] as const;

/** `daily_bars`: the latest `PriceBarClosed` per (symbol, exchange, adjusted, session date). */
export const dailyBarsProjection: Projection = {
  name: 'daily_bars',
  eventTypes: ['PriceBarClosed'],
  tables: ['daily_bars'],
  async apply(client, events: readonly RecordedEvent[]) {
    const rows = [];
    for (const e of events) {
      if (e.type !== 'PriceBarClosed') continue;
      const b = e.data;
      rows.push({
        symbol: b.symbol,
        exchange: b.exchange,
        session_date: b.sessionDate,
        open: b.open,
        high: b.high,
        low: b.low,
        close: b.close,
        volume: b.volume,
        adjusted: b.adjusted,
        currency: b.currency,
        source: b.source ?? null,
        position: e.position,
      });
    }
    const unique = lastByKey(
      rows,
      (r) => `${r.symbol}\u0000${r.exchange}\u0000${String(r.adjusted)}\u0000${r.session_date}`,
    );
    await writeRows(client, 'daily_bars', COLUMNS, unique, ['symbol', 'exchange', 'adjusted', 'session_date']);
  },
};
