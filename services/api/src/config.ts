import type { Env } from '@newswindow/schemas';
import {
  deploymentFromEnv,
  kafkaBrokersFromEnv,
  SettingError,
  settingsReader,
  wholeNumberSetting,
} from '@newswindow/schemas';
import type { PgConfig } from '@newswindow/store';
import { COMPONENT_ROLES, pgConfigFromEnv } from '@newswindow/store';
import type { TemporalConnectionOptions } from '@newswindow/temporal';
import { temporalConnectionFromEnv } from '@newswindow/temporal';

/** Everything the API process needs, read once at its entry point ({@link apiConfigFromEnv}). */
export interface ApiConfig {
  readonly host: string;
  readonly port: number;
  /** Reads: the read-only role `newswindow_analyst` on the configured database. */
  readonly readDb: PgConfig;
  /** Bearer token that writes (backfills) need; unset = writes are refused. */
  readonly writeToken: string | undefined;
  /** Origins allowed by CORS; empty = CORS off (no header sent). */
  readonly corsOrigins: readonly string[];
  /** Requests per minute per client address. */
  readonly rateLimitPerMinute: number;
  /** Largest request body accepted, bytes. */
  readonly bodyLimitBytes: number;
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    /** From Temporal's environment configuration (`@newswindow/temporal`): address, TLS, API key. */
    readonly connectionOptions: TemporalConnectionOptions;
    readonly taskQueue: string;
    /** Prefix of the deployment's workflow ids (backfills started here): `<deployment>:`, empty for `local`. */
    readonly workflowIdPrefix: string;
  };
  readonly kafka: { readonly brokers: readonly string[]; readonly alertsTopic: string };
  /** Alerts kept for `GET /api/alerts` (the newest). */
  readonly recentAlerts: number;
}

/** A setting has a wrong value: the message names it and what was expected. */
export class ApiConfigError extends SettingError {
  override readonly name = 'ApiConfigError';
}

/** A whole number from 1 to `max`. */
const positive = (max = 1_000_000_000) => wholeNumberSetting({ min: 1, max });

/** Overrides of {@link apiConfigFromEnv} (command-line flags win over the environment). */
export interface ApiConfigOverrides {
  readonly host?: string;
  readonly port?: number;
}

/**
 * Pure: defaults, overlaid with the environment, overlaid with `overrides`. Reads connect as
 * `NEWSWINDOW_API_PGUSER` (default `newswindow_analyst`, with `NEWSWINDOW_API_PGPASSWORD`) to the libpq database.
 *
 * @throws {ApiConfigError} on a malformed value.
 */
export function apiConfigFromEnv(env: Env, overrides: ApiConfigOverrides = {}): ApiConfig {
  const toError = (variable: string, message: string) => new ApiConfigError(variable, message);
  const { text, get } = settingsReader(env, toError);
  const base = pgConfigFromEnv(env);
  const password = text('NEWSWINDOW_API_PGPASSWORD');
  const { password: _ownerPassword, ...withoutPassword } = base;
  const readDb: PgConfig = {
    ...withoutPassword,
    user: text('NEWSWINDOW_API_PGUSER') ?? COMPONENT_ROLES.analyst,
    ...(password === undefined ? {} : { password }),
    applicationName: 'newswindow-api',
    max: get('NEWSWINDOW_API_PGPOOLSIZE', positive(100), 10),
  };
  const brokers = kafkaBrokersFromEnv(env, toError);
  const token = text('NEWSWINDOW_API_TOKEN');
  if (token !== undefined && token.length < 16)
    throw new ApiConfigError('NEWSWINDOW_API_TOKEN', 'must be at least 16 characters');
  const names = deploymentFromEnv(env, toError);
  const temporal = temporalConnectionFromEnv(env, toError);
  const port = overrides.port ?? get('NEWSWINDOW_API_PORT', positive(65_535), 8080);
  // 0 = any free port (tests).
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new ApiConfigError('--port', `expected 0–65535, got ${port}`);
  return {
    host: overrides.host ?? text('NEWSWINDOW_API_HOST') ?? '127.0.0.1',
    port,
    readDb,
    writeToken: token,
    corsOrigins: (text('NEWSWINDOW_API_CORS_ORIGINS') ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
    rateLimitPerMinute: get('NEWSWINDOW_API_RATE_LIMIT', positive(), 1200),
    bodyLimitBytes: get('NEWSWINDOW_API_BODY_LIMIT', positive(10_485_760), 16_384),
    temporal: {
      address: temporal.address,
      namespace: temporal.namespace,
      connectionOptions: temporal.connectionOptions,
      taskQueue: text('NEWSWINDOW_TASK_QUEUE') ?? names.taskQueue,
      workflowIdPrefix: names.workflowIdPrefix,
    },
    kafka: { brokers, alertsTopic: names.alertsTopic },
    recentAlerts: get('NEWSWINDOW_API_RECENT_ALERTS', positive(100_000), 500),
  };
}
