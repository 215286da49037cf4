import { readFileSync } from 'node:fs';
import { collect, fixtureFile, realFile } from '../testing/real-data';
import type { Loaded } from './load-result';
import { detectNewsFormat, loadBarFile, loadNewsFile, loadTickFile } from './load-file';

const split = <T>(items: readonly Loaded<T>[]) => ({
  values: items.flatMap((i) => (i.ok ? [i.value] : [])),
  rejects: items.flatMap((i) => (i.ok ? [] : [{ line: i.line, reason: i.reason }])),
});

const dataRows = (path: string): number =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => /^\d{4}-\d{2}-\d{2},/.test(l)).length;

describe('bar files from ../shared/data/real', () => {
  it.each([
    ['prices_alibaba_benchmarks_daily.csv', 1976],
    ['fnspid/aa_daily_2015_2024.csv', 2287],
    ['fnspid/aapl_daily_2015_2024.csv', 2287],
    ['baba_us_unadjusted_second_source.csv', 252],
    ['9988hk_unadjusted_second_source_2025q1.csv', 60],
  ])('%s loads every row', async (file, rows) => {
    const { values, rejects } = split(await collect(loadBarFile(realFile(file))));
    expect(rejects).toEqual([]);
    expect(values).toHaveLength(rows);
    expect(dataRows(realFile(file))).toBe(rows);
  });

  it('maps symbols to exchange and currency, and marks adjusted stocks in the prices file', async () => {
    const { values } = split(await collect(loadBarFile(realFile('prices_alibaba_benchmarks_daily.csv'))));
    const hk = values.find((b) => b.symbol === '9988.HK' && b.sessionDate === '2025-09-08');
    expect(hk).toMatchObject({ exchange: 'XHKG', currency: 'HKD', adjusted: true });
    expect(values.find((b) => b.symbol === '^HSI')).toMatchObject({
      exchange: 'XHKG',
      currency: 'HKD',
      adjusted: false,
    });
    expect(values.find((b) => b.symbol === 'BABA')).toMatchObject({
      exchange: 'XNYS',
      currency: 'USD',
      adjusted: true,
    });
    expect(new Set(values.map((b) => b.symbol))).toEqual(new Set(['BABA', '9988.HK', '^HSI', '^GSPC', '^NDX']));
  });

  it.each([
    ['fnspid/qqq_daily_2013_2023.csv', 2749],
    ['fnspid/panel50_daily_sentiment_2019_2023.csv', 55425],
  ])(
    '%s loads every row, QQQ 2019-07-19 (high 1 cent below open) too: the schema allows open/close outside [low, high] by vendor rounding (OHLC_ROUNDING_TOLERANCE)',
    async (file, rows) => {
      const { values, rejects } = split(await collect(loadBarFile(realFile(file))));
      expect(rejects).toEqual([]);
      expect(values).toHaveLength(rows);
      expect(new Set(values.map((v) => v.exchange))).toEqual(new Set(['XNYS']));
    },
    // 55 425 rows take ~5 s on a quiet machine: the default 5 s limit failed under load.
    60_000,
  );

  it('takes the symbol of single-symbol files from the file name', async () => {
    const [first] = await collect(loadBarFile(realFile('9988hk_unadjusted_second_source_2025q1.csv')));
    expect(first).toMatchObject({
      ok: true,
      value: { symbol: '9988.HK', exchange: 'XHKG', adjusted: false, sessionDate: '2025-02-03' },
    });
  });

  it('reports each bad row with its line and reason', async () => {
    const { values, rejects } = split(await collect(loadBarFile(fixtureFile('bad-bars.csv'))));
    expect(values.map((v) => v.sessionDate)).toEqual(['2025-09-08', '2025-09-16']);
    expect(rejects).toEqual([
      { line: 3, reason: "open is not a number: 'abc'" },
      { line: 4, reason: "date is not a calendar date: '2025-02-30'" },
      { line: 5, reason: '$.low: must be ≤ high (9), got 9.5' },
      { line: 6, reason: 'volume is not a non-negative integer: -5' },
      { line: 7, reason: 'expected 7 fields, got 5' },
      { line: 8, reason: 'empty symbol' },
    ]);
  });
});

describe('news files from ../shared/data/real', () => {
  it('loads all 1 502 AA news items with their ET timestamps', async () => {
    const { values, rejects } = split(await collect(loadNewsFile(realFile('fnspid/aa_news_2016_2024.csv'))));
    expect(rejects).toEqual([]);
    expect(values).toHaveLength(1502);
    expect(values.filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v.publishedAt))).toHaveLength(3);
    expect(values[0]).toMatchObject({
      publishedAt: '2016-03-22T08:39:00-04:00',
      tickers: ['AA'],
      source: 'fnspid',
      language: 'en',
    });
    expect(new Set(values.map((v) => v.id)).size).toBe(1502);
  });

  it('loads the AAPL articles that have a date and rejects the 41 with only a relative date', async () => {
    const { values, rejects } = split(await collect(loadNewsFile(realFile('fnspid/aapl_news_articles_2023_2024.csv'))));
    expect(values).toHaveLength(863);
    expect(rejects).toHaveLength(41);
    expect(rejects[0]).toEqual({
      line: 2,
      reason: "no absolute date (date_raw '5 DAYS AGO' is relative to an unknown scrape day)",
    });
    expect(values.filter((v) => v.body !== undefined).length).toBeGreaterThan(100);
  });

  it('turns the 8 Alibaba events into news items with a time where the timing names one', async () => {
    const { values, rejects } = split(await collect(loadNewsFile(realFile('alibaba_events_2025.csv'))));
    expect(rejects).toEqual([]);
    expect(values.map((v) => v.publishedAt)).toEqual([
      '2025-02-20T08:00:00-05:00',
      '2025-05-15T08:00:00-04:00',
      '2025-08-29T08:00:00-04:00',
      '2025-09-05T20:00:00+08:00',
      '2025-09-24T09:30:00+08:00',
      '2025-11-24',
      '2025-11-25T08:00:00-05:00',
      '2025-11-26',
    ]);
    expect(values[0]).toMatchObject({ id: 'alibaba-events-2025/A01', tickers: ['BABA', '9988.HK'] });
  });

  it('loads the article as one item about Alibaba, date-only 2025-09-09', async () => {
    const path = realFile('news/alibaba_investors_article_2025-09.txt');
    expect(await detectNewsFormat(path)).toBe('article-text');
    const [item] = await collect(loadNewsFile(path));
    expect(item).toMatchObject({ ok: true, value: { publishedAt: '2025-09-09', tickers: ['BABA', '9988.HK'] } });
    if (item?.ok !== true) throw new Error('not loaded');
    expect(item.value.headline).toMatch(/^Internet giant Alibaba/);
    expect(item.value.body).toMatch(/Qwen3-Max-Preview/);
  });

  it('reports bad news rows with line and reason, keeping multi-line quoted summaries', async () => {
    const { values, rejects } = split(await collect(loadNewsFile(fixtureFile('bad-news.csv'))));
    expect(values.map((v) => v.publishedAt)).toEqual(['2016-03-22T08:39:00-04:00', '2016-04-11']);
    expect(values[0]?.summary).toBe('Alcoa, the aluminium maker, said "record" output.\nSecond line of the summary.');
    expect(values[0]?.headline).toBe('Alcoa beats estimates');
    expect(rejects).toEqual([
      { line: 4, reason: "published_et has no UTC offset: '2016-03-23T08:39:00'" },
      { line: 6, reason: "published_et is not an ISO timestamp: 'not-a-date'" },
      { line: 7, reason: 'empty summary' },
      { line: 8, reason: 'empty url' },
      { line: 9, reason: 'unterminated quoted field at end of file' },
    ]);
  });
});

describe('tick files', () => {
  it('loads JSON lines and reports bad ones by line', async () => {
    const { values, rejects } = split(await collect(loadTickFile(fixtureFile('ticks.jsonl'))));
    expect(values).toEqual([
      { symbol: 'BABA', exchange: 'XNYS', timestamp: '2025-09-08T09:30:00-04:00', price: 140.1, size: 100 },
      { symbol: '9988.HK', exchange: 'XHKG', timestamp: '2025-09-08T09:30:00+08:00', price: 140.1, size: 200 },
    ]);
    expect(rejects.map((r) => r.line)).toEqual([3, 4, 5, 7]);
    expect(rejects[0]?.reason).toMatch(/offset/);
    expect(rejects[1]?.reason).toMatch(/^invalid JSON/);
  });
});
