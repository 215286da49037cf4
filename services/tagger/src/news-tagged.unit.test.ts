import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateNewsTagged } from '@newswindow/schemas';
import { TAGGER_VERSION, toNewsTagged } from './news-tagged';
import { noveltyScore } from './novelty';
import { defaultReferenceData } from './reference-data';
import { tagStory } from './tag-story';

const ARTICLE = resolve(__dirname, '../../../../shared/data/real/news/alibaba_investors_article_2025-09.txt');

describe('toNewsTagged on the Alibaba investors article (2025-09)', () => {
  const text = readFileSync(ARTICLE, 'utf8');
  const story = tagStory(
    { id: 'alibaba-investors-2025-09', text, publishedAt: '2025-09-09T10:00:00+08:00' },
    defaultReferenceData,
  );

  it('is a valid NewsTagged payload with every tag, its confidence and its evidence', () => {
    const data = toNewsTagged(story);
    expect(validateNewsTagged(data).ok).toBe(true);
    expect(data.newsId).toBe('alibaba-investors-2025-09');
    expect(data.taggerVersion).toBe(TAGGER_VERSION);
    expect(data.tags.map((t) => t.type)).toEqual(story.tags.map((t) => t.type));
    expect(data.tags.map((t) => t.type)).toEqual(
      expect.arrayContaining(['earnings', 'ai_model_launch', 'funding_round', 'regulatory']),
    );
    for (const tag of data.tags) {
      expect(tag.evidence.length).toBeGreaterThan(0);
      for (const e of tag.evidence) {
        expect(e.rule).toEqual(expect.any(String));
        if (e.rule?.startsWith('model:') === true) {
          // a model feature: its name and contribution, no offsets
          expect(e.field).toBeUndefined();
          expect(Number(e.rule.slice('model:'.length))).toBeGreaterThan(0);
          continue;
        }
        expect(e.field).toBe('text');
        expect(text.slice(e.start, e.end)).toBe(e.phrase);
      }
      expect(tag.evidence.some((e) => e.rule?.startsWith('model:') !== true)).toBe(true);
    }
  });

  it('links the story to both Alibaba listings as its subject, with the tagger relevance', () => {
    const data = toNewsTagged(story);
    const alibaba = story.relevance.find((r) => r.issuerId === 'alibaba')?.relevance;
    expect(data.about).toEqual([
      { symbol: 'BABA', exchange: 'XNYS', issuerId: 'alibaba', relevance: alibaba },
      { symbol: '9988.HK', exchange: 'XHKG', issuerId: 'alibaba', relevance: alibaba },
    ]);
    expect(data.mentioned.map((l) => l.issuerId)).not.toContain('alibaba');
    expect(data.mentioned.every((l) => l.relevance < 50)).toBe(true);
  });

  it("defaults to novelty 100 and the story's first similarity key, and takes both from the caller", () => {
    expect(toNewsTagged(story).novelty).toBe(100);
    expect(toNewsTagged(story).similarityKey).toBe(story.similarityKeys[0]?.key);
    expect(story.similarityKeys[0]?.key).toMatch(/^nw1:alibaba:[a-z_]+:2025-09-09$/);

    const key = story.similarityKeys[0]?.key ?? '';
    const repeat = noveltyScore({ storyId: 'repeat', key, publishedAt: '2025-09-09T12:00:00+08:00' }, [
      { storyId: story.id, key, publishedAt: '2025-09-09T10:00:00+08:00' },
    ]);
    const data = toNewsTagged(story, {
      newsId: 'repeat',
      novelty: repeat.novelty,
      similarityKey: key,
      taggedAt: '2025-09-09T04:00:00.000Z',
    });
    expect(data).toMatchObject({
      newsId: 'repeat',
      novelty: 50,
      similarityKey: key,
      taggedAt: '2025-09-09T04:00:00.000Z',
    });
    expect(validateNewsTagged(data).ok).toBe(true);
  });

  it('keys a story without tags or subject under its own id', () => {
    const plain = tagStory({ id: 'plain', text: 'The weather was mild.' }, defaultReferenceData);
    expect(toNewsTagged(plain)).toMatchObject({ tags: [], about: [], similarityKey: 'none:plain', novelty: 100 });
  });
});
