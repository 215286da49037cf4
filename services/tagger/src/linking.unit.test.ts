import { findMentions } from './linking';
import { defaultReferenceData } from './reference-data';

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
