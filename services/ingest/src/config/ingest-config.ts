import { kafkaBrokersFromEnv, SettingError } from '@newswindow/schemas';

/** Thrown when the environment does not describe a usable configuration. */
export class IngestConfigError extends SettingError {
  override readonly name = 'IngestConfigError';
}

/** Kafka connection settings of the ingest producers and consumers. */
export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

/**
 * `KAFKA_BROKERS` as schemas' owner of the Kafka settings reads it (comma-separated host:port, default
 * `KAFKA_BROKERS_DEFAULT`), with this client's id; called once, at a process entry point.
 */
export function kafkaSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  clientId = 'newswindow-ingest',
): KafkaSettings {
  return {
    brokers: kafkaBrokersFromEnv(env, (variable, message) => new IngestConfigError(variable, message)),
    clientId,
  };
}
