import type { RecordedEvent } from '../event-store';
import type { Projection } from './projection';
import { lastByKey, writeRows } from './sql-rows';

const COLUMNS = ['dataset', 'session_date', 'factor', 'value', 'position'] as const;

/** `factor_days`: the latest `FactorDayRecorded` value per (dataset, date, factor). */
export const factorDaysProjection: Projection = {
  name: 'factor_days',
  eventTypes: ['FactorDayRecorded'],
  tables: ['factor_days'],
  async apply(client, events: readonly RecordedEvent[]) {
    const rows = [];
    for (const e of events) {
      if (e.type !== 'FactorDayRecorded') continue;
      for (const f of e.data.factors) {
        rows.push({
          dataset: e.data.dataset,
          session_date: e.data.date,
          factor: f.name,
          value: f.value,
          position: e.position,
        });
      }
    }
    const unique = lastByKey(rows, (r) => `${r.dataset}\u0000${r.session_date}\u0000${r.factor}`);
    await writeRows(client, 'factor_days', COLUMNS, unique, ['dataset', 'session_date', 'factor']);
  },
};
