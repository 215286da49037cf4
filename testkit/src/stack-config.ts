/** Connection settings of the local stack, read once from the environment the infra scripts export. */
export interface StackConfig {
  readonly kafkaBrokers: readonly string[];
  readonly temporalAddress: string;
  readonly temporalNamespace: string;
  readonly redisUrl: string;
  readonly pg: { readonly host: string; readonly port: number; readonly user: string; readonly password?: string };
}

/** Defaults of `infra/stack.sh`, overlaid with the usual variables (`PGHOST`…, `KAFKA_BROKERS`, `REDIS_URL`, `TEMPORAL_ADDRESS`). */
export function stackConfigFromEnv(env: NodeJS.ProcessEnv): StackConfig {
  return {
    kafkaBrokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
    temporalAddress: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    pg: {
      host: env.PGHOST ?? '127.0.0.1',
      port: Number(env.PGPORT ?? 5432),
      user: env.PGUSER ?? 'postgres',
      ...(env.PGPASSWORD === undefined ? {} : { password: env.PGPASSWORD }),
    },
  };
}
