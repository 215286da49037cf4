import { readFileSync } from 'node:fs';
import { BUNDLED_MASTER_FILE, bundledIssuers, loadSecurityMaster } from './load';
import { parseMasterLines } from './parse';

// Facts checked against the sources named in data/master/sources/*.csv, not against the generated data:
// FB → META before the open of 2022-06-09 (Reuters via CNA, 2022-05-31); Alcoa Inc. became Arconic (ARNC) and the new
// Alcoa Corporation took AA on 2016-11-01 (Alcoa investor FAQ); Alphabet's Class A is GOOGL and Class C is GOOG since
// the 2014-04-03 split; Alibaba's Hong Kong shares (9988) began trading on 2019-11-26.
const master = loadSecurityMaster();

describe('the bundled security master', () => {
  it('has at least 1 800 issuers with unique ids', () => {
    expect(master.issuers.length).toBeGreaterThanOrEqual(1800);
    expect(new Set(master.issuers.map((i) => i.id)).size).toBe(master.issuers.length);
  });

  it('links FB to Meta until 2022-06-08 and META from 2022-06-09', () => {
    expect(master.listingBySymbol('FB', '2022-06-08')?.issuer.id).toBe('meta-platforms');
    expect(master.listingBySymbol('FB', '2022-06-09')).toBeUndefined();
    expect(master.listingBySymbol('META', '2022-06-08')).toBeUndefined();
    expect(master.listingBySymbol('META', '2022-06-09')?.issuer.id).toBe('meta-platforms');
    expect(master.listingsOn('meta-platforms', '2020-01-02').map((l) => l.symbol)).toEqual(['FB']);
    expect(master.issuersByName('Facebook, Inc.', '2021-01-04').map((i) => i.id)).toEqual(['meta-platforms']);
    expect(master.issuersByName('Facebook, Inc.', '2022-01-03')).toEqual([]);
  });

  it('gives AA to Alcoa Inc. (now Howmet) before 2016-11-01 and to Alcoa Corporation from that day', () => {
    const before = master.listingBySymbol('AA', '2016-10-31');
    const after = master.listingBySymbol('AA', '2016-11-01');
    expect(before?.issuer.id).toBe('howmet-aerospace');
    expect(after?.issuer.id).toBe('alcoa');
    expect(master.listingBySymbol('ARNC', '2018-06-01')?.issuer.id).toBe('howmet-aerospace');
    expect(master.listingBySymbol('HWM', '2020-04-01')?.issuer.id).toBe('howmet-aerospace');
    expect(master.listingHistory('AA').map((h) => h.issuer.id)).toEqual(['howmet-aerospace', 'alcoa']);
    expect(master.issuersByName('Alcoa', '2015-05-04').map((i) => i.id)).toEqual(['howmet-aerospace']);
    expect(master.issuersByName('Alcoa', '2019-05-06').map((i) => i.id)).toEqual(['alcoa']);
  });

  it('gives NYSE:STM and ISIN NL0000226223 to STMicroelectronics, not to Stabilus (pytickersymbols mislabels it)', () => {
    // Euronext: NL0000226223 is STMicroelectronics N.V. (data/master/sources/pytickersymbols-corrections.csv).
    const stm = master.listingBySymbol('STM', '2024-01-25');
    expect(stm?.issuer.id).toBe('stmicroelectronics');
    expect(stm?.listing.isin).toBe('NL0000226223');
    expect(master.issuersByName('STMicroelectronics N.V.').map((i) => i.id)).toEqual(['stmicroelectronics']);
    expect(master.issuer('stabilus')?.listings.some((l) => l.isin === 'NL0000226223')).toBe(false);
  });

  it('keeps the companies pytickersymbols files under another name apart (SoftBank Group, Apollo, Assurant, Mohawk)', () => {
    // data/master/sources/pytickersymbols-records-by-symbol.csv: one record per name would lose or merge them.
    const issuerOf = (symbol: string): string | undefined => master.listingBySymbol(symbol, '2024-01-25')?.issuer.id;
    expect(issuerOf('9984.T')).toBe('softbank-group');
    expect(issuerOf('9434.T')).toBe('softbank');
    expect(issuerOf('APO')).toBe('apollo-global-management');
    expect(issuerOf('ARI')).toBe('apollo-commercial-real-estate-finance');
    expect(issuerOf('AIZ')).toBe('assurant');
    expect(issuerOf('MHK')).toBe('mohawk-industries');
    // The ISIN the package gives both records of a name belongs to one of them only: neither keeps it.
    expect(master.listingBySymbol('GL', '2024-01-25')?.listing.isin).toBeNull();
  });

  it('knows GOOG and GOOGL as two share classes of Alphabet', () => {
    const a = master.listingBySymbol('GOOGL', '2020-01-02');
    const c = master.listingBySymbol('GOOG', '2020-01-02');
    expect(a?.issuer.id).toBe('alphabet');
    expect(c?.issuer.id).toBe('alphabet');
    expect(a?.listing.shareClass).toBe('A');
    expect(c?.listing.shareClass).toBe('C');
    expect(master.listingBySymbol('GOOG', '2013-06-03')?.listing.shareClass).toBe('A');
    expect(
      master
        .listingsOn('alphabet', '2020-01-02')
        .map((l) => l.symbol)
        .sort(),
    ).toEqual(['GOOG', 'GOOGL']);
    expect(master.issuersByName('Google', '2020-01-02').map((i) => i.id)).toEqual(['alphabet']);
  });

  it('lists Alibaba in New York against ^GSPC and in Hong Kong against ^HSI from 2019-11-26', () => {
    expect(master.benchmarkOf('BABA', '2025-09-05')).toBe('^GSPC');
    expect(master.benchmarkOf('9988.HK', '2025-09-08')).toBe('^HSI');
    expect(master.listingBySymbol('9988.hk', '2025-09-08')?.issuer.id).toBe('alibaba');
    expect(master.listingBySymbol('9988.HK', '2019-11-25')).toBeUndefined();
    expect(
      master
        .listingsOn('alibaba', '2019-11-26')
        .map((l) => l.symbol)
        .sort(),
    ).toEqual(['9988.HK', 'BABA']);
    expect(master.listingsOn('alibaba', '2018-01-02').map((l) => l.symbol)).toEqual(['BABA']);
  });

  it('pairs the US and Hong Kong listings of the other dual-listed issuers', () => {
    for (const [us, hk] of [
      ['JD', '9618.HK'],
      ['BIDU', '9888.HK'],
      ['NTES', '9999.HK'],
    ]) {
      expect(master.listingBySymbol(hk as string, '2024-01-02')?.issuer.id).toBe(
        master.listingBySymbol(us as string, '2024-01-02')?.issuer.id,
      );
    }
  });

  it('keeps the ids of the issuers the tagger knew', () => {
    for (const id of ['alibaba', 'alcoa', 'apple', 'alphabet', 'berkshire-hathaway', 'invesco-qqq', 'spdr-gold'])
      expect(master.issuer(id)).toBeDefined();
    expect(master.listingBySymbol('BRK.B', '2020-01-02')?.issuer.id).toBe('berkshire-hathaway');
    expect(master.benchmarkOf('AAPL', '2016-03-01')).toBe('^GSPC');
  });

  it('never gives one symbol on one exchange to two issuers on the same day', () => {
    const { tickers } = master.linkingIndex();
    const bySymbol = new Map<string, typeof tickers>();
    for (const t of tickers) bySymbol.set(`${t.mic}:${t.symbol}`, [...(bySymbol.get(`${t.mic}:${t.symbol}`) ?? []), t]);
    for (const held of bySymbol.values()) {
      const sorted = [...held].sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
      for (let i = 1; i < sorted.length; i += 1)
        expect((sorted[i]?.validFrom ?? '') >= (sorted[i - 1]?.validTo ?? '9999-12-31')).toBe(true);
    }
  });
});

describe('the bundled file', () => {
  it('is valid line by line (the loader trusts it to keep process start fast)', () => {
    const text = readFileSync(BUNDLED_MASTER_FILE, 'utf8');
    expect(() => parseMasterLines(text, { file: BUNDLED_MASTER_FILE })).not.toThrow();
    expect(parseMasterLines(text, { file: BUNDLED_MASTER_FILE })).toEqual(bundledIssuers());
  });
});
