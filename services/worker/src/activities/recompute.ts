import type { StudyModelChoice, StudyActivities } from '@newswindow/workflows';
import type { Clock } from '../ports';
import type { NewsTagging } from '../news-tagging';
import { createBatchComputer } from './backfill';
import type { ActivityDeps } from './deps';

const FACTOR_MODELS: readonly string[] = ['ff3', 'carhart', 'ff5'] satisfies readonly StudyModelChoice[];

/** The stored model names of the worker's non-factor models (as `studies.model` has them). */
const STORED_MODEL_NAME = {
  market: 'market_model',
  'mean-adjusted': 'mean_adjusted',
  'market-adjusted': 'market_adjusted',
} as const;

/**
 * The `--model` that computes a stored study again: none for the worker's own model (its settings), the factor model
 * or `market` by name, null for a model no backfill can choose (left alone, with the reason).
 */
export function recomputeModelOf(stored: string, workerModel: string): { model?: StudyModelChoice } | null {
  if (stored === workerModel) return {};
  if (stored === 'market_model') return { model: 'market' };
  if (FACTOR_MODELS.includes(stored)) return { model: stored as StudyModelChoice };
  return null;
}

/**
 * The activity of `recomputeCorrectedStudies`: every completed study that read the corrected bar at an earlier revision
 * is computed again from its stories as a backfill would (same model, same benchmark) on the bars as stored now, and
 * appended as a new version (its provenance names the revision it used, so it leaves `v_stale_studies`).
 */
export function createRecomputeActivities(
  deps: Pick<
    ActivityDeps,
    'news' | 'studies' | 'calendars' | 'settings' | 'studyPolicy' | 'bars' | 'factorDays' | 'staleStudies'
  >,
  tools: { readonly tagging: NewsTagging },
  clock: Clock,
): Pick<StudyActivities, 'recomputeCorrectedStudies'> {
  // Straight from the store, not through the Redis cache: the closes must include the correction.
  const computeBatch = createBatchComputer(deps, { ...tools, loadCloses: (s) => deps.bars.loadCloses(s) }, () =>
    clock.now().toISOString(),
  );
  const m = deps.settings.design.model;
  const workerModel = m.kind === 'factor' ? m.factors : STORED_MODEL_NAME[m.kind];
  return {
    async recomputeCorrectedStudies(bar) {
      const stale = deps.staleStudies === undefined ? [] : await deps.staleStudies.staleStudies(bar);
      const recomputed: string[] = [];
      const left: { studyId: string; reason: string }[] = [];
      for (const s of stale) {
        const choice = recomputeModelOf(s.model, workerModel);
        if (s.status === 'open') {
          left.push({ studyId: s.studyId, reason: 'open: its next window close reads the corrected bar' });
          continue;
        }
        if (choice === null) {
          left.push({ studyId: s.studyId, reason: `model ${s.model} is not one a recompute can choose` });
          continue;
        }
        const { studies } = await computeBatch(s.newsIds, {
          ...choice,
          ...(s.marketIndex === null ? {} : { benchmark: s.marketIndex }),
        });
        const again = studies.filter((x) => x.studyId === s.studyId);
        if (again.length === 0) {
          left.push({ studyId: s.studyId, reason: 'its stories no longer make this study' });
          continue;
        }
        await deps.studies.appendStudies(again, { recompute: true });
        recomputed.push(s.studyId);
      }
      return { recomputed, left };
    },
  };
}
