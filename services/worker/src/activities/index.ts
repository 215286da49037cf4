import type { StudyActivities, StudyPayload } from '@newswindow/workflows';
import { createNewsTagging } from '../news-tagging';
import type { EventWindowAlertData } from '@newswindow/schemas';
import { createAlertActivities, createAlerting } from './alerting';
import { createAnchoringActivities } from './anchoring';
import { createBackfillActivities } from './backfill';
import type { ActivityDeps } from './deps';
import { createCloseLoader } from './prices';
import { createRecomputeActivities } from './recompute';
import { createStudyActivities } from './study';
import { createTaggingActivities } from './tagging';
import { createCloseAndAlert } from './window-close';

export type { ActivityDeps } from './deps';

/**
 * The activities of `studyNewsEvent` and `backfill`, over injected ports, one module per port group: tagging,
 * anchoring, study, alerting, backfill (and the window close with its alerts in one step, `window-close`).
 */
export function createActivities(deps: ActivityDeps) {
  const clock = deps.clock ?? { now: () => new Date() };
  const tagging = createNewsTagging({
    news: deps.news,
    newsTags: deps.newsTags,
    reference: deps.reference,
    ...(deps.master === undefined ? {} : { master: deps.master }),
    ...(deps.studyPolicy === undefined ? {} : { studyPolicy: deps.studyPolicy }),
    clock,
  });
  const loadCloses = createCloseLoader(deps);
  const alerting = createAlerting(deps, clock);
  const study = createStudyActivities(deps, loadCloses, clock);
  const alerts = createAlertActivities(deps, alerting, clock);
  return {
    ...createTaggingActivities(tagging),
    ...createAnchoringActivities(deps),
    ...study,
    ...alerts,
    closeAndAlertWindows: createCloseAndAlert({ ...study, ...alerts }),
    ...createBackfillActivities(deps, { tagging, loadCloses, alerting }, clock),
    ...createRecomputeActivities(deps, { tagging }, clock),
  } satisfies StudyActivities;
}

export type Activities = ReturnType<typeof createActivities>;
export type { EventWindowAlertData, StudyPayload };
