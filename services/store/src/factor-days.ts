import { factorStreamId, type FactorDayRecordedData, type FactorDayValue } from '@newswindow/schemas';
import type pg from 'pg';
import { createEventStore } from './event-store';
import { runProjections } from './projections/runner';

/**
 * The idempotency key of one recording: dataset, date and values, so re-ingesting the same file stores nothing and a
 * revised file (the library revises its history) stores the changed days once each.
 */
export const factorDayIdempotencyKey = (d: FactorDayRecordedData): string =>
  `factors:${d.dataset}:${d.date}:${d.factors.map((f) => `${f.name}=${f.value}`).join(',')}`;

/** Writes factor days as `FactorDayRecorded` events (idempotent) and projects them into `factor_days`. */
export async function writeFactorDays(
  pool: pg.Pool,
  days: readonly FactorDayRecordedData[],
  options: { readonly project?: boolean } = {},
): Promise<{ appended: number; duplicates: number }> {
  const store = createEventStore(pool);
  const result = { appended: 0, duplicates: 0 };
  // A century of daily rows is ~26 000 events: appended in batches.
  for (let i = 0; i < days.length; i += 2000) {
    const r = await store.appendIdempotent(
      days.slice(i, i + 2000).map((d) => ({
        type: 'FactorDayRecorded' as const,
        data: d,
        streamId: factorStreamId(d.dataset),
        idempotencyKey: factorDayIdempotencyKey(d),
      })),
    );
    result.appended += r.appended;
    result.duplicates += r.duplicates;
  }
  if (options.project !== false) await runProjections(pool, { only: ['factor_days'], wait: true });
  return result;
}

/** The stored factor values, by date then dataset and factor; `from`/`to` bound the date (inclusive). */
export async function loadFactorDays(
  pool: pg.Pool,
  options: { readonly from?: string; readonly to?: string } = {},
): Promise<FactorDayValue[]> {
  const { rows } = await pool.query<FactorDayValue>(
    `SELECT dataset, to_char(session_date, 'YYYY-MM-DD') AS date, factor, value
     FROM factor_days
     WHERE ($1::date IS NULL OR session_date >= $1::date) AND ($2::date IS NULL OR session_date <= $2::date)
     ORDER BY session_date, dataset, factor`,
    [options.from ?? null, options.to ?? null],
  );
  return rows;
}
