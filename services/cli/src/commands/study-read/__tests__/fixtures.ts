import type { StudyRecord, TagAggregateRecord } from '@newswindow/store';

/** Small hand-built records for the renderer tests (no database). */
const parameters: StudyRecord['parameters'] = {
  model: 'market_model',
  estimationWindow: { start: -250, end: -11 },
  eventWindows: [
    { start: -1, end: 1 },
    { start: 0, end: 0 },
    { start: 0, end: 5 },
  ],
  returnType: 'log',
  day0Rule: 'next-close',
  missingDataRule: 'eventus',
  marketIndex: '^HSI',
  calendar: 'XHKG',
  minEstimationReturns: 120,
};

export function study(over: Partial<StudyRecord> = {}): StudyRecord {
  return {
    studyId: 's-9988',
    eventKey: 'nw1:alibaba:ai_model_launch:2025-09-05',
    newsIds: ['n1'],
    listing: { symbol: '9988.HK', exchange: 'XHKG' },
    tags: ['ai_model_launch'],
    day0: '2025-09-08',
    status: 'computed',
    reason: null,
    parameters,
    engineVersion: '@newswindow/engine@0.1.0',
    alpha: 0.0005,
    beta: 1.4532,
    sigma: 0.0156,
    estimationLength: 240,
    betaMktRf: null,
    betaSmb: null,
    betaHml: null,
    betaMom: null,
    betaRmw: null,
    betaCma: null,
    computedAt: '2026-01-01T00:00:00.000Z',
    bars: null,
    staleBars: [],
    windows: [
      { start: -1, end: 1, car: 0.0404, carT: 1.5, carP: 0.1348, bhar: 0.041, bharT: null, bharP: null, nDays: 3 },
      { start: 0, end: 0, car: 0.0291, carT: 1.87, carP: 0.0628, bhar: 0.0295, bharT: null, bharP: null, nDays: 1 },
      { start: 0, end: 5, car: 0.1047, carT: 2.75, carP: 0.0064, bhar: 0.11, bharT: null, bharP: null, nDays: 6 },
    ],
    days: [
      {
        relativeDay: 0,
        date: '2025-09-08',
        // log(1.0417): the raw simple return is +4.17 %.
        return: Math.log(1.0417),
        marketReturn: 0.008,
        expectedReturn: 0.0118,
        abnormalReturn: 0.0291,
        t: 1.87,
        p: 0.0633,
      },
    ],
    ...over,
  };
}

export function skipped(over: Partial<StudyRecord> = {}): StudyRecord {
  return study({
    studyId: 's-skip',
    listing: { symbol: 'ZZZ.HK', exchange: 'XHKG' },
    day0: '2025-09-01',
    tags: ['earnings'],
    eventKey: 'nw1:zzz:earnings:2025-09-01',
    status: 'skipped',
    reason: 'no prices for ZZZ.HK in the estimation window',
    alpha: null,
    beta: null,
    sigma: null,
    estimationLength: null,
    windows: [],
    days: [],
    ...over,
  });
}

export function aggregate(over: Partial<TagAggregateRecord> = {}): TagAggregateRecord {
  return {
    aggregateId: 'ai_model_launch|market_model',
    tag: 'ai_model_launch',
    model: 'market_model',
    parameters: { ...parameters, marketIndex: null, extra: { marketIndices: '^GSPC ^HSI' } },
    engineVersion: '@newswindow/engine@0.1.0',
    nEvents: 6,
    studyIds: ['a', 'b', 'c', 'd', 'e', 'f'],
    computedAt: '2026-01-01T00:00:00.000Z',
    days: [
      { relativeDay: -1, aar: 0.0033, caar: 0.0033, n: 6, t: 0.26, p: 0.8035 },
      { relativeDay: 0, aar: 0.0443, caar: 0.0476, n: 6, t: 4.52, p: 0.0063 },
      { relativeDay: 1, aar: 0.0013, caar: 0.0489, n: 6, t: null, p: null },
    ],
    windows: [
      {
        start: -1,
        end: 1,
        caar: 0.0489,
        n: 6,
        tests: [
          { name: 'car_lamb', statistic: 2.709, pValue: 0.0068 },
          { name: 'cross_sectional_t', statistic: 6.511, pValue: 0.0013 },
        ],
      },
      {
        start: 0,
        end: 0,
        caar: 0.0443,
        n: 6,
        tests: [
          { name: 'wlcx', statistic: 21, pValue: 0.0313 },
          { name: 'sign', statistic: 2.449, pValue: 0.0143 },
          { name: 'pt', statistic: 4.825, pValue: 0.00001 },
          { name: 'zz_new_test', statistic: null, pValue: null },
        ],
      },
    ],
    ...over,
  };
}
