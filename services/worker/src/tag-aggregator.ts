import type { CalendarProvider } from '@newswindow/reference';
import type { StudySettings } from '@newswindow/engine';
import { aggregateSpan, computeTagAggregate, designCode, withStudyModel } from '@newswindow/engine';
import { STUDY_MODELS } from './config';
import type { ProjectionCatchUp } from './projection-loop';
import { createCloseLoader } from './activities/prices';
import type { BarReader, Clock, FactorDayReader, PriceCache, TagStudyReader } from './ports';

/** What the tag aggregator runs over. */
export interface TagAggregatorDeps {
  readonly studies: TagStudyReader;
  readonly bars: BarReader;
  readonly priceCache: PriceCache;
  readonly calendars: CalendarProvider;
  readonly settings: StudySettings;
  readonly catchUp: ProjectionCatchUp;
  /** The ingested factor days: the aggregates of factor-model studies refit them (absent: those get no aggregate). */
  readonly factorDays?: FactorDayReader;
  readonly clock?: Clock;
  /** At most one refresh per this many ms (default 0); a busy backfill then costs one recompute per tag and period. */
  readonly minIntervalMs?: number;
  readonly log?: (line: string) => void;
}

/** Keeps the per-tag aggregates in step with the studies. */
export interface TagAggregator {
  /**
   * Recomputes the aggregate (per model) of every tag with a study its aggregate does not cover; returns the tags
   * refreshed (each once, whatever the models).
   */
  refresh(): Promise<string[]>;
}

/**
 * After the `studies` projection has caught up, finds the tags whose aggregate is stale (a new or recomputed study of
 * the tag) and recomputes each from all of the tag's computed studies, one engine batch per tag. Each model has its
 * own aggregates, never mixed: the worker's design under the market model and under each factor model (a backfill's
 * `--model` writes studies of another model than the worker's), each over the studies of that design only (selected by
 * the design code their ids end in, which names the model) and refitted under it (factor models on the ingested factor
 * days). Writes them as `TagAggregateComputed` and projects them. A burst of studies (a backfill batch, a market close)
 * costs one recompute per tag, model and round, not one per study. One process refreshes at a time.
 */
export function createTagAggregator(deps: TagAggregatorDeps): TagAggregator {
  const designs = STUDY_MODELS.map((m) => withStudyModel(deps.settings, m)).map((settings) => ({
    settings,
    suffix: `|${designCode(settings)}`,
  }));
  const clock = deps.clock ?? { now: () => new Date() };
  let seen: string | null = null;
  let lastRun = Number.NEGATIVE_INFINITY;

  // The same Redis-cached price path as the study activities.
  const loadCloses = createCloseLoader(deps);

  return {
    async refresh() {
      if (clock.now().getTime() - lastRun < (deps.minIntervalMs ?? 0)) return [];
      const marker = await deps.studies.changeMarker();
      if (marker === seen) return [];
      const refreshed: { tag: string; model: string }[] = [];
      const ran = await deps.studies.exclusively(async () => {
        const aggregates = [];
        for (const { settings, suffix } of designs) {
          const isFactor = settings.design.model.kind === 'factor';
          if (isFactor && deps.factorDays === undefined) continue;
          const tags = await deps.studies.staleTags(suffix);
          for (const tag of tags) {
            const studies = await deps.studies.studiesOfTag(tag, suffix);
            const symbols = studies.flatMap((s) =>
              s.marketIndex === null ? [s.listing.symbol] : [s.listing.symbol, s.marketIndex],
            );
            const closes = await loadCloses(symbols);
            const span = isFactor ? aggregateSpan(studies, deps.calendars, settings) : null;
            const factorDays = span === null || deps.factorDays === undefined ? undefined : await deps.factorDays(span);
            // Never older than a study it covers (clocks of several workers differ): it would look stale for ever.
            const now = clock.now().toISOString();
            const latest = studies.reduce((m, s) => (s.computedAt > m ? s.computedAt : m), now);
            aggregates.push(
              computeTagAggregate(
                tag,
                studies,
                (s) => closes.get(s) ?? [],
                deps.calendars,
                settings,
                latest,
                factorDays,
              ),
            );
            refreshed.push({
              tag,
              model: settings.design.model.kind === 'factor' ? settings.design.model.factors : 'market_model',
            });
          }
        }
        await deps.studies.writeAggregates(aggregates);
        if (aggregates.length > 0) await deps.catchUp(['studies']);
      });
      if (ran) {
        seen = marker;
        lastRun = clock.now().getTime();
      }
      if (refreshed.length > 0)
        deps.log?.(`tag aggregates refreshed: ${refreshed.map((r) => `${r.tag} (${r.model})`).join(', ')}`);
      return [...new Set(refreshed.map((r) => r.tag))];
    },
  };
}
