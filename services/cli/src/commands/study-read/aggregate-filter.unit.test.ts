import { describeFilter, filterStudies, hasFilter } from './aggregate-filter';

const s = (symbol: string, exchange: string, day0: string, marketIndex: string | null) => ({
  listing: { symbol, exchange },
  day0,
  marketIndex,
});
const studies = [
  s('AA', 'XNYS', '2016-03-22', 'QQQ'),
  s('AA', 'XNYS', '2019-07-17', '^GSPC'),
  s('AAPL', 'XNAS', '2018-01-02', 'QQQ'),
  s('9988.HK', 'XHKG', '2025-09-08', '^HSI'),
];

describe('filterStudies', () => {
  it('keeps day 0 in the inclusive range', () => {
    expect(filterStudies(studies, { from: '2016-03-22', to: '2018-01-02' }).map((x) => x.day0)).toEqual([
      '2016-03-22',
      '2018-01-02',
    ]);
  });

  it('matches listing and exchange case-insensitively and the benchmark exactly', () => {
    expect(filterStudies(studies, { listing: 'aa' })).toHaveLength(2);
    expect(filterStudies(studies, { exchange: 'xhkg' }).map((x) => x.listing.symbol)).toEqual(['9988.HK']);
    expect(filterStudies(studies, { benchmark: 'QQQ' }).map((x) => x.listing.symbol)).toEqual(['AA', 'AAPL']);
    expect(filterStudies(studies, { listing: 'AA', benchmark: '^GSPC' }).map((x) => x.day0)).toEqual(['2019-07-17']);
  });

  it('says whether and how a filter narrows', () => {
    expect(hasFilter({})).toBe(false);
    expect(hasFilter({ exchange: 'XNYS' })).toBe(true);
    expect(describeFilter({ from: '2016-01-01', benchmark: 'QQQ' })).toBe('day0 2016-01-01……, vs QQQ');
  });
});
