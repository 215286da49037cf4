import { Topics, dlqTopicFor } from './topics';

describe('topics', () => {
  it('names the dead-letter topic after its source topic', () => {
    expect(dlqTopicFor(Topics.newsRaw)).toBe('news.raw.dlq');
    expect(dlqTopicFor(Topics.marketBars)).toBe('market.bars.dlq');
  });
  it('keeps topic names unique', () => {
    const names = Object.values(Topics);
    expect(new Set(names).size).toBe(names.length);
  });
});
