import type pg from 'pg';
import type { DailyClose, FactorDayValue } from '@newswindow/schemas';
import { loadFactorDays } from '../factor-days';
import { loadDailyBars, queryUnadjustedOnlySessions } from '../queries';
import { noCatchUp, type ProjectionCatchUp } from './catch-up';

/** Reads stored daily bars (the `daily_bars` projection). */
export interface BarReader {
  /** All stored closes of each symbol, ascending by session. Symbols without bars map to an empty array. */
  loadCloses(symbols: readonly string[]): Promise<Map<string, DailyClose[]>>;
  /** The latest stored session of each symbol (absent when none). */
  latestSessions(symbols: readonly string[]): Promise<Map<string, string>>;
  /**
   * Sessions each symbol has only unadjusted although its studied series (`loadCloses`) is adjusted: closes a study
   * may not use (a series never mixes the kinds). Symbols without any are absent.
   */
  unadjustedOnlySessions(symbols: readonly string[]): Promise<Map<string, ReadonlySet<string>>>;
}

/** Reads the stored factor days from `from` through `to` (inclusive `YYYY-MM-DD`; the `factor_days` projection). */
export type FactorDayReader = (range: { from: string; to: string }) => Promise<readonly FactorDayValue[]>;

/** The latest stored session (`YYYY-MM-DD`) of each symbol that has bars. */
export async function queryLatestSessions(pool: pg.Pool, symbols: readonly string[]): Promise<Map<string, string>> {
  if (symbols.length === 0) return new Map();
  const r = await pool.query<{ symbol: string; d: string }>(
    `SELECT symbol, to_char(max(session_date), 'YYYY-MM-DD') AS d FROM daily_bars
      WHERE symbol = ANY($1::text[]) GROUP BY symbol`,
    [symbols],
  );
  return new Map(r.rows.map((x) => [x.symbol, x.d]));
}

/**
 * Bar reads over the `daily_bars` projection (a symbol's adjusted series when it has one), each after catching the
 * projection up: a bar a workflow was signalled about is visible as soon as the ingest consumer committed it.
 */
export function createBarReader(pool: pg.Pool, catchUp: ProjectionCatchUp = noCatchUp): BarReader {
  return {
    async loadCloses(symbols) {
      const out = new Map<string, DailyClose[]>(symbols.map((s) => [s, []]));
      if (symbols.length === 0) return out;
      await catchUp(['daily_bars']);
      const series = await loadDailyBars(pool, { symbols, from: '0001-01-01', to: '9999-12-31' });
      for (const s of symbols) {
        const found = series[s];
        if (found === undefined) continue;
        out.set(
          s,
          found.dates.map((d, i) => {
            const revision = found.revisions[i] ?? 1;
            return revision > 1
              ? { sessionDate: d, close: found.closes[i]!, revision }
              : { sessionDate: d, close: found.closes[i]! };
          }),
        );
      }
      return out;
    },
    async unadjustedOnlySessions(symbols) {
      if (symbols.length === 0) return new Map();
      await catchUp(['daily_bars']);
      const found = await queryUnadjustedOnlySessions(pool, symbols);
      return new Map(Object.entries(found).map(([s, sessions]) => [s, new Set(sessions)]));
    },
    async latestSessions(symbols) {
      await catchUp(['daily_bars']);
      return queryLatestSessions(pool, symbols);
    },
  };
}

/** The ingested factor days of a date range (`factor_days`, caught up with the log first). */
export function createFactorDayReader(pool: pg.Pool, catchUp: ProjectionCatchUp = noCatchUp): FactorDayReader {
  return async (range) => {
    await catchUp(['factor_days']);
    return loadFactorDays(pool, range);
  };
}
