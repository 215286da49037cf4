export { createActivities } from './activities';
export type { Activities, ActivityDeps } from './activities';
export { alertIdOf, buildAlerts, windowCandidates } from './alerts';
export type { AlertContext, AlertSetting, WindowCandidate } from './alerts';
export { deskDefaultPolicy, parseAlertPolicy, ruleMatches, AlertRulesError } from './alert-rules';
export type { AlertPolicy, AlertRule } from './alert-rules';
export { bundleWorkflows, workflowsPath } from './bundle';
export {
  activityDeps,
  defaultCalendarProvider,
  ENGINE_VERSION,
  eventWindowHooks,
  studySettings,
  tagAggregator,
} from './composition';
export type { WorkerClients } from './composition';
export { STUDY_MODELS, workerConfigFromEnv, WorkerConfigError } from './config';
export type { StudyModelSetting, WorkerConfig } from './config';
export { linkStory, UNKNOWN_EXCHANGE } from '@newswindow/tagger';
export { listingDirectory } from './master-listings';
export type { LinkedStory } from '@newswindow/tagger';
export { createEventWindowHooks } from './hooks';
export { createNewsTagging } from './news-tagging';
export type { NewsTagging, NewsTaggingDeps } from './news-tagging';
export type { EventWindowHookDeps, EventWindowHooks } from './hooks';
export type * from './ports';
export { createRedisBarWaits, createRedisPriceCache } from './redis-adapters';
export {
  alertDocument,
  createHttpAlertWebhook,
  createKafkaAlertProducer,
  redactUrl,
  signWebhookBody,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
  WebhookError,
} from './alert-sinks';
export type { HttpAlertWebhookOptions } from './alert-sinks';
export { createPollingLoop, createProjectionCatchUp, createProjectionLoop, singleFlight } from './projection-loop';
export type { ProjectionCatchUp, ProjectionLoop, ProjectionLoopOptions, ProjectionName } from './projection-loop';
export { createAlertContextReader } from './alert-context';
export { createTagAggregator } from './tag-aggregator';
export type { TagAggregator, TagAggregatorDeps } from './tag-aggregator';
export { createTriggerSubscription, triggerEvents } from './trigger-subscription';
export type { TriggerSubscriptionOptions, TriggerSubscriptionStatus } from './trigger-subscription';
