import type { RecordedEvent } from '../event-store';
import type { Projection } from './projection';
import { lastByKey, writeRows } from './sql-rows';

const COLUMNS = [
  'symbol',
  'exchange',
  'currency',
  'time_zone',
  'benchmark',
  'issuer_id',
  'issuer_name',
  'calendar',
  'position',
] as const;

/** `listings`: reference data, the latest `ListingRegistered` per (symbol, exchange). */
export const listingsProjection: Projection = {
  name: 'listings',
  eventTypes: ['ListingRegistered'],
  tables: ['listings'],
  async apply(client, events: readonly RecordedEvent[]) {
    const rows = [];
    for (const e of events) {
      if (e.type !== 'ListingRegistered') continue;
      const l = e.data;
      rows.push({
        symbol: l.symbol,
        exchange: l.exchange,
        currency: l.currency,
        time_zone: l.timeZone,
        benchmark: l.benchmark ?? null,
        issuer_id: l.issuerId ?? null,
        issuer_name: l.issuerName ?? null,
        calendar: l.calendar ?? l.exchange,
        position: e.position,
      });
    }
    await writeRows(
      client,
      'listings',
      COLUMNS,
      lastByKey(rows, (r) => `${r.symbol}\u0000${r.exchange}`),
      ['symbol', 'exchange'],
    );
  },
};
