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
