import type { EventWindowAlertRecord, StudyRecord } from './records';

/**
 * The alerts a study warrants: one per event window whose CAR has p < `threshold`, and one for the day-0 AR.
 * Alert ids are deterministic (`<eventKey>:<symbol>:<window>`), so Redis can tell a repeat from a new alert.
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
    out.push({
      ...base,
      alertId: `${study.eventKey}:${study.listing.symbol}:car_${w.start}_${w.end}`,
      window: { start: w.start, end: w.end },
      statistic: 'car',
      value: w.car,
      t: w.carT,
      p: w.carP,
    });
  }
  const d0 = study.days.find((d) => d.relativeDay === 0);
  if (d0 !== undefined && d0.abnormalReturn !== null && d0.p !== undefined && d0.p !== null && d0.p < threshold) {
    out.push({
      ...base,
      alertId: `${study.eventKey}:${study.listing.symbol}:ar_day0`,
      window: { start: 0, end: 0 },
      statistic: 'ar_day0',
      value: d0.abnormalReturn,
      t: d0.t ?? null,
      p: d0.p,
    });
  }
  return out;
}
