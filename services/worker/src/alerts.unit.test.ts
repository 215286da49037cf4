import { alertIdOf, significantAlerts } from './alerts';
import type { ComputedStudyRecord, StudyRecord, StudyWindow } from './records';

const window = (start: number, end: number, carP: number | null, car: number | null = 0.05): StudyWindow => ({
  start,
  end,
  car,
  carT: car === null ? null : 2.5,
  carP,
  bhar: null,
  bharT: null,
  bharP: null,
  nDays: end - start + 1,
});

const study = (
  windows: StudyWindow[],
  day0P: number | null,
  extra: Partial<ComputedStudyRecord> = {},
): StudyRecord => ({
  studyId: 'nw1:alibaba:ai_model_launch:2025-09-05|9988.HK@XHKG|design',
  eventKey: 'nw1:alibaba:ai_model_launch:2025-09-05',
  newsIds: ['alibaba-events-2025/A04'],
  listing: { symbol: '9988.HK', exchange: 'XHKG' },
  tags: ['ai_model_launch'],
  day0: '2025-09-08',
  parameters: {
    model: 'market_model',
    estimationWindow: { start: -250, end: -11 },
    eventWindows: windows.map((w) => ({ start: w.start, end: w.end })),
    returnType: 'log',
    day0Rule: 'next-close',
    missingDataRule: 'none',
    marketIndex: '^HSI',
    calendar: 'XHKG',
    minEstimationReturns: 100,
  },
  engineVersion: 'test',
  computedAt: '2025-09-16T00:00:00Z',
  status: 'computed',
  fit: { alpha: 0, beta: 1, sigma: 0.02, estimationLength: 240 },
  days: [
    { relativeDay: -1, date: '2025-09-05', return: 0, marketReturn: 0, expectedReturn: 0, abnormalReturn: 0, p: 0.9 },
    {
      relativeDay: 0,
      date: '2025-09-08',
      return: 0.0417,
      marketReturn: 0.001,
      expectedReturn: 0.001,
      abnormalReturn: 0.0407,
      t: 2,
      p: day0P,
    },
  ],
  windows,
  ...extra,
});

const ids = (s: StudyRecord, threshold = 0.05) =>
  significantAlerts(s, threshold, '2025-09-16T00:00:00Z').map(
    (a) => `${a.statistic}:${a.window.start}_${a.window.end}`,
  );

describe('significantAlerts: which windows alert', () => {
  it('alerts each window whose CAR has p below the threshold, not at or above it', () => {
    expect(ids(study([window(-1, 1, 0.2), window(0, 5, 0.0064), window(0, 10, 0.05)], 0.3))).toEqual(['car:0_5']);
  });

  it('alerts the day-0 AR when no [0,0] window is in the design', () => {
    expect(ids(study([window(-1, 1, 0.2), window(0, 5, 0.2)], 0.01))).toEqual(['ar_day0:0_0']);
  });

  it('gives day 0 one alert when both its CAR[0,0] and its AR are significant (the same window)', () => {
    const alerts = significantAlerts(study([window(0, 0, 0.02), window(0, 5, 0.01)], 0.019), 0.05, 'now');
    expect(alerts.map((a) => a.statistic)).toEqual(['car', 'car']);
    expect(new Set(alerts.map((a) => a.alertId)).size).toBe(2);
  });

  it('falls back to the day-0 AR when the [0,0] CAR is not significant but the AR is', () => {
    expect(ids(study([window(0, 0, 0.06)], 0.04))).toEqual(['ar_day0:0_0']);
  });

  it('honours a configured threshold', () => {
    const s = study([window(-1, 1, 0.03), window(0, 5, 0.0064)], 0.02);
    expect(ids(s, 0.01)).toEqual(['car:0_5']);
    expect(ids(s, 0.1)).toEqual(['car:-1_1', 'car:0_5', 'ar_day0:0_0']);
  });

  it('skips windows without a CAR and studies that were skipped or not anchored', () => {
    expect(ids(study([window(0, 5, null, null)], null))).toEqual([]);
    expect(ids(study([window(0, 5, 0.001)], 0.001, { day0: null }))).toEqual([]);
    const skipped: StudyRecord = { ...study([], null), status: 'skipped', reason: 'no prices for BABA' };
    expect(ids(skipped)).toEqual([]);
  });
});

describe('significantAlerts: the dedupe key', () => {
  it('is (event, listing, window), stable across recomputations and raise times', () => {
    const s = study([window(0, 5, 0.01)], 0.5);
    const first = significantAlerts(s, 0.05, '2025-09-16T00:00:00Z')[0];
    const again = significantAlerts({ ...s, computedAt: '2025-09-17T00:00:00Z' }, 0.05, '2025-09-17T00:00:01Z')[0];
    expect(first?.alertId).toBe('nw1:alibaba:ai_model_launch:2025-09-05:9988.HK:window_0_5');
    expect(again?.alertId).toBe(first?.alertId);
    expect(alertIdOf('k', 'BABA', { start: -1, end: 1 })).not.toBe(alertIdOf('k', '9988.HK', { start: -1, end: 1 }));
  });

  it('carries what a reader needs: value, t, p, threshold, listing, day 0, headline', () => {
    const [a] = significantAlerts(study([window(0, 5, 0.0064, 0.1047)], 0.5), 0.05, 'now', 'Qwen3-Max launched');
    expect(a).toMatchObject({
      statistic: 'car',
      value: 0.1047,
      t: 2.5,
      p: 0.0064,
      threshold: 0.05,
      listing: { symbol: '9988.HK', exchange: 'XHKG' },
      day0: '2025-09-08',
      headline: 'Qwen3-Max launched',
      newsIds: ['alibaba-events-2025/A04'],
    });
  });
});
