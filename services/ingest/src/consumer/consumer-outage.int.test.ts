import { Kafka, logLevel } from 'kafkajs';
import type { Producer } from 'kafkajs';
import { dlqTopicFor } from '@newswindow/schemas';
import { createEventStore } from '@newswindow/store';
import { createKafkaOutage, uniqueName, waitFor } from '@newswindow/testkit';
import { kafkaSettingsFromEnv } from '../config/ingest-config';
import { ensureTopics } from '../kafka/ensure-topics';
import { encodeEvent } from '../producer/ingest-kinds';
import type { TestDatabase } from '../../test/test-database';
import { createTestDatabase } from '../../test/test-database';
import { createIngestConsumer } from './ingest-consumer';

// Issue 14, the short version of the fault suite's Kafka case inside `npm test`: a broker outage seen by the consumer
// only (its sockets are cut and refused; the shared broker keeps running for everyone else) must not leave a live
// process with a dead consumer. The same consumer object resumes by itself and stores everything once.
jest.setTimeout(240_000);

const settings = kafkaSettingsFromEnv(process.env, 'ingest-outage-test');
const kafka = new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.NOTHING });
let db: TestDatabase;
let producer: Producer;

beforeAll(async () => {
  db = await createTestDatabase('ingest_outage');
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await db.drop();
});

const story = (id: string) =>
  encodeEvent({
    type: 'NewsPublished',
    data: { id, source: 'outage-test', headline: `story ${id}`, publishedAt: '2025-09-08T09:00:00Z', language: 'en' },
  });

const stored = async (topic: string): Promise<{ events: number; ids: number }> => {
  const r = await db.pool.query<{ events: string; ids: string }>(
    `SELECT count(*) AS events, count(DISTINCT data->>'id') AS ids FROM events WHERE metadata->>'topic' = $1`,
    [topic],
  );
  return { events: Number(r.rows[0]?.events), ids: Number(r.rows[0]?.ids) };
};

it('resumes by itself after a broker outage that crashed it, and stores every message once', async () => {
  const topic = uniqueName('news');
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topic, dlqTopicFor(topic)], { partitions: 2 });
  await admin.disconnect();
  const send = (from: number, n: number) =>
    producer.send({
      topic,
      messages: Array.from({ length: n }, (_v, i) => ({ key: `k${from + i}`, value: story(`s-${from + i}`) })),
    });

  const outage = createKafkaOutage();
  const lines: string[] = [];
  const consumer = createIngestConsumer({
    kafka: new Kafka({
      clientId: settings.clientId,
      brokers: [...settings.brokers],
      logLevel: logLevel.NOTHING,
      socketFactory: outage.socketFactory,
    }),
    groupId: uniqueName('group'),
    topics: { news: topic },
    store: createEventStore(db.pool),
    log: (line) => lines.push(line),
  });
  let gaveUp: unknown;
  consumer.done.catch((err: unknown) => (gaveUp = err));
  try {
    await send(0, 50);
    await consumer.start();
    await waitFor(async () => (await stored(topic)).ids === 50, { timeoutMs: 60_000, description: 'the first 50' });

    outage.begin();
    await send(50, 50); // produced by another client while this consumer cannot reach the broker
    // Held until the consumer has noticed: kafkajs gives up its retries and crashes (the case that used to leave a
    // live process with a dead consumer), however long that takes on a busy machine.
    await waitFor(() => lines.some((l) => /consumer crashed/.test(l)), {
      timeoutMs: 180_000,
      intervalMs: 250,
      description: 'the consumer crashed by the outage',
    });
    outage.end();

    await waitFor(async () => (await stored(topic)).ids === 100, {
      timeoutMs: 180_000,
      intervalMs: 250,
      description: 'all 100 stories stored after the outage',
    });
    await send(100, 10);
    await waitFor(async () => (await stored(topic)).ids === 110, {
      timeoutMs: 60_000,
      description: 'a story sent after the recovery stored',
    });
    expect(await stored(topic)).toEqual({ events: 110, ids: 110 });
    expect(gaveUp).toBeUndefined();
    expect(consumer.stats.deadLettered).toBe(0);
  } finally {
    outage.end();
    await consumer.stop();
  }
});
