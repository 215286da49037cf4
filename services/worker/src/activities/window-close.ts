import type { StudyActivities } from '@newswindow/workflows';
import { heartbeatSafe } from './context';

/** Heartbeats of a running window close (the SDK throttles what it sends to the server). */
const HEARTBEAT_EVERY_MS = 1_000;

/**
 * `closeAndAlertWindows`: the window close, then the alerts of the windows that closed, in one activity. The close
 * fails the activity as it would on its own (Temporal retries it; the write is idempotent per study and session); the
 * alert part never does: its failure is returned and the workflow retries it with `raiseAlerts`, whose outbox keeps
 * each (study, window, rule) once, so nothing recorded here is sent twice. It heartbeats while it runs: an attempt
 * that never reached this worker is retried after the workflow's heartbeat timeout, one that is only slow is not.
 */
export function createCloseAndAlert(
  steps: Pick<StudyActivities, 'closeStudyWindows' | 'raiseAlerts'>,
): StudyActivities['closeAndAlertWindows'] {
  const closeAndAlert: StudyActivities['closeAndAlertWindows'] = async ({ alert, ...input }) => {
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
  return async (input) => {
    heartbeatSafe('closing');
    const beat = setInterval(() => heartbeatSafe('closing'), HEARTBEAT_EVERY_MS);
    try {
      return await closeAndAlert(input);
    } finally {
      clearInterval(beat);
    }
  };
}
