import { findMentions, initialismsOf } from './linking';
import { defaultReferenceData } from './reference-data';
import { tagStory } from './tag-story';

const linked = (text: string): string[] => [
  ...new Set(findMentions(text, 'text', defaultReferenceData).map((m) => m.issuerId)),
];

describe('findMentions: names in any case, with guards for names that are words', () => {
  it.each([
    ['a lower-case distinctive name in mixed-case text', 'Shares of alibaba rose after the launch.', 'alibaba'],
    ['an all-caps headline', 'APPLE WATCH IMPORTS BAN UPHELD', 'apple'],
    ['a lower-case slug', 'apple watch imports ban', 'apple'],
    ['a guarded name with its ticker beside it', 'Da davidson initiates coverage of apple aapl', 'apple'],
    ['a guarded name as written', 'Apple unveils the Vision Pro.', 'apple'],
    ['a distinctive name in title case', 'Tsmc To Promote From Within After Chairman Retires', 'tsmc'],
    ['a distinctive name with an odd capital', 'EBay Beats Estimates On Strong Marketplace Sales', 'ebay'],
    ['a name in lower case after a capital', 'General electric shares rose.', 'general-electric'],
  ])('links %s', (_, text, issuer) => {
    expect(linked(text)).toContain(issuer);
  });

  it.each([
    ['the fruit', 'Grandma baked an apple pie for the fair.'],
    ['a price target', 'The broker cut its price target on the shares.'],
  ])('does not link %s', (_, text) => {
    expect(linked(text)).toEqual([]);
  });
});

describe('findMentions: tickers in their usual forms', () => {
  it.each([
    ['(NASDAQ: AAPL)', 'Apple Inc. (NASDAQ: AAPL) fell.', 'apple'],
    ['$AAPL', 'Traders bought $AAPL calls.', 'apple'],
    ['AAPL stock', 'Why AAPL stock fell today', 'apple'],
    ['9988.HK', 'Alibaba (9988.HK) jumped 4%.', 'alibaba'],
    ['HK:9988', 'HK:9988 closed higher on Monday.', 'alibaba'],
    ['a Reuters code', 'Alcoa AA.N said on Monday it would restart the smelter.', 'alcoa'],
    ['GOOGL', 'GOOGL gained 2% after the results.', 'alphabet'],
    ['GOOG', 'Alphabet (GOOG) gained 2% after the results.', 'alphabet'],
  ])('links %s', (_, text, issuer) => {
    expect(linked(text)).toContain(issuer);
  });
});

describe('initialisms of issuers the story names in full', () => {
  it('spells the first letters of two or more words, with and without the group word or legal form, and X&Y', () => {
    expect(initialismsOf(['Procter & Gamble'])).toEqual(['PG', 'P&G']);
    expect(initialismsOf(['Semiconductor Manufacturing International Corp'])).toEqual(['SMI', 'SMIC']);
    expect(initialismsOf(['International Airlines Group'])).toEqual(['IA', 'IAG']);
    expect(initialismsOf(['Industrial & Commercial Bank of China'])).toEqual(['ICBC']);
    // One word before the legal form spells nothing ("AI" is not Alphabet Inc.).
    expect(initialismsOf(['Alphabet Inc.'])).toEqual([]);
  });

  const about = (headline: string, text: string): string[] =>
    tagStory({ id: 'x', headline, text }, defaultReferenceData).about.map((l) => l.issuerId);

  it('links a headline initialism when the text names the issuer in full', () => {
    expect(about('GE to sell its BioPharma unit', 'General Electric will receive $21 billion in cash.')).toContain(
      'general-electric',
    );
  });

  it('does not link the initialism alone', () => {
    expect(about('GE to sell its BioPharma unit', 'The buyer will pay $21 billion in cash.')).toEqual([]);
  });
});
