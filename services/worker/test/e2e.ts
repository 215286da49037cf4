// The cross-service e2e harness (`@newswindow/worker/e2e`, never shipped: not in dist/): a migrated database, topics,
// Redis and a workflow bundle, and a Temporal worker on them. It lives beside the worker it starts, so the packages
// whose tests use it (worker, api, cli, test/) depend on the worker and nothing depends back on them; the light
// harness every package's tests load is @newswindow/testkit.
export { startE2eStack } from './e2e-stack';
export type { E2eStack, E2eStackOptions } from './e2e-stack';
export { startWorkerForTest } from './start-worker-for-test';
export type { WorkerForTest, WorkerForTestOptions, WorkerForTestStack } from './start-worker-for-test';
