import type { StudyDay, StudyWindow } from '@newswindow/schemas';

/** One day of a study's event window as the API serves it (the peers' column names). */
export interface StudySeriesDay {
  readonly relativeDay: number;
  readonly date: string;
  readonly return: number | null;
  readonly marketReturn: number | null;
  readonly expectedReturn: number | null;
  readonly AR: number | null;
  readonly t: number | null;
  readonly p: number | null;
  /** Sum of the ARs from the first day of the event window to this one; null from the first missing AR on. */
  readonly CAR: number | null;
  /** Half-width of the 95 % band of CAR under the null: 1.96 σ √k on the k-th day of the window. */
  readonly carBand: number | null;
}

/** The span of the widest event window: from the earliest start to the latest end. */
export function eventWindowSpan(windows: readonly Pick<StudyWindow, 'start' | 'end'>[]): {
  start: number;
  end: number;
} {
  if (windows.length === 0) return { start: 0, end: 0 };
  return { start: Math.min(...windows.map((w) => w.start)), end: Math.max(...windows.map((w) => w.end)) };
}

/**
 * The daily AR / CAR series over `span`: the days of the study inside it, in order, with the cumulative AR and its
 * ±1.96 σ √k band (σ = the estimation window's residual standard deviation; no band without σ).
 */
export function studySeries(
  days: readonly StudyDay[],
  span: { readonly start: number; readonly end: number },
  sigma: number | null,
): StudySeriesDay[] {
  const inside = [...days]
    .filter((d) => d.relativeDay >= span.start && d.relativeDay <= span.end)
    .sort((a, b) => a.relativeDay - b.relativeDay);
  let car: number | null = 0;
  return inside.map(({ relativeDay, date, return: r, marketReturn, expectedReturn, abnormalReturn: AR, t, p }) => {
    car = car === null || AR === null ? null : car + AR;
    const k = relativeDay - span.start + 1;
    const carBand = sigma === null ? null : 1.96 * sigma * Math.sqrt(k);
    return {
      relativeDay,
      date,
      return: r,
      marketReturn,
      expectedReturn,
      AR,
      t: t ?? null,
      p: p ?? null,
      CAR: car,
      carBand,
    };
  });
}

/** 95 % band of a CAAR from the cross-section of the events' CARs: CAAR ± 1.96 sd / √N (none below N = 2). */
export function caarBand(
  caar: number | null,
  sd: number | null,
  n: number,
): { se: number | null; low: number | null; high: number | null } {
  if (caar === null || sd === null || n < 2) return { se: null, low: null, high: null };
  const se = sd / Math.sqrt(n);
  return { se, low: caar - 1.96 * se, high: caar + 1.96 * se };
}
