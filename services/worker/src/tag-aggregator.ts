import type { CalendarProvider } from '@newswindow/reference';
import type { ProjectionCatchUp } from './projection-loop';
import { createCloseLoader } from './activities/prices';
import type { BarReader, Clock, PriceCache, TagStudyReader } from './ports';
import type { StudySettings } from '@newswindow/engine';
import { computeTagAggregate, designCode } from '@newswindow/engine';

/** What the tag aggregator runs over. */
export interface TagAggregatorDeps {
  readonly studies: TagStudyReader;
  readonly bars: BarReader;
  readonly priceCache: PriceCache;
  readonly calendars: CalendarProvider;
  readonly settings: StudySettings;
  readonly catchUp: ProjectionCatchUp;
  readonly clock?: Clock;
  /** At most one refresh per this many ms (default 0); a busy backfill then costs one recompute per tag and period. */
  readonly minIntervalMs?: number;
  readonly log?: (line: string) => void;
}

/** Keeps the per-tag aggregates in step with the studies. */
export interface TagAggregator {
  /** Recomputes the aggregate of every tag with a study its aggregate does not cover; returns the tags refreshed. */
  refresh(): Promise<string[]>;
}

/**
 * After the `studies` projection has caught up, finds the tags whose aggregate is stale (a new or recomputed study of
 * the tag) and recomputes each from all of the tag's computed studies under the worker's design, one engine batch per
 * tag; writes them as `TagAggregateComputed` and projects them. A burst of studies (a backfill batch, a market close)
 * costs one recompute per tag and round, not one per study. One process refreshes at a time.
 */
export function createTagAggregator(deps: TagAggregatorDeps): TagAggregator {
  const suffix = `|${designCode(deps.settings)}`;
  const clock = deps.clock ?? { now: () => new Date() };
  let seen: string | null = null;
  let lastRun = Number.NEGATIVE_INFINITY;

  // The same Redis-cached price path as the study activities.
  const loadCloses = createCloseLoader(deps);

  return {
    async refresh() {
      // Tag aggregates re-fit every study of a tag; that path has no factor data, so a factor-model worker writes none.
      if (deps.settings.design.model.kind === 'factor') return [];
      if (clock.now().getTime() - lastRun < (deps.minIntervalMs ?? 0)) return [];
      const marker = await deps.studies.changeMarker();
      if (marker === seen) return [];
      const refreshed: string[] = [];
      const ran = await deps.studies.exclusively(async () => {
        const tags = await deps.studies.staleTags(suffix);
        const aggregates = [];
        for (const tag of tags) {
          const studies = await deps.studies.studiesOfTag(tag, suffix);
          const symbols = studies.flatMap((s) =>
            s.marketIndex === null ? [s.listing.symbol] : [s.listing.symbol, s.marketIndex],
          );
          const closes = await loadCloses(symbols);
          // Never older than a study it covers (clocks of several workers differ): it would look stale for ever.
          const now = clock.now().toISOString();
          const latest = studies.reduce((m, s) => (s.computedAt > m ? s.computedAt : m), now);
          aggregates.push(
            computeTagAggregate(tag, studies, (s) => closes.get(s) ?? [], deps.calendars, deps.settings, latest),
          );
          refreshed.push(tag);
        }
        await deps.studies.writeAggregates(aggregates);
        if (aggregates.length > 0) await deps.catchUp(['studies']);
      });
      if (ran) {
        seen = marker;
        lastRun = clock.now().getTime();
      }
      if (refreshed.length > 0) deps.log?.(`tag aggregates refreshed: ${refreshed.join(', ')}`);
      return refreshed;
    },
  };
}
