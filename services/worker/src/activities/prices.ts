import type { DailyClose } from '@newswindow/schemas';
import type { ActivityDeps } from './deps';

/** Closes of the symbols, read through the Redis cache; a cached series older than `fresherThan` is reloaded. */
export type CloseLoader = (symbols: readonly string[], fresherThan?: string) => Promise<Map<string, DailyClose[]>>;

/** The price path of the study and backfill activities: the Redis cache in front of the store's `daily_bars`. */
export function createCloseLoader(deps: Pick<ActivityDeps, 'priceCache' | 'bars'>): CloseLoader {
  return async (symbols, fresherThan) => {
    const out = new Map<string, DailyClose[]>();
    const missing: string[] = [];
    for (const s of new Set(symbols)) {
      const cached = await deps.priceCache.get(s);
      const last = cached?.at(-1)?.sessionDate ?? '';
      if (cached !== undefined && cached.length > 0 && (fresherThan === undefined || last >= fresherThan))
        out.set(s, cached);
      else missing.push(s);
    }
    if (missing.length > 0) {
      const loaded = await deps.bars.loadCloses(missing);
      for (const s of missing) {
        const closes = loaded.get(s) ?? [];
        out.set(s, closes);
        if (closes.length > 0) await deps.priceCache.set(s, closes);
      }
    }
    return out;
  };
}
