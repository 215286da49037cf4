import type { NewswindowEventType } from './events';

/** Kafka topics of newswindow. One source of truth for producers, consumers and tests. */
export const Topics = {
  newsRaw: 'news.raw',
  marketBars: 'market.bars',
  marketTicks: 'market.ticks',
  eventWindowAlerts: 'alerts.event-window',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** The deployment of processes that run with no `NEWSWINDOW_DEPLOYMENT`. */
export const DEFAULT_DEPLOYMENT = 'local';

/** Thrown when a deployment name cannot be part of a Kafka topic name and a Redis key prefix. */
export class DeploymentNameError extends Error {
  constructor(readonly deployment: string) {
    super(
      `deployment name '${deployment}' must be 1–100 characters of A-Z a-z 0-9 _ - (it names the alert topic and the Redis prefix)`,
    );
    this.name = 'DeploymentNameError';
  }
}

/** What one deployment (the demo, a test, a desk's installation) owns alone, all derived from its name. */
export interface DeploymentNames {
  readonly deployment: string;
  /** `<deployment>.alerts.event-window`. */
  readonly alertsTopic: string;
  /** Prefix of every Redis key (`<deployment>` → keys `<deployment>:closes:…`, `<deployment>:alert-sent:…`). */
  readonly redisPrefix: string;
  /** Temporal task queue of its studies and backfills (`newswindow-studies` for the default deployment). */
  readonly taskQueue: string;
  /** Prefix of its live study workflow ids (empty for the default deployment). */
  readonly workflowIdPrefix: string;
  /** Checkpoint name of its worker's trigger subscription (`workflow-triggers` for the default deployment). */
  readonly triggerSubscription: string;
  /** Kafka consumer group of its `newswindow consume` (`newswindow-ingest` for the default deployment). */
  readonly ingestGroup: string;
}

/**
 * Everything a deployment owns alone, from its one name: two runs on one machine with different names never read each
 * other's alerts, dedupe keys, cached prices, workflow tasks, trigger checkpoint or consumer offsets. The default
 * deployment keeps the names it had before deployments existed, so an installation upgrading keeps its queues and
 * offsets. Each name can still be set by its own variable. Throws {@link DeploymentNameError} for an unfit name.
 */
export function deploymentNames(deployment: string): DeploymentNames {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(deployment)) throw new DeploymentNameError(deployment);
  const isDefault = deployment === DEFAULT_DEPLOYMENT;
  return {
    deployment,
    alertsTopic: `${deployment}.${Topics.eventWindowAlerts}`,
    redisPrefix: deployment,
    taskQueue: isDefault ? 'newswindow-studies' : `${deployment}.studies`,
    workflowIdPrefix: isDefault ? '' : `${deployment}:`,
    triggerSubscription: isDefault ? 'workflow-triggers' : `${deployment}.workflow-triggers`,
    ingestGroup: isDefault ? 'newswindow-ingest' : `${deployment}.ingest`,
  };
}

/**
 * The names of the deployment that `NEWSWINDOW_DEPLOYMENT` in `env` names (unset or empty: {@link DEFAULT_DEPLOYMENT}),
 * the one reader every process uses. A bad name becomes the caller's configuration error: `toError(variable, message)`.
 */
export function deploymentFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  toError: (variable: 'NEWSWINDOW_DEPLOYMENT', message: string) => Error,
): DeploymentNames {
  const raw = env['NEWSWINDOW_DEPLOYMENT'];
  try {
    return deploymentNames(raw === undefined || raw === '' ? DEFAULT_DEPLOYMENT : raw);
  } catch (err) {
    if (err instanceof DeploymentNameError) throw toError('NEWSWINDOW_DEPLOYMENT', err.message);
    throw err;
  }
}

/** The dead-letter topic that receives the messages of `topic` that failed validation. */
export const dlqTopicFor = (topic: string): string => `${topic}.dlq`;

/** Dead-letter topics of the input topics. */
export const DlqTopics = {
  newsRaw: dlqTopicFor(Topics.newsRaw),
  marketBars: dlqTopicFor(Topics.marketBars),
  marketTicks: dlqTopicFor(Topics.marketTicks),
} as const;

/** The event types a consumer of each topic accepts (pass to `parseEvent` / `parseEventJson`). */
export const TOPIC_EVENT_TYPES: { readonly [T in TopicName]: readonly NewswindowEventType[] } = {
  'news.raw': ['NewsPublished', 'NewsCorrected', 'NewsRetracted'],
  'market.bars': ['PriceBarClosed'],
  'market.ticks': ['TradeTicked'],
  'alerts.event-window': ['EventWindowAlert'],
};
