import { validateStudyComputed } from './study';

const base = {
  studyId: 's1',
  eventKey: 'alibaba|ai_model_launch|2025-09-05',
  newsIds: ['n1'],
  listing: { symbol: '9988.HK', exchange: 'XHKG' },
  tags: ['ai_model_launch'],
  day0: '2025-09-08',
  parameters: {
    model: 'market_model',
    estimationWindow: { start: -250, end: -11 },
    eventWindows: [
      { start: -1, end: 1 },
      { start: 0, end: 0 },
    ],
    returnType: 'log',
    day0Rule: 'first_close_after_public',
    missingDataRule: 'missing_close_is_missing_day',
    marketIndex: '^HSI',
    calendar: 'XHKG',
    minEstimationReturns: 120,
  },
  engineVersion: '0.1.0',
  computedAt: '2025-09-16T10:00:00Z',
};

describe('StudyComputed', () => {
  it('accepts a computed study', () => {
    const r = validateStudyComputed({
      ...base,
      status: 'computed',
      fit: { alpha: 0.0001, beta: 1.2, sigma: 0.02, estimationLength: 240 },
      days: [
        {
          relativeDay: 0,
          date: '2025-09-08',
          return: 0.0408,
          marketReturn: 0.0085,
          expectedReturn: 0.0103,
          abnormalReturn: 0.0305,
          t: 1.52,
          p: 0.13,
        },
      ],
      windows: [
        { start: 0, end: 0, car: 0.0305, carT: 1.52, carP: 0.13, bhar: 0.03, bharT: null, bharP: null, nDays: 1 },
      ],
    });
    expect(r.ok).toBe(true);
  });
  it('accepts a skipped study with a reason and requires the reason', () => {
    expect(validateStudyComputed({ ...base, day0: null, status: 'skipped', reason: 'no prices' }).ok).toBe(true);
    const r = validateStudyComputed({ ...base, status: 'skipped' });
    expect(!r.ok && r.errors).toEqual([{ path: '$.reason', message: 'is required' }]);
  });
  it('rejects an unknown status and an inverted window', () => {
    expect(validateStudyComputed({ ...base, status: 'pending' }).ok).toBe(false);
    const r = validateStudyComputed({
      ...base,
      status: 'skipped',
      reason: 'x',
      parameters: { ...base.parameters, eventWindows: [{ start: 2, end: 1 }] },
    });
    expect(!r.ok && r.errors[0]!.path).toBe('$.parameters.eventWindows[0].end');
  });
});
