import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import type { Producer } from 'kafkajs';
import { Pool } from 'pg';
import { ensureTopics } from '@newswindow/ingest';
import { migrate } from '@newswindow/store';
import { createTestDatabase, stackConfigFromEnv } from '@newswindow/testkit';
import type { StackConfig, TestDatabase } from '@newswindow/testkit';
import { bundleWorkflows } from '../src';

/** Options of {@link startE2eStack}. */
export interface E2eStackOptions {
  /** The suite's unique run name: Kafka client id and Redis key prefix (removed by `stop()`). */
  readonly run: string;
  /** Prefix of the suite's own database. */
  readonly databasePrefix: string;
  /** Size of the pool on that database. */
  readonly poolMax: number;
  /** Level of the Temporal runtime logger installed for the suite. */
  readonly temporalLogLevel: ConstructorParameters<typeof DefaultLogger>[0];
  /** Kafka topics to create before the suite starts. */
  readonly topics: readonly string[];
}

/** The real services one e2e spec file runs against, each kept apart by the suite's unique names. */
export interface E2eStack {
  readonly config: StackConfig;
  /** The worker's workflow bundle, built once for the suite. */
  readonly bundle: WorkflowBundleWithSourceMap;
  /** The suite's own database, migrated. */
  readonly db: TestDatabase;
  readonly pool: Pool;
  readonly redis: Redis;
  readonly kafka: Kafka;
  /** A connected producer; `stop()` disconnects it. */
  connectProducer(): Promise<Producer>;
  /** Disconnects the producers, removes the run's Redis keys, closes the pool and drops the database. */
  stop(): Promise<void>;
}

/**
 * Installs the Temporal runtime, bundles the workflows, creates and migrates a database of the suite's own and
 * connects Redis and Kafka (creating `topics`). Whatever was started before a failure is stopped again.
 */
export async function startE2eStack(options: E2eStackOptions): Promise<E2eStack> {
  const config = stackConfigFromEnv(process.env);
  const teardown: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const step of teardown.splice(0).reverse()) await step();
  };
  try {
    Runtime.install({ logger: new DefaultLogger(options.temporalLogLevel) });
    const bundle = await bundleWorkflows();
    const db = await createTestDatabase(config, options.databasePrefix);
    teardown.push(() => db.drop());
    const pool = new Pool({ ...db.connection, max: options.poolMax });
    // DROP DATABASE … WITH (FORCE) ends any client still open with 57P01; without a listener that crashes the suite.
    pool.on('error', () => undefined);
    teardown.push(() => pool.end());
    await migrate(pool);
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
    teardown.push(async () => {
      const keys = await redis.keys(`${options.run}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });
    const kafka = new Kafka({ clientId: options.run, brokers: [...config.kafkaBrokers], logLevel: logLevel.ERROR });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [...options.topics]);
    } finally {
      await admin.disconnect();
    }
    const connectProducer = async (): Promise<Producer> => {
      const producer = kafka.producer();
      await producer.connect();
      teardown.push(() => producer.disconnect().catch(() => undefined));
      return producer;
    };
    return { config, bundle, db, pool, redis, kafka, connectProducer, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
