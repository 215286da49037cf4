// The cross-service e2e harness, apart from the light one of the index (which every package's tests load): starting
// it loads the worker, Temporal and the stack's clients.
export { startE2eStack } from './e2e-stack';
export type { E2eStack, E2eStackOptions } from './e2e-stack';
export { startWorkerForTest } from './start-worker-for-test';
export type { WorkerForTest, WorkerForTestOptions, WorkerForTestStack } from './start-worker-for-test';
export { readFixtureRows } from './read-fixture-rows';
export type { FixtureRow } from './read-fixture-rows';
