import type { RecordedEvent } from '../event-store';
import type { Projection } from './projection';
import { writeRows } from './sql-rows';

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
  'revision',
  'correction_reason',
  'position',
] as const;

const CORRECTION_COLUMNS = [
  'symbol',
  'exchange',
  'adjusted',
  'session_date',
  'revision',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'currency',
  'source',
  'previous_revision',
  'previous_open',
  'previous_high',
  'previous_low',
  'previous_close',
  'previous_volume',
  'previous_currency',
  'previous_source',
  'reason',
  'position',
] as const;

type BarRow = { session_date: string; revision: number } & Record<(typeof COLUMNS)[number], unknown>;

/**
 * `daily_bars`: per (symbol, exchange, adjusted, session date) the latest revision (a `PriceBarClosed` is revision 1,
 * a `PriceBarCorrected` its own; among equal revisions the later event), with the reason of its correction;
 * `daily_bar_corrections`: every correction with the values it replaced.
 */
export const dailyBarsProjection: Projection = {
  name: 'daily_bars',
  eventTypes: ['PriceBarClosed', 'PriceBarCorrected'],
  tables: ['daily_bars', 'daily_bar_corrections'],
  async apply(client, events: readonly RecordedEvent[]) {
    const latest = new Map<string, BarRow>();
    const corrections = [];
    for (const e of events) {
      if (e.type !== 'PriceBarClosed' && e.type !== 'PriceBarCorrected') continue;
      const b = e.data;
      const revision = e.type === 'PriceBarCorrected' ? e.data.revision : 1;
      const row: BarRow = {
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
        revision,
        correction_reason: e.type === 'PriceBarCorrected' ? e.data.reason : null,
        position: e.position,
      };
      const key = `${b.symbol}\u0000${b.exchange}\u0000${String(b.adjusted)}\u0000${b.sessionDate}`;
      const before = latest.get(key);
      if (before === undefined || before.revision <= revision) {
        latest.delete(key);
        latest.set(key, row);
      }
      if (e.type === 'PriceBarCorrected') {
        const c = e.data;
        corrections.push({
          symbol: c.symbol,
          exchange: c.exchange,
          adjusted: c.adjusted,
          session_date: c.sessionDate,
          revision: c.revision,
          open: c.open,
          high: c.high,
          low: c.low,
          close: c.close,
          volume: c.volume,
          currency: c.currency,
          source: c.source ?? null,
          previous_revision: c.previous.revision,
          previous_open: c.previous.open,
          previous_high: c.previous.high,
          previous_low: c.previous.low,
          previous_close: c.previous.close,
          previous_volume: c.previous.volume,
          previous_currency: c.previous.currency,
          previous_source: c.previous.source ?? null,
          reason: c.reason,
          position: e.position,
        });
      }
    }
    // A revision never goes back: a stray PriceBarClosed after a correction does not undo it.
    await writeRows(
      client,
      'daily_bars',
      COLUMNS,
      [...latest.values()],
      ['symbol', 'exchange', 'adjusted', 'session_date'],
      {
        onlyIf: 'daily_bars.revision <= EXCLUDED.revision',
      },
    );
    await writeRows(client, 'daily_bar_corrections', CORRECTION_COLUMNS, corrections, [
      'symbol',
      'exchange',
      'adjusted',
      'session_date',
      'revision',
    ]);
  },
};
