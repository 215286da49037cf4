import type { ClientConnectConfig } from '@temporalio/envconfig';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { Env, SettingErrorFactory } from '@newswindow/schemas';
import { patternSetting, settingsReader, SettingError } from '@newswindow/schemas';

/** Where the local stack's Temporal listens (`infra/stack.sh`): the address when neither env nor profile names one. */
export const TEMPORAL_ADDRESS_DEFAULT = '127.0.0.1:7233';
/** The namespace when neither `TEMPORAL_NAMESPACE` nor the profile names one. */
export const TEMPORAL_NAMESPACE_DEFAULT = 'default';

/** Options of `Connection.connect` and `NativeConnection.connect`: address, TLS, API key, gRPC metadata. */
export type TemporalConnectionOptions = ClientConnectConfig['connectionOptions'] & { readonly address: string };

/** How to reach Temporal: what every client and worker of newswindow connects with. */
export interface TemporalConnection {
  readonly address: string;
  readonly namespace: string;
  readonly connectionOptions: TemporalConnectionOptions;
}

const ADDRESS = patternSetting(/^[^\s/,]+:\d{1,5}$/, 'host:port');

/**
 * The Temporal connection of this environment, by Temporal's own environment configuration (`@temporalio/envconfig`):
 * `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS*`, `TEMPORAL_GRPC_META_*`, over the
 * profile `TEMPORAL_PROFILE` (default `default`) of the file `TEMPORAL_CONFIG_FILE` (default
 * `~/.config/temporalio/temporal.toml`, when it exists); then our defaults {@link TEMPORAL_ADDRESS_DEFAULT} and
 * {@link TEMPORAL_NAMESPACE_DEFAULT}. Blank variables count as unset, as everywhere in newswindow.
 *
 * @throws the error of `toError` (default {@link SettingError}) naming the variable: a malformed `TEMPORAL_ADDRESS`,
 *   or a config file or profile that cannot be read (named `TEMPORAL_CONFIG_FILE`/`TEMPORAL_PROFILE`).
 */
export function temporalConnectionFromEnv(env: Env, toError?: SettingErrorFactory): TemporalConnection {
  const fail = toError ?? ((variable: string, message: string) => new SettingError(variable, message));
  const set: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && value.trim() !== '') set[name] = name.startsWith('TEMPORAL_') ? value.trim() : value;
  let loaded: ClientConnectConfig;
  try {
    loaded = loadClientConnectConfig({ overrideEnvVars: set });
  } catch (err) {
    const variable = set['TEMPORAL_PROFILE'] !== undefined ? 'TEMPORAL_PROFILE' : 'TEMPORAL_CONFIG_FILE';
    throw fail(variable, `Temporal client configuration: ${err instanceof Error ? err.message : String(err)}`);
  }
  // The address went through envconfig (env over profile); it is checked here like every other setting.
  const address = settingsReader({ TEMPORAL_ADDRESS: loaded.connectionOptions.address }, fail).get(
    'TEMPORAL_ADDRESS',
    ADDRESS,
    TEMPORAL_ADDRESS_DEFAULT,
  );
  const namespace = loaded.namespace ?? TEMPORAL_NAMESPACE_DEFAULT;
  return { address, namespace, connectionOptions: { ...loaded.connectionOptions, address } };
}
