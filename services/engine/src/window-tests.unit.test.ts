import { readFileSync } from 'node:fs';
import path from 'node:path';
import { alignToCalendar, calendarFromBenchmark } from './calendar';
import { DEFAULT_DESIGN } from './design';
import { runStudy } from './study';
import { windowTests } from './window-tests';
import expected from './__fixtures__/window-tests.json';

// Expected values: scripts/window_tests.py (numpy/scipy/statsmodels, written apart from this engine) on the oracle.
const ORACLE = path.resolve(__dirname, '../../../../shared/oracle');

function oracle() {
  const bySymbol = new Map<string, { dates: string[]; closes: number[] }>();
  for (const line of readFileSync(path.join(ORACLE, 'prices.csv'), 'utf8').trim().split('\n').slice(1)) {
    const [date, symbol, close] = line.split(',') as [string, string, string];
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
    design: DEFAULT_DESIGN,
    day0Rule: 'same-date-or-next',
  });
}

describe('window tests on the oracle against an independent numpy/scipy/statsmodels computation', () => {
  const study = oracle();
  const rBar = study.windows[0]!.averageCrossCorrelation;
  const results = windowTests(study.batch, rBar);

  it('KP r̄ equals the mean pairwise correlation of estimation ARs', () => {
    expect(rBar).toBeCloseTo(expected.rBar, 12);
  });

  describe.each(expected.windows.map((w, i) => [`[${w.window.join(', ')}]`, w, i] as const))(
    'window %s',
    (_, e, wi) => {
      const r = results[wi]!;
      const test = (name: string) => r.tests.find((t) => t.name === name)!;
      it.each([
        'car_t',
        'car_patell',
        'car_bmp',
        'car_patell_kp',
        'car_bmp_kp',
        'car_skew_t',
        'grank',
        'bhar_t',
        'bhar_skew_t',
      ] as const)('%s', (name) => {
        const [stat, p] = e[name];
        expect(test(name).statistic).toBeCloseTo(stat!, 9);
        if (p !== undefined) expect(test(name).pValue).toBeCloseTo(p, 9);
        expect(test(name).n).toBe(12);
      });
      it('estimates: CAAR and mean Barber–Lyon BHAR', () => {
        expect(test('car_t').estimate).toBeCloseTo(e.caar, 12);
        expect(test('bhar_t').estimate).toBeCloseTo(e.bhar_mean, 12);
      });
      it('daily GRANK', () => {
        expect(r.dailyGrank.map((g) => g.range.start)).toEqual(e.dailyGrank.map((d) => d.relDay));
        e.dailyGrank.forEach((d, k) => {
          expect(r.dailyGrank[k]!.statistic).toBeCloseTo(d.t, 9);
          expect(r.dailyGrank[k]!.pValue).toBeCloseTo(d.p, 9);
        });
      });
    },
  );
});
