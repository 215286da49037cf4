import { defaultReferenceData } from './reference-data';
import { tagStory } from './tag-story';
import type { EventType, StoryInput } from './types';

const tag = (input: Omit<StoryInput, 'id'>) => tagStory({ id: 't', ...input }, defaultReferenceData);
const types = (text: string, headline?: string): EventType[] =>
  tag({ text, ...(headline === undefined ? {} : { headline }) }).tags.map((t) => t.type);

describe('rule families', () => {
  it.each<[EventType, string]>([
    ['earnings', 'Alcoa Corp reported third-quarter results; net income rose to $150 million.'],
    ['guidance', 'Apple raised its full-year outlook and expects revenue to grow in 2024.'],
    ['m_and_a', 'Microsoft agreed to acquire the game publisher for $69 billion.'],
    ['regulatory', 'The European Commission opened an antitrust probe into the App Store.'],
    ['legal', 'A federal judge certified a class action lawsuit against Apple.'],
    ['analyst_rating', 'Morgan Stanley upgraded Alibaba to overweight and raised its price target.'],
    ['capital_return', 'Apple declared a quarterly dividend of $0.24 and expanded its share buyback.'],
    ['management_change', 'Alcoa appointed William Oplinger as chief executive officer.'],
    ['macro_market', 'The Dow and the S&P 500 fell as Treasury yields rose ahead of the Federal Reserve decision.'],
    ['funding_round', 'The robotics startup raised $100 million in a Series B funding round.'],
  ])('tags %s', (type, text) => {
    expect(types(text)).toContain(type);
  });

  it('tags nothing from the prior alone: a near-empty story has no tag', () => {
    expect(types('', 'A day in Hangzhou')).toEqual([]);
    expect(types('')).toEqual([]);
  });

  it('tags nothing on a sentence with no event', () => {
    expect(types('Danske Bank is Denmark’s largest bank with 3.5 million customers.')).toEqual([]);
  });

  it('explains each tag with evidence whose offsets point at the phrase', () => {
    const text = 'Alibaba unveiled Qwen3-Max, its largest AI model.';
    const result = tag({ text });
    const evidence = result.tags.flatMap((t) => t.evidence);
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) expect(text.slice(e.start, e.end)).toBe(e.phrase);
  });
});

describe('AI model launch vs other product launch', () => {
  it('calls a model release an AI model launch, not a product launch', () => {
    const t = types('Alibaba released Qwen3-Max-Preview, a large language model with over 1 trillion parameters.');
    expect(t).toContain('ai_model_launch');
    expect(t).not.toContain('product_launch');
  });
  it('calls a device launch a product launch, not an AI model launch', () => {
    const t = types('Apple launched the Vision Pro headset in U.S. stores on Friday.');
    expect(t).toContain('product_launch');
    expect(t).not.toContain('ai_model_launch');
  });
});

describe('lead investor vs raiser', () => {
  it('marks the company leading a startup round as lead investor', () => {
    const r = tag({ text: 'Alibaba Cloud led a new $100 million funding round for robotics startup X Square Robot.' });
    const funding = r.tags.find((t) => t.type === 'funding_round');
    expect(funding?.evidence[0]?.role).toBe('lead_investor');
    expect(r.relevance.find((x) => x.issuerId === 'alibaba')?.fundingRole).toBe('lead_investor');
  });
  it('marks a participant as investor', () => {
    const r = tag({ text: 'Nvidia participated in the $500 million Series C round of the chip startup.' });
    expect(r.tags.find((t) => t.type === 'funding_round')?.evidence.some((e) => e.role === 'investor')).toBe(true);
  });
  it('marks the company taking the money as raiser', () => {
    const r = tag({ text: 'Tesla raised $2 billion in a share offering to fund its expansion.' });
    expect(r.tags.find((t) => t.type === 'funding_round')?.evidence.every((e) => e.role === 'raiser')).toBe(true);
    expect(r.relevance.find((x) => x.issuerId === 'tesla')?.fundingRole).toBe('raiser');
  });
});

describe('market round-up vs news about the company', () => {
  const roundUp = tag({
    headline: 'After-Hours Most Active for Nov 1, 2016 : YUMC, QCP, AA, GES, BAC',
    text: "Apple Inc. ( AAPL ) is -0.0134 at $111.48, with 1,137,106 shares traded. Arconic Inc. ( AA ) is unchanged at $23.00. AA's current last sale is 73.02% of the target price of $31.5. Intel ( INTC ) is up 0.1%.",
  });
  const subject = tag({
    headline: 'Alcoa appoints insider William Oplinger as CEO',
    text: 'Alcoa said on Monday it has appointed internal candidate William Oplinger as chief executive officer and president.',
  });
  it('tags the round-up as market news about no company', () => {
    expect(roundUp.roundUp).toBe(true);
    expect(roundUp.tags.map((t) => t.type)).toEqual(['macro_market']);
    expect(roundUp.about).toEqual([]);
    expect(roundUp.mentioned.map((l) => l.symbol)).toEqual(expect.arrayContaining(['AA', 'AAPL', 'INTC']));
    expect(Math.max(...roundUp.relevance.map((r) => r.relevance))).toBeLessThanOrEqual(25);
  });
  it('tags company news as about the company with high relevance', () => {
    expect(subject.roundUp).toBe(false);
    expect(subject.about.map((l) => l.symbol)).toEqual(['AA']);
    expect(subject.relevance[0]).toMatchObject({ issuerId: 'alcoa', about: true });
    expect(subject.relevance[0]!.relevance).toBeGreaterThanOrEqual(80);
  });
});

describe('entity linking', () => {
  it('links names, aliases and tickers to the issuer and all its listings', () => {
    const r = tag({ text: 'Alibaba-W (9988) and BABA rose after Alibaba Group results.' });
    expect(r.about.map((l) => `${l.symbol}@${l.exchange}/${l.currency}/${l.benchmark}/${l.timeZone}`)).toEqual([
      'BABA@XNYS/USD/^GSPC/America/New_York',
      '9988.HK@XHKG/HKD/^HSI/Asia/Hong_Kong',
    ]);
  });
  it('does not read one-letter or word-like tickers without a ticker context', () => {
    const r = tag({ text: 'A cat sat on a mat; the cost of T-bills rose.' });
    expect(r.mentions).toEqual([]);
  });
  it('reads them in a ticker context', () => {
    const r = tag({ text: 'AT&T (NYSE: T) and Caterpillar ( CAT ) reported results.' });
    expect(new Set(r.mentions.map((m) => m.issuerId))).toEqual(new Set(['att', 'caterpillar']));
  });
  it('reads the company making a rating call as the broker, mentioned, and the rated one as the subject', () => {
    for (const input of [
      { headline: 'Citigroup reiterates Alcoa (AA) underweight recommendation', text: 'The bank kept its view.' },
      { text: 'Wells Fargo cuts Alcoa AA price target to $30. The bank kept its view.' },
    ]) {
      const about = new Map(tag(input).relevance.map((r) => [r.issuerId, r.about]));
      expect(about.get('alcoa')).toBe(true);
      expect(about.get('citigroup') ?? about.get('wells-fargo')).toBe(false);
    }
    // Not a rating call: the first company acts on its own.
    const own = tag({ headline: 'Apple raises its stake in Intel', text: 'Apple bought more Intel shares.' });
    expect(own.relevance.find((r) => r.issuerId === 'apple')?.about).toBe(true);
  });
  it('adds similarity keys for subject issuers when the story is dated', () => {
    const r = tag({
      text: 'Alibaba unveiled Qwen3-Max, its largest AI model.',
      publishedAt: '2025-09-05T20:00:00+08:00',
    });
    expect(r.similarityKeys).toContainEqual({
      issuerId: 'alibaba',
      eventType: 'ai_model_launch',
      key: 'nw1:alibaba:ai_model_launch:2025-09-05',
    });
  });
});
