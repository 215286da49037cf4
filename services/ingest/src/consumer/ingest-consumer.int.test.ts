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
import { loadSessionCalendars } from '../rollup/session-calendar';
import type { SessionCalendars } from '../rollup/session-calendar';
import { ticksForBar } from '../rollup/tick-rollup';
import { collect, realFile } from '../testing/real-data';
import type { TestDatabase } from '../../test/test-database';
import { createTestDatabase } from '../../test/test-database';
import type { IngestConsumer, IngestTopics } from './ingest-consumer';
import { createIngestConsumer } from './ingest-consumer';

jest.setTimeout(90_000);

const settings = kafkaSettingsFromEnv(process.env, 'ingest-int-test');
const kafka = new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.NOTHING });
let db: TestDatabase;
let producer: Producer;
let calendars: SessionCalendars;
const running: IngestConsumer[] = [];

beforeAll(async () => {
  db = await createTestDatabase('ingest_int');
  calendars = loadSessionCalendars();
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
    calendars,
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
      for (const b of bars)
        for (const value of ticksForBar(b, calendars)) yield { ok: true as const, line: ++line, value };
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

  it('rebuilds an open session from the stored ticks after a restart mid-session: the bar equals the file bar', async () => {
    const ticksTopic = uniqueName('ticks');
    await topics([ticksTopic, dlqTopicFor(ticksTopic)]);
    const groupId = uniqueName('group');
    // The HKEX half day 2024-12-24 (closes 12:00) and the NYSE early close 2024-11-29 (13:00), with the sessions before.
    const fileBars = (await collect(loadBarFile(realFile('prices_alibaba_benchmarks_daily.csv')))).flatMap((l) =>
      l.ok ? [l.value] : [],
    );
    // Renamed listings: the test above already rolled up every bar of the file in this database.
    const pick = (symbol: string, as: string, dates: readonly string[]) =>
      dates.map((d) => ({ ...fileBars.find((b) => b.symbol === symbol && b.sessionDate === d)!, symbol: as }));
    const hk = pick('9988.HK', 'RESTART.HK', ['2024-12-23', '2024-12-24']);
    const us = pick('BABA', 'RESTART', ['2024-11-27', '2024-11-29']);
    const ticksOf = (bars: typeof hk) => bars.flatMap((b) => ticksForBar(b, calendars));
    const [hkTicks, usTicks] = [ticksOf(hk), ticksOf(us)];
    const send = (ticks: ReturnType<typeof ticksOf>) =>
      producer.send({
        topic: ticksTopic,
        messages: ticks.map((t) => ({ key: t.symbol, value: encodeEvent(tickKind.toEvent(t)) })),
      });
    // First run: the first session of each listing and half of the second one (closed by the second's first tick).
    await send([...hkTicks.slice(0, 6), ...usTicks.slice(0, 6)]);
    const first = start({ ticks: ticksTopic }, groupId, { sessionIdleMs: 600_000 });
    await first.start();
    await waitFor(() => first.stats.received === 12 && first.stats.barsRolledUp === 2, {
      timeoutMs: 30_000,
      description: 'first run: 12 ticks consumed, the two first sessions rolled up',
    });
    await first.stop();

    // Second run in the same group: the rest of the second sessions, one tick after the half-day close, one on a
    // closed day. Without the rebuild, the second bars would start at their fifth tick.
    const afterClose = { ...hkTicks[7]!, timestamp: '2024-12-24T12:00:01+08:00' };
    const closedDay = { ...usTicks[0]!, timestamp: '2024-11-28T11:00:00-05:00' };
    await send([...hkTicks.slice(6), ...usTicks.slice(6), afterClose, closedDay]);
    const second = start({ ticks: ticksTopic }, groupId, { sessionIdleMs: 500 });
    await second.start();
    await waitFor(() => second.stats.received === 6 && second.stats.barsRolledUp === 2, {
      timeoutMs: 30_000,
      description: 'second run: the rest consumed, the two second sessions rolled up after their close',
    });
    expect(second.stats).toMatchObject({ sessionsRecovered: 2, deadLettered: 2, appended: 4, lateTicks: 0 });

    const dead = await readTopic(dlqTopicFor(ticksTopic), 2);
    expect(dead.map((m) => m.headers?.['dlq-reason']?.toString()).sort()).toEqual([
      '$.data.timestamp: 2024-11-28T11:00:00-05:00 (2024-11-28 America/New_York): XNYS is closed on 2024-11-28',
      '$.data.timestamp: 2024-12-24T12:00:01+08:00 (2024-12-24 Asia/Hong_Kong) is after the XHKG shortened session closes (12:00 local)',
    ]);
    const { rows } = await db.pool.query<{ data: typeof bar }>(
      `SELECT data FROM events WHERE type = 'PriceBarClosed' AND idempotency_key LIKE 'PriceBarClosed:ticks:%' AND data->>'symbol' LIKE 'RESTART%'`,
    );
    const ohlcv = (b: typeof bar) => ({
      symbol: b.symbol,
      sessionDate: b.sessionDate,
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: b.volume,
    });
    const byKey = (a: { symbol: string; sessionDate: string }, b: { symbol: string; sessionDate: string }) =>
      `${a.symbol}${a.sessionDate}`.localeCompare(`${b.symbol}${b.sessionDate}`);
    expect(rows.map((r) => ohlcv(r.data)).sort(byKey)).toEqual([...hk, ...us].map(ohlcv).sort(byKey));
  });
});
