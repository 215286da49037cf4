import type { AlertPolicy } from './alert-rules';
import { deskDefaultPolicy, parseAlertPolicy } from './alert-rules';
import type { AlertContext } from './alerts';
import fc from 'fast-check';
import { alertIdOf, buildAlerts, mayAlert } from './alerts';
import type { ComputedStudy, StudyComputedData, StudyWindow } from '@newswindow/schemas';

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
  extra: Partial<ComputedStudy> = {},
): StudyComputedData => ({
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

const context: AlertContext = {
  headline: 'Qwen3-Max launched',
  sourceUrl: 'https://example.com/a04',
  novelty: 100,
  relevance: 90,
  issuer: { id: 'alibaba', name: 'Alibaba Group' },
};
const setting = { raisedAt: '2025-09-16T00:00:00Z', day0ClosesAt: '2025-09-08T08:00:00.000Z', studyBaseUrl: null };
const significantAlerts = (
  s: StudyComputedData,
  threshold: number,
  raisedAt = setting.raisedAt,
  policy?: AlertPolicy,
) => buildAlerts(s, context, policy ?? deskDefaultPolicy(threshold), { ...setting, raisedAt });

const ids = (s: StudyComputedData, threshold = 0.05) =>
  significantAlerts(s, threshold).map((a) => `${a.statistic}:${a.window.start}_${a.window.end}`);

describe('buildAlerts under the desk default: which windows alert', () => {
  it('alerts each window whose CAR has p below the threshold, not at or above it', () => {
    expect(ids(study([window(-1, 1, 0.2), window(0, 5, 0.0064), window(0, 10, 0.05)], 0.3))).toEqual(['car:0_5']);
  });

  it('alerts the day-0 AR when no [0,0] window is in the design', () => {
    expect(ids(study([window(-1, 1, 0.2), window(0, 5, 0.2)], 0.01))).toEqual(['ar_day0:0_0']);
  });

  it('gives day 0 one alert when both its CAR[0,0] and its AR are significant (the same window)', () => {
    const alerts = significantAlerts(study([window(0, 0, 0.02), window(0, 5, 0.01)], 0.019), 0.05);
    expect(alerts.map((a) => a.statistic)).toEqual(['car', 'car']);
    expect(new Set(alerts.map((a) => a.alertId)).size).toBe(2);
  });

  it('honours a configured threshold', () => {
    const s = study([window(-1, 1, 0.03), window(0, 5, 0.0064)], 0.02);
    expect(ids(s, 0.01)).toEqual(['car:0_5']);
    expect(ids(s, 0.1)).toEqual(['car:-1_1', 'car:0_5', 'ar_day0:0_0']);
  });

  it('skips windows without a CAR and studies that were skipped or not anchored', () => {
    expect(ids(study([window(0, 5, null, null)], null))).toEqual([]);
    expect(ids(study([window(0, 5, 0.001)], 0.001, { day0: null }))).toEqual([]);
    const skipped: StudyComputedData = { ...study([], null), status: 'skipped', reason: 'no prices for BABA' };
    expect(ids(skipped)).toEqual([]);
  });

  it('raises nothing for a story below the desk novelty of 50', () => {
    const s = study([window(0, 5, 0.001)], 0.5);
    expect(buildAlerts(s, { ...context, novelty: 49 }, deskDefaultPolicy(), setting)).toEqual([]);
    expect(buildAlerts(s, { ...context, novelty: 50 }, deskDefaultPolicy(), setting)).toHaveLength(1);
  });
});

describe('buildAlerts: rules from a file', () => {
  const s = study([window(-1, 1, 0.001, 0.004), window(0, 5, 0.001, 0.08)], 0.5, { tags: ['earnings'] });
  const under = (json: string) =>
    buildAlerts(s, context, parseAlertPolicy(json, 'rules.json'), setting).map(
      (a) => `${a.ruleId}:${a.window.start}_${a.window.end}`,
    );

  it('applies each condition: minimum |CAR|, windows, tags, listings, exchanges, relevance, novelty', () => {
    expect(under('{"rules":[{"id":"big","minAbsReturn":0.05}]}')).toEqual(['big:0_5']);
    expect(under('{"rules":[{"id":"w","windows":[{"start":-1,"end":1}]}]}')).toEqual(['w:-1_1']);
    expect(under('{"rules":[{"id":"t","tags":["ai_model_launch"]}]}')).toEqual([]);
    expect(under('{"rules":[{"id":"t","tags":["earnings"],"listings":["9988.HK"],"exchanges":["XHKG"]}]}')).toEqual([
      't:-1_1',
      't:0_5',
    ]);
    expect(under('{"rules":[{"id":"l","exchanges":["XNYS"]}]}')).toEqual([]);
    expect(under('{"rules":[{"id":"r","minRelevance":95}]}')).toEqual([]);
    expect(under('{"rules":[{"id":"p","maxP":0.0005}]}')).toEqual([]);
  });

  it('raises one alert per (window, rule) when several rules match', () => {
    expect(under('{"rules":[{"id":"a"},{"id":"b","minAbsReturn":0.05}]}')).toEqual(['a:-1_1', 'a:0_5', 'b:0_5']);
  });

  it('takes the desk defaults for what a rule leaves out and refuses a bad file with every problem', () => {
    expect(parseAlertPolicy('{"rules":[{"id":"x"}]}', 'f')).toEqual({
      maxAgeSessions: 3,
      rules: [{ ...deskDefaultPolicy().rules[0], id: 'x' }],
    });
    expect(() => parseAlertPolicy('{"rules":[{"id":"x","maxP":2,"minNovelty":-1}]}', 'f')).toThrow(
      /maxP.*\n?.*minNovelty|minNovelty.*maxP|maxP/s,
    );
    expect(() => parseAlertPolicy('{"rules":[{"id":"x"},{"id":"x"}]}', 'f')).toThrow(/appears twice/);
    expect(() => parseAlertPolicy('not json', 'f')).toThrow(/not valid JSON/);
  });
});

describe('buildAlerts: the document', () => {
  it('has one id per (study, window, rule), stable across recomputations and raise times', () => {
    const s = study([window(0, 5, 0.01)], 0.5);
    const first = significantAlerts(s, 0.05)[0];
    const again = significantAlerts({ ...s, computedAt: '2025-09-17T00:00:00Z' }, 0.05, '2025-09-17T00:00:01Z')[0];
    expect(first?.alertId).toBe(`${s.studyId}#0_5#desk-default`);
    expect(again?.alertId).toBe(first?.alertId);
    expect(alertIdOf('s', { start: -1, end: 1 }, 'a')).not.toBe(alertIdOf('s', { start: -1, end: 1 }, 'b'));
  });

  it('carries what a desk needs, returns as fractions and in percent in the text', () => {
    const s = study([window(0, 0, 0.02, 0.0407)], 0.5);
    const [a] = buildAlerts(s, context, deskDefaultPolicy(), { ...setting, studyBaseUrl: 'https://desk.example/' });
    expect(a).toMatchObject({
      statistic: 'car',
      value: 0.0407,
      t: 2.5,
      p: 0.02,
      threshold: 0.05,
      listing: { symbol: '9988.HK', exchange: 'XHKG' },
      issuer: { id: 'alibaba', name: 'Alibaba Group' },
      benchmark: '^HSI',
      model: 'market_model',
      day0: '2025-09-08',
      day0ClosesAt: '2025-09-08T08:00:00.000Z',
      headline: 'Qwen3-Max launched',
      sourceUrl: 'https://example.com/a04',
      relevance: 90,
      novelty: 100,
      finalWindows: [{ start: 0, end: 0 }],
      test: 'student_t two-sided, 238 df',
      studyUrl: `https://desk.example/studies/${encodeURIComponent(s.studyId)}`,
    });
    // Day 0's log return 0.0417 is a simple return of e^0.0417 − 1 = 4.258 %.
    expect(a?.rawReturn).toBeCloseTo(0.042582, 6);
    expect(a?.text).toBe(
      '9988.HK (XHKG) CAR[0,0] +4.07% vs ^HSI, t 2.50, p 0.0200 (< 0.05), day 0 2025-09-08, raw +4.26%: Qwen3-Max launched',
    );
  });
});

describe('mayAlert: the study may alert whatever its context, so only then is the context read', () => {
  it('is false for a study no rule can match on its numbers, true when one can (even if its novelty will stop it)', () => {
    expect(mayAlert(study([window(-1, 1, 0.2), window(0, 5, 0.06)], 0.3), deskDefaultPolicy())).toBe(false);
    const significant = study([window(0, 5, 0.001)], 0.5);
    expect(mayAlert(significant, deskDefaultPolicy())).toBe(true);
    expect(buildAlerts(significant, { ...context, novelty: 10 }, deskDefaultPolicy(), setting)).toEqual([]);
  });

  it('looks only at the windows asked for', () => {
    const s = study([window(-1, 1, 0.2), window(0, 5, 0.001)], 0.3);
    expect(mayAlert(s, deskDefaultPolicy(), [{ start: -1, end: 1 }])).toBe(false);
    expect(mayAlert(s, deskDefaultPolicy(), [{ start: 0, end: 5 }])).toBe(true);
  });

  it('never says false where some context would raise an alert', () => {
    const p = fc.double({ min: 0, max: 1, noNaN: true });
    const score = fc.option(fc.integer({ min: 0, max: 100 }), { nil: null });
    fc.assert(
      fc.property(p, p, p, score, score, (p1, p2, p0, novelty, relevance) => {
        const s = study([window(-1, 1, p1), window(0, 5, p2)], p0);
        const raised = buildAlerts(s, { ...context, novelty, relevance }, deskDefaultPolicy(), setting);
        return raised.length === 0 || mayAlert(s, deskDefaultPolicy());
      }),
    );
  });
});
