import { condition, continueAsNew, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { StudyActivities } from './activity-types';
import { backfillProgressQuery, cancelBackfillSignal, pauseBackfillSignal, resumeBackfillSignal } from './messages';
import type { BackfillCounts, BackfillFilter, BackfillProgress, StudyModelChoice } from './types';

/** State a backfill carries across continue-as-new. */
export interface BackfillCarry extends BackfillCounts {
  readonly cursor: string | null;
  readonly totalNews: number | null;
  readonly pages: number;
  readonly runs: number;
  readonly paused: boolean;
}

/** Input of {@link backfill}. */
export interface BackfillInput {
  readonly filter: BackfillFilter;
  /** Write new versions of studies that already exist. Default false: a second run writes nothing new. */
  readonly recompute?: boolean;
  /**
   * Measure every listing against this benchmark instead of the listing's default from the security master (e.g.
   * `QQQ` when `^GSPC` has no stored closes for the backfill's years). Studies record it and their ids say so.
   */
  readonly benchmark?: string;
  /**
   * The model of its studies (`--model`), instead of the worker's `NEWSWINDOW_STUDY_MODEL`. Studies record it (and
   * their ids say it), so a backfill under another model writes other studies beside the existing ones.
   */
  readonly model?: StudyModelChoice;
  /** Raise alerts for the significant windows of the studies it writes (rules apply, the live age limit does not). */
  readonly alerts?: boolean;
  /**
   * Study every stored story (`--all-stories`: untagged ones under `other`, every issuer it is about or filed under),
   * not only what the worker's study policy starts (a tagged story, for each issuer it is about).
   */
  readonly allStories?: boolean;
  /** News ids per page listed from the store. Default 2 000. */
  readonly pageSize?: number;
  /** News items per compute activity (one engine call, one transaction). Default 250. */
  readonly batchSize?: number;
  /** Batches computed at once. Default 2. */
  readonly parallelism?: number;
  /** Continue as new after this many pages in one run (history stays short). Default 20. */
  readonly pagesPerRun?: number;
  /** Set by the workflow itself when it continues as new. */
  readonly carry?: BackfillCarry;
}

const zero: BackfillCounts = {
  newsProcessed: 0,
  studiesWritten: 0,
  studiesExisting: 0,
  studiesSkipped: 0,
  newsWithoutStudy: 0,
};

const add = (a: BackfillCounts, b: BackfillCounts): BackfillCounts => ({
  newsProcessed: a.newsProcessed + b.newsProcessed,
  studiesWritten: a.studiesWritten + b.studiesWritten,
  studiesExisting: a.studiesExisting + b.studiesExisting,
  studiesSkipped: a.studiesSkipped + b.studiesSkipped,
  newsWithoutStudy: a.newsWithoutStudy + b.newsWithoutStudy,
});

const paging = proxyActivities<Pick<StudyActivities, 'countBackfillNews' | 'listBackfillNews'>>({
  startToCloseTimeout: '1 minute',
});
const batches = proxyActivities<Pick<StudyActivities, 'computeStudyBatch'>>({
  startToCloseTimeout: '10 minutes',
  // A killed worker is noticed within the heartbeat timeout; the batch reruns elsewhere and its writes are idempotent.
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Studies over stored news: pages through the news a filter selects and computes their studies in batches (one
 * activity computes a whole batch with the engine and writes it in one transaction). Progress is a query; pause,
 * resume and cancel are signals; long backfills continue as new every `pagesPerRun` pages.
 */
export async function backfill(input: BackfillInput): Promise<BackfillProgress> {
  const pageSize = input.pageSize ?? 2_000;
  const batchSize = input.batchSize ?? 250;
  const parallelism = Math.max(1, input.parallelism ?? 2);
  const pagesPerRun = input.pagesPerRun ?? 20;
  const recompute = input.recompute ?? false;
  const carry = input.carry;

  let counts: BackfillCounts = carry === undefined ? zero : { ...zero, ...pick(carry) };
  let cursor = carry?.cursor ?? null;
  let totalNews = carry?.totalNews ?? null;
  let pages = carry?.pages ?? 0;
  const runs = (carry?.runs ?? 0) + 1;
  let paused = carry?.paused ?? false;
  let cancelRequested = false;
  let finished: 'cancelled' | 'done' | null = null;

  const progress = (): BackfillProgress => ({
    ...counts,
    state: finished ?? (cancelRequested ? 'cancelling' : paused ? 'paused' : 'running'),
    totalNews,
    pages,
    runs,
  });
  setHandler(backfillProgressQuery, progress);
  setHandler(pauseBackfillSignal, () => {
    paused = true;
  });
  setHandler(resumeBackfillSignal, () => {
    paused = false;
  });
  setHandler(cancelBackfillSignal, () => {
    cancelRequested = true;
  });

  const backfillId = workflowInfo().workflowId;
  if (totalNews === null) totalNews = await paging.countBackfillNews({ filter: input.filter });

  let pagesThisRun = 0;
  for (;;) {
    await condition(() => !paused || cancelRequested);
    if (cancelRequested) break;
    if (pagesThisRun >= pagesPerRun || workflowInfo().continueAsNewSuggested) {
      const next: BackfillInput = { ...input, carry: { ...counts, cursor, totalNews, pages, runs, paused } };
      log.info('backfill continues as new', { pages, newsProcessed: counts.newsProcessed });
      return continueAsNew<typeof backfill>(next);
    }
    const page = await paging.listBackfillNews({ filter: input.filter, cursor, limit: pageSize });
    if (page.newsIds.length === 0) break;
    const queue = chunk(page.newsIds, batchSize);
    const worker = async (): Promise<void> => {
      for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
        // Pausing or cancelling takes effect between batches; batches in flight finish.
        await condition(() => !paused || cancelRequested);
        if (cancelRequested) return;
        const done = await batches.computeStudyBatch({
          newsIds: batch,
          recompute,
          backfillId,
          ...(input.benchmark === undefined ? {} : { benchmark: input.benchmark }),
          ...(input.model === undefined ? {} : { model: input.model }),
          ...(input.alerts === true ? { alerts: true } : {}),
          ...(input.allStories === true ? { allStories: true } : {}),
        });
        counts = add(counts, done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallelism, queue.length) }, worker));
    if (cancelRequested) break;
    cursor = page.nextCursor;
    pages += 1;
    pagesThisRun += 1;
    if (cursor === null) break;
  }
  finished = cancelRequested ? 'cancelled' : 'done';
  return progress();
}

function pick(c: BackfillCounts): BackfillCounts {
  return {
    newsProcessed: c.newsProcessed,
    studiesWritten: c.studiesWritten,
    studiesExisting: c.studiesExisting,
    studiesSkipped: c.studiesSkipped,
    newsWithoutStudy: c.newsWithoutStudy,
  };
}
