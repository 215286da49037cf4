import { Context, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { StudyRejectedError } from '@newswindow/schemas';

/** Rethrows a business rejection as a non-retryable failure (Temporal must not retry it); anything else as it is. */
export const nonRetryable = (err: unknown): never => {
  if (err instanceof StudyRejectedError) throw ApplicationFailure.nonRetryable(err.message, err.name);
  throw err;
};

/** `<workflowId>/<runId>` of the calling workflow run; `direct` outside an activity. */
export function currentRun(): string {
  try {
    const run = Context.current().info.workflowExecution;
    return run === undefined ? 'direct' : `${run.workflowId}/${run.runId}`;
  } catch {
    return 'direct';
  }
}

/** Heartbeats when running inside an activity (the batch path is also called directly by the benchmark). */
export function heartbeatSafe(details: string): void {
  try {
    Context.current();
  } catch {
    return;
  }
  heartbeat(details);
}
