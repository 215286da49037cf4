import { loadSecurityMaster } from '@newswindow/reference';
import { defaultReferenceData, linkStory, publicationDay } from '@newswindow/tagger';
import { linkingReference } from './composition';
import { listingDirectory } from './master-listings';

// Linking through the security master: a story links to the listing its ticker named on the publication day. Dates
// from the sources in services/reference/data/master/sources: FB became META before the open of 2022-06-09; AA was
// Alcoa Inc.'s (now Howmet Aerospace) until 2016-10-31 and Alcoa Corporation's from 2016-11-01.
const securityMaster = loadSecurityMaster();
const master = listingDirectory(securityMaster);
// A tagged story (earnings) that never names its company: the source's tickers say whom it is about.
const story = (id: string, publishedAt: string, tickers: string[], headline = 'Quarterly results beat estimates.') => ({
  id,
  headline,
  publishedAt,
  tickers,
});

describe('linkStory with the security master (listingDirectory)', () => {
  it('links an FB story of 2021 to Meta’s FB listing and a META story of 2022-06-09 to META', () => {
    const fb = linkStory(story('fb', '2021-03-01T15:00:00Z', ['FB']), defaultReferenceData, master);
    expect(fb.events.map((e) => e.issuerId)).toEqual(['meta-platforms']);
    expect(fb.listings.map((l) => `${l.symbol}@${l.exchange} vs ${l.benchmark ?? ''}`)).toEqual(['FB@XNAS vs ^GSPC']);
    const meta = linkStory(story('meta', '2022-06-09T14:00:00Z', ['META']), defaultReferenceData, master);
    expect(meta.listings.map((l) => l.symbol)).toEqual(['META']);
    expect(meta.events[0]?.eventKey).toMatch(/^nw1:meta-platforms:/);
  });

  it('gives AA stories to Alcoa Inc. before 2016-11-01 and to Alcoa Corporation from that day', () => {
    const before = linkStory(story('aa1', '2016-03-22T12:39:00Z', ['AA']), defaultReferenceData, master);
    const after = linkStory(story('aa2', '2016-11-01T14:00:00Z', ['AA']), defaultReferenceData, master);
    expect(before.events.map((e) => e.issuerId)).toEqual(['howmet-aerospace']);
    expect(after.events.map((e) => e.issuerId)).toEqual(['alcoa']);
    expect(before.listings.map((l) => l.symbol)).toEqual(['AA']);
    expect(after.listings.map((l) => l.symbol)).toEqual(['AA']);
  });

  it('links an issuer the tagger does not know to all its listings of the day, each with its own benchmark', () => {
    const ntes = linkStory(story('ntes', '2024-05-23T10:00:00Z', ['NTES']), defaultReferenceData, master);
    expect(ntes.events.map((e) => e.issuerId)).toEqual(['netease']);
    expect(ntes.listings.map((l) => `${l.symbol} ${l.timeZone} ${l.benchmark ?? ''}`).sort()).toEqual([
      '9999.HK Asia/Hong_Kong ^HSI',
      'NTES America/New_York ^GSPC',
    ]);
    // Before its Hong Kong listing (2020-06-11) NetEase had only the Nasdaq one.
    const old = linkStory(story('ntes0', '2019-05-16T10:00:00Z', ['NTES']), defaultReferenceData, master);
    expect(old.listings.map((l) => l.symbol)).toEqual(['NTES']);
  });

  it('keeps the Alibaba benchmarks of the demo: 9988.HK against ^HSI, BABA against ^GSPC', () => {
    const a = linkStory(story('baba', '2025-09-08T10:00:00+08:00', ['BABA', '9988.HK']), defaultReferenceData, master);
    expect(Object.fromEntries(a.listings.map((l) => [l.symbol, l.benchmark]))).toEqual({
      BABA: '^GSPC',
      '9988.HK': '^HSI',
    });
    expect(a.eventKey).toMatch(/^nw1:alibaba:.*:2025-09-08$/);
  });

  it('links a story about any issuer of the master by name, to its listings of the day', () => {
    const ref = linkingReference(securityMaster);
    const news = (id: string, publishedAt: string, headline: string) => ({ id, headline, publishedAt });
    // Neither is one of the tagger's 51 bundled issuers.
    const tencent = linkStory(
      news('t', '2025-03-19T09:00:00Z', 'Tencent quarterly results beat estimates'),
      ref,
      master,
    );
    expect(tencent.events.map((e) => e.issuerId)).toEqual(['tencent']);
    expect(tencent.listings.map((l) => `${l.symbol} vs ${l.benchmark ?? ''}`)).toEqual(['0700.HK vs ^HSI']);
    const post = linkStory(
      news('d', '2024-11-05T06:00:00Z', 'Deutsche Post quarterly results beat estimates'),
      ref,
      master,
    );
    expect(post.events.map((e) => e.issuerId)).toEqual(['deutsche-post']);
    expect(post.listings.map((l) => `${l.symbol}@${l.exchange} vs ${l.benchmark ?? ''}`)).toEqual([
      'DHL.DE@XETR vs ^GDAXI',
    ]);
    expect(
      linkStory(
        news('t0', '2025-03-19T09:00:00Z', 'Tencent quarterly results beat estimates'),
        defaultReferenceData,
        master,
      ).events,
    ).toEqual([]);
  });

  it('links "Alcoa" by name to Alcoa Inc. (Howmet) before the 2016 split and to Alcoa Corporation after it', () => {
    const ref = linkingReference(securityMaster);
    const news = (id: string, publishedAt: string) => ({
      id,
      headline: 'Alcoa quarterly results beat estimates',
      publishedAt,
    });
    expect(linkStory(news('a1', '2016-07-11T20:00:00Z'), ref, master).events.map((e) => e.issuerId)).toEqual([
      'howmet-aerospace',
    ]);
    const after = linkStory(news('a2', '2017-01-24T21:00:00Z'), ref, master);
    expect(after.events.map((e) => e.issuerId)).toEqual(['alcoa']);
    expect(after.listings.map((l) => l.symbol)).toEqual(['AA']);
    const facebook = linkStory(
      { id: 'fb', headline: 'Facebook quarterly results beat estimates', publishedAt: '2019-01-30T21:00:00Z' },
      ref,
      master,
    );
    expect(facebook.listings.map((l) => l.symbol)).toEqual(['FB']);
  });

  it('dates a story by the UTC day of its instant, or by its date', () => {
    expect(publicationDay('2022-06-08T23:30:00-04:00')).toBe('2022-06-09');
    expect(publicationDay('2022-06-08')).toBe('2022-06-08');
  });
});
