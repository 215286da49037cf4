import type { Env, SettingErrorFactory } from './settings';
import { listSetting, settingsReader } from './settings';

/**
 * The one owner of Kafka's connection settings: `KAFKA_BROKERS` and its default, for every producer and consumer
 * (ingest, worker, api, CLI, tests). Pure: the entry point passes its environment.
 */
export const KAFKA_BROKERS_DEFAULT = '127.0.0.1:9092';

/** host:port, the host a name, an IPv4 address or a bracketed IPv6 address. */
const BROKER = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/;

/** `KAFKA_BROKERS` (comma-separated host:port; default {@link KAFKA_BROKERS_DEFAULT}). */
export function kafkaBrokersFromEnv(env: Env, toError?: SettingErrorFactory): readonly string[] {
  const brokers = listSetting(BROKER, 'host:port[,host:port…]');
  return settingsReader(env, toError).get('KAFKA_BROKERS', brokers, [KAFKA_BROKERS_DEFAULT]);
}
