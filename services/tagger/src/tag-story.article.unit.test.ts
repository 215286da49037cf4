import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultReferenceData } from './reference-data';
import { tagStory } from './tag-story';

// The repository root is three levels up; the shared data directory is its sibling.
const ARTICLE = resolve(__dirname, '../../../../shared/data/real/news/alibaba_investors_article_2025-09.txt');

describe('tagStory on the Alibaba investors article (2025-09)', () => {
  const text = readFileSync(ARTICLE, 'utf8');
  const result = tagStory(
    { id: 'alibaba-investors-2025-09', text, publishedAt: '2025-09-09T10:00:00+08:00' },
    defaultReferenceData,
  );
  const types = result.tags.map((t) => t.type);

  it('comes out with earnings, ai_model_launch, funding_round and regulatory', () => {
    expect(types).toEqual(expect.arrayContaining(['earnings', 'ai_model_launch', 'funding_round', 'regulatory']));
  });

  it('is about Alibaba, on both its listings', () => {
    expect(result.about.map((l) => [l.symbol, l.exchange, l.currency, l.benchmark])).toEqual([
      ['BABA', 'XNYS', 'USD', '^GSPC'],
      ['9988.HK', 'XHKG', 'HKD', '^HSI'],
    ]);
    expect(result.mentioned.map((l) => l.issuerId)).not.toContain('alibaba');
  });

  it('records Alibaba as the lead investor of the X Square Robot round, not as the raiser', () => {
    const funding = result.tags.find((t) => t.type === 'funding_round');
    expect(funding?.evidence.some((e) => e.role === 'lead_investor')).toBe(true);
    expect(result.relevance.find((r) => r.issuerId === 'alibaba')?.fundingRole).toBe('lead_investor');
  });

  it('does not call the model launch a generic product launch', () => {
    expect(types).not.toContain('product_launch');
  });

  it('gives evidence whose offsets point at the phrase', () => {
    for (const tag of result.tags) {
      for (const e of tag.evidence) expect(text.slice(e.start, e.end)).toBe(e.phrase);
    }
  });
});
