import { Client, Connection, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { TemporalConnectionOptions } from '@newswindow/temporal';
import type { BackfillFilter, BackfillInput, BackfillProgress, StudyModelChoice } from '@newswindow/workflows';
import {
  backfill,
  backfillProgressQuery,
  backfillWorkflowId,
  cancelBackfillSignal,
  pauseBackfillSignal,
  resumeBackfillSignal,
} from '@newswindow/workflows';

/** What `POST /api/backfills` asks for: the CLI's `newswindow backfill` options. */
export interface BackfillRequest {
  readonly filter: BackfillFilter;
  readonly recompute: boolean;
  /** Measure every listing against this benchmark instead of its own (`newswindow backfill --benchmark`). */
  readonly benchmark?: string;
  /** The studies' model instead of the worker's (`newswindow backfill --model`). */
  readonly model?: StudyModelChoice;
  readonly batchSize?: number;
}

/** A backfill's progress, or the state of a workflow that no longer answers queries. */
export type BackfillStatus =
  ({ readonly id: string } & BackfillProgress) | { readonly id: string; readonly state: 'failed' | 'unknown' };

export type BackfillAction = 'pause' | 'resume' | 'cancel';

/** The backfill workflows as the API sees them (Temporal in production, a fake in unit tests). */
export interface BackfillPort {
  start(request: BackfillRequest): Promise<{ id: string; alreadyRunning: boolean }>;
  /** Null when there is no such workflow. */
  status(id: string): Promise<BackfillStatus | null>;
  /** False when there is no such workflow. */
  signal(id: string, action: BackfillAction): Promise<boolean>;
  list(limit: number): Promise<{ id: string; status: string; startTime: string | null }[]>;
  close(): Promise<void>;
}

/**
 * The workflow id of a backfill, as `newswindow backfill` derives it: the deployment's workflow-id prefix (the same
 * one its live study ids carry, `<deployment>:`, empty for the default deployment `local`), the filter's id (with the
 * benchmark and the model), then `:recompute` for a recompute (so the same request from the CLI and from the web app
 * joins one workflow, and two deployments on one Temporal namespace never join each other's).
 */
export const backfillIdOf = (
  filter: BackfillFilter,
  recompute: boolean,
  benchmark?: string,
  workflowIdPrefix = '',
  model?: StudyModelChoice,
): string => `${workflowIdPrefix}${backfillWorkflowId(filter, benchmark, model)}${recompute ? ':recompute' : ''}`;

/** {@link BackfillPort} on a Temporal client; connects lazily so the API starts while Temporal is down. */
export function createTemporalBackfills(config: {
  readonly address: string;
  readonly namespace: string;
  /** TLS, API key… of Temporal's environment configuration (`@newswindow/temporal`); default: `address` only. */
  readonly connectionOptions?: TemporalConnectionOptions;
  readonly taskQueue: string;
  /** The deployment's workflow-id prefix (`deploymentNames(…).workflowIdPrefix`); default none. */
  readonly workflowIdPrefix?: string;
}): BackfillPort {
  let connecting: Promise<{ connection: Connection; client: Client }> | undefined;
  const clientOf = (): Promise<Client> => {
    connecting ??= Connection.connect(config.connectionOptions ?? { address: config.address }).then(
      (connection) => ({ connection, client: new Client({ connection, namespace: config.namespace }) }),
      (err: unknown) => {
        connecting = undefined;
        throw err;
      },
    );
    return connecting.then((c) => c.client);
  };
  const handleOf = async (id: string) => (await clientOf()).workflow.getHandle<typeof backfill>(id);
  const notFound = (err: unknown): boolean => err instanceof WorkflowNotFoundError;

  return {
    async start(request) {
      const client = await clientOf();
      const id = backfillIdOf(
        request.filter,
        request.recompute,
        request.benchmark,
        config.workflowIdPrefix,
        request.model,
      );
      const input: BackfillInput = {
        filter: request.filter,
        recompute: request.recompute,
        ...(request.benchmark === undefined ? {} : { benchmark: request.benchmark }),
        ...(request.model === undefined ? {} : { model: request.model }),
        ...(request.batchSize === undefined ? {} : { batchSize: request.batchSize }),
      };
      try {
        await client.workflow.start(backfill, { taskQueue: config.taskQueue, workflowId: id, args: [input] });
        return { id, alreadyRunning: false };
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return { id, alreadyRunning: true };
        throw err;
      }
    },
    async status(id) {
      const handle = await handleOf(id);
      try {
        const description = await handle.describe();
        if (['FAILED', 'TERMINATED', 'TIMED_OUT'].includes(description.status.name)) return { id, state: 'failed' };
        try {
          return { id, ...(await handle.query(backfillProgressQuery)) };
        } catch (err) {
          if (notFound(err)) return null;
          // A closed workflow whose worker is gone cannot answer a query: its result is the final progress.
          if (description.status.name === 'COMPLETED') return { id, ...(await handle.result()) };
          return { id, state: 'unknown' };
        }
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
    async signal(id, action) {
      const handle = await handleOf(id);
      const signal = { pause: pauseBackfillSignal, resume: resumeBackfillSignal, cancel: cancelBackfillSignal }[action];
      try {
        await handle.signal(signal);
        return true;
      } catch (err) {
        if (notFound(err)) return false;
        throw err;
      }
    },
    async list(limit) {
      const client = await clientOf();
      const out: { id: string; status: string; startTime: string | null }[] = [];
      for await (const w of client.workflow.list({ query: `WorkflowType = 'backfill'` })) {
        out.push({ id: w.workflowId, status: w.status.name, startTime: w.startTime.toISOString() });
        if (out.length >= limit) break;
      }
      return out;
    },
    async close() {
      const c = await connecting?.catch(() => undefined);
      await c?.connection.close();
    },
  };
}
