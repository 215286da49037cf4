/** Thrown when the environment does not describe a usable configuration. */
export class IngestConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'IngestConfigError';
  }
}

/** Kafka connection settings of the ingest producers and consumers. */
export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

const BROKER = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/;

/** Reads `KAFKA_BROKERS` (comma-separated host:port, default 127.0.0.1:9092); called once, at a process entry point. */
export function kafkaSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  clientId = 'newswindow-ingest',
): KafkaSettings {
  const raw = env['KAFKA_BROKERS']?.trim() || '127.0.0.1:9092';
  const brokers = raw
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const bad = brokers.filter((b) => !BROKER.test(b));
  if (brokers.length === 0 || bad.length > 0)
    throw new IngestConfigError('KAFKA_BROKERS', `expected host:port[,host:port…], got '${raw}'`);
  return { brokers, clientId };
}
