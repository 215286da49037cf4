import * as crypto from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaMessage, Producer } from 'kafkajs';
import { dlqTopicFor } from '@newswindow/schemas';
import type { EventStore } from '@newswindow/store';
import { createEventStore } from '@newswindow/store';
import { uniqueName, waitFor } from '@newswindow/testkit';
import { kafkaSettingsFromEnv } from '../config/ingest-config';
import { ensureTopics } from '../kafka/ensure-topics';
import { encodeEvent } from '../producer/ingest-kinds';
import type { TestDatabase } from '../../test/test-database';
import { createTestDatabase } from '../../test/test-database';
import type { IngestConsumer, IngestTopics } from './ingest-consumer';
import { createIngestConsumer } from './ingest-consumer';
import { DLQ_TRUNCATED_BYTES } from './dead-letter';

// Issue 14: each poison message used to jam its partition (the valid message behind it was never stored). Every case
// here sends the poison and then a valid message on the same partition; the valid one must be stored, the poison must
// be in the DLQ with its reason.
jest.setTimeout(120_000);

const settings = kafkaSettingsFromEnv(process.env, 'ingest-poison-test');
const kafka = new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.NOTHING });
let db: TestDatabase;
let producer: Producer;
const running: IngestConsumer[] = [];

beforeAll(async () => {
  db = await createTestDatabase('ingest_poison');
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
});
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
});
afterAll(async () => {
  await producer.disconnect();
  await db.drop();
});

async function makeTopics(names: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, names, { partitions: 1 });
  } finally {
    await admin.disconnect();
  }
}

function start(topics: IngestTopics, store: Pick<EventStore, 'appendIdempotent' | 'readAll' | 'readStream'>) {
  const consumer = createIngestConsumer({ kafka, groupId: uniqueName('group'), topics, store, maxStoreAttempts: 2 });
  running.push(consumer);
  return consumer;
}

async function readTopic(topic: string, expected: number): Promise<KafkaMessage[]> {
  const reader = kafka.consumer({ groupId: uniqueName('dlq_reader'), maxBytes: 4 * 1024 * 1024 });
  const seen: KafkaMessage[] = [];
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: ({ message }) => {
      seen.push(message);
      return Promise.resolve();
    },
  });
  try {
    return await waitFor(() => seen.length >= expected && seen, {
      timeoutMs: 60_000,
      description: `${expected} on ${topic}`,
    });
  } finally {
    await reader.disconnect();
  }
}

const story = (id: string, extra: object = {}) =>
  encodeEvent({
    type: 'NewsPublished',
    data: {
      id,
      source: 'poison-test',
      headline: `story ${id}`,
      publishedAt: '2025-09-08T09:00:00Z',
      language: 'en',
      ...extra,
    },
  });
const bar = {
  symbol: 'BABA',
  exchange: 'XNYS',
  sessionDate: '2025-09-08',
  open: 140,
  high: 146,
  low: 139.5,
  close: 145.9,
  volume: 100,
  adjusted: true,
  currency: 'USD',
};
const header = (m: KafkaMessage | undefined, name: string): string | undefined => m?.headers?.[name]?.toString();
const storedNewsIds = async (topic: string): Promise<string[]> =>
  (
    await db.pool.query<{ id: string }>(
      `SELECT data->>'id' AS id FROM events WHERE metadata->>'topic' = $1 ORDER BY position`,
      [topic],
    )
  ).rows.map((r) => r.id);

describe('poison messages never jam a partition (issue 14)', () => {
  it('dead-letters year 0000, NUL in headline and id, a lone surrogate, bad UTF-8 and a 1 MiB message; stores the valid story after each', async () => {
    const topic = uniqueName('news');
    await makeTopics([topic, dlqTopicFor(topic)]);
    const huge = Buffer.alloc(1_000_000, 'x');
    const badUtf8 = Buffer.concat([
      Buffer.from(story('utf8').slice(0, 40)),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const poison: { key: string; value: Buffer | string; reason: RegExp }[] = [
      {
        key: 'p0',
        value: story('year0', { publishedAt: '0000-01-01' }),
        reason: /publishedAt: must be on or after 1970/,
      },
      { key: 'p1', value: story('nul-headline', { headline: 'a\u0000b' }), reason: /headline: must not contain a NUL/ },
      { key: 'p2', value: story('nul\u0000id'), reason: /\$\.data\.id: must not contain a NUL/ },
      {
        key: 'p3',
        value: story('surrogate').replace('story surrogate', 'story \\ud800 alone'),
        reason: /unpaired UTF-16 surrogate \(\\ud800\)/,
      },
      { key: 'p4', value: badUtf8, reason: /not valid UTF-8/ },
      { key: 'p5', value: huge, reason: /1000000 bytes, more than the limit of 262144/ },
      { key: 'p6', value: story('newline\nid'), reason: /\$\.data\.id: must not contain control characters/ },
    ];
    await producer.send({
      topic,
      messages: poison.flatMap((p, i) => [
        { key: p.key, value: p.value },
        { key: `v${i}`, value: story(`valid-${i}`) },
      ]),
    });
    await start({ news: topic }, createEventStore(db.pool)).start();
    await waitFor(async () => (await storedNewsIds(topic)).length === poison.length, {
      timeoutMs: 60_000,
      description: 'every valid story stored',
    });
    expect(await storedNewsIds(topic)).toEqual(poison.map((_p, i) => `valid-${i}`));
    const dead = await readTopic(dlqTopicFor(topic), poison.length);
    for (const p of poison) {
      const m = dead.find((d) => d.key?.toString() === p.key);
      expect(header(m, 'dlq-reason')).toMatch(p.reason);
      expect(header(m, 'dlq-original-topic')).toBe(topic);
    }
    const big = dead.find((d) => d.key?.toString() === 'p5');
    expect(big?.value?.length).toBe(DLQ_TRUNCATED_BYTES);
    expect(header(big, 'dlq-truncated')).toBe('true');
    expect(header(big, 'dlq-original-bytes')).toBe('1000000');
    expect(header(big, 'dlq-original-offset')).toBe('10');
    expect(header(big, 'dlq-original-partition')).toBe('0');
    expect(header(big, 'dlq-original-sha256')).toBe(crypto.createHash('sha256').update(huge).digest('hex'));
    // Bad bytes are kept as sent, never turned into U+FFFD.
    expect(dead.find((d) => d.key?.toString() === 'p4')?.value?.equals(badUtf8)).toBe(true);
  });

  it('dead-letters NUL in a bar source and OHLC nonsense, and stores the valid bar after each', async () => {
    const topic = uniqueName('bars');
    await makeTopics([topic, dlqTopicFor(topic)]);
    const valid = (sessionDate: string) => encodeEvent({ type: 'PriceBarClosed', data: { ...bar, sessionDate } });
    await producer.send({
      topic,
      messages: [
        { key: 'BABA', value: encodeEvent({ type: 'PriceBarClosed', data: { ...bar, source: 'csv\u0000' } }) },
        { key: 'BABA', value: valid('2025-09-08') },
        { key: 'BABA', value: encodeEvent({ type: 'PriceBarClosed', data: { ...bar, close: 150 } }) },
        { key: 'BABA', value: valid('2025-09-09') },
      ],
    });
    await start({ bars: topic }, createEventStore(db.pool)).start();
    const dead = await readTopic(dlqTopicFor(topic), 2);
    expect(dead.map((d) => header(d, 'dlq-reason'))).toEqual([
      expect.stringMatching(/\$\.data\.source: must not contain a NUL/),
      '$.data.close: must be ≤ high (146), got 150',
    ]);
    await waitFor(
      async () => (await db.pool.query(`SELECT 1 FROM events WHERE metadata->>'topic' = $1`, [topic])).rowCount === 2,
      { description: 'both valid bars stored' },
    );
  });

  it('keeps bad bars out of the listing’s series: Saturday, 2099, another market’s symbol, a conflicting re-send', async () => {
    // Issue 14: two such bars moved a BABA study's β from 0.769 to 1.131; each must reach the DLQ with its reason and
    // leave the stored series as the good bars alone make it.
    // Its own database: the case above stores a BABA bar of the same session, which would make this case's first
    // good bar a re-send of it.
    const own = await createTestDatabase('ingest_bad_bars');
    try {
      const topic = uniqueName('bars');
      await makeTopics([topic, dlqTopicFor(topic)]);
      const send = (key: string, data: object) => ({
        key,
        value: encodeEvent({ type: 'PriceBarClosed', data: { ...bar, ...data } }),
      });
      await producer.send({
        topic,
        messages: [
          send('good-0908', {}),
          send('saturday', { sessionDate: '2025-09-06' }),
          send('y2099', { sessionDate: '2099-01-05' }),
          send('other-market', { exchange: 'XHKG', currency: 'HKD', close: 120, high: 121, low: 118, open: 119 }),
          send('resend-same', { source: 'second-vendor.csv' }),
          send('resend-changed', { close: 145.0 }),
          send('close-above-high', { sessionDate: '2025-09-09', close: 146.5 }),
          send('good-0909', { sessionDate: '2025-09-09' }),
        ],
      });
      await start({ bars: topic }, createEventStore(own.pool)).start();
      const dead = await readTopic(dlqTopicFor(topic), 5);
      const reasons = Object.fromEntries(dead.map((d) => [d.key?.toString() ?? '?', header(d, 'dlq-reason')]));
      expect(Object.keys(reasons).sort()).toEqual([
        'close-above-high',
        'other-market',
        'resend-changed',
        'saturday',
        'y2099',
      ]);
      expect(reasons['saturday']).toBe(
        '$.data.sessionDate: 2025-09-06 (Saturday) is not a session of XNYS: the exchange is closed that day',
      );
      // The schema's clock bound refuses it before the calendar would (2099 is past its horizon too).
      expect(reasons['y2099']).toMatch(/^\$\.data\.sessionDate: must not be after .*, got 2099-01-05$/);
      expect(reasons['other-market']).toMatch(/^\$\.data\.exchange: BABA is listed on XNYS .* not on XHKG/);
      expect(reasons['resend-changed']).toMatch(
        /^\$\.data: conflicts with the adjusted bar of XNYS:BABA 2025-09-08 already stored \(.*\): close 145 \(stored 145\.9\)/,
      );
      expect(reasons['close-above-high']).toBe('$.data.close: must be ≤ high (146), got 146.5');
      await waitFor(
        async () =>
          (await own.pool.query(`SELECT 1 FROM events WHERE metadata->>'topic' = $1`, [topic])).rowCount === 2,
        { timeoutMs: 60_000, description: 'the two good bars stored (the identical re-send is a no-op)' },
      );
      const closes = await own.pool.query<{ exchange: string; d: string; close: number }>(
        `SELECT data->>'exchange' AS exchange, data->>'sessionDate' AS d, (data->>'close')::float8 AS close
         FROM events WHERE metadata->>'topic' = $1 ORDER BY position`,
        [topic],
      );
      expect(closes.rows).toEqual([
        { exchange: 'XNYS', d: '2025-09-08', close: 145.9 },
        { exchange: 'XNYS', d: '2025-09-09', close: 145.9 },
      ]);
    } finally {
      for (const c of running.splice(0)) await c.stop();
      await own.drop();
    }
  });

  it('dead-letters every kind of poison on the ticks topic and on the bars topic, and stores the valid message after each', async () => {
    const own = await createTestDatabase('ingest_poison_market');
    try {
      const ticksTopic = uniqueName('ticks');
      const barsTopic = uniqueName('bars');
      await makeTopics([ticksTopic, dlqTopicFor(ticksTopic), barsTopic, dlqTopicFor(barsTopic)]);
      const tick = { symbol: 'IBM', exchange: 'XNYS', timestamp: '2025-09-08T10:00:00-04:00', price: 250, size: 10 };
      const tickMsg = (data: object) => encodeEvent({ type: 'TradeTicked', data: { ...tick, ...data } });
      const barMsg = (data: object) => encodeEvent({ type: 'PriceBarClosed', data: { ...bar, ...data } });
      const badUtf8 = (json: string) =>
        Buffer.concat([Buffer.from(json.slice(0, 40)), Buffer.from([0xc3, 0x28, 0x22, 0x7d])]);
      const huge = Buffer.alloc(300_000, 'x');
      const ticks: { key: string; value: Buffer | string; reason: RegExp }[] = [
        { key: 't-nul', value: tickMsg({ tradeId: 'a\u0000b' }), reason: /tradeId: must not contain a NUL/ },
        {
          key: 't-surrogate',
          value: tickMsg({ tradeId: 'SURROGATE' }).replace('SURROGATE', '\\ud800'),
          reason: /unpaired UTF-16 surrogate/,
        },
        { key: 't-huge', value: huge, reason: /300000 bytes, more than the limit of 262144/ },
        { key: 't-utf8', value: badUtf8(tickMsg({})), reason: /not valid UTF-8/ },
        {
          key: 't-year0',
          value: tickMsg({ timestamp: '0000-01-03T10:00:00Z' }),
          reason: /timestamp: must be on or after 1970/,
        },
        { key: 't-feb30', value: tickMsg({ timestamp: '2025-02-30T10:00:00-05:00' }), reason: /\$\.data\.timestamp/ },
        {
          key: 't-2099',
          value: tickMsg({ timestamp: '2099-01-05T10:00:00-05:00' }),
          reason: /timestamp: must not be after/,
        },
        {
          key: 't-saturday',
          value: tickMsg({ timestamp: '2025-09-06T10:00:00-04:00' }),
          reason: /XNYS is closed on 2025-09-06/,
        },
      ];
      const bars: { key: string; value: Buffer | string; reason: RegExp }[] = [
        {
          key: 'b-surrogate',
          value: barMsg({ source: 'SURROGATE' }).replace('SURROGATE', '\\udc00'),
          reason: /unpaired UTF-16 surrogate/,
        },
        { key: 'b-huge', value: huge, reason: /more than the limit/ },
        { key: 'b-utf8', value: badUtf8(barMsg({})), reason: /not valid UTF-8/ },
        {
          key: 'b-year0',
          value: barMsg({ sessionDate: '0000-01-03' }),
          reason: /sessionDate: must be on or after 1970/,
        },
        { key: 'b-feb30', value: barMsg({ sessionDate: '2025-02-30' }), reason: /\$\.data\.sessionDate/ },
      ];
      const validSessions = ['2025-09-09', '2025-09-10', '2025-09-11', '2025-09-12', '2025-09-15'];
      await producer.send({
        topic: ticksTopic,
        messages: ticks.flatMap((p, i) => [
          { key: 'IBM', value: p.value, headers: { case: p.key } },
          { key: 'IBM', value: tickMsg({ timestamp: `2025-09-08T10:1${i}:00-04:00`, tradeId: `valid-${i}` }) },
        ]),
      });
      await producer.send({
        topic: barsTopic,
        messages: bars.flatMap((p, i) => [
          { key: 'BABA', value: p.value, headers: { case: p.key } },
          { key: 'BABA', value: barMsg({ sessionDate: validSessions[i] }) },
        ]),
      });
      await start({ ticks: ticksTopic, bars: barsTopic }, createEventStore(own.pool)).start();
      const dead = [
        ...(await readTopic(dlqTopicFor(ticksTopic), ticks.length)),
        ...(await readTopic(dlqTopicFor(barsTopic), bars.length)),
      ];
      for (const p of [...ticks, ...bars]) {
        const m = dead.find((d) => header(d, 'case') === p.key);
        expect(`${p.key}: ${header(m, 'dlq-reason') ?? 'not in the DLQ'}`).toMatch(p.reason);
      }
      const stored = async () =>
        (
          await own.pool.query<{ key: string }>(
            `SELECT coalesce(data->>'tradeId', data->>'sessionDate') AS key FROM events
              WHERE metadata->>'topic' IN ($1, $2) ORDER BY position`,
            [ticksTopic, barsTopic],
          )
        ).rows.map((r) => r.key);
      await waitFor(async () => (await stored()).length >= ticks.length + bars.length, {
        timeoutMs: 60_000,
        description: 'every valid tick and bar stored',
      });
      expect((await stored()).sort()).toEqual([...ticks.map((_p, i) => `valid-${i}`), ...validSessions].sort());
    } finally {
      for (const c of running.splice(0)) await c.stop();
      await own.drop();
    }
  });

  it('dead-letters a message Postgres refuses as data after the bounded attempts, and stores the next one', async () => {
    const topic = uniqueName('news');
    await makeTopics([topic, dlqTopicFor(topic)]);
    const real = createEventStore(db.pool);
    let refusals = 0;
    // A real Postgres data error (22008) for one story, as a store bug or a gap in validation would raise.
    const store: typeof real = {
      ...real,
      async appendIdempotent(events, options) {
        if (events.some((e) => e.type === 'NewsPublished' && e.data.id === 'refused')) {
          refusals += 1;
          await db.pool.query(`SELECT '0000-01-01'::timestamptz`);
        }
        return real.appendIdempotent(events, options);
      },
    };
    await producer.send({
      topic,
      messages: [
        { key: 'a', value: story('refused') },
        { key: 'b', value: story('after') },
      ],
    });
    await start({ news: topic }, store).start();
    const dead = await readTopic(dlqTopicFor(topic), 1);
    expect(header(dead[0], 'dlq-reason')).toMatch(/the store refused the event after 2 attempt\(s\): .*out of range/);
    await waitFor(async () => (await storedNewsIds(topic)).join() === 'after', {
      description: 'the next story stored',
    });
    // One try of the whole batch, then two of the story alone.
    expect(refusals).toBe(3);
  });
});
