import type { Producer } from 'kafkajs';
import { dlqTopicFor } from '@newswindow/schemas';
import type { ActivityDeps } from '@newswindow/worker';
import { activityDeps, createActivities, workerConfigFromEnv } from '@newswindow/worker';
import { startE2eStack, startWorkerForTest } from '@newswindow/worker/e2e';
import type { E2eStack, WorkerForTest } from '@newswindow/worker/e2e';
import { startNewsPipeline } from './start-news-pipeline';
import type { NewsPipeline } from './start-news-pipeline';

/** The live path of one e2e suite: its stack, a producer, the worker's activities in a test worker, the pipeline. */
export interface LiveSuite {
  readonly stack: E2eStack;
  /** The suite's producer (the worker's alerts have their own). */
  readonly producer: Producer;
  readonly deps: ActivityDeps;
  readonly temporal: WorkerForTest;
  readonly pipeline: NewsPipeline;
  readonly topics: { readonly news: string; readonly bars: string; readonly alerts: string };
  /** Terminates every workflow the trigger started, stops the pipeline, the worker and the stack. */
  stop(): Promise<void>;
}

/**
 * Starts the live path on topics, a database, a task queue and workflow ids of the run's own (`run` from
 * `uniqueName`): Kafka → ingest consumer → event store → trigger subscription → study workflows on real activities.
 */
export async function startLiveSuite(options: {
  readonly run: string;
  readonly databasePrefix: string;
  readonly groupPrefix: string;
  readonly temporalLogLevel?: 'WARN' | 'ERROR';
}): Promise<LiveSuite> {
  const { run } = options;
  const topics = { news: `${run}.news`, bars: `${run}.bars`, alerts: `${run}.alerts` };
  const stack = await startE2eStack({
    run,
    databasePrefix: options.databasePrefix,
    poolMax: 6,
    temporalLogLevel: options.temporalLogLevel ?? 'WARN',
    topics: [topics.news, topics.bars, dlqTopicFor(topics.news), dlqTopicFor(topics.bars), topics.alerts],
  });
  const producer = await stack.connectProducer();
  const config = {
    ...workerConfigFromEnv({ ...process.env, PGDATABASE: stack.db.name }),
    alertsTopic: topics.alerts,
    alertWebhook: null,
  };
  const deps = activityDeps(config, {
    pool: stack.pool,
    redis: stack.redis,
    producer: await stack.connectProducer(),
    redisPrefix: run,
  });
  const taskQueue = `${run}-studies`;
  const temporal = await startWorkerForTest(stack, { taskQueue, activities: createActivities(deps) });
  const pipeline = await startNewsPipeline(stack, {
    client: temporal.client,
    taskQueue,
    deps,
    workflowIdPrefix: `${run}:`,
    topics,
    groupPrefix: options.groupPrefix,
  });
  return {
    stack,
    producer,
    deps,
    temporal,
    pipeline,
    topics,
    async stop() {
      await temporal.terminate(pipeline.startedWorkflowIds(), 'e2e test cleanup');
      await pipeline.stop();
      await temporal.stop();
      await stack.stop();
    },
  };
}
