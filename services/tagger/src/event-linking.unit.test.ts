import { defaultReferenceData } from './reference-data';
import { linkStory, UNKNOWN_EXCHANGE } from './event-linking';

// The Alibaba events file's A05 row as the ingest loader turns it into a news item.
const a05 = {
  id: 'alibaba-events-2025/A05',
  headline:
    'CEO Eddie Wu: AI spending to exceed the RMB380bn 3-year plan; Qwen3-Max; Nvidia physical-AI partnership; new overseas data centres',
  summary:
    'CEO Eddie Wu: AI spending to exceed the RMB380bn 3-year plan; Qwen3-Max; Nvidia physical-AI partnership; new overseas data centres. announced during HK session; US reacts same calendar day',
  publishedAt: '2025-09-24T09:30:00+08:00',
  tickers: ['BABA', '9988.HK'],
};

describe('linkStory', () => {
  it('keys an Alibaba story filed under BABA/9988.HK to Alibaba, on its Hong Kong calendar day', () => {
    const linked = linkStory(a05, defaultReferenceData);
    expect(linked.eventKey).toBe('nw1:alibaba:ai_model_launch:2025-09-24');
    const alibaba = linked.events[0];
    expect(alibaba?.issuerId).toBe('alibaba');
    expect(alibaba?.listings.map((l) => l.symbol).sort()).toEqual(['9988.HK', 'BABA']);
  });

  it('gives each other subject issuer an event of its own, never the Alibaba key nor its listings', () => {
    const linked = linkStory(a05, defaultReferenceData);
    // The tagger rates Nvidia the subject of this line (it names Nvidia, not Alibaba): it is studied apart.
    const others = linked.events.slice(1);
    for (const e of others) {
      expect(e.eventKey).not.toContain('alibaba');
      expect(e.listings.map((l) => l.symbol)).not.toContain('BABA');
    }
    expect(new Set(linked.events.map((e) => e.eventKey)).size).toBe(linked.events.length);
    expect(linked.listings.map((l) => l.symbol)).toEqual(linked.events.flatMap((e) => e.listings.map((l) => l.symbol)));
  });

  it('collapses stories on the same issuer, event type and day into one key', () => {
    const first = linkStory(
      {
        id: 'n1',
        headline: 'Alibaba launches Qwen3-Max, its largest AI model',
        publishedAt: '2025-09-05T20:00:00+08:00',
      },
      defaultReferenceData,
    );
    const tenth = linkStory(
      {
        id: 'n10',
        headline: 'Alibaba unveils trillion-parameter Qwen3-Max AI model',
        publishedAt: '2025-09-05T22:15:00+08:00',
        tickers: ['BABA'],
      },
      defaultReferenceData,
    );
    expect(first.eventKey).toBe('nw1:alibaba:ai_model_launch:2025-09-05');
    expect(tenth.eventKey).toBe(first.eventKey);
  });

  it('does not key or study a company the story only mentions', () => {
    const linked = linkStory(
      {
        id: 'n2',
        headline: 'Alibaba launches Qwen3-Max AI model, a rival to models from OpenAI and Nvidia-backed startups',
        publishedAt: '2025-09-05T20:00:00+08:00',
      },
      defaultReferenceData,
    );
    expect(linked.events.map((e) => e.issuerId)).toEqual(['alibaba']);
  });

  it('studies an unknown source ticker under the first event (recorded as skipped), and keys nothing without a subject', () => {
    const withKnown = linkStory(
      { id: 'n3', headline: 'Alibaba reports earnings', publishedAt: '2025-05-15', tickers: ['BABA', 'ZZZZ'] },
      defaultReferenceData,
    );
    expect(withKnown.events[0]?.listings.find((l) => l.symbol === 'ZZZZ')?.exchange).toBe(UNKNOWN_EXCHANGE);
    const onlyUnknown = linkStory(
      { id: 'n4', headline: 'Results beat estimates', publishedAt: '2025-05-15', tickers: ['ZZZZ'] },
      defaultReferenceData,
    );
    expect(onlyUnknown.eventKey).toBeNull();
    expect(onlyUnknown.events).toEqual([]);
  });

  it('starts no study for a story without an event tag (the study policy), but still tags it', () => {
    const linked = linkStory(
      { id: 'n5', headline: 'A day in Hangzhou', publishedAt: '2025-05-15', tickers: ['9988.HK'] },
      defaultReferenceData,
    );
    expect(linked.tags).toEqual(['other']);
    expect(linked.events).toEqual([]);
    expect(linked.noStudy).toBe('no-event-tag');
    expect(linked.tagged.relevance.map((r) => r.issuerId)).toEqual(['alibaba']);
  });

  it('with allStories, studies an untagged story under `other` (the behaviour before the policy)', () => {
    const linked = linkStory(
      { id: 'n5', headline: 'A day in Hangzhou', publishedAt: '2025-05-15', tickers: ['9988.HK'] },
      defaultReferenceData,
      undefined,
      { allStories: true },
    );
    expect(linked.tags).toEqual(['other']);
    expect(linked.eventKey).toBe('nw1:alibaba:other:2025-05-15');
    expect(linked.noStudy).toBeNull();
  });

  it('starts no study of the companies of an options-activity piece, even when filed under one of them', () => {
    const piece = {
      id: 'n6',
      headline: 'Noteworthy Friday option activity: AAPL, AA, TSLA',
      body: 'Among the underlying components of the S&P 500 index, we saw noteworthy options trading volume today in Apple (AAPL), Alcoa (AA) and Tesla (TSLA).',
      publishedAt: '2024-03-01T15:00:00Z',
      tickers: ['AA'],
    };
    expect(linkStory(piece, defaultReferenceData).events).toEqual([]);
    expect(linkStory(piece, defaultReferenceData, undefined, { allStories: true }).events[0]?.issuerId).toBe('alcoa');
  });

  it('raises the relevance a subject needs with minRelevance', () => {
    const story = {
      id: 'n7',
      headline: 'Alibaba launches Qwen3-Max, its largest AI model',
      publishedAt: '2025-09-05T20:00:00+08:00',
    };
    expect(linkStory(story, defaultReferenceData).events.map((e) => e.issuerId)).toEqual(['alibaba']);
    const strict = linkStory(story, defaultReferenceData, undefined, { minRelevance: 101 });
    expect(strict.events).toEqual([]);
    expect(strict.noStudy).toBe('no-subject-issuer');
  });
});
