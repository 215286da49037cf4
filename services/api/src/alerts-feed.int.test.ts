import { groupMemberCount, stackConfigFromEnv, uniqueName, waitFor } from '@newswindow/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { startKafkaAlertFeed } from './alerts-feed';

// CI, 2026-12-04: after the API e2e suite's tests had passed, a kafkajs consumer of the alert feed was still fetching
// (and crashing) after Jest's teardown, so Jest exited 1. Two holes in `close()` could leave one running: a connect
// attempt past its `closed` check, and kafkajs's own restart timer after a crash. The failure did not reproduce on
// demand; these tests pin what `close()` promises: once it resolves, the feed's group has no member and gets none.
const config = stackConfigFromEnv(process.env);
const kafka = new Kafka({
  clientId: uniqueName('alerts-feed-it'),
  brokers: [...config.kafkaBrokers],
  logLevel: logLevel.NOTHING,
});
const topic = uniqueName('alerts-feed-it');

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}, 60_000);

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
}, 60_000);

const members = (groupId: string): Promise<number> => groupMemberCount(kafka, groupId);

it.each([0, 100, 1_000])(
  'leaves no consumer in its group when closed %i ms after the start',
  async (delayMs) => {
    const groupId = uniqueName('alerts-feed-group');
    const feed = startKafkaAlertFeed({ brokers: config.kafkaBrokers, topic, capacity: 10, retryMs: 200, groupId });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await feed.close();
    expect(await members(groupId)).toBe(0);
    // A consumer that survived the close would join within the session set-up; none may appear afterwards.
    await expect(
      waitFor(async () => (await members(groupId)) > 0, { timeoutMs: 3_000, intervalMs: 250, description: 'a member' }),
    ).rejects.toThrow();
  },
  30_000,
);

it('joins its group and is ready when left open', async () => {
  const groupId = uniqueName('alerts-feed-group');
  const feed = startKafkaAlertFeed({ brokers: config.kafkaBrokers, topic, capacity: 10, retryMs: 200, groupId });
  try {
    await waitFor(() => Promise.resolve(feed.ready()), { timeoutMs: 30_000, intervalMs: 100, description: 'ready' });
    expect(await members(groupId)).toBe(1);
  } finally {
    await feed.close();
  }
  expect(await members(groupId)).toBe(0);
}, 60_000);
