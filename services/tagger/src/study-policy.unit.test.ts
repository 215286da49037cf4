import { defaultReferenceData } from './reference-data';
import { decideStudies } from './study-policy';
import { tagStory } from './tag-story';

const tag = (text: string) => tagStory({ id: 't', text }, defaultReferenceData);

describe('decideStudies', () => {
  it('starts a study of the subject of a tagged company story', () => {
    const d = decideStudies(tag('Alcoa (AA) reports Q3 loss, lags revenue estimates. Alcoa posted a loss of $0.33.'));
    expect(d.start).toBe(true);
    expect(d.start && d.issuers.map((i) => i.issuerId)).toEqual(['alcoa']);
  });

  it('starts nothing for an options-activity piece (its companies are mentions)', () => {
    const d = decideStudies(
      tag('Noteworthy Friday option activity: AAPL, AA, TSLA. Apple (AAPL) saw 40,000 contracts.'),
    );
    expect(d.start).toBe(false);
  });

  it('starts nothing for an untagged story, unless allStories keeps the old behaviour', () => {
    const story = tag('Alcoa (AA) shares: what you should know. Alcoa closed at $30.20 in the latest session.');
    expect(story.tags).toEqual([]);
    expect(decideStudies(story)).toEqual({ start: false, reason: 'no-event-tag' });
    const all = decideStudies(story, { allStories: true });
    expect(all.start && all.issuers.map((i) => i.issuerId)).toEqual(['alcoa']);
  });

  it('raises the bar with minRelevance', () => {
    const story = tag('Alcoa (AA) reports Q3 loss, lags revenue estimates. Alcoa posted a loss of $0.33.');
    expect(decideStudies(story, { minRelevance: 101 })).toEqual({ start: false, reason: 'no-subject-issuer' });
  });
});

describe('decideStudies and the source’s tickers', () => {
  const filed = (text: string, tickers: string[]) =>
    tagStory({ id: 'f', text, tickers, publishedAt: '2025-02-20T13:00:00Z' }, defaultReferenceData);

  it('studies the issuer a tagged story is filed under when the text never names it', () => {
    const story = filed('December-quarter 2024 results beat revenue estimates (sales +8% to RMB280bn)', ['BABA']);
    expect(story.tags.map((t) => t.type)).toContain('earnings');
    const d = decideStudies(story);
    expect(d.start && d.issuers.map((i) => i.issuerId)).toEqual(['alibaba']);
  });

  it('does not study a filed issuer the text names only in passing', () => {
    const story = filed('Noteworthy Friday option activity: AAPL, AA, TSLA. Apple (AAPL) saw 40,000 contracts.', [
      'AA',
    ]);
    expect(decideStudies(story).start).toBe(false);
  });

  it('does not study a filed untagged story', () => {
    const story = filed('A day in Hangzhou', ['BABA']);
    expect(story.tags).toEqual([]);
    expect(decideStudies(story)).toEqual({
      start: false,
      reason: 'no-event-tag',
    });
  });
});
