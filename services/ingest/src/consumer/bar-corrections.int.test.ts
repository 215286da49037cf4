import { Kafka, logLevel } from 'kafkajs';
import type { KafkaMessage, Producer } from 'kafkajs';
import { dlqTopicFor } from '@newswindow/schemas';
import { createEventStore, rebuildProjections, runProjections } from '@newswindow/store';
import { uniqueName, waitFor } from '@newswindow/testkit';
import { kafkaSettingsFromEnv } from '../config/ingest-config';
import { ensureTopics } from '../kafka/ensure-topics';
import { encodeEvent } from '../producer/ingest-kinds';
import type { TestDatabase } from '../../test/test-database';
import { createTestDatabase } from '../../test/test-database';
import type { IngestConsumer } from './ingest-consumer';
import { createIngestConsumer } from './ingest-consumer';

// Issue 14: a re-send of a stored bar with other values used to replace the price silently. Now, on the real broker and
// database: an identical re-send is a no-op, other values without a reason go to the DLQ, other values with a reason
// become the next revision (`PriceBarCorrected`, with the values it replaces), and `daily_bars` shows the latest
// revision with its reason; replaying the topic from the start changes nothing.
jest.setTimeout(120_000);

const settings = kafkaSettingsFromEnv(process.env, 'ingest-corrections-test');
const kafka = new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.NOTHING });
let db: TestDatabase;
let producer: Producer;
const running: IngestConsumer[] = [];

beforeAll(async () => {
  db = await createTestDatabase('ingest_corrections');
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
});
afterAll(async () => {
  for (const c of running.splice(0)) await c.stop();
  await producer.disconnect();
  await db.drop();
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
  source: 'vendor-a.csv',
};
const send = (key: string, data: object, correctionReason?: string) => ({
  key: 'BABA',
  headers: { case: key },
  value: encodeEvent({
    type: 'PriceBarClosed',
    data: { ...bar, ...data },
    ...(correctionReason === undefined ? {} : { metadata: { correctionReason } }),
  }),
});

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
    return await waitFor(() => seen.length >= expected && seen, { timeoutMs: 60_000, description: `${topic}` });
  } finally {
    await reader.disconnect();
  }
}

const barEvents = async () =>
  (
    await db.pool.query<{ type: string; close: number; revision: string | null; reason: string | null; prev: string }>(
      `SELECT type, (data->>'close')::float8 AS close, data->>'revision' AS revision, data->>'reason' AS reason,
              data->'previous'->>'close' AS prev
         FROM events WHERE stream_id = 'bars-XNYS:BABA' ORDER BY position`,
    )
  ).rows;

const dailyBar = async () =>
  (
    await db.pool.query<{ close: number; revision: number; correction_reason: string | null; source: string }>(
      `SELECT close, revision, correction_reason, source FROM daily_bars WHERE symbol = 'BABA' AND session_date = '2025-09-08'`,
    )
  ).rows;

it('stores a re-send with other values and a reason as the next revision, never over the bar silently', async () => {
  const topic = uniqueName('bars');
  await ensureTopicsFor(topic);
  await producer.send({
    topic,
    messages: [
      send('original', {}),
      send('identical', { source: 'vendor-b.csv' }),
      send('no-reason', { close: 145 }),
      send('correction', { close: 145, source: 'vendor-a-fix.csv' }, 'vendor restated the 2025-09-08 close'),
      send('correction-again', { close: 145, source: 'vendor-a-fix.csv' }, 'vendor restated the 2025-09-08 close'),
      send('second-correction', { close: 145, volume: 120 }, 'volume from the consolidated tape'),
      send('original-replayed', {}),
    ],
  });
  const consumer = createIngestConsumer({
    kafka,
    groupId: uniqueName('group'),
    topics: { bars: topic },
    store: createEventStore(db.pool),
  });
  running.push(consumer);
  await consumer.start();
  await waitFor(() => consumer.stats.received === 7, { timeoutMs: 60_000, description: 'the 7 messages consumed' });
  const dead = await readTopic(dlqTopicFor(topic), 1);
  expect(dead.map((m) => m.headers?.['case']?.toString())).toEqual(['no-reason']);
  expect(dead[0]?.headers?.['dlq-reason']?.toString()).toMatch(
    /close 145 \(stored 145\.9\); a stored session is never replaced by a plain re-send: send it with metadata\.correctionReason/,
  );
  expect(await barEvents()).toEqual([
    { type: 'PriceBarClosed', close: 145.9, revision: null, reason: null, prev: null },
    {
      type: 'PriceBarCorrected',
      close: 145,
      revision: '2',
      reason: 'vendor restated the 2025-09-08 close',
      prev: '145.9',
    },
    { type: 'PriceBarCorrected', close: 145, revision: '3', reason: 'volume from the consolidated tape', prev: '145' },
  ]);

  await runProjections(db.pool, { only: ['daily_bars'], wait: true });
  expect(await dailyBar()).toEqual([
    { close: 145, revision: 3, correction_reason: 'volume from the consolidated tape', source: 'vendor-a.csv' },
  ]);
  const corrections = await db.pool.query<{ revision: number; previous_revision: number; previous_volume: number }>(
    `SELECT revision, previous_revision, previous_volume FROM daily_bar_corrections ORDER BY revision`,
  );
  expect(corrections.rows).toEqual([
    { revision: 2, previous_revision: 1, previous_volume: 100 },
    { revision: 3, previous_revision: 2, previous_volume: 100 },
  ]);

  // A second consumer group reading the whole topic again stores nothing new: every message is a repeat by now.
  const replay = createIngestConsumer({
    kafka,
    groupId: uniqueName('group'),
    topics: { bars: topic },
    store: createEventStore(db.pool),
  });
  running.push(replay);
  await replay.start();
  await waitFor(() => replay.stats.received === 7, { timeoutMs: 60_000, description: 'the topic read again' });
  expect(replay.stats.appended).toBe(0);
  expect(await barEvents()).toHaveLength(3);

  // A rebuild of the read model gives the same row.
  await rebuildProjections(db.pool, { only: ['daily_bars'] });
  expect(await dailyBar()).toEqual([
    { close: 145, revision: 3, correction_reason: 'volume from the consolidated tape', source: 'vendor-a.csv' },
  ]);
});

async function ensureTopicsFor(topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [topic, dlqTopicFor(topic)], { partitions: 1 });
  } finally {
    await admin.disconnect();
  }
}
