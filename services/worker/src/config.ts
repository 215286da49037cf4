import { readFileSync } from 'node:fs';
import type { LevelWithSilent } from 'pino';
import type { SettingsReader } from '@newswindow/schemas';
import {
  choiceSetting,
  deploymentFromEnv,
  flagSetting,
  numberSetting,
  redisUrlFromEnv,
  SettingError,
  settingsReader,
  wholeNumberSetting,
} from '@newswindow/schemas';
import type { TemporalConnectionOptions } from '@newswindow/temporal';
import { temporalConnectionFromEnv } from '@newswindow/temporal';
import { kafkaSettingsFromEnv } from '@newswindow/ingest';
import { COMPONENT_ROLES, pgConfigFromEnv } from '@newswindow/store';
import type { StudyPolicy } from '@newswindow/tagger';
import type { AlertPolicy } from './alert-rules';
import { AlertRulesError, deskDefaultPolicy, parseAlertPolicy } from './alert-rules';
import { LOG_LEVELS } from './logger';

/** Thrown when an environment variable has a value the worker cannot use. */
export class WorkerConfigError extends SettingError {
  override readonly name = 'WorkerConfigError';
}

/** The worker's settings, parsed once at the entry point. */
export interface WorkerConfig {
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    readonly taskQueue: string;
    /** From Temporal's environment configuration: address, TLS, API key, gRPC metadata. */
    readonly connectionOptions: TemporalConnectionOptions;
  };
  readonly pg: {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly password?: string;
    readonly database: string;
  };
  readonly redisUrl: string;
  readonly kafkaBrokers: readonly string[];
  /** `NEWSWINDOW_DEPLOYMENT`: the one name the alert topic, Redis prefix, task queue, trigger checkpoint and workflow-id prefix derive from. */
  readonly deployment: string;
  /** `<deployment>.alerts.event-window`. */
  readonly alertsTopic: string;
  /** `NEWSWINDOW_TRIGGER_SUBSCRIPTION`: the checkpoint of the subscription that starts and wakes study workflows. */
  readonly triggerSubscription: string;
  /** `ALERT_WEBHOOK_URL` and `ALERT_WEBHOOK_SECRET` (both or neither); never logged, never in a workflow input. */
  readonly alertWebhook: { readonly url: string; readonly secret: string } | null;
  /** The alert rules (`NEWSWINDOW_ALERT_RULES_FILE`, or the desk defaults) and the maximum age of live news. */
  readonly alertPolicy: AlertPolicy;
  /** Base URL of the web app: alerts link to `<base>/studies/<studyId>` (`NEWSWINDOW_STUDY_BASE_URL`). */
  readonly studyBaseUrl: string | null;
  /** `NEWSWINDOW_SECURITY_MASTER_FILE`: the user's issuers, merged over the bundled security master. */
  readonly securityMasterFile: string | null;
  /**
   * Which stories start studies: by default a story with an event tag, for each issuer it is about with relevance >=
   * `NEWSWINDOW_STUDY_MIN_RELEVANCE` (50); `NEWSWINDOW_ALL_STORIES=1` studies every story (the behaviour before).
   */
  readonly studyPolicy: StudyPolicy;
  /** Run the trigger subscription (stored news → signal-with-start, stored bars → wake waiters) in this process. */
  readonly runTriggers: boolean;
  readonly studyMinWaitMs: number | null;
  /**
   * `NEWSWINDOW_ALERT_ATTEMPTS`: attempts of a study's alert step (1 s backoff doubling to 1 min) before a delivery
   * that still fails is left pending in the outbox for `alerts redeliver`; null: the workflow's default (8).
   */
  readonly alertAttempts: number | null;
  /** Pause between two rounds of the worker's projection loop (projections catch-up, then tag aggregates). */
  readonly projectionIntervalMs: number;
  /** At most one refresh of the tag aggregates per this many ms (they are recomputed from all studies of a tag). */
  readonly tagAggregateIntervalMs: number;
  readonly workflowIdPrefix: string;
  /** Prefix of the worker's Redis keys (price cache, bar waits, alert dedupe): the deployment's name. */
  readonly redisPrefix: string;
  /** A new trigger subscription starts at the beginning of the event log instead of its end. */
  readonly triggerFromBeginning: boolean;
  /** `NEWSWINDOW_TRIGGER_CONCURRENCY`: stories of unrelated events handed to Temporal at once (default 64). */
  readonly triggerConcurrency: number;
  /** `NEWSWINDOW_HEALTH_PORT`: port of `/livez` and `/readyz` on 127.0.0.1 (`NEWSWINDOW_HEALTH_HOST`); null: none. */
  readonly health: { readonly host: string; readonly port: number } | null;
  /**
   * `NEWSWINDOW_STUDY_MODEL`: the expected-return model of the studies: `market` (default, the market model on log
   * returns) or a factor model `ff3`, `carhart`, `ff5` (simple returns, factors from `newswindow ingest factors`).
   */
  readonly studyModel: StudyModelSetting;
  /** `NEWSWINDOW_LOG_LEVEL`: trace, debug (stack traces of failures), info (default), warn, error, fatal, silent. */
  readonly logLevel: LevelWithSilent;
}

type Env = NodeJS.ProcessEnv;

/** The study models the worker can run. */
export const STUDY_MODELS = ['market', 'ff3', 'carhart', 'ff5'] as const;
export type StudyModelSetting = (typeof STUDY_MODELS)[number];

/** The variables the worker no longer reads, each with what replaced it: set, they stop the worker at start. */
const RETIRED: readonly (readonly [readonly string[], string])[] = [
  [
    ['NEWSWINDOW_BENCHMARK_PROXIES'],
    "no longer read: each listing's benchmark comes from the security master (override it in NEWSWINDOW_SECURITY_MASTER_FILE, or per backfill with --benchmark)",
  ],
  [
    ['NEWSWINDOW_ALERTS_TOPIC', 'NEWSWINDOW_REDIS_PREFIX'],
    'no longer read: set NEWSWINDOW_DEPLOYMENT (alert topic and Redis prefix)',
  ],
  [
    ['NEWSWINDOW_NEWS_TOPIC', 'NEWSWINDOW_BARS_TOPIC', 'NEWSWINDOW_TRIGGER_GROUP'],
    'no longer read: the worker starts workflows from the event store, not Kafka (name its checkpoint with NEWSWINDOW_TRIGGER_SUBSCRIPTION)',
  ],
  [
    ['NEWSWINDOW_SESSIONS_CSV'],
    'no longer read: exchange calendars come from @newswindow/reference (npm run refdata:calendars)',
  ],
];

const refuseRetired = (env: Env): void => {
  for (const [names, hint] of RETIRED)
    for (const name of names) if (env[name] !== undefined) throw new WorkerConfigError(name, hint);
};

/** The worker's reader of the environment (schemas' settings schemas): a bad value fails with the variable's name. */
const readers = (env: Env): SettingsReader =>
  settingsReader(env, (variable, message) => new WorkerConfigError(variable, message));

const ANY_NUMBER = numberSetting();
const AT_LEAST_ONE = wholeNumberSetting({ min: 1 });

const webhookFromEnv = (env: Env): WorkerConfig['alertWebhook'] => {
  const webhookUrl = env.ALERT_WEBHOOK_URL ?? '';
  const webhookSecret = env.ALERT_WEBHOOK_SECRET ?? '';
  if (webhookUrl !== '' && webhookSecret === '')
    throw new WorkerConfigError('ALERT_WEBHOOK_SECRET', 'required with ALERT_WEBHOOK_URL (deliveries are signed)');
  if (webhookUrl === '') return null;
  try {
    new URL(webhookUrl);
  } catch {
    throw new WorkerConfigError('ALERT_WEBHOOK_URL', 'not a URL');
  }
  return { url: webhookUrl, secret: webhookSecret };
};

const rulesFromFile = (env: Env, rulesFile: string): AlertPolicy => {
  if (env.NEWSWINDOW_ALERT_P_THRESHOLD !== undefined)
    throw new WorkerConfigError('NEWSWINDOW_ALERT_P_THRESHOLD', 'set maxP in NEWSWINDOW_ALERT_RULES_FILE instead');
  let text: string;
  try {
    text = readFileSync(rulesFile, 'utf8');
  } catch (err) {
    throw new WorkerConfigError('NEWSWINDOW_ALERT_RULES_FILE', err instanceof Error ? err.message : String(err));
  }
  try {
    return parseAlertPolicy(text, rulesFile);
  } catch (err) {
    if (err instanceof AlertRulesError) throw new WorkerConfigError('NEWSWINDOW_ALERT_RULES_FILE', err.message);
    throw err;
  }
};

const alertPolicyFromEnv = (env: Env): AlertPolicy => {
  const threshold = readers(env).get(
    'NEWSWINDOW_ALERT_P_THRESHOLD',
    numberSetting((p) => p > 0 && p < 1, 'a number in (0, 1)'),
    0.05,
  );
  const rulesFile = env.NEWSWINDOW_ALERT_RULES_FILE ?? '';
  const policy = rulesFile !== '' ? rulesFromFile(env, rulesFile) : deskDefaultPolicy(threshold);
  const maxAge = env.NEWSWINDOW_ALERT_MAX_AGE_SESSIONS;
  if (maxAge === undefined || maxAge === '') return policy;
  const n = maxAge === 'none' ? null : Number(maxAge);
  if (n !== null && !(Number.isInteger(n) && n >= 0))
    throw new WorkerConfigError(
      'NEWSWINDOW_ALERT_MAX_AGE_SESSIONS',
      `expected a whole number or 'none', got '${maxAge}'`,
    );
  return { ...policy, maxAgeSessions: n };
};

/** `NEWSWINDOW_ALL_STORIES` (0 or 1) and `NEWSWINDOW_STUDY_MIN_RELEVANCE` (0–100): which stories start studies. */
const studyPolicyFromEnv = (env: Env): StudyPolicy => {
  const { get } = readers(env);
  const allStories = get('NEWSWINDOW_ALL_STORIES', flagSetting, false);
  const minRelevance = get(
    'NEWSWINDOW_STUDY_MIN_RELEVANCE',
    numberSetting((n) => n >= 0 && n <= 100, 'a number from 0 to 100'),
    50,
  );
  return { minRelevance, allStories };
};

/**
 * Defaults, then the environment (`TEMPORAL_*`, `PGHOST`/`PGPORT`/`PGDATABASE`, `REDIS_URL`, `KAFKA_BROKERS`,
 * `ALERT_WEBHOOK_URL`, `NEWSWINDOW_*`). Postgres is reached as `NEWSWINDOW_WORKER_PGUSER` (default
 * `newswindow_worker`) with `NEWSWINDOW_WORKER_PGPASSWORD`; `PGUSER`/`PGPASSWORD` are the owner's and not used.
 */
export function workerConfigFromEnv(env: Env): WorkerConfig {
  refuseRetired(env);
  const { get, optional, text, secret } = readers(env);
  const names = deploymentFromEnv(env, (variable, message) => new WorkerConfigError(variable, message));
  const alertPolicy = alertPolicyFromEnv(env);
  const alertWebhook = webhookFromEnv(env);
  const healthPort = optional('NEWSWINDOW_HEALTH_PORT', wholeNumberSetting({ min: 0, max: 65_535 }));
  const workerPassword = secret('NEWSWINDOW_WORKER_PGPASSWORD');
  const pg = pgConfigFromEnv(env);
  const toError = (variable: string, message: string) => new WorkerConfigError(variable, message);
  return {
    // Temporal's own environment configuration (@newswindow/temporal): address, namespace, TLS, API key.
    temporal: { ...temporalConnectionFromEnv(env, toError), taskQueue: env.NEWSWINDOW_TASK_QUEUE ?? names.taskQueue },
    pg: {
      // Address and database from the store's one reader of the libpq variables (its defaults, its checks).
      host: pg.host,
      port: pg.port,
      // Its own role (migration 023), never the owner's PGUSER: it may append events and write read models only.
      user: text('NEWSWINDOW_WORKER_PGUSER') ?? COMPONENT_ROLES.worker,
      ...(workerPassword === undefined ? {} : { password: workerPassword }),
      database: pg.database,
    },
    redisUrl: redisUrlFromEnv(env, toError),
    // Ingest owns the Kafka settings: the same default and the same check of KAFKA_BROKERS.
    kafkaBrokers: kafkaSettingsFromEnv(env, 'newswindow-worker').brokers,
    deployment: names.deployment,
    alertsTopic: names.alertsTopic,
    triggerSubscription: env.NEWSWINDOW_TRIGGER_SUBSCRIPTION ?? names.triggerSubscription,
    alertWebhook,
    alertPolicy,
    studyBaseUrl: text('NEWSWINDOW_STUDY_BASE_URL') ?? null,
    securityMasterFile: text('NEWSWINDOW_SECURITY_MASTER_FILE') ?? null,
    studyPolicy: studyPolicyFromEnv(env),
    runTriggers: (env.NEWSWINDOW_RUN_TRIGGERS ?? '1') !== '0',
    workflowIdPrefix: env.NEWSWINDOW_WORKFLOW_ID_PREFIX ?? names.workflowIdPrefix,
    redisPrefix: names.redisPrefix,
    triggerFromBeginning: env.NEWSWINDOW_TRIGGER_FROM_BEGINNING === '1',
    triggerConcurrency: get('NEWSWINDOW_TRIGGER_CONCURRENCY', AT_LEAST_ONE, 64),
    projectionIntervalMs: get('NEWSWINDOW_PROJECTION_INTERVAL_MS', ANY_NUMBER, 500),
    health: healthPort === undefined ? null : { host: env.NEWSWINDOW_HEALTH_HOST ?? '127.0.0.1', port: healthPort },
    tagAggregateIntervalMs: get('NEWSWINDOW_TAG_AGGREGATE_INTERVAL_MS', ANY_NUMBER, 2000),
    alertAttempts: optional('NEWSWINDOW_ALERT_ATTEMPTS', AT_LEAST_ONE) ?? null,
    studyMinWaitMs:
      env.NEWSWINDOW_STUDY_MIN_WAIT_MS === undefined ? null : get('NEWSWINDOW_STUDY_MIN_WAIT_MS', ANY_NUMBER, 0),
    logLevel: get<LevelWithSilent>('NEWSWINDOW_LOG_LEVEL', choiceSetting(LOG_LEVELS), 'info'),
    studyModel: get<StudyModelSetting>('NEWSWINDOW_STUDY_MODEL', choiceSetting(STUDY_MODELS), 'market'),
  };
}
