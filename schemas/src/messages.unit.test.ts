import { validatePriceBarClosed, validateTradeTicked } from './market';
import { validateNewsPublished, validateNewsTagged } from './news';

const story = {
  id: 'alibaba-qwen3-max',
  source: 'alibaba-ir',
  url: 'https://www.alibabagroup.com/en-US/document-1',
  headline: 'Alibaba unveils Qwen3-Max-Preview',
  publishedAt: '2025-09-05T21:00:00+08:00',
  language: 'en',
  tickers: ['BABA', '9988.HK'],
};

describe('NewsPublished', () => {
  it('accepts a story with an offset timestamp', () => {
    expect(validateNewsPublished(story)).toEqual({ ok: true, value: story });
  });
  it('accepts a date-only story with a summary and no headline', () => {
    const { headline: _h, ...rest } = story;
    expect(validateNewsPublished({ ...rest, summary: 'Alcoa shares rise', publishedAt: '2016-03-22' }).ok).toBe(true);
  });
  it('rejects a local time without offset and a story without text, with clear messages', () => {
    const r = validateNewsPublished({ ...story, headline: ' ', publishedAt: '2025-09-05 21:00:00', language: 'EN' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(['$.publishedAt', '$.language']);
    expect(r.errors[0]!.message).toMatch(/with offset/);
  });
  it('names the missing text fields', () => {
    const r = validateNewsPublished({ ...story, headline: undefined });
    expect(!r.ok && r.errors).toEqual([{ path: '$', message: 'needs at least one of headline, body or summary' }]);
  });
});

describe('NewsTagged', () => {
  it('accepts tags with evidence and linked listings', () => {
    const r = validateNewsTagged({
      newsId: 'n1',
      taggerVersion: 'rules-1',
      tags: [
        { type: 'ai_model_launch', confidence: 0.92, evidence: [{ phrase: 'unveils Qwen3-Max', field: 'headline' }] },
      ],
      about: [{ symbol: '9988.HK', exchange: 'XHKG', issuerId: 'alibaba', relevance: 100 }],
      mentioned: [],
      novelty: 100,
      similarityKey: 'alibaba|ai_model_launch|2025-09-05',
    });
    expect(r.ok).toBe(true);
  });
  it('rejects a confidence above 1', () => {
    const r = validateNewsTagged({
      newsId: 'n1',
      taggerVersion: 'x',
      tags: [{ type: 'earnings', confidence: 1.5, evidence: [] }],
      about: [],
      mentioned: [],
      novelty: 100,
      similarityKey: 'k',
    });
    expect(!r.ok && r.errors[0]!.path).toBe('$.tags[0].confidence');
  });
});

describe('PriceBarClosed and TradeTicked', () => {
  const bar = {
    symbol: '9988.HK',
    exchange: 'XHKG',
    sessionDate: '2025-09-08',
    open: 120,
    high: 125.5,
    low: 119,
    close: 124.9,
    volume: 1e8,
    adjusted: false,
    currency: 'HKD',
  };
  it('accepts a bar', () => expect(validatePriceBarClosed(bar)).toEqual({ ok: true, value: bar }));
  it('rejects low above high, a zero close and a lower-case currency', () => {
    const r = validatePriceBarClosed({ ...bar, low: 130, close: 0, currency: 'hkd' });
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['$.close', '$.currency']);
    expect(validatePriceBarClosed({ ...bar, low: 130 }).ok).toBe(false);
  });
  it('accepts a tick and rejects one without offset', () => {
    const tick = {
      symbol: 'BABA',
      exchange: 'XNYS',
      timestamp: '2025-09-08T09:30:00.5-04:00',
      price: 140.1,
      size: 100,
    };
    expect(validateTradeTicked(tick).ok).toBe(true);
    expect(validateTradeTicked({ ...tick, timestamp: '2025-09-08T09:30:00' }).ok).toBe(false);
  });
});
