import type { StudyComputedData, StudyWindowClosedData, StudyWindowState } from '@newswindow/schemas';
import type { WindowClose } from '@newswindow/workflows';

/** What the close of one session makes of a study: the `StudyWindowClosed` payload and whether every window is final. */
export interface WindowClosing {
  readonly event: StudyWindowClosedData;
  readonly final: boolean;
}

/**
 * The study as final at the close of `session`: the windows ending on or before it are final (computed, or skipped
 * with the study's reason), the others open. The snapshot keeps the fit, the days up to the last final window's end
 * and only the final windows, so nothing computed from a partial window is ever written as a number. A skipped study
 * is final at once: the reason (too few estimation returns, no prices) holds for every window.
 */
export function closeWindows(
  study: StudyComputedData,
  windows: readonly WindowClose[],
  session: string,
): WindowClosing {
  const isFinal = (w: WindowClose): boolean => study.status === 'skipped' || w.endSession <= session;
  const states: StudyWindowState[] = windows.map((w) => ({
    start: w.start,
    end: w.end,
    endSession: w.endSession,
    closesAt: w.closesAt,
    status: !isFinal(w) ? 'open' : study.status,
    ...(isFinal(w) && study.status === 'skipped' ? { reason: study.reason } : {}),
  }));
  const closed = windows
    .filter((w) => w.endSession === session || (study.status === 'skipped' && w.endSession > session))
    .map((w) => ({ start: w.start, end: w.end }));
  const finalSet = new Set(windows.filter(isFinal).map((w) => `${w.start}:${w.end}`));
  const lastDay = Math.max(...windows.filter(isFinal).map((w) => w.end));
  const snapshot: StudyComputedData =
    study.status === 'skipped'
      ? study
      : {
          ...study,
          days: study.days.filter((d) => d.relativeDay <= lastDay),
          windows: study.windows.filter((w) => finalSet.has(`${w.start}:${w.end}`)),
        };
  return {
    event: { studyId: study.studyId, session, closed, windows: states, study: snapshot },
    final: states.every((w) => w.status !== 'open'),
  };
}
