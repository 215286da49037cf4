import { readFileSync } from 'node:fs';
import path from 'node:path';
import { alignToCalendar, calendarFromBenchmark } from './calendar';
import { DEFAULT_DESIGN } from './design';
import { runStudy } from './study';
import expected from './__fixtures__/wilcoxon-missing-days.json';

// Issue 11: with missing days the Wilcoxon p-value was computed from estudy2's mean-imputed W⁺. Expected values come
// from scripts/wilcoxon_missing_days.py (numpy market model + scipy.stats.wilcoxon exact), not from this engine.
const ORACLE = path.resolve(__dirname, '../../../../shared/oracle');

function oracleStudy() {
  const deleted = new Set(expected.deleted);
  const bySymbol = new Map<string, { dates: string[]; closes: number[] }>();
  const lines = readFileSync(path.join(ORACLE, 'prices.csv'), 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const [date, symbol, close] = line.split(',') as [string, string, string];
    if (deleted.has(`${symbol} ${date}`)) continue;
    let s = bySymbol.get(symbol);
    if (s === undefined) bySymbol.set(symbol, (s = { dates: [], closes: [] }));
    s.dates.push(date);
    s.closes.push(Number(close));
  }
  const calendar = calendarFromBenchmark('MKT', bySymbol.get('MKT')!.dates);
  const closes = new Map([...bySymbol].map(([sym, s]) => [sym, alignToCalendar(calendar, s.dates, s.closes).values]));
  const events = readFileSync(path.join(ORACLE, 'events.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [eventId, symbol, date] = l.split(',') as [string, string, string];
      return { eventId, symbol, time: { kind: 'date' as const, date } };
    });
  return runStudy({
    calendar,
    closes,
    marketSymbol: 'MKT',
    events,
    design: { ...DEFAULT_DESIGN, windows: [{ start: -1, end: 5 }], missingData: 'multi-day' },
    day0Rule: 'same-date-or-next',
  });
}

describe('Wilcoxon with missing days (oracle prices, ALFA closes deleted on E01 days 0 and +1)', () => {
  const study = oracleStudy();
  const daily = study.windows[0]!.daily;

  it('all 12 events are fitted', () => {
    expect(Array.from(study.batch.ok)).toEqual(Array<number>(12).fill(1));
  });

  it.each(expected.days)('day $relDay: n $n, W⁺ $wPlus, exact two-sided p $p (scipy)', (e) => {
    const row = daily.find((r) => r.relDay === e.relDay)!;
    expect(row.n).toBe(e.n);
    // The statistic stays estudy2's: W⁺ mean-imputed to all 12 events.
    expect(row.tests.wlcx.statistic).toBeCloseTo((e.wPlus / e.n) * 12, 12);
    expect(row.tests.wlcx.pValue).toBeCloseTo(e.p, 12);
  });

  it('the day with 11 ARs present gets p 0.0244, not the p of the imputed statistic (0.0029)', () => {
    const day1 = daily.find((r) => r.relDay === 1)!;
    expect(day1.n).toBe(11);
    expect(day1.tests.wlcx.pValue).toBeCloseTo(0.0244140625, 12);
  });
});
