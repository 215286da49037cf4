import { newsStreamId, type NewsPublishedData } from '@newswindow/schemas';
import { createEventStore, type IdempotentEvent } from './event-store';
import {
  listProjectionFailures,
  NoProjectionFailureError,
  replayProjectionFailure,
  skipProjectionFailure,
} from './projections/failures';
import { runProjections, type ProjectionFailure } from './projections/runner';
import { createTestDb, type TestDb } from '../test/test-db';

// Issue 14: one stored story dated 0000-01-01 stopped the news and studies projections for good (every run threw
// "date/time field value out of range" at the same event). Now the runner records the event and goes on.
const story = (id: string, extra: Partial<NewsPublishedData> = {}): IdempotentEvent => ({
  type: 'NewsPublished',
  data: { id, source: 'test', headline: `story ${id}`, publishedAt: '2025-09-08T09:00:00Z', language: 'en', ...extra },
  streamId: newsStreamId(id),
  idempotencyKey: `NewsPublished:test:${id}`,
});

describe('projection failures (real Postgres)', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb('nw_proj_fail');
  });
  afterAll(async () => {
    await db.drop();
  });
  const newsIds = async (): Promise<string[]> =>
    (await db.pool.query<{ news_id: string }>('SELECT news_id FROM news ORDER BY news_id')).rows.map((r) => r.news_id);

  it('records an event it cannot apply with its position, applies the events around it, and skips it on request', async () => {
    const store = createEventStore(db.pool);
    // Stored before validation bounded dates (the store itself accepts what it is given).
    const { positions } = await store.appendIdempotent([
      story('a'),
      story('year0', { publishedAt: '0000-01-01' }),
      story('b'),
    ]);
    const bad = positions[1]!;
    const seen: ProjectionFailure[] = [];
    const applied = await runProjections(db.pool, { only: ['news'], onFailure: (f) => seen.push(f) });
    expect(applied).toEqual({ news: 3 });
    expect(await newsIds()).toEqual(['a', 'b']);
    expect(seen).toEqual([
      expect.objectContaining({
        projection: 'news',
        position: bad,
        eventType: 'NewsPublished',
        streamId: 'news-year0',
      }),
    ]);
    expect(seen[0]!.error).toMatch(/out of range|invalid|year/i);
    // The next run does not stop at it either: the checkpoint is past it.
    await store.appendIdempotent([story('c')]);
    expect(await runProjections(db.pool, { only: ['news'] })).toEqual({ news: 1 });
    expect(await newsIds()).toEqual(['a', 'b', 'c']);

    const [open] = await listProjectionFailures(db.pool);
    expect(open).toMatchObject({ projection: 'news', position: bad, status: 'failed', attempts: 1 });
    // A replay while the cause remains fails again and keeps it open.
    expect(await replayProjectionFailure(db.pool, bad)).toEqual([
      { projection: 'news', ok: false, error: expect.any(String) as string },
    ]);
    expect((await listProjectionFailures(db.pool))[0]).toMatchObject({ attempts: 2, status: 'failed' });
    expect(await skipProjectionFailure(db.pool, bad)).toEqual(['news']);
    expect(await listProjectionFailures(db.pool)).toEqual([]);
    expect((await listProjectionFailures(db.pool, { all: true }))[0]).toMatchObject({
      position: bad,
      status: 'skipped',
    });
    await expect(skipProjectionFailure(db.pool, bad)).rejects.toBeInstanceOf(NoProjectionFailureError);
  });

  it('replays a recorded event once its cause is fixed', async () => {
    const store = createEventStore(db.pool);
    // A constraint stands in for a read-model bug: the event fails until it is dropped.
    await db.pool.query(`ALTER TABLE news ADD CONSTRAINT no_boom CHECK (headline IS DISTINCT FROM 'boom')`);
    const { positions } = await store.appendIdempotent([story('boom', { headline: 'boom' }), story('d')]);
    await runProjections(db.pool, { only: ['news'] });
    expect(await newsIds()).toEqual(['a', 'b', 'c', 'd']);
    expect((await listProjectionFailures(db.pool)).map((f) => [f.position, f.sqlstate])).toEqual([
      [positions[0], '23514'],
    ]);
    await db.pool.query('ALTER TABLE news DROP CONSTRAINT no_boom');
    expect(await replayProjectionFailure(db.pool, positions[0]!, 'news')).toEqual([{ projection: 'news', ok: true }]);
    expect(await newsIds()).toEqual(['a', 'b', 'boom', 'c', 'd']);
    expect(await listProjectionFailures(db.pool)).toEqual([]);
  });
});
