import pg from 'pg';
import { settingsReader, wholeNumberSetting } from '@newswindow/schemas';
import { ConfigError } from './errors';

/** Connection settings of the store. Build with {@link pgConfigFromEnv} at an entry point, or by hand. */
export interface PgConfig {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly database: string;
  /** Pool size (default 10). */
  readonly max?: number;
  readonly applicationName?: string;
  readonly connectionTimeoutMillis?: number;
  readonly idleTimeoutMillis?: number;
}

/** Defaults of the local stack (`infra/stack.sh`). */
export const PG_DEFAULTS: PgConfig = {
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  database: 'newswindow',
  max: 10,
  applicationName: 'newswindow',
  connectionTimeoutMillis: 10_000,
  idleTimeoutMillis: 30_000,
};

const PORT = wholeNumberSetting({ min: 1, max: 65_535 });
const POOL_SIZE = wholeNumberSetting({ min: 1 });

/**
 * Pure: {@link PG_DEFAULTS} overlaid with the libpq variables `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
 * `PGDATABASE`, `PGAPPNAME` and `PGPOOLSIZE`. Entry points pass `process.env`; the library never reads it.
 *
 * @throws {ConfigError} when `PGPORT` is not a port number or `PGPOOLSIZE` not a whole number >= 1.
 */
export function pgConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaults: PgConfig = PG_DEFAULTS,
): PgConfig {
  const { text, secret, get, optional } = settingsReader(
    env,
    (variable, message) => new ConfigError(variable, message),
  );
  const password = secret('PGPASSWORD') ?? defaults.password;
  const applicationName = text('PGAPPNAME');
  const max = optional('PGPOOLSIZE', POOL_SIZE);
  return {
    ...defaults,
    host: text('PGHOST') ?? defaults.host,
    port: get('PGPORT', PORT, defaults.port),
    user: text('PGUSER') ?? defaults.user,
    ...(password === undefined ? {} : { password }),
    database: text('PGDATABASE') ?? defaults.database,
    ...(applicationName === undefined ? {} : { applicationName }),
    ...(max === undefined ? {} : { max }),
  };
}

/** Creates a `pg.Pool` from a {@link PgConfig}. The caller owns it and calls `end()`. */
export function createPool(config: PgConfig): pg.Pool {
  const pool = new pg.Pool({
    host: config.host,
    port: config.port,
    user: config.user,
    database: config.database,
    ...(config.password === undefined ? {} : { password: config.password }),
    max: config.max ?? PG_DEFAULTS.max,
    application_name: config.applicationName ?? PG_DEFAULTS.applicationName,
    connectionTimeoutMillis: config.connectionTimeoutMillis ?? PG_DEFAULTS.connectionTimeoutMillis,
    idleTimeoutMillis: config.idleTimeoutMillis ?? PG_DEFAULTS.idleTimeoutMillis,
  });
  // An idle client that loses its connection (server restart) is discarded by the pool; without a listener the
  // 'error' event would crash the process. The next query gets a fresh client or a classified error.
  pool.on('error', () => undefined);
  // The pool listens only while a client is idle: a checked-out client that the server ends (57P01 on a restart)
  // between two queries would emit an unhandled 'error' and end the process. Its pending query (if any) still rejects,
  // and the broken client is discarded when released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/** The components that log in as a role of their own (migrations 007 and 023 create them). */
export type Component = 'ingest' | 'worker' | 'analyst';

/** The role each component logs in as unless `NEWSWINDOW_<COMPONENT>_PGUSER` names another. */
export const COMPONENT_ROLES: Readonly<Record<Component, string>> = {
  ingest: 'newswindow_ingest',
  worker: 'newswindow_worker',
  analyst: 'newswindow_analyst',
};

/**
 * Pure: the connection of one component: host, port and database as {@link pgConfigFromEnv} gives them, but the
 * component's own role (`NEWSWINDOW_INGEST_PGUSER`, `NEWSWINDOW_WORKER_PGUSER`, `NEWSWINDOW_ANALYST_PGUSER`; default
 * {@link COMPONENT_ROLES}) and password (`NEWSWINDOW_<COMPONENT>_PGPASSWORD`), never `PGUSER`/`PGPASSWORD`: those are
 * the database owner's, for `newswindow db migrate` and the operator's commands.
 *
 * @throws {ConfigError} when `PGPORT` or `PGPOOLSIZE` is not a positive integer.
 */
export function componentPgConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  component: Component,
  defaults: PgConfig = PG_DEFAULTS,
): PgConfig {
  const { password: _ownerPassword, ...base } = pgConfigFromEnv(env, defaults);
  const prefix = `NEWSWINDOW_${component.toUpperCase()}_`;
  const user = env[`${prefix}PGUSER`];
  const password = env[`${prefix}PGPASSWORD`];
  return {
    ...base,
    user: user === undefined || user === '' ? COMPONENT_ROLES[component] : user,
    applicationName: `newswindow-${component}`,
    ...(password === undefined || password === '' ? {} : { password }),
  };
}
