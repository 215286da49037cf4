import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporalConnectionFromEnv } from '@newswindow/temporal';
import { quietLogger } from '@newswindow/testkit';

/** The local Temporal dev server as one workflow suite sees it: one bundle, one client, a worker per test. */
export interface TemporalTestServer {
  /** Connected once the suite's `beforeAll` has run. */
  readonly client: Client;
  /** Workflow ids the suite started: terminated (if still running) in `afterAll`. */
  readonly started: string[];
  /**
   * Runs `fn` with a worker serving `activities` on a fresh task queue (`<prefix>-<uuid>`); the worker stops once
   * `fn` settles.
   */
  withWorker<T>(activities: object, fn: (taskQueue: string) => Promise<T>): Promise<T>;
}

/**
 * Registers the suite's `beforeAll` (bundle `src/workflows` once, connect to Temporal as
 * `@newswindow/temporal` says: `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE` and their defaults) and `afterAll` (terminate `started`, close the
 * connections). Call it in a `describe` body.
 */
export function useTemporalTestServer(taskQueuePrefix: string): TemporalTestServer {
  // The one owner of the Temporal settings and their defaults; read here, once, from this test's environment.
  const { namespace, connectionOptions } = temporalConnectionFromEnv(process.env);
  const started: string[] = [];
  let bundle: WorkflowBundleWithSourceMap;
  let connection: Connection | undefined;
  let client: Client | undefined;
  let nativeConnection: NativeConnection | undefined;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../src/workflows'), logger: quietLogger });
    connection = await Connection.connect(connectionOptions);
    client = new Client({ connection, namespace });
    nativeConnection = await NativeConnection.connect(connectionOptions);
  }, 120_000);

  afterAll(async () => {
    for (const id of started) {
      await client?.workflow
        .getHandle(id)
        .terminate('test cleanup')
        .catch(() => undefined);
    }
    await nativeConnection?.close();
    await connection?.close();
  });

  return {
    get client(): Client {
      if (client === undefined) throw new Error('the Temporal test server is used before its beforeAll ran');
      return client;
    },
    started,
    withWorker: async (activities, fn) => {
      if (nativeConnection === undefined) throw new Error('the Temporal test server is used before its beforeAll ran');
      const taskQueue = `${taskQueuePrefix}-${randomUUID()}`;
      const worker = await Worker.create({
        connection: nativeConnection,
        namespace,
        taskQueue,
        workflowBundle: bundle,
        activities,
      });
      return worker.runUntil(fn(taskQueue));
    },
  };
}
