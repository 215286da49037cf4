import { aggregate } from './__tests__/fixtures';
import {
  AGGREGATE_DAY_COLUMNS,
  AGGREGATE_TEST_COLUMNS,
  aggregateDayRows,
  aggregateTestRows,
  renderAggregateTable,
} from './aggregate';
import { toCsv } from './format';

describe('study aggregate: table', () => {
  const out = renderAggregateTable([aggregate()]);
  const lines = out.split('\n');

  it('heads the aggregate with tag, events and design', () => {
    expect(lines[0]).toBe(
      'Tag ai_model_launch: 6 events (market_model, market ^GSPC ^HSI, estimation [-250,-11], log returns, day 0 next-close)',
    );
    expect(lines[1]).toBe('='.repeat(lines[0]!.length));
    expect(lines[2]).toBe('@newswindow/engine@0.1.0, computed 2026-01-01T00:00:00.000Z');
  });

  it('says when it mixes benchmarks (events of each) and how many duplicate studies it left out', () => {
    const base = aggregate();
    const mixed = renderAggregateTable([
      {
        ...base,
        parameters: {
          ...base.parameters,
          extra: { ...base.parameters.extra, eventsPerBenchmark: '^GSPC:4 ^HSI:2', duplicateStudies: 3 },
        },
      },
    ]).split('\n');
    expect(mixed[3]).toBe('mixes 2 benchmarks: ^GSPC (4 events), ^HSI (2 events)');
    expect(mixed[4]).toBe('3 more studies of an (issuer, day 0) already counted left out');
    expect(lines[3]).toBe('');
  });

  it('prints one block per window with N and CAAR, then one line per test (statistic, p-value, stars)', () => {
    expect(out).toContain('Window [-1,+1]   N = 6   CAAR = +4.89 %\n');
    expect(out).toContain('Window [0,0]   N = 6   CAAR = +4.43 %\n');
    const block = out.slice(out.indexOf('Window [-1,+1]'), out.indexOf('Window [0,0]')).trimEnd().split('\n');
    expect(block[1]).toMatch(/^ {2}test +description +statistic +p-value$/);
    // The cross-sectional t comes first, whatever the stored order.
    expect(block[3]).toMatch(/^ {2}cross_sectional_t +cross-sectional t of the CARs +6\.511 +0\.0013 +\*\*\*$/);
    expect(block[4]).toMatch(/^ {2}car_lamb +Lamb 1995, CAR +2\.709 +0\.0068 +\*\*\*$/);
    expect(block).toHaveLength(5);
  });

  it('orders the daily tests parametric first, unknown tests last, blanks for an undefined statistic', () => {
    const block = out.slice(out.indexOf('Window [0,0]')).split('\n');
    const names = block.slice(3, 7).map((l) => l.trim().split(/\s+/)[0]);
    expect(names).toEqual(['pt', 'sign', 'wlcx', 'zz_new_test']);
    expect(block[3]).toMatch(/4\.825 +<0\.0001 +\*\*\*$/);
    expect(block[5]).toMatch(/21\.000 +0\.0313 +\*\*$/);
    expect(block[6]).toBe('  zz_new_test');
  });

  it('lines the blocks up (same column positions in every window)', () => {
    const headers = lines.filter((l) => l.startsWith('  test '));
    expect(headers).toHaveLength(2);
    expect(headers[0]!.indexOf('statistic')).toBe(headers[1]!.indexOf('statistic'));
  });

  it('adds the daily AAR / CAAR table under --days only', () => {
    expect(out).not.toContain('Daily AAR');
    const days = renderAggregateTable([aggregate()], { days: true });
    const table = days.slice(days.indexOf('Daily AAR')).split('\n');
    expect(table[1]).toMatch(/^ {2}day +N +AAR +CAAR +t +p-value$/);
    expect(table[3]).toMatch(/^ {3}-1 +6 +\+0\.33 % +\+0\.33 % +0\.26 +0\.8035$/);
    expect(table[4]).toMatch(/^ {4}0 +6 +\+4\.43 % +\+4\.76 % +4\.52 +0\.0063 +\*\*\*$/);
    expect(table[5]).toMatch(/^ {3}\+1 +6 +\+0\.13 % +\+4\.89 %$/);
  });

  it('ends with the stars legend', () => {
    expect(out.trimEnd().endsWith('*** p ≤ 0.01, ** p ≤ 0.05, * p ≤ 0.10')).toBe(true);
  });
});

describe('study aggregate: machine rows', () => {
  it('one row per window × test with stable columns and fractions', () => {
    const rows = aggregateTestRows([aggregate()]);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({
      tag: 'ai_model_launch',
      model: 'market_model',
      window: '[-1,+1]',
      events: 6,
      caar: 0.0489,
      test: 'cross_sectional_t',
      statistic: 6.511,
      p: 0.0013,
      window_start: -1,
      window_end: 1,
      n_events: 6,
      aggregate_id: 'ai_model_launch|market_model',
      engine_version: '@newswindow/engine@0.1.0',
      computed_at: '2026-01-01T00:00:00.000Z',
    });
    expect(Object.keys(rows[0]!)).toEqual([...AGGREGATE_TEST_COLUMNS]);
    expect(rows[5]).toMatchObject({ test: 'zz_new_test', statistic: null, p: null });
  });

  it('daily rows and an empty CSV that still has its header', () => {
    const days = aggregateDayRows([aggregate()]);
    expect(days.map((d) => d.relative_day)).toEqual([-1, 0, 1]);
    expect(Object.keys(days[0]!)).toEqual([...AGGREGATE_DAY_COLUMNS]);
    expect(toCsv(AGGREGATE_TEST_COLUMNS, [])).toBe(`${AGGREGATE_TEST_COLUMNS.join(',')}\n`);
  });
});
