import type { FactorDayValue } from '@newswindow/schemas';
import { factorTableFor } from './study-compute';

const row = (dataset: string, date: string, factor: string, value: number): FactorDayValue => ({
  dataset,
  date,
  factor,
  value,
});
const FF3 = 'F-F_Research_Data_Factors_daily';
const FF5 = 'F-F_Research_Data_5_Factors_2x3_daily';
const MOM = 'F-F_Momentum_Factor_daily';
const stored: FactorDayValue[] = [
  ...['mkt_rf', 'smb', 'hml', 'rf'].map((f, i) => row(FF3, '2024-01-02', f, 0.01 * (i + 1))),
  ...['mkt_rf', 'smb', 'hml', 'rmw', 'cma', 'rf'].map((f, i) => row(FF5, '2024-01-02', f, 0.1 * (i + 1))),
  ...['mkt_rf', 'smb', 'hml', 'rmw', 'cma', 'rf'].map((f, i) => row(FF5, '2024-01-03', f, 0.2 * (i + 1))),
  row(MOM, '2024-01-03', 'mom', 0.5),
];

describe('factorTableFor', () => {
  it('reads FF3 from the 3-factor dataset even when the 5-factor dataset (another SMB) is stored', () => {
    const t = factorTableFor('ff3', stored);
    if (!t.ok) throw new Error(t.reason);
    expect(t.table.dates).toEqual(['2024-01-02']);
    expect([...t.table.columns.get('smb')!]).toEqual([0.02]);
    expect([...t.table.columns.keys()].sort()).toEqual(['hml', 'mkt_rf', 'rf', 'smb']);
  });

  it('reads FF5 from the 5-factor dataset', () => {
    const t = factorTableFor('ff5', stored);
    if (!t.ok) throw new Error(t.reason);
    expect(t.table.dates).toEqual(['2024-01-02', '2024-01-03']);
    expect([...t.table.columns.get('cma')!]).toEqual([0.5, 1]);
  });

  it('merges momentum by date for Carhart: a date one dataset lacks is missing (NaN)', () => {
    const t = factorTableFor('carhart', stored);
    if (!t.ok) throw new Error(t.reason);
    expect(t.table.dates).toEqual(['2024-01-02', '2024-01-03']);
    expect([...t.table.columns.get('mom')!]).toEqual([Number.NaN, 0.5]);
    expect([...t.table.columns.get('mkt_rf')!]).toEqual([0.01, Number.NaN]);
  });

  it('names what is missing when nothing is ingested', () => {
    expect(factorTableFor('ff3', [])).toEqual({
      ok: false,
      reason:
        "no ingested factor data has mkt_rf, smb, hml, rf for the ff3 model (store it with 'newswindow ingest factors --file …')",
    });
  });
});
