import { createCalendarProvider, isBeyondHorizon, loadCalendars } from '@newswindow/reference';
import type { DailyClose } from '@newswindow/schemas';
import { DEFAULT_DESIGN } from './design';
import type { StudyJob, StudySettings } from './study-compute';
import { computeStudies } from './study-compute';

// Closes on every XNYS session of 2023-01-03 … 2024-03-28 (a deterministic walk), the gate cases cut holes in them.
const calendars = createCalendarProvider(loadCalendars());
const sessions = loadCalendars().require('XNYS').sessionsBetween('2023-01-03', '2024-03-28');
if (isBeyondHorizon(sessions)) throw new Error(sessions.message);
const walk = (seed: number): DailyClose[] => {
  let p = 100;
  return sessions.map((s, t) => {
    p *= 1 + 0.01 * Math.sin(seed * (t + 1)) + 0.002 * Math.cos(7 * seed * t);
    return { sessionDate: s.date, close: p };
  });
};
const stock = walk(1.3);
const bench = walk(0.7);
const job: StudyJob = {
  eventKey: 'nw1:apple:earnings:2024-01-02',
  newsIds: ['n1'],
  tags: ['earnings'],
  listing: {
    symbol: 'AAPL',
    exchange: 'XNAS',
    currency: 'USD',
    benchmark: '^GSPC',
    timeZone: 'America/New_York',
    issuerId: 'apple',
  },
  publishedAt: '2024-01-02',
};
// The worker's default settings (its composition root adds only the engine version).
const settings: StudySettings = { design: DEFAULT_DESIGN, day0Rule: 'next-close', engineVersion: 'test' };
const run = (closes: Record<string, readonly DailyClose[]>, j: StudyJob = job) =>
  computeStudies([j], (s) => closes[s] ?? [], calendars, settings, '2026-12-03T00:00:00Z')[0]!;
const without = (series: readonly DailyClose[], ...dates: string[]) =>
  series.filter((c) => !dates.includes(c.sessionDate));

describe('data-quality gates of a study', () => {
  it('computes a study whose window has every close, with a day-0 AR', () => {
    const study = run({ AAPL: stock, '^GSPC': bench });
    expect(study.status).toBe('computed');
    if (study.status !== 'computed') return;
    expect(study.day0).toBe('2024-01-02');
    expect(study.days.find((d) => d.relativeDay === 0)?.abnormalReturn).toEqual(expect.any(Number));
    expect(study.parameters.calendar).toBe('XNAS');
  });

  it('skips when the benchmark has no close on day 0', () => {
    expect(run({ AAPL: stock, '^GSPC': without(bench, '2024-01-02') })).toMatchObject({
      status: 'skipped',
      day0: '2024-01-02',
      reason: 'benchmark ^GSPC has no close on 2024-01-02 (day 0)',
    });
  });

  it('skips a multi-session return on an event day (a hole the day before the window)', () => {
    // No close on 2023-12-28 (day -2): the day -1 return of 12-29 would span two sessions.
    expect(run({ AAPL: without(stock, '2023-12-28'), '^GSPC': bench })).toMatchObject({
      status: 'skipped',
      reason: "AAPL's return on 2023-12-29 (day -1) spans 2 sessions: no close on 2023-12-28",
    });
  });

  it('skips news of late December whose window runs past the last stored bar (no 12-session "day-0 return")', () => {
    const to2023 = (s: readonly DailyClose[]) => s.filter((c) => c.sessionDate <= '2023-12-29');
    const december = { ...job, publishedAt: '2023-12-27T15:00:00Z' };
    expect(run({ AAPL: to2023(stock), '^GSPC': to2023(bench) }, december)).toMatchObject({
      status: 'skipped',
      day0: '2023-12-27',
      reason: 'the event window runs to 2024-01-04, past the last stored bar of AAPL (2023-12-29)',
    });
  });

  it('skips a benchmark hole of three months instead of measuring a 60-session "AR"', () => {
    const hole = bench.filter((c) => c.sessionDate < '2023-10-02' || c.sessionDate > '2023-12-28');
    expect(run({ AAPL: stock, '^GSPC': hole })).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(
        /^benchmark \^GSPC's return on 2023-12-29 \(day -1\) spans 6\d sessions: no close on 2023-12-28$/,
      ) as unknown,
    });
  });

  it('never mixes adjusted and unadjusted closes: a window close stored only unadjusted skips with the policy', () => {
    // AAPL's adjusted series lacks 2024-01-03 (day +1); that close exists, but only unadjusted (a live bar).
    const adjusted = without(stock, '2024-01-03');
    const only = new Map([['AAPL', new Set(['2024-01-03'])]]);
    const study = computeStudies(
      [job],
      (s) => ({ AAPL: adjusted, '^GSPC': bench })[s] ?? [],
      calendars,
      settings,
      'T',
      {
        unadjustedOnly: (s) => only.get(s),
      },
    )[0]!;
    expect(study).toMatchObject({
      status: 'skipped',
      day0: '2024-01-02',
      reason:
        'AAPL is studied on its adjusted closes, but its close of 2024-01-03 is stored only unadjusted and a series never mixes the two: send that close again with `newswindow ingest bars --adjusted` if it continues the adjusted series, or the whole history with --unadjusted',
    });
    // Outside the event window it changes nothing (a missing estimation day is a missing day).
    const early = new Map([['AAPL', new Set(['2023-06-01'])]]);
    const fine = computeStudies([job], (s) => ({ AAPL: stock, '^GSPC': bench })[s] ?? [], calendars, settings, 'T', {
      unadjustedOnly: (s) => early.get(s),
    })[0]!;
    expect(fine.status).toBe('computed');
  });
});

describe('bar provenance of a computed study (issue 14, bar corrections)', () => {
  it('records the sessions it read and the corrected bars among them, with their revision', () => {
    const revised = (series: readonly DailyClose[], date: string, revision: number) =>
      series.map((c) => (c.sessionDate === date ? { ...c, close: c.close * 1.01, revision } : c));
    const study = run({
      AAPL: revised(revised(stock, '2023-06-01', 2), '2024-03-01', 2),
      '^GSPC': revised(bench, '2024-01-05', 3),
    });
    expect(study.status).toBe('computed');
    if (study.status !== 'computed') return;
    // The close before the estimation window's first return … the last day of the longest window, on the XNAS sessions.
    const xnas = loadCalendars().require('XNAS').sessionsBetween('2022-06-01', '2024-03-28');
    if (isBeyondHorizon(xnas)) throw new Error(xnas.message);
    const dates = xnas.map((s) => s.date);
    const d0 = dates.indexOf('2024-01-02');
    const longest = Math.max(...settings.design.windows.map((w) => w.end));
    const earliest = Math.min(settings.design.estimation.start, ...settings.design.windows.map((w) => w.start));
    expect(study.bars).toEqual({
      from: dates[d0 + earliest - 1],
      to: dates[d0 + longest],
      corrected: [
        { symbol: 'AAPL', sessionDate: '2023-06-01', revision: 2 },
        { symbol: '^GSPC', sessionDate: '2024-01-05', revision: 3 },
      ],
    });
    // Without corrections the list is empty (2024-03-01 lies after the study's last day).
    expect(run({ AAPL: stock, '^GSPC': bench })).toMatchObject({ bars: { corrected: [] } });
  });
});
