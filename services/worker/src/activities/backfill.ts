import type { BackfillCounts, StudyActivities, StudyModelChoice } from '@newswindow/workflows';
import { buildAlerts, mayAlert } from '../alerts';
import type { LinkedNews } from '../tag-appends';
import type { NewsTagging } from '../news-tagging';
import type { EventWindowAlertData, FactorDayValue, StudyComputedData } from '@newswindow/schemas';
import type { Clock } from '../ports';
import type { StudyJob } from '@newswindow/engine';
import { computeStudies, studySpan, withBenchmark, withStudyModel } from '@newswindow/engine';
import type { Alerting, AlertingDeps } from './alerting';
import { heartbeatSafe } from './context';
import type { ActivityDeps } from './deps';
import type { CloseLoader } from './prices';

/** The study jobs of a batch of linked stories: one per (event, listing), stories on the same event merged. */
export function batchJobs(linkedNews: readonly LinkedNews[]): { jobs: StudyJob[]; newsWithoutStudy: number } {
  const jobs = new Map<string, StudyJob>();
  let newsWithoutStudy = 0;
  for (const { news: item, linked } of linkedNews) {
    if (linked.events.length === 0) {
      newsWithoutStudy += 1;
      continue;
    }
    for (const { eventKey, listing } of linked.events.flatMap((e) =>
      e.listings.map((l) => ({ eventKey: e.eventKey, listing: l })),
    )) {
      // Stories on the same event in one batch are one study, with every story's id.
      const key = `${eventKey}|${listing.symbol}`;
      const seen = jobs.get(key);
      if (seen === undefined) {
        jobs.set(key, { eventKey, newsIds: [item.id], tags: linked.tags, listing, publishedAt: item.publishedAt });
      } else {
        jobs.set(key, {
          ...seen,
          newsIds: [...seen.newsIds, item.id],
          tags: [...new Set([...seen.tags, ...linked.tags])],
          publishedAt:
            Date.parse(item.publishedAt) < Date.parse(seen.publishedAt) ? item.publishedAt : seen.publishedAt,
        });
      }
    }
  }
  return { jobs: [...jobs.values()], newsWithoutStudy };
}

/** A factor-model design's factor days over the sessions the batch's studies read (undefined otherwise). */
async function loadBatchFactorDays(
  jobs: readonly StudyJob[],
  deps: Pick<ActivityDeps, 'calendars' | 'settings' | 'factorDays'>,
): Promise<readonly FactorDayValue[] | undefined> {
  if (deps.settings.design.model.kind !== 'factor' || deps.factorDays === undefined) return undefined;
  let from: string | undefined;
  let to: string | undefined;
  for (const j of jobs) {
    let span: { from: string; to: string } | null;
    try {
      span = studySpan(j, deps.calendars, deps.settings);
    } catch {
      continue; // an unknown exchange: computeStudies skips the job with its reason
    }
    if (span === null) continue;
    if (from === undefined || span.from < from) from = span.from;
    if (to === undefined || span.to > to) to = span.to;
  }
  return from === undefined || to === undefined ? [] : deps.factorDays({ from, to });
}

/** How a batch is studied: a backfill's `--benchmark`, `--model` and `--all-stories` (absent: the worker's). */
export interface BatchChoices {
  readonly benchmark?: string;
  readonly model?: StudyModelChoice;
  readonly allStories?: boolean;
}

/** The studies of a batch of stored news items (computed, not written), as a backfill computes them. */
export type BatchComputer = (
  newsIds: readonly string[],
  choices: BatchChoices,
) => Promise<{ studies: StudyComputedData[]; stored: number; newsWithoutStudy: number }>;

/** Builds the {@link BatchComputer} of the backfill and of a bar correction's recompute. */
export function createBatchComputer(
  deps: Pick<ActivityDeps, 'news' | 'calendars' | 'settings' | 'studyPolicy' | 'bars' | 'factorDays'>,
  tools: { readonly tagging: NewsTagging; readonly loadCloses: CloseLoader },
  now: () => string,
): BatchComputer {
  return async (newsIds, { benchmark, model, allStories }) => {
    // A backfill's `--model` replaces the worker's model for its studies (recorded in each, part of its id).
    const settings = model === undefined ? deps.settings : withStudyModel(deps.settings, model);
    const stored = await deps.news.getNews(newsIds);
    heartbeatSafe('loaded news');
    // Stored news may never have met a live tagger (ingested with no worker running): the batch tags every story on
    // the live path's code, in one append; the idempotency key makes stories already tagged (by the live path, an
    // earlier attempt or run, `--recompute`) write nothing unless their content changed. Its linking is reused below.
    const linkedNews = await tools.tagging.tagStored(
      stored,
      allStories === true ? { ...deps.studyPolicy, allStories: true } : deps.studyPolicy,
    );
    heartbeatSafe('tagged');
    const { jobs, newsWithoutStudy } = batchJobs(linkedNews);
    // A backfill's `--benchmark` replaces each listing's default benchmark (recorded in the study, part of its id).
    const all = jobs.map((j) => withBenchmark(j, benchmark));
    const benchmarks = all.flatMap((j) => (j.listing.benchmark === null ? [] : [j.listing.benchmark]));
    const symbols = [...new Set([...all.map((j) => j.listing.symbol), ...benchmarks])];
    const closes = await tools.loadCloses(symbols);
    const unadjustedOnly = await deps.bars.unadjustedOnlySessions(symbols);
    heartbeatSafe('loaded prices');
    const factorDays = await loadBatchFactorDays(all, { ...deps, settings });
    const studies = computeStudies(all, (s) => closes.get(s) ?? [], deps.calendars, settings, now(), {
      unadjustedOnly: (s) => unadjustedOnly.get(s),
      ...(factorDays === undefined ? {} : { factorDays }),
    });
    heartbeatSafe('computed');
    return { studies, stored: stored.length, newsWithoutStudy };
  };
}

/** The activities of the `backfill` workflow: pages of stored news, and one batch of studies per call. */
export function createBackfillActivities(
  deps: Pick<ActivityDeps, 'news' | 'studies' | 'calendars' | 'settings' | 'studyPolicy' | 'bars' | 'factorDays'> &
    AlertingDeps,
  tools: { readonly tagging: NewsTagging; readonly loadCloses: CloseLoader; readonly alerting: Alerting },
  clock: Clock,
): Pick<StudyActivities, 'countBackfillNews' | 'listBackfillNews' | 'computeStudyBatch'> {
  const now = (): string => clock.now().toISOString();
  const computeBatch = createBatchComputer(deps, tools, now);

  /** `backfill --alerts`: the rules apply, the live age limit does not. */
  const alertOn = async (studies: readonly StudyComputedData[], backfillId: string): Promise<void> => {
    // A webhook that fails leaves the alert pending in the outbox (`alerts redeliver`) rather than recomputing the batch.
    const raised: EventWindowAlertData[] = [];
    for (const s of studies) {
      // Most studies of a backfill are not significant: their story's context is not read.
      if (s.status !== 'computed' || !mayAlert(s, tools.alerting.policy)) continue;
      const context = await deps.alertContext.contextOf(s.newsIds, s.listing);
      raised.push(
        ...buildAlerts(s, context, tools.alerting.policy, {
          raisedAt: now(),
          day0ClosesAt: tools.alerting.timingOf(s).day0ClosesAt,
          studyBaseUrl: deps.studyBaseUrl ?? null,
        }),
      );
    }
    await tools.alerting.deliver(raised, `backfill:${backfillId}`);
  };

  return {
    async countBackfillNews({ filter }) {
      return deps.news.countNews(filter);
    },

    async listBackfillNews({ filter, cursor, limit }) {
      return deps.news.listNewsIds(filter, cursor, limit);
    },

    async computeStudyBatch({ newsIds, recompute, benchmark, model, backfillId, alerts, allStories }) {
      const { studies, stored, newsWithoutStudy } = await computeBatch(newsIds, {
        ...(benchmark === undefined ? {} : { benchmark }),
        ...(model === undefined ? {} : { model }),
        ...(allStories === undefined ? {} : { allStories }),
      });
      const r = await deps.studies.appendStudies(studies, { recompute });
      if (alerts === true) {
        await alertOn(studies, backfillId);
        heartbeatSafe('alerted');
      }
      const counts: BackfillCounts = {
        newsProcessed: newsIds.length,
        studiesWritten: r.written,
        studiesExisting: r.existing,
        studiesSkipped: studies.filter((s) => s.status === 'skipped').length,
        newsWithoutStudy: newsWithoutStudy + (newsIds.length - stored),
      };
      return counts;
    },
  };
}
