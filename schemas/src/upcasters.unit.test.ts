import { parseEventJson, toEnvelope } from './events';
import type { NewsPublished, PriceBarClosed } from './index';

describe('upcasters', () => {
  it('parses NewsPublished v1 JSON into the current shape', () => {
    const v1 = `{"type":"NewsPublished","data":{"id":"A01","source":"afp","title":"Alibaba beats estimates",
      "text":"December-quarter results","published_at":"2025-02-20T07:00:00-05:00","symbols":"BABA, 9988.HK"}}`;
    const r = parseEventJson(v1);
    expect(r).toEqual({
      ok: true,
      value: {
        type: 'NewsPublished',
        data: {
          id: 'A01',
          source: 'afp',
          headline: 'Alibaba beats estimates',
          body: 'December-quarter results',
          publishedAt: '2025-02-20T07:00:00-05:00',
          language: 'en',
          tickers: ['BABA', '9988.HK'],
        },
      } satisfies NewsPublished,
    });
  });

  it('parses PriceBarClosed v1 JSON into the current shape', () => {
    const v1 = JSON.stringify({
      type: 'PriceBarClosed',
      schemaVersion: 1,
      data: {
        symbol: 'BABA',
        exchange: 'XNYS',
        date: '2025-09-08',
        open: 1,
        high: 2,
        low: 0.5,
        close: 1.5,
        volume: 10,
      },
    });
    const expected: PriceBarClosed = {
      type: 'PriceBarClosed',
      data: {
        symbol: 'BABA',
        exchange: 'XNYS',
        sessionDate: '2025-09-08',
        open: 1,
        high: 2,
        low: 0.5,
        close: 1.5,
        volume: 10,
        adjusted: false,
        currency: 'USD',
      },
    };
    expect(parseEventJson(v1)).toEqual({ ok: true, value: expected });
  });

  it('round-trips a current event through its envelope', () => {
    const event: NewsPublished = {
      type: 'NewsPublished',
      data: { id: 'x', source: 's', headline: 'h', publishedAt: '2025-09-08', language: 'en' },
      metadata: { correlationId: 'c' },
    };
    expect(parseEventJson(JSON.stringify(toEnvelope(event)))).toEqual({ ok: true, value: event });
  });

  it('reports a v1 payload that does not fit v1, bad JSON, an unknown version and a type not allowed', () => {
    const r = parseEventJson('{"type":"NewsPublished","schemaVersion":1,"data":{"id":"x"}}');
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['$.data.source', '$.data.title', '$.data.published_at']);
    expect(parseEventJson('{oops').ok).toBe(false);
    expect(parseEventJson('{"type":"NewsPublished","schemaVersion":9,"data":{}}')).toEqual({
      ok: false,
      errors: [{ path: '$.schemaVersion', message: 'NewsPublished has schema versions 1..2, got 9' }],
    });
    const wrongTopic = parseEventJson('{"type":"TradeTicked","data":{}}', ['PriceBarClosed']);
    expect(!wrongTopic.ok && wrongTopic.errors[0]!.message).toBe(
      'expected one of PriceBarClosed, got string "TradeTicked"',
    );
  });
});
