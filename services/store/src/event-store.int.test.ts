import { barStreamId, newsStreamId, type PriceBarClosed } from '@newswindow/schemas';
import { ConcurrencyError, DuplicateEventError } from './errors';
import { createEventStore, type EventStore, type IdempotentEvent } from './event-store';
import { migrate } from './migrate';
import { createTestDb, type TestDb } from '../test/test-db';

const bar = (symbol: string, day: number, close = 100 + day): PriceBarClosed => ({
  type: 'PriceBarClosed',
  data: {
    symbol,
    exchange: 'XNYS',
    sessionDate: new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString().slice(0, 10),
    open: close,
    high: close + 1,
    low: close - 1,
    close,
    volume: 1000 + day,
    adjusted: false,
    currency: 'USD',
  },
});

const idempotentBar = (symbol: string, day: number): IdempotentEvent => ({
  ...bar(symbol, day),
  streamId: barStreamId('XNYS', symbol),
  idempotencyKey: `bar:XNYS:${symbol}:${day}`,
});

describe('event store (real Postgres)', () => {
  let db: TestDb;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDb();
    store = createEventStore(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('runs migrations idempotently, also from several callers at once', async () => {
    const results = await Promise.all([migrate(db.pool), migrate(db.pool), migrate(db.pool)]);
    expect(results.every((r) => r.applied.length === 0)).toBe(true);
  });

  it('appends with an expected version and reads the stream back', async () => {
    const stream = newsStreamId('story-1');
    const first = await store.appendToStream(stream, 'no_stream', [
      {
        type: 'NewsPublished',
        data: { id: 'story-1', source: 's', headline: 'h', publishedAt: '2025-09-08', language: 'en' },
        metadata: { correlationId: 'c1' },
      },
    ]);
    expect(first.nextExpectedVersion).toBe(1);
    const second = await store.appendToStream(stream, 1, [
      { type: 'NewsRetracted', data: { id: 'story-1', source: 's', reason: 'wrong' } },
    ]);
    expect(second.nextExpectedVersion).toBe(2);
    const events = await store.readStream(stream);
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['NewsPublished', 1],
      ['NewsRetracted', 2],
    ]);
    expect(events[0]!.metadata).toEqual({ correlationId: 'c1' });
    expect(events[1]!.position).toBeGreaterThan(events[0]!.position);
    await expect(store.streamVersion(stream)).resolves.toBe(2);
  });

  it('throws ConcurrencyError with the actual version on a stale expected version', async () => {
    const stream = newsStreamId('story-2');
    const e = { type: 'NewsRetracted' as const, data: { id: 'story-2', source: 's' } };
    await store.appendToStream(stream, 'no_stream', [e]);
    const error = await store.appendToStream(stream, 'no_stream', [e]).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 1, retriable: false });
    await expect(store.appendToStream(stream, 5, [e])).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('maps a lost race on (stream_id, version) to ConcurrencyError by SQLSTATE and constraint', async () => {
    const stream = newsStreamId('story-race');
    const e = { type: 'NewsRetracted' as const, data: { id: 'race', source: 's' } };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => store.appendToStream(stream, 'no_stream', [e])),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConcurrencyError);
    await expect(store.streamVersion(stream)).resolves.toBe(1);
  });

  it('rejects a duplicate idempotency key in appendToStream', async () => {
    const e = { type: 'NewsRetracted' as const, data: { id: 'd', source: 's' }, idempotencyKey: 'dup-key' };
    await store.appendToStream(newsStreamId('d1'), 'any', [e]);
    await expect(store.appendToStream(newsStreamId('d2'), 'any', [e])).rejects.toBeInstanceOf(DuplicateEventError);
  });

  it('re-appending the same idempotent batch writes nothing twice', async () => {
    const batch = [idempotentBar('AAA', 1), idempotentBar('AAA', 2), idempotentBar('BBB', 1), idempotentBar('AAA', 1)];
    const first = await store.appendIdempotent(batch);
    expect(first).toMatchObject({ appended: 3, duplicates: 1, duplicateKeys: ['bar:XNYS:AAA:1'] });
    const again = await store.appendIdempotent([...batch, idempotentBar('AAA', 3)]);
    expect(again.appended).toBe(1);
    expect(again.duplicates).toBe(4);
    const aaa = await store.readStream(barStreamId('XNYS', 'AAA'));
    expect(aaa.map((e) => [e.version, e.idempotencyKey])).toEqual([
      [1, 'bar:XNYS:AAA:1'],
      [2, 'bar:XNYS:AAA:2'],
      [3, 'bar:XNYS:AAA:3'],
    ]);
  });

  it('concurrent idempotent appends to the same streams neither lose nor duplicate events', async () => {
    const batches = [0, 1, 2, 3].map((k) =>
      Array.from({ length: 200 }, (_, i) => idempotentBar(`CC${i % 3}`, 1000 + i + k * 100)),
    );
    const results = await Promise.all(batches.map((b) => store.appendIdempotent(b)));
    const keys = new Set(batches.flat().map((e) => e.idempotencyKey));
    expect(results.reduce((n, r) => n + r.appended, 0)).toBe(keys.size);
    const { rows } = await db.pool.query<{ n: string; gaps: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE version <> rn) AS gaps FROM (
         SELECT version, row_number() OVER (PARTITION BY stream_id ORDER BY version) AS rn FROM events
         WHERE stream_id LIKE 'bars-XNYS:CC%') s`,
    );
    expect(Number(rows[0]!.n)).toBe(keys.size);
    expect(Number(rows[0]!.gaps)).toBe(0);
  });

  it('records Kafka offsets in the same transaction as the appended events', async () => {
    await store.appendIdempotent([idempotentBar('INB', 1)], {
      inbox: { consumerGroup: 'g1', offsets: [{ topic: 'market.bars', partition: 0, offset: '41' }] },
    });
    await store.appendIdempotent([idempotentBar('INB', 1)], {
      inbox: { consumerGroup: 'g1', offsets: [{ topic: 'market.bars', partition: 0, offset: 7 }] },
    });
    await expect(store.readInboxOffsets('g1')).resolves.toEqual([
      { topic: 'market.bars', partition: 0, nextOffset: '42' },
    ]);
  });

  it('reads all events by position, filtered by type', async () => {
    const all = await store.readAll({ limit: 5 });
    expect(all).toHaveLength(5);
    const next = await store.readAll({ fromPosition: all[4]!.position, limit: 1000, types: ['NewsRetracted'] });
    expect(next.every((e) => e.type === 'NewsRetracted' && e.position > all[4]!.position)).toBe(true);
  });

  it('refuses to update or delete events', async () => {
    await expect(db.pool.query('DELETE FROM events')).rejects.toMatchObject({ code: '23001' });
  });

  it('bulk-appends 100 000 bars in one call', async () => {
    const symbols = Array.from({ length: 50 }, (_, i) => `B${i}`);
    const events: IdempotentEvent[] = [];
    for (let day = 0; day < 2000; day += 1) for (const s of symbols) events.push(idempotentBar(s, day));
    const started = performance.now();
    const result = await store.appendIdempotent(events);
    const seconds = (performance.now() - started) / 1000;
    expect(result.appended).toBe(100_000);
    process.stdout.write(`bulk append: ${Math.round(100_000 / seconds)} rows/s (${seconds.toFixed(2)} s)\n`);
    const replay = await store.appendIdempotent(events.slice(0, 10_000));
    expect(replay.appended).toBe(0);
  }, 120_000);
});
