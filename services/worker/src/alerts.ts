import type { EventWindowAlertRecord, StudyRecord } from './records';

/** The deterministic id of the alert of one (event, listing, window): Redis tells a repeat from a new alert by it. */
export const alertIdOf = (eventKey: string, symbol: string, window: { start: number; end: number }): string =>
  `${eventKey}:${symbol}:window_${window.start}_${window.end}`;

/**
 * The alerts a study warrants, at most one per event window: a window whose CAR has p < `threshold`, and day 0 when
 * its AR has p < `threshold`. Day 0 is the window [0, 0]: when the design has that window and its CAR is significant,
 * the day-0 AR (the same return, tested slightly differently) adds no second alert.
 */
export function significantAlerts(
  study: StudyRecord,
  threshold: number,
  raisedAt: string,
  headline?: string,
): EventWindowAlertRecord[] {
  if (study.status !== 'computed' || study.day0 === null) return [];
  const base = {
    studyId: study.studyId,
    eventKey: study.eventKey,
    newsIds: study.newsIds,
    listing: study.listing,
    tags: study.tags,
    day0: study.day0,
    threshold,
    raisedAt,
    ...(headline === undefined ? {} : { headline }),
  };
  const out: EventWindowAlertRecord[] = [];
  for (const w of study.windows) {
    if (w.car === null || w.carP === null || !(w.carP < threshold)) continue;
    const window = { start: w.start, end: w.end };
    if (out.some((a) => a.window.start === w.start && a.window.end === w.end)) continue;
    out.push({
      ...base,
      alertId: alertIdOf(study.eventKey, study.listing.symbol, window),
      window,
      statistic: 'car',
      value: w.car,
      t: w.carT,
      p: w.carP,
    });
  }
  const d0 = study.days.find((d) => d.relativeDay === 0);
  const day0Window = { start: 0, end: 0 };
  if (
    d0 !== undefined &&
    d0.abnormalReturn !== null &&
    d0.p !== undefined &&
    d0.p !== null &&
    d0.p < threshold &&
    !out.some((a) => a.window.start === 0 && a.window.end === 0)
  ) {
    out.push({
      ...base,
      alertId: alertIdOf(study.eventKey, study.listing.symbol, day0Window),
      window: day0Window,
      statistic: 'ar_day0',
      value: d0.abnormalReturn,
      t: d0.t ?? null,
      p: d0.p,
    });
  }
  return out;
}
