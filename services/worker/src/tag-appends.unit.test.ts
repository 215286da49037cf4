import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateNewsTagged } from '@newswindow/schemas';
import { defaultReferenceData } from '@newswindow/tagger';
import { linkStory } from '@newswindow/tagger';
import { newsTaggedAppends, newsTaggedKey } from './tag-appends';
import type { StoredNews } from './ports';

// The Alibaba investors article (2025-09) and repeats of it, through the worker's linking.
const ARTICLE = resolve(__dirname, '../../../../shared/data/real/news/alibaba_investors_article_2025-09.txt');
const article: StoredNews = {
  id: 'alibaba-investors-2025-09',
  source: 'investors',
  body: readFileSync(ARTICLE, 'utf8'),
  publishedAt: '2025-09-09T10:00:00+08:00',
  revision: 1,
};
const at = '2025-09-09T03:00:00.000Z';
const item = (news: StoredNews) => ({ news, linked: linkStory(news, defaultReferenceData) });

describe('newsTaggedAppends', () => {
  it('tags the article with evidence, about Alibaba, novelty 100 on its own event', () => {
    const [first] = newsTaggedAppends([item(article)], [], at);
    expect(first?.idempotencyKey).toBe(newsTaggedKey(article));
    expect(validateNewsTagged(first?.data).ok).toBe(true);
    expect(first?.data.tags.map((t) => t.type)).toEqual(
      expect.arrayContaining(['earnings', 'ai_model_launch', 'funding_round', 'regulatory']),
    );
    expect(first?.data.tags.every((t) => t.evidence.length > 0)).toBe(true);
    expect(first?.data.about.map((l) => l.symbol)).toEqual(['BABA', '9988.HK']);
    expect(first?.data.similarityKey).toBe(item(article).linked.eventKey);
    expect(first?.data.similarityKey).toMatch(/^nw1:alibaba:/);
    expect(first?.data).toMatchObject({ novelty: 100, taggedAt: at });
  });

  it('gives repeats on the same event the same key and a decaying novelty, from the store and the batch', () => {
    const repeat = (n: number): StoredNews => ({
      ...article,
      id: `repeat-${n}`,
      publishedAt: `2025-09-09T1${n}:00:00+08:00`,
    });
    const [first] = newsTaggedAppends([item(article)], [], at);
    const key = first?.data.similarityKey ?? '';
    const stored = [{ storyId: article.id, key, publishedAt: '2025-09-09T02:00:00.000Z' }];
    const out = newsTaggedAppends([item(repeat(2)), item(repeat(1))], stored, at);
    expect(out.map((o) => [o.data.newsId, o.data.similarityKey, o.data.novelty])).toEqual([
      ['repeat-1', key, 50],
      ['repeat-2', key, 33],
    ]);
    // The article tagged again (another story joined its event): its own earlier tagging is not a prior.
    expect(newsTaggedAppends([item(article)], stored, at)[0]?.data.novelty).toBe(100);
  });

  it('keys a correction (same id, new content) apart from the story it corrects', () => {
    const corrected: StoredNews = {
      ...article,
      body: `${article.body ?? ''}\nCorrection: figures restated.`,
      revision: 2,
    };
    expect(newsTaggedKey(corrected)).not.toBe(newsTaggedKey(article));
    expect(newsTaggedKey({ ...article })).toBe(newsTaggedKey(article));
  });
});
