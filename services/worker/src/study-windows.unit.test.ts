import type { StudyComputedData, StudyParameters } from '@newswindow/schemas';
import { closeWindows } from './study-windows';

const windows = [
  { start: 0, end: 0, endSession: '2025-09-08', closesAt: '2025-09-08T08:00:00.000Z' },
  { start: -1, end: 1, endSession: '2025-09-09', closesAt: '2025-09-09T08:00:00.000Z' },
  { start: 0, end: 5, endSession: '2025-09-15', closesAt: '2025-09-15T08:00:00.000Z' },
];
const parameters: StudyParameters = {
  model: 'market_model',
  estimationWindow: { start: -250, end: -11 },
  eventWindows: windows.map((w) => ({ start: w.start, end: w.end })),
  returnType: 'log',
  day0Rule: 'next-close',
  missingDataRule: 'missing_close_is_missing_day',
  marketIndex: '^HSI',
  calendar: 'XHKG',
  minEstimationReturns: 120,
};
const base = {
  studyId: 's1',
  eventKey: 'e1',
  newsIds: ['n1'],
  listing: { symbol: '9988.HK', exchange: 'XHKG' },
  tags: [],
  day0: '2025-09-08',
  parameters,
  engineVersion: 'test',
  computedAt: '2025-09-08T08:00:01.000Z',
};

describe('closeWindows', () => {
  it('keeps only the final windows and the days up to them in the snapshot', () => {
    const study: StudyComputedData = {
      ...base,
      status: 'computed',
      fit: { alpha: 0, beta: 1, sigma: 0.02, estimationLength: 200 },
      days: [-1, 0, 1, 2].map((k) => ({
        relativeDay: k,
        date: `2025-09-0${8 + k}`,
        return: 0.01,
        marketReturn: 0,
        expectedReturn: 0,
        abnormalReturn: 0.01,
      })),
      windows: windows.map((w) => ({
        start: w.start,
        end: w.end,
        car: 0.01,
        carT: 1,
        carP: 0.3,
        bhar: null,
        bharT: null,
        bharP: null,
        nDays: 1,
      })),
    };
    const { event, final } = closeWindows(study, windows, '2025-09-09');
    expect(final).toBe(false);
    expect(event.closed).toEqual([{ start: -1, end: 1 }]);
    expect(event.windows.map((w) => w.status)).toEqual(['computed', 'computed', 'open']);
    if (event.study.status !== 'computed') throw new Error('expected a computed snapshot');
    expect(event.study.windows.map((w) => [w.start, w.end])).toEqual([
      [0, 0],
      [-1, 1],
    ]);
    expect(event.study.days.map((d) => d.relativeDay)).toEqual([-1, 0, 1]);
  });

  it('closes every window at once, with the reason, when the study is skipped', () => {
    const study: StudyComputedData = { ...base, status: 'skipped', reason: 'only 80 usable estimation returns' };
    const { event, final } = closeWindows(study, windows, '2025-09-08');
    expect(final).toBe(true);
    expect(event.closed).toHaveLength(3);
    expect(event.windows.map((w) => [w.status, w.reason])).toEqual([
      ['skipped', 'only 80 usable estimation returns'],
      ['skipped', 'only 80 usable estimation returns'],
      ['skipped', 'only 80 usable estimation returns'],
    ]);
  });
});
