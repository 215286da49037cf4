import type { ComputeStudyInput, StudyActivities } from '@newswindow/workflows';
import type { Clock } from '../ports';
import type { StudyComputedData } from '@newswindow/schemas';
import type { StudyJob } from '@newswindow/engine';
import { computeStudies, marketOf, skippedStudy, studySpan } from '@newswindow/engine';
import { closeWindows } from '../study-windows';
import { nonRetryable } from './context';
import type { ActivityDeps } from './deps';
import type { CloseLoader } from './prices';

/** Compute, close windows of and record the study of one (event, listing). */
export function createStudyActivities(
  deps: Pick<ActivityDeps, 'calendars' | 'settings' | 'studies' | 'bars' | 'factorDays'>,
  loadCloses: CloseLoader,
  clock: Clock,
): Pick<StudyActivities, 'computeStudy' | 'closeStudyWindows' | 'recordStudy' | 'recordSkippedStudy'> {
  const now = (): string => clock.now().toISOString();
  /**
   * Loads prices and computes one study. `fresh`: a cached series ending before the window's last session is reloaded
   * from the store (a signalled bar is durable there before the signal: the trigger subscription reads the store).
   */
  const computeOne = async (input: ComputeStudyInput, fresh: boolean): Promise<StudyComputedData> => {
    try {
      const market = marketOf(input.listing);
      const closes = await loadCloses([input.listing.symbol, market], fresh ? input.windowEndSession : undefined);
      // Closes stored only unadjusted for an adjusted series: the study names them (adjustment policy), never mixes.
      const unadjustedOnly = await deps.bars.unadjustedOnlySessions([input.listing.symbol, market]);
      const job: StudyJob = {
        eventKey: input.eventKey,
        newsIds: input.newsIds,
        tags: input.tags,
        listing: input.listing,
        publishedAt: input.publishedAt,
      };
      // A factor-model study reads the factor days of its estimation and event windows only.
      const span = deps.settings.design.model.kind === 'factor' ? studySpan(job, deps.calendars, deps.settings) : null;
      const factorDays = span === null || deps.factorDays === undefined ? undefined : await deps.factorDays(span);
      const [study] = computeStudies([job], (s) => closes.get(s) ?? [], deps.calendars, deps.settings, now(), {
        strict: true,
        throughSession: input.windowEndSession,
        unadjustedOnly: (s) => unadjustedOnly.get(s),
        ...(factorDays === undefined ? {} : { factorDays }),
      });
      return study as StudyComputedData;
    } catch (err) {
      return nonRetryable(err);
    }
  };

  return {
    async computeStudy(input) {
      return computeOne(input, input.barsSignalled);
    },

    async closeStudyWindows(input) {
      // A window's close always needs bars through its session: a cached series that ends before it is reloaded even
      // when the timer (not a bar signal) ended the wait.
      const study = await computeOne(input, true);
      const closing = closeWindows(study, input.windows, input.windowEndSession);
      const r = await deps.studies.appendWindowClosed(closing.event, closing.final ? study : undefined);
      return {
        study: closing.event.study,
        closed: closing.event.closed,
        final: closing.final,
        written: r.written > 0,
      };
    },

    async recordStudy({ study }) {
      const r = await deps.studies.appendStudies([study as StudyComputedData], { recompute: false });
      return { written: r.written > 0 };
    },

    async recordSkippedStudy(input) {
      const study = skippedStudy(
        { eventKey: input.eventKey, newsIds: input.newsIds, tags: input.tags, listing: input.listing, publishedAt: '' },
        deps.settings,
        input.reason,
        now(),
        { day0: input.day0 },
      );
      const r = await deps.studies.appendStudies([study], { recompute: false });
      return { study, written: r.written > 0 };
    },
  };
}
