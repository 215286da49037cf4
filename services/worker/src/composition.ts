import type { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { DEFAULT_DESIGN, withStudyModel } from '@newswindow/engine';
import type { CalendarProvider, SecurityMaster } from '@newswindow/reference';
import {
  calendarOfExchange,
  createCalendarProvider,
  loadCalendars,
  loadSecurityMaster,
  timeZoneOfCalendar,
} from '@newswindow/reference';
import {
  createAlertOutbox,
  createBarReader,
  createEventStore,
  createFactorDayReader,
  createNewsReader,
  createNewsTagStore,
  createStudyWriter,
  createTagStudyReader,
  queryStaleStudies,
} from '@newswindow/store';
import type { ReferenceData } from '@newswindow/tagger';
import { defaultReferenceData, referenceDataFromMaster } from '@newswindow/tagger';
import type { ActivityDeps } from './activities';
import { createEventWindowHooks, type EventWindowHookDeps, type EventWindowHooks } from './hooks';
import { createNewsTagging } from './news-tagging';
import { createAlertContextReader } from './alert-context';
import { createHttpAlertWebhook, createKafkaAlertProducer } from './alert-sinks';
import type { StudyModelSetting, WorkerConfig } from './config';
import type { ProjectionCatchUp } from './projection-loop';
import { createProjectionCatchUp } from './projection-loop';
import { createRedisBarWaits, createRedisPriceCache } from './redis-adapters';
import type { StudySettings } from '@newswindow/engine';
import type { TagAggregator } from './tag-aggregator';
import { createTagAggregator } from './tag-aggregator';

/** Engine version stored with each study. */
export const ENGINE_VERSION = '@newswindow/engine@0.1.0';

/**
 * The study settings of the project defaults (see the architecture page), with the model of `NEWSWINDOW_STUDY_MODEL`:
 * a factor model (`ff3`, `carhart`, `ff5`) fits simple returns (factor returns are simple) on the ingested factor days.
 */
export const studySettings = (model: StudyModelSetting = 'market'): StudySettings =>
  withStudyModel({ design: DEFAULT_DESIGN, day0Rule: 'next-close', engineVersion: ENGINE_VERSION }, model);

/** The clients the adapters run over (the caller owns their lifecycle). */
export interface WorkerClients {
  readonly pool: Pool;
  readonly redis: Redis;
  readonly producer: Producer;
  readonly redisPrefix?: string;
  /** Shared with the projection loop of the process (default: one of the adapters' own). */
  readonly catchUp?: ProjectionCatchUp;
  /** Called after studies were appended and projected (the process's projection loop refreshes the tag aggregates). */
  readonly onStudiesWritten?: () => void;
}

/**
 * Wires the activity ports to the real adapters. Reads go to the store's projections, caught up on demand before each
 * read; studies are appended as events and their tables projected before the activity returns.
 */
const loadMaster = (config: Pick<WorkerConfig, 'securityMasterFile'>): SecurityMaster =>
  loadSecurityMaster(config.securityMasterFile === null ? {} : { userFile: config.securityMasterFile });

/** The exchange calendars of `@newswindow/reference`, with the master's exchange → calendar map (`US` → XNYS). */
export function defaultCalendarProvider(
  config: Pick<WorkerConfig, 'securityMasterFile'>,
  master: SecurityMaster = loadMaster(config),
): CalendarProvider {
  return createCalendarProvider(loadCalendars(), calendarOfExchange(master));
}

/**
 * The linking data: every issuer of the security master with the dates of its names and listings (the tagger links a
 * name or symbol only on the days it was the issuer's) and short names without legal form, the tagger's bundled curated
 * spellings over the issuers it knows. Built once per process.
 */
export function linkingReference(master: SecurityMaster): ReferenceData {
  // The bundled curated issuers replace only master issuers without dated names or listings (referenceDataFromMaster).
  return referenceDataFromMaster(master.issuers, timeZoneOfCalendar, defaultReferenceData);
}

export function activityDeps(config: WorkerConfig, clients: WorkerClients): ActivityDeps {
  const prefix = clients.redisPrefix ?? 'nw';
  const catchUp = clients.catchUp ?? createProjectionCatchUp(clients.pool);
  const projectStudies = async (): Promise<void> => {
    // Best effort: the study is stored either way, and the projection loop retries a failed catch-up.
    await catchUp(['studies']).catch(() => undefined);
    clients.onStudiesWritten?.();
  };
  const store = createEventStore(clients.pool);
  const master = loadMaster(config);
  return {
    news: createNewsReader(clients.pool, catchUp),
    newsTags: createNewsTagStore(clients.pool, store, catchUp),
    bars: createBarReader(clients.pool, catchUp),
    studies: createStudyWriter(store, projectStudies),
    priceCache: createRedisPriceCache(clients.redis, { prefix: `${prefix}:closes` }),
    waits: createRedisBarWaits(clients.redis, { prefix: `${prefix}:bar-waits` }),
    outbox: createAlertOutbox(clients.pool),
    alertContext: createAlertContextReader(clients.pool, catchUp, (id) => master.issuer(id)?.name),
    producer: createKafkaAlertProducer(clients.producer, config.alertsTopic),
    ...(config.alertWebhook === null ? {} : { webhook: createHttpAlertWebhook(config.alertWebhook) }),
    calendars: defaultCalendarProvider(config, master),
    reference: linkingReference(master),
    master,
    studyPolicy: config.studyPolicy,
    settings: studySettings(config.studyModel),
    factorDays: createFactorDayReader(clients.pool, catchUp),
    alertPolicy: config.alertPolicy,
    studyBaseUrl: config.studyBaseUrl,
    staleStudies: {
      async staleStudies(bar) {
        await catchUp(['daily_bars', 'studies']);
        return queryStaleStudies(clients.pool, bar);
      },
    },
  };
}

/** The per-tag aggregate refresher over the same adapters as the activities. */
export function tagAggregator(
  deps: Pick<ActivityDeps, 'bars' | 'priceCache' | 'calendars' | 'settings' | 'factorDays'>,
  clients: {
    readonly pool: Pool;
    readonly catchUp: ProjectionCatchUp;
    readonly minIntervalMs?: number;
    readonly log?: (line: string) => void;
  },
): TagAggregator {
  return createTagAggregator({
    studies: createTagStudyReader(clients.pool),
    bars: deps.bars,
    priceCache: deps.priceCache,
    calendars: deps.calendars,
    settings: deps.settings,
    catchUp: clients.catchUp,
    ...(deps.factorDays === undefined ? {} : { factorDays: deps.factorDays }),
    ...(clients.minIntervalMs === undefined ? {} : { minIntervalMs: clients.minIntervalMs }),
    ...(clients.log === undefined ? {} : { log: clients.log }),
  });
}

/**
 * The trigger's hooks over the activities' dependencies: the same linking data, master, study policy, Redis registries
 * and tagging path as the activities, so the hooks start what the activities study.
 */
export function eventWindowHooks(
  deps: ActivityDeps,
  options: Pick<EventWindowHookDeps, 'client' | 'taskQueue' | 'workflowIdPrefix' | 'studyOptions' | 'log'>,
): EventWindowHooks {
  return createEventWindowHooks({
    ...options,
    reference: deps.reference,
    ...(deps.master === undefined ? {} : { master: deps.master }),
    ...(deps.studyPolicy === undefined ? {} : { studyPolicy: deps.studyPolicy }),
    waits: deps.waits,
    priceCache: deps.priceCache,
    tagging: createNewsTagging(deps),
  });
}
