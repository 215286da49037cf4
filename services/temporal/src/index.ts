export { TEMPORAL_ADDRESS_DEFAULT, TEMPORAL_NAMESPACE_DEFAULT, temporalConnectionFromEnv } from './temporal-connection';
export type { TemporalConnection, TemporalConnectionOptions } from './temporal-connection';
