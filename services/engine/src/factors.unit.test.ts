import { readFileSync } from 'node:fs';
import path from 'node:path';
import { alignToCalendar, calendarFromSessions } from './calendar';
import { forecastFactor } from './cross-section';
import type { StudyDesign } from './design';
import { DEFAULT_DESIGN, DesignError, validateDesign } from './design';
import { symmetricInverse } from './event-fit';
import type { FactorModelName } from './factors';
import { FactorFileError, mergeFactorTables, parseFrenchFactorsCsv } from './factors';
import { runStudy } from './study';

// Synthetic factor files in the French data library's exact daily layout and expected numbers computed with
// statsmodels by scripts/factor_fixtures.py (independent of this engine).
const DIR = path.resolve(__dirname, '../fixtures/factors');
const read = (f: string): string => readFileSync(path.join(DIR, f), 'utf8');
interface Expected {
  estimation: [number, number];
  windows: [number, number][];
  studies: {
    model: FactorModelName;
    eventId: string;
    estimationLength: number;
    alpha: number;
    betas: Record<string, number>;
    sigma: number;
    r2: number;
    ar: Record<string, number | null>;
    windows: Record<string, { car: number; days: number; varianceFactor: number }>;
  }[];
}
const expected = JSON.parse(read('expected.json')) as Expected;

describe('parseFrenchFactorsCsv', () => {
  it('reads the daily layout: description, empty first header cell, YYYYMMDD, percent, copyright, CRLF', () => {
    const t = parseFrenchFactorsCsv(read('F-F_Research_Data_Factors_daily.CSV'));
    expect([...t.columns.keys()]).toEqual(['mkt_rf', 'smb', 'hml', 'rf']);
    expect(t.dates[0]).toBe('2024-01-02');
    expect(t.dates).toHaveLength(319);
    const line = read('F-F_Research_Data_Factors_daily.CSV').split('\r\n')[4]!.split(',');
    expect(t.columns.get('mkt_rf')![0]).toBeCloseTo(Number(line[1]) / 100, 15);
  });
  it('reads the momentum file (`Mom` padded header) and -99.99 as missing', () => {
    const m = parseFrenchFactorsCsv(read('F-F_Momentum_Factor_daily.CSV'));
    expect([...m.columns.keys()]).toEqual(['mom']);
    expect(m.columns.get('mom')!.filter(Number.isNaN)).toHaveLength(1);
  });
  it('a real French excerpt (as published, monthly tail ignored after the daily table)', () => {
    const text =
      'This file was created by CMPT_ME_BEME_RETS_DAILY using the 202312 CRSP database.\r\n' +
      'The 1-month TBill return is from Ibbotson and Associates, Inc.\r\n\r\n' +
      ',Mkt-RF,SMB,HML,RF\r\n19260701,    0.10,   -0.25,   -0.27,    0.01\r\n' +
      '19260702,    0.45,   -0.33,   -0.06,    0.01\r\n\r\nCopyright 2023 Kenneth R. French\r\n';
    const t = parseFrenchFactorsCsv(text);
    expect(t.dates).toEqual(['1926-07-01', '1926-07-02']);
    expect(t.columns.get('hml')![1]).toBeCloseTo(-0.0006, 15);
  });
  it('bad input: one actionable line', () => {
    expect(() => parseFrenchFactorsCsv('no header here\n', 'x.csv')).toThrow(/x.csv: no header line/);
    expect(() => parseFrenchFactorsCsv(',Mkt-RF,RF\n20240102, 0x10, 0.01\n', 'x.csv')).toThrow(
      /x.csv line 2: '0x10' in column mkt_rf is not a decimal number/,
    );
    expect(() => parseFrenchFactorsCsv(',Mkt-RF,RF\n20240102, 0.1\n', 'x.csv')).toThrow(/line 2: 1 values/);
    expect(() => parseFrenchFactorsCsv(',Mkt-RF,RF\n20240103,0.1,0.01\n20240102,0.1,0.01\n')).toThrow(/not after/);
  });
  it('merging files that disagree on a shared column is an error', () => {
    const a = parseFrenchFactorsCsv(',SMB,RF\n20240102,0.10,0.01\n');
    const b = parseFrenchFactorsCsv(',SMB,RF\n20240102,0.20,0.01\n');
    expect(() => mergeFactorTables([a, b])).toThrow(FactorFileError);
  });
});

describe('symmetricInverse', () => {
  it('inverts an SPD matrix and refuses a singular one', () => {
    const S = Float64Array.from([4, 2, 0.6, 2, 2, 0.5, 0.6, 0.5, 3]);
    const inv = symmetricInverse(S, 3)!;
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let v = 0;
        for (let k = 0; k < 3; k++) v += S[i * 3 + k]! * inv[k * 3 + j]!;
        expect(v).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    expect(symmetricInverse(Float64Array.from([1, 2, 2, 4]), 2)).toBeUndefined();
  });
});

describe('factor models against statsmodels (synthetic French-format files)', () => {
  const prices = read('prices.csv').trim().split('\n').slice(1);
  const bySymbol = new Map<string, { dates: string[]; closes: number[] }>();
  for (const l of prices) {
    const [d, s, c] = l.split(',') as [string, string, string];
    let e = bySymbol.get(s);
    if (e === undefined) bySymbol.set(s, (e = { dates: [], closes: [] }));
    e.dates.push(d);
    e.closes.push(Number(c));
  }
  const calendar = calendarFromSessions('prices', [...new Set(prices.map((l) => l.split(',')[0]!))]);
  const closes = new Map([...bySymbol].map(([s, e]) => [s, alignToCalendar(calendar, e.dates, e.closes).values]));
  const events = read('events.csv')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [eventId, symbol, date] = l.split(',') as [string, string, string];
      return { eventId, symbol, time: { kind: 'date' as const, date } };
    });
  const files: Record<FactorModelName, string[]> = {
    ff3: ['F-F_Research_Data_Factors_daily.CSV'],
    carhart: ['F-F_Research_Data_Factors_daily.CSV', 'F-F_Momentum_Factor_daily.CSV'],
    ff5: ['F-F_Research_Data_5_Factors_2x3_daily.CSV'],
  };
  const designOf = (model: FactorModelName): StudyDesign => ({
    ...DEFAULT_DESIGN,
    model: { kind: 'factor', factors: model },
    returnKind: 'simple',
    estimation: { start: expected.estimation[0], end: expected.estimation[1] },
    windows: expected.windows.map(([start, end]) => ({ start, end })),
    minEstimationReturns: 100,
  });
  const studies = new Map(
    (['ff3', 'carhart', 'ff5'] as const).map((model) => [
      model,
      runStudy({
        calendar,
        closes,
        events,
        design: designOf(model),
        day0Rule: 'same-date-or-next',
        factors: mergeFactorTables(files[model].map((f) => parseFrenchFactorsCsv(read(f), f))),
      }),
    ]),
  );

  it.each(expected.studies.map((e) => [e.model, e.eventId, e] as const))('%s %s', (model, eventId, e) => {
    const { batch } = studies.get(model)!;
    const i = batch.eventIds.indexOf(eventId);
    expect(batch.ok[i]).toBe(1);
    expect(batch.estimationLength[i]).toBe(e.estimationLength);
    expect(batch.alpha[i]).toBeCloseTo(e.alpha, 12);
    const K = batch.factorNames.length;
    expect(batch.factorNames).toEqual(Object.keys(e.betas));
    Object.values(e.betas).forEach((b, j) => expect(batch.factorBeta[i * K + j]).toBeCloseTo(b, 10));
    expect(batch.beta[i]).toBeCloseTo(e.betas.mkt_rf!, 10);
    expect(batch.sigmaN2[i]).toBeCloseTo(e.sigma, 12);
    expect(batch.r2[i]).toBeCloseTo(e.r2, 10);
    for (const [d, v] of Object.entries(e.ar)) {
      const got = batch.ar[i * batch.days + Number(d) - batch.firstDay]!;
      if (v === null) expect(got).toBeNaN();
      else expect(got).toBeCloseTo(v, 12);
    }
    expected.windows.forEach(([lo, hi], w) => {
      const x = e.windows[`${lo}:${hi}`]!;
      expect(batch.carDays[i * expected.windows.length + w]).toBe(x.days);
      expect(batch.car[i * expected.windows.length + w]).toBeCloseTo(x.car, 12);
      expect(forecastFactor(batch, i, lo, hi)).toBeCloseTo(x.varianceFactor, 9);
    });
  });

  it('factor models need simple returns and L >= K + 4', () => {
    expect(() => validateDesign({ ...designOf('ff5'), returnKind: 'log' })).toThrow(DesignError);
    expect(() => validateDesign({ ...designOf('ff5'), minEstimationReturns: 8 })).toThrow(/>= 9/);
  });

  it('Patell/BMP are defined for factor models, Lamb is not', () => {
    const row = studies.get('carhart')!.windows[1]!.daily[0]!;
    expect(Number.isFinite(row.tests.pt.statistic)).toBe(true);
    expect(Number.isFinite(row.tests.bh.statistic)).toBe(true);
    expect(row.tests.lmb.statistic).toBeNaN();
  });
});
