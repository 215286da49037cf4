import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { DEFAULT_DESIGN } from '@newswindow/engine';
import { createEventStore } from '@newswindow/store';
import { defaultReferenceData } from '@newswindow/tagger';
import type { ActivityDeps } from './activities';
import { createHttpAlertWebhook, createKafkaAlertProducer } from './alert-sinks';
import { createCalendarProvider } from './calendars';
import { createEventLogReaders } from './event-log-readers';
import type { WorkerConfig } from './config';
import { createRedisAlertDedupe, createRedisBarWaits, createRedisPriceCache } from './redis-adapters';
import { createEventStoreStudyWriter, createPgBarReader, createPgNewsReader } from './store-adapters';
import type { StudySettings } from './study-compute';

/** Engine version stored with each study. */
export const ENGINE_VERSION = '@newswindow/engine@0.1.0';

/** The study settings of the project defaults (see the architecture page), with the configured benchmark proxies. */
export const studySettings = (config: Pick<WorkerConfig, 'benchmarkProxies'>): StudySettings => ({
  design: DEFAULT_DESIGN,
  day0Rule: 'next-close',
  engineVersion: ENGINE_VERSION,
  benchmarkProxies: config.benchmarkProxies,
});

/** Wires the activity ports to the real adapters over already-open clients (the caller owns their lifecycle). */
export function activityDeps(
  config: WorkerConfig,
  clients: { pool: Pool; redis: Redis; producer: Producer; redisPrefix?: string },
): ActivityDeps {
  const prefix = clients.redisPrefix ?? 'nw';
  const readers =
    config.readModel === 'projections'
      ? { news: createPgNewsReader(clients.pool), bars: createPgBarReader(clients.pool) }
      : createEventLogReaders(createEventStore(clients.pool));
  return {
    news: readers.news,
    bars: readers.bars,
    studies: createEventStoreStudyWriter(createEventStore(clients.pool)),
    priceCache: createRedisPriceCache(clients.redis, { prefix: `${prefix}:closes` }),
    waits: createRedisBarWaits(clients.redis, { prefix: `${prefix}:bar-waits` }),
    dedupe: createRedisAlertDedupe(clients.redis, { prefix: `${prefix}:alert-sent` }),
    producer: createKafkaAlertProducer(clients.producer, config.alertsTopic),
    ...(config.alertWebhookUrl === null ? {} : { webhook: createHttpAlertWebhook(config.alertWebhookUrl) }),
    calendars: createCalendarProvider(readFileSync(config.sessionsCsvPath, 'utf8')),
    reference: defaultReferenceData,
    settings: studySettings(config),
    alertThreshold: config.alertThreshold,
  };
}
