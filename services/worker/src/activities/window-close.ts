import type { StudyActivities } from '@newswindow/workflows';

/**
 * `closeAndAlertWindows`: the window close, then the alerts of the windows that closed, in one activity. The close
 * fails the activity as it would on its own (Temporal retries it; the write is idempotent per study and session); the
 * alert part never does: its failure is returned and the workflow retries it with `raiseAlerts`, whose outbox keeps
 * each (study, window, rule) once, so nothing recorded here is sent twice.
 */
export function createCloseAndAlert(
  steps: Pick<StudyActivities, 'closeStudyWindows' | 'raiseAlerts'>,
): StudyActivities['closeAndAlertWindows'] {
  return async ({ alert, ...input }) => {
    const closed = await steps.closeStudyWindows(input);
    if (alert === undefined || closed.study.status !== 'computed') return closed;
    try {
      const { raised } = await steps.raiseAlerts({
        study: closed.study,
        windows: closed.closed,
        ...(alert.headline === undefined ? {} : { headline: alert.headline }),
      });
      return { ...closed, alert: { raised } };
    } catch (err) {
      return { ...closed, alert: { raised: 0, failure: err instanceof Error ? err.message : String(err) } };
    }
  };
}
