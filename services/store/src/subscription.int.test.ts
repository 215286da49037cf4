import { barStreamId, CURRENT_SCHEMA_VERSION, newsStreamId } from '@newswindow/schemas';
import { createEventStore, type IdempotentEvent, type RecordedEvent } from './event-store';
import { runSubscription, subscriptionCheckpointName, type Subscription } from './subscription';
import { createPool } from './config';
import { withTransaction } from './transaction';
import { createTestDb, type TestDb } from '../test/test-db';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb('nw_store_subscription');
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

const news = (id: string): IdempotentEvent => ({
  type: 'NewsPublished',
  streamId: newsStreamId(id),
  idempotencyKey: `news:${id}`,
  data: { id, source: 'test', headline: `headline ${id}`, publishedAt: '2025-09-08T01:00:00Z', language: 'en' },
});
const bar = (symbol: string, sessionDate: string): IdempotentEvent => ({
  type: 'PriceBarClosed',
  streamId: barStreamId('XHKG', symbol),
  idempotencyKey: `bar:${symbol}:${sessionDate}`,
  data: {
    symbol,
    exchange: 'XHKG',
    sessionDate,
    open: 1,
    high: 1,
    low: 1,
    close: 1,
    volume: 1,
    adjusted: false,
    currency: 'HKD',
  },
});
const idOf = (e: RecordedEvent): string =>
  e.type === 'NewsPublished'
    ? e.data.id
    : e.type === 'PriceBarClosed'
      ? `${e.data.symbol}@${e.data.sessionDate}`
      : e.type;

const recorder = (name: string, over: Partial<Subscription> = {}) => {
  const seen: string[] = [];
  const subscription: Subscription = {
    name,
    eventTypes: ['NewsPublished', 'PriceBarClosed'],
    start: 'beginning',
    handle: (events) => {
      seen.push(...events.map(idOf));
      return Promise.resolve();
    },
    ...over,
  };
  return { seen, run: () => runSubscription(db.pool, subscription) };
};

it('delivers the stored facts of its types once each, in log order, batch by batch', async () => {
  const store = createEventStore(db.pool);
  await store.appendIdempotent([news('a'), bar('9988.HK', '2025-09-08'), news('b')]);
  await store.appendIdempotent([news('c')]);
  const sub = recorder('in-order', { batchSize: 2 });
  expect(await sub.run()).toEqual({ handled: 4, busy: false });
  expect(sub.seen).toEqual(['a', '9988.HK@2025-09-08', 'b', 'c']);
  await store.appendIdempotent([news('d'), news('a')]); // `a` again: the store dedupes it, nobody hears of it twice
  expect(await sub.run()).toEqual({ handled: 1, busy: false });
  expect(sub.seen.slice(4)).toEqual(['d']);
});

it('starts a new subscription at the end of the log unless asked for the beginning', async () => {
  const store = createEventStore(db.pool);
  await store.appendIdempotent([news('history')]);
  const fromEnd = recorder('from-end', { start: 'end' });
  expect(await fromEnd.run()).toEqual({ handled: 0, busy: false });
  await store.appendIdempotent([news('new')]);
  await fromEnd.run();
  expect(fromEnd.seen).toEqual(['new']);
  const fromStart = recorder('from-start');
  await fromStart.run();
  expect(fromStart.seen).toContain('history');
});

it('keeps its checkpoint when the handler fails, so the batch is delivered again', async () => {
  const store = createEventStore(db.pool);
  const { seen: before, run: catchUp } = recorder('retry');
  await catchUp();
  expect(before.length).toBeGreaterThan(0);
  await store.appendIdempotent([news('flaky')]);
  let fail = true;
  const seen: string[] = [];
  const sub: Subscription = {
    name: 'retry',
    eventTypes: ['NewsPublished'],
    handle: (events) => {
      seen.push(...events.map(idOf));
      if (fail) return Promise.reject(new Error('Temporal is down'));
      return Promise.resolve();
    },
  };
  await expect(runSubscription(db.pool, sub)).rejects.toThrow('Temporal is down');
  fail = false;
  expect(await runSubscription(db.pool, sub)).toEqual({ handled: 1, busy: false });
  expect(seen).toEqual(['flaky', 'flaky']);
});

it('runs in one process at a time: a call while another holds it is busy and moves nothing', async () => {
  const store = createEventStore(db.pool);
  const sub = recorder('exclusive');
  await sub.run();
  await store.appendIdempotent([news('held')]);
  const held = await withTransaction(db.pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `newswindow.${subscriptionCheckpointName('exclusive')}`,
    ]);
    return sub.run();
  });
  expect(held).toEqual({ handled: 0, busy: true });
  expect(await sub.run()).toEqual({ handled: 1, busy: false });
});

it('never delivers an event of a transaction still running, nor skips it once it commits', async () => {
  const store = createEventStore(db.pool);
  const sub = recorder('settled', { eventTypes: ['NewsPublished'] });
  await sub.run();
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO events (stream_id, version, type, schema_version, data, idempotency_key)
       VALUES ($1, 1, 'NewsPublished', $3, $2, 'news:slow')`,
      [
        newsStreamId('slow'),
        JSON.stringify({ id: 'slow', source: 'test', headline: 'h', publishedAt: '2025-09-08', language: 'en' }),
        CURRENT_SCHEMA_VERSION.NewsPublished,
      ],
    );
    await store.appendIdempotent([news('fast')]);
    await sub.run();
    expect(sub.seen).not.toContain('slow');
    expect(sub.seen).not.toContain('fast');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  await sub.run();
  expect(sub.seen.slice(-2)).toEqual(['slow', 'fast']);
});

it('run by three processes at once while news is appended: every event reaches exactly one handler, once, in log order', async () => {
  // Three pools stand for three worker processes, each polling the same subscription as the trigger does; a writer
  // appends meanwhile. No event may be handled twice (two workers starting one study) or never (both skipping it).
  const store = createEventStore(db.pool);
  const pools = [0, 1, 2].map(() => createPool({ ...db.config, max: 2 }));
  const handled: { id: string; by: number }[] = [];
  const ids = Array.from({ length: 300 }, (_v, i) => `multi-${String(i).padStart(3, '0')}`);
  let writing = true;
  const runner = async (by: number): Promise<void> => {
    const sub: Subscription = {
      name: 'three-workers',
      eventTypes: ['NewsPublished'],
      start: 'beginning',
      batchSize: 7,
      handle: async (events) => {
        // A slow handler (signal-with-start round trips) widens every window two runners could overlap in.
        await new Promise((done) => setTimeout(done, 2));
        for (const e of events) if (idOf(e).startsWith('multi-')) handled.push({ id: idOf(e), by });
      },
    };
    const pool = pools[by]!;
    // Until the writer is done and a last round found nothing new.
    for (let idle = false; !idle;) {
      const wasWriting = writing;
      const r = await runSubscription(pool, sub);
      idle = !wasWriting && !r.busy && r.handled === 0;
      await new Promise((done) => setTimeout(done, 1));
    }
  };
  try {
    const writer = (async () => {
      for (let i = 0; i < ids.length; i += 10) {
        await store.appendIdempotent(ids.slice(i, i + 10).map(news));
        await new Promise((done) => setTimeout(done, 3));
      }
      writing = false;
    })();
    await Promise.all([writer, runner(0), runner(1), runner(2)]);
    expect(handled.map((h) => h.id)).toEqual(ids);
    // The lock passes between the runners (else this test proves nothing about three of them).
    expect(new Set(handled.map((h) => h.by)).size).toBeGreaterThan(1);
  } finally {
    await Promise.all(pools.map((p) => p.end()));
  }
}, 60_000);
