import { Kafka, logLevel } from 'kafkajs';
import { encodeEvent, ensureTopics, kafkaSettingsFromEnv } from '@newswindow/ingest';
import { createKafkaOutage, uniqueName, waitFor } from '@newswindow/testkit';
import type { EventWindowHooks } from './hooks';
import { createTriggerConsumer } from './trigger-consumer';

// Issue 14: after a 20 s Kafka outage the trigger consumer was dead ("Failed to find group coordinator") while the
// worker process looked healthy. The outage here is played on this client's sockets only (the shared broker stays up).
jest.setTimeout(240_000);

const settings = kafkaSettingsFromEnv(process.env, 'trigger-outage-test');

it('resumes after a broker outage without a restart of the process, and skips poison messages', async () => {
  const newsTopic = uniqueName('news');
  const barsTopic = uniqueName('bars');
  const admin = new Kafka({
    clientId: 'trigger-test-admin',
    brokers: [...settings.brokers],
    logLevel: logLevel.NOTHING,
  });
  const a = admin.admin();
  await a.connect();
  await ensureTopics(a, [newsTopic, barsTopic], { partitions: 1 });
  await a.disconnect();
  const producer = admin.producer();
  await producer.connect();
  const send = (id: string, extra: object = {}) =>
    producer.send({
      topic: newsTopic,
      messages: [
        {
          key: id,
          value: encodeEvent({
            type: 'NewsPublished',
            data: { id, source: 't', headline: `h ${id}`, publishedAt: '2025-09-08', language: 'en', ...extra },
          }),
        },
      ],
    });

  const seen: string[] = [];
  const hooks: EventWindowHooks = {
    onNewsAppended: (news) => {
      seen.push(news.id);
      return Promise.resolve([]);
    },
    onBarAppended: () => Promise.resolve(0),
  };
  const outage = createKafkaOutage();
  const kafka = new Kafka({
    clientId: 'trigger-outage-test',
    brokers: [...settings.brokers],
    logLevel: logLevel.NOTHING,
    socketFactory: outage.socketFactory,
    // kafkajs gives up on this crash as it does on "Failed to find group coordinator" after a real restart (the
    // coordinator loads slowly): the consumer is dead unless we recreate it.
    retry: { retries: 3, initialRetryTime: 200, restartOnFailure: () => Promise.resolve(false) },
  });
  const log: string[] = [];
  const trigger = createTriggerConsumer({
    kafka,
    groupId: uniqueName('trigger'),
    newsTopic,
    barsTopic,
    hooks,
    fromBeginning: true,
    restartDelayMs: 200,
    log: (line) => log.push(line),
  });
  try {
    await trigger.start();
    await send('before', { publishedAt: '0000-01-01' }); // poison: skipped, not a crash loop
    await send('a');
    await waitFor(() => seen.includes('a'), { timeoutMs: 60_000, description: 'story a triggered' });
    expect(seen).toEqual(['a']);

    outage.begin();
    await waitFor(() => trigger.status().state !== 'running' || log.some((l) => l.includes('crashed')), {
      timeoutMs: 120_000,
      description: 'the consumer noticed the outage',
    });
    outage.end();
    await send('b');
    await waitFor(() => seen.includes('b'), { timeoutMs: 120_000, description: 'story b triggered after the outage' });
    expect(trigger.status().state).toBe('running');
    expect(trigger.status().restarts).toBeGreaterThanOrEqual(1);
    expect(seen).toEqual(['a', 'b']);
  } finally {
    outage.end();
    await trigger.stop();
    await producer.disconnect();
  }
});
