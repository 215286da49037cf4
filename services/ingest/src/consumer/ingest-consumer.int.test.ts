import { Kafka, logLevel } from 'kafkajs';
import type { KafkaMessage, Producer } from 'kafkajs';
import { dlqTopicFor } from '@newswindow/schemas';
import { createEventStore } from '@newswindow/store';
import { uniqueName, waitFor } from '@newswindow/testkit';
import { kafkaSettingsFromEnv } from '../config/ingest-config';
import { ensureTopics } from '../kafka/ensure-topics';
import { loadBarFile } from '../loaders/load-file';
import { barKind, encodeEvent, newsKind, tickKind } from '../producer/ingest-kinds';
import { publish } from '../producer/publish';
import { ticksForBar } from '../rollup/tick-rollup';
import { collect, realFile } from '../testing/real-data';
import type { TestDatabase } from '../testing/test-database';
import { createTestDatabase } from '../testing/test-database';
import type { IngestConsumer, IngestTopics } from './ingest-consumer';
import { createIngestConsumer } from './ingest-consumer';

jest.setTimeout(90_000);

const settings = kafkaSettingsFromEnv(process.env, 'ingest-int-test');
const kafka = new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.NOTHING });
let db: TestDatabase;
let producer: Producer;
const running: IngestConsumer[] = [];

beforeAll(async () => {
  db = await createTestDatabase(uniqueName('ingest_int'));
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

async function topics(names: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, names, { partitions: 2 });
  } finally {
    await admin.disconnect();
  }
}

function start(
  topicsByKind: IngestTopics,
  groupId = uniqueName('group'),
  extra: { sessionIdleMs?: number } = {},
): IngestConsumer {
  const consumer = createIngestConsumer({
    kafka,
    groupId,
    topics: topicsByKind,
    store: createEventStore(db.pool),
    ...extra,
  });
  running.push(consumer);
  return consumer;
}

const countEvents = async (sql: string, params: unknown[]): Promise<number> =>
  Number(
    (await db.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM events WHERE ${sql}`, params)).rows[0]?.n,
  );

async function readTopic(topic: string, expected: number): Promise<KafkaMessage[]> {
  const reader = kafka.consumer({ groupId: uniqueName('dlq_reader') });
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
      timeoutMs: 30_000,
      description: `${expected} message(s) on ${topic}`,
    });
  } finally {
    await reader.disconnect();
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

const bar = {
  symbol: '9988.HK',
  exchange: 'XHKG',
  sessionDate: '2025-09-08',
  open: 140,
  high: 146,
  low: 139.5,
  close: 145.9,
  volume: 100,
  adjusted: true,
  currency: 'HKD',
};

describe('ingest consumer on the real broker and database', () => {
  it('sends malformed messages to the DLQ with the reason and the original bytes, and stores the valid ones', async () => {
    const barsTopic = uniqueName('bars');
    await topics([barsTopic, dlqTopicFor(barsTopic)]);
    const notJson = '{"type":"PriceBarClosed", oops';
    const badBar = encodeEvent({ type: 'PriceBarClosed', data: { ...bar, low: 150 } });
    await producer.send({
      topic: barsTopic,
      messages: [
        { key: '9988.HK', value: encodeEvent(barKind.toEvent(bar)) },
        { key: '9988.HK', value: notJson },
        { key: '9988.HK', value: badBar },
      ],
    });
    await start({ bars: barsTopic }).start();
    const dead = await readTopic(dlqTopicFor(barsTopic), 2);
    const byValue = new Map(dead.map((m) => [m.value?.toString(), m]));
    expect(byValue.get(notJson)?.headers?.['dlq-reason']?.toString()).toMatch(/^\$: not valid JSON/);
    const badHeaders = byValue.get(badBar)?.headers;
    expect(badHeaders?.['dlq-reason']?.toString()).toBe('$.data.low: must be ≤ high (146), got 150');
    expect(badHeaders?.['dlq-original-topic']?.toString()).toBe(barsTopic);
    expect(badHeaders?.['dlq-original-offset']?.toString()).toBe('2');
    await waitFor(
      async () => (await countEvents(`type = 'PriceBarClosed' AND metadata->>'topic' = $1`, [barsTopic])) === 1,
      {
        description: 'the valid bar stored',
      },
    );
  });

  it('never stores a redelivered message twice: same message produced twice, then a consumer restarted from offset 0', async () => {
    const newsTopic = uniqueName('news');
    await topics([newsTopic]);
    const item = {
      id: uniqueName('story'),
      source: 'int-test',
      headline: 'Alibaba unveils Qwen3-Max-Preview',
      publishedAt: '2025-09-05',
      language: 'en',
    };
    const message = { key: newsKind.key(item), value: encodeEvent(newsKind.toEvent(item)) };
    await producer.send({ topic: newsTopic, messages: [message, message] });
    const appended: string[] = [];
    const first = createIngestConsumer({
      kafka,
      groupId: uniqueName('group'),
      topics: { news: newsTopic },
      store: createEventStore(db.pool),
      onNewsAppended: (n) => {
        appended.push(n.id);
      },
    });
    running.push(first);
    await first.start();
    await waitFor(() => first.stats.received === 2, { description: 'both copies consumed' });
    expect(first.stats).toMatchObject({ appended: 1, duplicates: 1 });
    expect(appended).toEqual([item.id, item.id]);
    await first.stop();

    const second = start({ news: newsTopic }); // a new group: every offset is redelivered
    await second.start();
    await waitFor(() => second.stats.received === 2, { description: 'redelivery consumed' });
    expect(second.stats).toMatchObject({ appended: 0, duplicates: 2 });
    expect(await countEvents(`stream_id = $1`, [`news-${item.id}`])).toBe(1);
  });

  it('rolls ticks up into the bars of the file they came from', async () => {
    const ticksTopic = uniqueName('ticks');
    await topics([ticksTopic]);
    const bars = (await collect(loadBarFile(realFile('prices_alibaba_benchmarks_daily.csv')))).flatMap((l) =>
      l.ok ? [l.value] : [],
    );
    function* ticks() {
      let line = 0;
      for (const b of bars) for (const value of ticksForBar(b)) yield { ok: true as const, line: ++line, value };
    }
    const sent = await publish(producer, toAsync(ticks()), tickKind, { topic: ticksTopic, batchSize: 2000 });
    expect(sent.sent).toBe(bars.length * 4);
    const consumer = start({ ticks: ticksTopic }, undefined, { sessionIdleMs: 1000 });
    await consumer.start();
    await waitFor(() => consumer.stats.barsRolledUp === bars.length, {
      timeoutMs: 60_000,
      description: `${bars.length} bars rolled up`,
    });
    const { rows } = await db.pool.query<{ data: typeof bar }>(
      `SELECT data FROM events WHERE type = 'PriceBarClosed' AND data->>'source' = 'ticks' AND idempotency_key LIKE 'PriceBarClosed:ticks:%' ORDER BY stream_id, data->>'sessionDate'`,
    );
    const key = (b: typeof bar) => `${b.exchange}|${b.symbol}|${b.sessionDate}`;
    const stored = new Map(rows.map((r) => [key(r.data), r.data]));
    expect(stored.size).toBe(bars.length);
    for (const b of bars)
      expect(stored.get(key(b))).toMatchObject({
        open: b.open,
        high: b.high,
        low: b.low,
        close: b.close,
        volume: b.volume,
      });
  });
});
