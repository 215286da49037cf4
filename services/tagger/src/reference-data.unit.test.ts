import { ReferenceDataError, defaultReferenceData, loadReferenceData, mergeReferenceData } from './reference-data';
import { resolveIssuer } from './linking';

describe('reference data', () => {
  it('bundles Alibaba, Alcoa and the 50-ticker panel', () => {
    const symbols = defaultReferenceData.issuers.flatMap((i) => i.listings.map((l) => l.symbol));
    expect(symbols).toEqual(expect.arrayContaining(['BABA', '9988.HK', 'AA', 'AAPL', 'QQQ', 'BRK-B', 'XLF']));
    expect(symbols).toHaveLength(52);
    expect(resolveIssuer(defaultReferenceData, '9988.hk')?.id).toBe('alibaba');
  });
  it('reports the path of a bad field', () => {
    const bad = {
      version: 1,
      issuers: [
        {
          id: 'x',
          name: 'X',
          homeTimeZone: 'UTC',
          listings: [{ symbol: 'X', exchange: 'XNYS', currency: 'usd', benchmark: '^GSPC', timeZone: 'UTC' }],
        },
      ],
    };
    expect(() => loadReferenceData(bad)).toThrow(ReferenceDataError);
    expect(() => loadReferenceData(bad)).toThrow('$.issuers[0].listings[0].currency');
  });
  it('lets users add issuers', () => {
    const extra = loadReferenceData({
      version: 1,
      issuers: [
        {
          id: 'tencent',
          name: 'Tencent Holdings',
          aliases: ['Tencent'],
          homeTimeZone: 'Asia/Hong_Kong',
          listings: [
            { symbol: '0700.HK', exchange: 'XHKG', currency: 'HKD', benchmark: '^HSI', timeZone: 'Asia/Hong_Kong' },
          ],
        },
      ],
    });
    const merged = mergeReferenceData(defaultReferenceData, extra);
    expect(resolveIssuer(merged, '0700.HK')?.name).toBe('Tencent Holdings');
  });
});
