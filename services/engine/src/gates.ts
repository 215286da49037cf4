import type { TradingCalendar } from './calendar';
import type { ReturnSeries } from './returns';

/** A return series the event window needs, named as a reason should name it (`9988.HK`, `benchmark ^HSI`). */
export interface GatedSeries {
  readonly label: string;
  readonly returns: ReturnSeries;
}

export type GateResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * The event window's data-quality gate (issue 15): a study is computed only when every event-window day
 * (`firstDay … lastDay` sessions from day 0) is a session of the calendar and every series has a single-session
 * return on it, i.e. a close that session and the one before. Otherwise the first problem, in one line: past the
 * calendar's horizon, past the last stored bar, no close on a day, or a return spanning several sessions.
 */
export function checkEventWindow(
  calendar: TradingCalendar,
  day0: number,
  firstDay: number,
  lastDay: number,
  series: readonly GatedSeries[],
): GateResult {
  const sessions = calendar.sessions;
  const n = sessions.length;
  const date = (t: number): string => sessions[t] ?? '?';
  if (day0 + firstDay < 0)
    return {
      ok: false,
      reason: `the event window [${firstDay},${lastDay}] around ${date(day0)} starts before the ${calendar.id} calendar's first session ${date(0)}`,
    };
  if (day0 + lastDay >= n)
    return {
      ok: false,
      reason: `the event window [${firstDay},${lastDay}] around ${date(day0)} runs past the ${calendar.id} calendar's horizon (last session ${date(n - 1)})`,
    };
  for (const { label, returns } of series) {
    const { span } = returns;
    let lastReturn = -1;
    for (let t = n - 1; t >= 0; t--)
      if (span[t]! > 0) {
        lastReturn = t;
        break;
      }
    let firstReturn = -1;
    for (let t = 0; t < n; t++)
      if (span[t]! > 0) {
        firstReturn = t;
        break;
      }
    if (lastReturn < 0) return { ok: false, reason: `${label} has no returns on the ${calendar.id} calendar` };
    if (lastReturn < day0 + lastDay)
      return {
        ok: false,
        reason: `the event window runs to ${date(day0 + lastDay)}, past the last stored bar of ${label} (${date(lastReturn)})`,
      };
    // A close exists at t when a return ends there, or at the first close (no return: nothing before it).
    const firstClose = firstReturn - span[firstReturn]!;
    for (let d = firstDay; d <= lastDay; d++) {
      const t = day0 + d;
      const s = span[t]!;
      if (s === 1) continue;
      if (s > 1)
        return {
          ok: false,
          reason: `${label}'s return on ${date(t)} (day ${d}) spans ${s} sessions: no close on ${date(t - 1)}`,
        };
      return {
        ok: false,
        reason:
          t === firstClose
            ? `${label} has no close before ${date(t)} (day ${d})`
            : `${label} has no close on ${date(t)} (day ${d})`,
      };
    }
  }
  return { ok: true };
}
