import type { PgConfig } from '@newswindow/store';
import { pgConfigFromEnv } from '@newswindow/store';
import { deploymentFromEnv } from '@newswindow/schemas';

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
    readonly taskQueue: string;
    /** Prefix of the deployment's workflow ids (backfills started here): `<deployment>:`, empty for `local`. */
    readonly workflowIdPrefix: string;
  };
  readonly kafka: { readonly brokers: readonly string[]; readonly alertsTopic: string };
  /** Alerts kept for `GET /api/alerts` (the newest). */
  readonly recentAlerts: number;
}

/** A setting has a wrong value: the message names it and what was expected. */
export class ApiConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'ApiConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const pick = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

const positiveInt = (env: Env, name: string, fallback: number, max = 1_000_000_000): number => {
  const raw = pick(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > max)
    throw new ApiConfigError(name, `expected an integer from 1 to ${max}, got '${raw}'`);
  return n;
};

const BROKER = /^[^\s:,]+:\d+$/;

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
  const base = pgConfigFromEnv(env);
  const password = pick(env, 'NEWSWINDOW_API_PGPASSWORD');
  const { password: _ownerPassword, ...withoutPassword } = base;
  const readDb: PgConfig = {
    ...withoutPassword,
    user: pick(env, 'NEWSWINDOW_API_PGUSER') ?? 'newswindow_analyst',
    ...(password === undefined ? {} : { password }),
    applicationName: 'newswindow-api',
    max: positiveInt(env, 'NEWSWINDOW_API_PGPOOLSIZE', 10, 100),
  };
  const brokersRaw = pick(env, 'KAFKA_BROKERS') ?? '127.0.0.1:9092';
  const brokers = brokersRaw
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (brokers.length === 0 || brokers.some((b) => !BROKER.test(b)))
    throw new ApiConfigError('KAFKA_BROKERS', `expected host:port[,host:port…], got '${brokersRaw}'`);
  const token = pick(env, 'NEWSWINDOW_API_TOKEN');
  if (token !== undefined && token.length < 16)
    throw new ApiConfigError('NEWSWINDOW_API_TOKEN', 'must be at least 16 characters');
  const names = deploymentFromEnv(env, (variable, message) => new ApiConfigError(variable, message));
  const port = overrides.port ?? positiveInt(env, 'NEWSWINDOW_API_PORT', 8080, 65_535);
  // 0 = any free port (tests).
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new ApiConfigError('--port', `expected 0–65535, got ${port}`);
  return {
    host: overrides.host ?? pick(env, 'NEWSWINDOW_API_HOST') ?? '127.0.0.1',
    port,
    readDb,
    writeToken: token,
    corsOrigins: (pick(env, 'NEWSWINDOW_API_CORS_ORIGINS') ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
    rateLimitPerMinute: positiveInt(env, 'NEWSWINDOW_API_RATE_LIMIT', 1200),
    bodyLimitBytes: positiveInt(env, 'NEWSWINDOW_API_BODY_LIMIT', 16_384, 10_485_760),
    temporal: {
      address: pick(env, 'TEMPORAL_ADDRESS') ?? '127.0.0.1:7233',
      namespace: pick(env, 'TEMPORAL_NAMESPACE') ?? 'default',
      taskQueue: pick(env, 'NEWSWINDOW_TASK_QUEUE') ?? names.taskQueue,
      workflowIdPrefix: names.workflowIdPrefix,
    },
    kafka: { brokers, alertsTopic: names.alertsTopic },
    recentAlerts: positiveInt(env, 'NEWSWINDOW_API_RECENT_ALERTS', 500, 100_000),
  };
}
