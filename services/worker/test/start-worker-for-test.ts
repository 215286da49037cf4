import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { StackConfig } from '@newswindow/testkit';

/** Where {@link startWorkerForTest} runs: the stack's Temporal server, with the suite's workflow bundle. */
export interface WorkerForTestStack {
  readonly config: StackConfig;
  readonly bundle: WorkflowBundleWithSourceMap;
}

/** Options of {@link startWorkerForTest}. */
export interface WorkerForTestOptions {
  /** The suite's own task queue. */
  readonly taskQueue: string;
  readonly activities: object;
}

/** A running Temporal worker and a client on the same namespace, for one suite. */
export interface WorkerForTest {
  readonly client: Client;
  /** Terminates the given workflows, ignoring those already closed or never started. */
  terminate(workflowIds: Iterable<string>, reason: string): Promise<void>;
  /** Shuts the worker down, waits for it to stop and closes both connections. */
  stop(): Promise<void>;
}

/** Starts a worker on the stack's Temporal server for `taskQueue` and connects a client; stop it in `afterAll`. */
export async function startWorkerForTest(
  stack: WorkerForTestStack,
  options: WorkerForTestOptions,
): Promise<WorkerForTest> {
  const { config } = stack;
  const nativeConnection = await NativeConnection.connect({ address: config.temporalAddress });
  let worker: Worker;
  try {
    worker = await Worker.create({
      connection: nativeConnection,
      namespace: config.temporalNamespace,
      taskQueue: options.taskQueue,
      workflowBundle: stack.bundle,
      activities: options.activities,
    });
  } catch (err) {
    await nativeConnection.close().catch(() => undefined);
    throw err;
  }
  const workerRun = worker.run();
  const stopWorker = async (): Promise<void> => {
    worker.shutdown();
    await workerRun;
    await nativeConnection.close().catch(() => undefined);
  };
  let clientConnection: Connection;
  try {
    clientConnection = await Connection.connect({ address: config.temporalAddress });
  } catch (err) {
    await stopWorker();
    throw err;
  }
  const client = new Client({ connection: clientConnection, namespace: config.temporalNamespace });
  return {
    client,
    terminate: async (workflowIds, reason) => {
      for (const id of workflowIds) {
        await client.workflow
          .getHandle(id)
          .terminate(reason)
          .catch(() => undefined);
      }
    },
    stop: async () => {
      worker.shutdown();
      await workerRun;
      await clientConnection.close().catch(() => undefined);
      await nativeConnection.close().catch(() => undefined);
    },
  };
}
