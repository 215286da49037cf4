import type { RecordedEvent } from '../event-store';
import { evolveNews, type NewsRow } from './news';

const meta = (position: number) => ({
  metadata: {},
  position,
  streamId: 'news-n1',
  version: position,
  schemaVersion: 1,
  idempotencyKey: null,
  recordedAt: '2025-09-08T13:00:00.000Z',
});
const content = { id: 'n1', source: 'wire', language: 'en', publishedAt: '2025-09-08T21:00:00+08:00' };

describe('evolveNews', () => {
  const published = { type: 'NewsPublished', data: { ...content, headline: 'v1' }, ...meta(1) } as RecordedEvent & {
    type: 'NewsPublished';
  };

  it('creates revision 1 from NewsPublished, dating it by its own offset', () => {
    const { row, revision } = evolveNews(undefined, published);
    expect(row).toMatchObject({
      status: 'published',
      revision: 1,
      published_at: '2025-09-08T13:00:00.000Z',
      published_date: '2025-09-08',
      date_only: false,
    });
    expect(revision).toMatchObject({ revision: 1, event_type: 'NewsPublished', headline: 'v1' });
  });

  it('treats a second NewsPublished with the same id as a correction, not an overwrite', () => {
    const first = evolveNews(undefined, published).row!;
    const { row, revision } = evolveNews(first, {
      ...published,
      data: { ...published.data, headline: 'v2' },
      ...meta(2),
    });
    expect(row).toMatchObject({
      status: 'corrected',
      revision: 2,
      headline: 'v2',
      first_position: 1,
      last_position: 2,
    });
    expect(revision!.revision).toBe(2);
  });

  it('keeps the content of a retracted story and ignores a retraction of an unknown one', () => {
    const first = evolveNews(undefined, published).row!;
    const retracted = {
      type: 'NewsRetracted',
      data: { id: 'n1', source: 'wire', reason: 'wrong' },
      ...meta(3),
    } as RecordedEvent & { type: 'NewsRetracted' };
    expect(evolveNews(first, retracted).row).toMatchObject<Partial<NewsRow>>({
      status: 'retracted',
      headline: 'v1',
      retraction_reason: 'wrong',
      revision: 2,
    });
    expect(evolveNews(undefined, retracted)).toEqual({ row: undefined });
  });

  it('dates a date-only story at midnight UTC and flags it', () => {
    const { row } = evolveNews(undefined, { ...published, data: { ...published.data, publishedAt: '2016-03-22' } });
    expect(row).toMatchObject({
      published_at: '2016-03-22T00:00:00.000Z',
      published_date: '2016-03-22',
      date_only: true,
    });
  });
});
