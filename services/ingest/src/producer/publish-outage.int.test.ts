import { Kafka, logLevel } from 'kafkajs';
import { createKafkaOutage, uniqueName, waitFor } from '@newswindow/testkit';
import { kafkaSettingsFromEnv } from '../config/ingest-config';
import { ensureTopics } from '../kafka/ensure-topics';
import type { Loaded } from '../loaders/load-result';
import type { NewsItem } from '../messages';
import { newsKind } from './ingest-kinds';
import { publish, PublishError } from './publish';

// Issue 14: `newswindow ingest` exited 1 after a ~10 s broker outage without saying how many messages it had sent.
jest.setTimeout(180_000);

const settings = kafkaSettingsFromEnv(process.env, 'publish-outage-test');
const plain = new Kafka({
  clientId: 'publish-outage-reader',
  brokers: [...settings.brokers],
  logLevel: logLevel.NOTHING,
});

const item = (i: number): Loaded<NewsItem> => ({
  ok: true,
  line: i + 2,
  value: { id: `n${i}`, source: 't', headline: `story ${i}`, publishedAt: '2025-09-08', language: 'en' },
});

async function countOn(topic: string, expected: number): Promise<Set<string>> {
  const reader = plain.consumer({ groupId: uniqueName('reader') });
  const ids = new Set<string>();
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: ({ message }) => {
      ids.add(message.key?.toString() ?? '');
      return Promise.resolve();
    },
  });
  try {
    return await waitFor(() => ids.size >= expected && ids, {
      timeoutMs: 60_000,
      description: `${expected} on ${topic}`,
    });
  } finally {
    await reader.disconnect();
  }
}

async function setUp() {
  const topic = uniqueName('news');
  const admin = plain.admin();
  await admin.connect();
  await ensureTopics(admin, [topic], { partitions: 1 });
  await admin.disconnect();
  const outage = createKafkaOutage();
  const kafka = new Kafka({
    clientId: 'publish-outage-test',
    brokers: [...settings.brokers],
    logLevel: logLevel.NOTHING,
    socketFactory: outage.socketFactory,
    retry: { retries: 1, initialRetryTime: 100 },
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return { topic, outage, producer };
}

it('rides out a 10 s broker outage in the middle of a file and sends every message', async () => {
  const { topic, outage, producer } = await setUp();
  const retries: number[] = [];
  async function* items(): AsyncGenerator<Loaded<NewsItem>> {
    for (let i = 0; i < 300; i += 1) {
      if (i === 100) {
        outage.begin();
        setTimeout(() => outage.end(), 10_000);
      }
      yield await Promise.resolve(item(i));
    }
  }
  try {
    const summary = await publish(producer, items(), newsKind, {
      topic,
      batchSize: 50,
      retry: { initialDelayMs: 200, maxDelayMs: 2_000, maxOutageMs: 60_000, onRetry: (r) => retries.push(r.attempt) },
    });
    expect(summary.sent).toBe(300);
    expect(retries.length).toBeGreaterThan(0);
    expect((await countOn(topic, 300)).size).toBe(300);
  } finally {
    outage.end();
    await producer.disconnect();
  }
});

it('gives up after the outage budget with the summary of what it sent', async () => {
  const { topic, outage, producer } = await setUp();
  async function* items(): AsyncGenerator<Loaded<NewsItem>> {
    for (let i = 0; i < 120; i += 1) {
      if (i === 100) outage.begin();
      yield await Promise.resolve(item(i));
    }
    yield { ok: false, line: 999, reason: 'a bad row' };
  }
  try {
    const err = await publish(producer, items(), newsKind, {
      topic,
      batchSize: 50,
      retry: { initialDelayMs: 200, maxDelayMs: 1_000, maxOutageMs: 3_000 },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishError);
    const summary = (err as PublishError).summary;
    // The batch in flight when the outage began may or may not have landed: the summary counts only acknowledged ones.
    expect([50, 100]).toContain(summary.sent);
    expect(summary.rejected).toEqual([{ line: 999, reason: 'a bad row' }]);
    expect((await countOn(topic, summary.sent)).size).toBeGreaterThanOrEqual(summary.sent);
  } finally {
    outage.end();
    await producer.disconnect().catch(() => undefined);
  }
});
