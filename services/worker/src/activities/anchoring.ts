import { ApplicationFailure } from '@temporalio/common';
import { anchorDay0 } from '@newswindow/engine';
import type { StudyActivities } from '@newswindow/workflows';
import { nonRetryable } from './context';
import type { ActivityDeps } from './deps';

/** Day 0 and the windows' closing sessions on the listing's calendar, and the wait for their bars. */
export function createAnchoringActivities(
  deps: Pick<ActivityDeps, 'calendars' | 'settings' | 'waits' | 'bars'>,
): Pick<StudyActivities, 'anchorEvent' | 'watchBars'> {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- the activity contract is async; anchoring reads only the in-memory calendars
    async anchorEvent({ listing, publishedAt }) {
      try {
        const exchange = deps.calendars.exchangeOf(listing.symbol, listing.exchange);
        const cal = exchange.trading;
        const time = /^\d{4}-\d{2}-\d{2}$/.test(publishedAt)
          ? ({ kind: 'date', date: publishedAt } as const)
          : ({ kind: 'instant', iso: publishedAt } as const);
        const day0 = anchorDay0(cal, time, deps.settings.day0Rule);
        if (day0.kind === 'unanchored') throw ApplicationFailure.nonRetryable(day0.reason, 'UnanchoredEventError');
        const lastDay = Math.max(...deps.settings.design.windows.map((w) => w.end));
        const end = exchange.sessionAt(day0.index + lastDay);
        if (end === undefined) {
          const h = exchange.info.horizon;
          throw ApplicationFailure.nonRetryable(
            `the event window (${lastDay} sessions after day 0 ${day0.date}) runs past the ${cal.id} calendar horizon (${h.first} … ${h.last})`,
            'CalendarEndError',
          );
        }
        const windowEndSession = end.date;
        const closesAt = (index: number): string => {
          const session = exchange.sessionAt(index);
          return session === undefined ? '' : new Date(session.closeMs).toISOString();
        };
        const windows = deps.settings.design.windows
          .map((w) => ({
            start: w.start,
            end: w.end,
            endSession: cal.sessions[day0.index + w.end] ?? windowEndSession,
            closesAt: closesAt(day0.index + w.end),
          }))
          .sort((a, b) => a.end - b.end || a.start - b.start);
        return {
          day0: day0.date,
          windowEndSession,
          windowClosesAt: new Date(end.closeMs).toISOString(),
          day0ClosesAt: closesAt(day0.index),
          windows,
        };
      } catch (err) {
        return nonRetryable(err);
      }
    },

    async watchBars({ workflowId, symbols, sessionDate }) {
      // Register before looking: a bar stored in between is then either seen here or signalled by the bar hook.
      await deps.waits.register(workflowId, symbols, sessionDate);
      const latest = await deps.bars.latestSessions([...new Set(symbols)]);
      return symbols.filter((s) => (latest.get(s) ?? '') >= sessionDate);
    },
  };
}
