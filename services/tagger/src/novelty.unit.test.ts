import { noveltyScore, trackNovelty } from './novelty';
import { defaultReferenceData } from './reference-data';
import { eventDay, eventFamily, similarityKey } from './similarity-key';
import { tagStory } from './tag-story';

describe('similarityKey', () => {
  it('is deterministic and uses the calendar day in the given zone', () => {
    const input = {
      issuerId: 'alibaba',
      eventType: 'ai_model_launch' as const,
      publishedAt: '2025-09-05T20:00:00+08:00',
      timeZone: 'Asia/Hong_Kong',
    };
    expect(similarityKey(input)).toBe('nw1:alibaba:ai_model_launch:2025-09-05');
    expect(similarityKey(input)).toBe(similarityKey({ ...input }));
    expect(similarityKey({ ...input, timeZone: 'America/New_York' })).toBe('nw1:alibaba:ai_model_launch:2025-09-05');
    expect(similarityKey({ ...input, publishedAt: '2025-09-05T23:30:00-04:00', timeZone: 'Asia/Hong_Kong' })).toBe(
      'nw1:alibaba:ai_model_launch:2025-09-06',
    );
  });
  it('accepts dates and epoch ms, rejects garbage', () => {
    expect(eventDay('2025-09-08')).toBe('2025-09-08');
    expect(eventDay(Date.UTC(2025, 8, 8, 12))).toBe('2025-09-08');
    expect(() => eventDay('soon')).toThrow('cannot read publishedAt');
  });
  it('gives the same key to repeats of one story the same day, from tagStory', () => {
    const texts = [
      'Alibaba unveiled Qwen3-Max-Preview, its largest AI model to date.',
      'Chinese tech giant Alibaba has released Qwen3-Max-Preview, an AI model with over 1 trillion parameters.',
      'Alibaba shares rose after it launched its biggest AI model, Qwen3-Max-Preview.',
    ];
    const keys = texts.map((text, i) => {
      const r = tagStory({ id: `s${i}`, text, publishedAt: `2025-09-05T${10 + i}:00:00+08:00` }, defaultReferenceData);
      return r.similarityKeys.find((k) => k.eventType === 'ai_model_launch')?.key;
    });
    expect(keys).toEqual(Array(3).fill('nw1:alibaba:ai_model_launch:2025-09-05'));
  });
});

describe('novelty', () => {
  const key = 'nw1:alibaba:ai_model_launch:2025-09-05';
  it('scores the first story 100 and decays for repeats within 24 h', () => {
    const stories = Array.from({ length: 10 }, (_, i) => ({
      storyId: `s${i}`,
      key,
      publishedAt: Date.UTC(2025, 8, 5, i),
    }));
    const scores = trackNovelty(stories).map((r) => r.novelty);
    expect(scores[0]).toBe(100);
    expect(scores[1]).toBe(50);
    expect(scores[9]).toBe(10);
    for (let i = 1; i < scores.length; i += 1) expect(scores[i]!).toBeLessThan(scores[i - 1]!);
  });
  it('forgets stories older than the window and other events', () => {
    const prior = [
      { storyId: 'old', key, publishedAt: '2025-09-04T00:00:00Z' },
      { storyId: 'other', key: 'nw1:alibaba:earnings:2025-09-05', publishedAt: '2025-09-05T01:00:00Z' },
    ];
    expect(noveltyScore({ storyId: 'new', key, publishedAt: '2025-09-05T02:00:00Z' }, prior).novelty).toBe(100);
  });
  it('counts the same event on the next calendar day within 24 h as a repeat', () => {
    const r = noveltyScore({ key: 'nw1:alibaba:ai_model_launch:2025-09-06', publishedAt: '2025-09-06T01:00:00Z' }, [
      { key, publishedAt: '2025-09-05T20:00:00Z' },
    ]);
    expect(r).toMatchObject({ novelty: 50, priorCount: 1, repeatOfKey: key });
    expect(eventFamily(key)).toBe('nw1:alibaba:ai_model_launch');
  });
  it('treats a later message with the same story id as a correction, not a repeat', () => {
    const r = noveltyScore({ storyId: 's1', key, publishedAt: '2025-09-05T03:00:00Z' }, [
      { storyId: 's1', key, publishedAt: '2025-09-05T01:00:00Z' },
    ]);
    expect(r).toMatchObject({ novelty: 100, isCorrection: true, priorCount: 0 });
  });
});
