import { CorruptEventError, toRecordedEvent, type EventRow } from './event-store';

const row = (overrides: Partial<EventRow>): EventRow => ({
  position: '42',
  stream_id: 'news-A01',
  version: 1,
  type: 'NewsPublished',
  schema_version: 2,
  data: { id: 'A01', source: 'afp', headline: 'h', publishedAt: '2025-02-20', language: 'en' },
  metadata: null,
  idempotency_key: 'news:A01',
  recorded_at: new Date('2025-02-20T12:00:00Z'),
  ...overrides,
});

describe('toRecordedEvent', () => {
  it('returns a current-version row as is, with numeric position and ISO time', () => {
    expect(toRecordedEvent(row({}))).toMatchObject({
      type: 'NewsPublished',
      position: 42,
      metadata: {},
      schemaVersion: 2,
      recordedAt: '2025-02-20T12:00:00.000Z',
    });
  });

  it('upcasts a row stored with an older schema version', () => {
    const v1 = row({
      schema_version: 1,
      data: { id: 'A01', source: 'afp', title: 'Alibaba beats', published_at: '2025-02-20', symbols: 'BABA' },
    });
    expect(toRecordedEvent(v1).data).toEqual({
      id: 'A01',
      source: 'afp',
      headline: 'Alibaba beats',
      publishedAt: '2025-02-20',
      language: 'en',
      tickers: ['BABA'],
    });
  });

  it('throws CorruptEventError with the position for an unknown type or an old row that does not fit', () => {
    expect(() => toRecordedEvent(row({ type: 'Nope' }))).toThrow(CorruptEventError);
    expect(() => toRecordedEvent(row({ schema_version: 1, data: {} }))).toThrow(/position 42 \(NewsPublished\)/);
  });
});
