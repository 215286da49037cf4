export { waitFor, WaitForTimeoutError } from './wait-for';
export type { WaitForOptions } from './wait-for';
export { uniqueName } from './unique-name';
export { stackConfigFromEnv } from './stack-config';
export type { StackConfig } from './stack-config';
export { createTestDatabase } from './test-database';
export type { TestDatabase } from './test-database';
export { quietLogger } from './quiet-logger';
