import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { Redis } from 'ioredis';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createTestDatabase, quietLogger, stackConfigFromEnv, uniqueName, waitFor } from '@newswindow/testkit';
import type { TestDatabase } from '@newswindow/testkit';
import { createSmokeActivities } from './smoke-activities';
import { recordKafkaMessage } from './smoke-workflows';

const config = stackConfigFromEnv(process.env);

describe('smoke: Kafka → Temporal workflow → activity → Postgres + Redis on the real stack', () => {
  let bundle: WorkflowBundleWithSourceMap;
  let db: TestDatabase;
  let pool: Pool;
  let redis: Redis;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./smoke-workflows'), logger: quietLogger });
    db = await createTestDatabase(config, 'nw_smoke');
    pool = new Pool(db.connection);
    pool.on('error', () => undefined);
    await pool.query('CREATE TABLE smoke_deliveries (message_key text PRIMARY KEY, payload text NOT NULL)');
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await pool?.end();
    await db?.drop();
  });

  it('consumes a produced message and records it through a workflow activity', async () => {
    const kafka = new Kafka({
      clientId: uniqueName('smoke'),
      brokers: [...config.kafkaBrokers],
      logLevel: logLevel.ERROR,
    });
    const topic = uniqueName('smoke.topic');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const key = uniqueName('msg');
    const payload = JSON.stringify({ headline: 'Alibaba unveils Qwen3-Max', at: '2025-09-05T10:00:00+08:00' });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key, value: payload }] });
    await producer.disconnect();

    const received: { key: string; value: string }[] = [];
    const consumer = kafka.consumer({ groupId: uniqueName('smoke-group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        received.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
        return Promise.resolve();
      },
    });
    const message = await waitFor(() => received[0], { timeoutMs: 120_000, description: 'the smoke message' });
    await consumer.disconnect();
    expect(message).toEqual({ key, value: payload });

    const taskQueue = uniqueName('smoke-tq');
    const redisKeyPrefix = uniqueName('smoke');
    const workerConnection = await NativeConnection.connect({ address: config.temporalAddress });
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: config.temporalNamespace,
      taskQueue,
      workflowBundle: bundle,
      activities: createSmokeActivities({ pool, redis, redisKeyPrefix }),
    });
    const clientConnection = await Connection.connect({ address: config.temporalAddress });
    const client = new Client({ connection: clientConnection, namespace: config.temporalNamespace });
    try {
      const redisKey = await worker.runUntil(
        client.workflow.execute(recordKafkaMessage, { taskQueue, workflowId: uniqueName('smoke-wf'), args: [message] }),
      );
      const rows = await pool.query<{ payload: string }>(
        'SELECT payload FROM smoke_deliveries WHERE message_key = $1',
        [key],
      );
      expect(rows.rows).toEqual([{ payload }]);
      await expect(redis.get(redisKey)).resolves.toBe(payload);
    } finally {
      await clientConnection.close();
      await workerConnection.close();
    }
  }, 600_000);
});
