import { Connection } from '@temporalio/client';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSettingsFromEnv } from '@newswindow/ingest';
import { redisUrlFromEnv } from '@newswindow/schemas';
import { createPool, listProjectionFailures } from '@newswindow/store';
import { temporalConnectionFromEnv } from '@newswindow/temporal';
import { operatorPgConfig } from '../operator-roles';
import type { CliCommand } from './command';
import { UsageError } from './command';

const usage = `Usage: newswindow status [--worker URL] [--timeout-ms N]

Checks what the pipeline depends on and prints one line per part, for a supervisor or a person:
Postgres (and open projection failures), Kafka, Redis, Temporal, and the worker's /readyz when --worker (or
NEWSWINDOW_WORKER_HEALTH_URL, e.g. http://127.0.0.1:9464) is given. Exit 0 when every part is up, 1 otherwise.

Postgres is checked as the read-only analyst role (NEWSWINDOW_ANALYST_PGUSER, default newswindow_analyst), not PGUSER.

Environment: PGHOST, PGPORT, PGDATABASE, NEWSWINDOW_ANALYST_PGUSER, NEWSWINDOW_ANALYST_PGPASSWORD, KAFKA_BROKERS, REDIS_URL, TEMPORAL_ADDRESS, NEWSWINDOW_WORKER_HEALTH_URL.
`;

interface Part {
  readonly name: string;
  readonly probe: () => Promise<string>;
}

const bounded = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    p,
    new Promise<never>((_r, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'check Postgres, Kafka, Redis, Temporal and the worker (exit 0 when all are up)',
  usage,
  async run(argv, io) {
    const at = (flag: string): string | undefined => {
      const i = argv.indexOf(flag);
      return i === -1 ? undefined : argv[i + 1];
    };
    const unknown = argv.filter((a, i) => a.startsWith('--') && a !== '--worker' && a !== '--timeout-ms' && i >= 0);
    if (unknown.length > 0) throw new UsageError(`unknown option(s): ${unknown.join(' ')}`);
    const timeoutMs = Number(at('--timeout-ms') ?? 3000);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout-ms must be a positive number');
    const workerUrl = at('--worker') ?? io.env['NEWSWINDOW_WORKER_HEALTH_URL'];
    const pg = operatorPgConfig(io.env, 'read');
    const pool = createPool({ ...pg, max: 1, connectionTimeoutMillis: timeoutMs });
    const redisUrl = redisUrlFromEnv(io.env);
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    const kafkaSettings = kafkaSettingsFromEnv(io.env, 'newswindow-status');
    const temporal = temporalConnectionFromEnv(io.env);
    const temporalAddress = temporal.address;
    const parts: Part[] = [
      {
        name: `postgres ${pg.host}:${pg.port}/${pg.database}`,
        probe: async () => {
          await pool.query('SELECT 1');
          const open = await listProjectionFailures(pool).catch(() => undefined);
          if (open !== undefined && open.length > 0)
            throw new Error(`${open.length} projection failure(s): newswindow db projections failures`);
          return 'up';
        },
      },
      {
        name: `kafka ${kafkaSettings.brokers.join(',')}`,
        probe: async () => {
          const admin = new Kafka({
            clientId: kafkaSettings.clientId,
            brokers: [...kafkaSettings.brokers],
            logLevel: logLevel.NOTHING,
            retry: { retries: 0 },
          }).admin();
          await admin.connect();
          try {
            const cluster = await admin.describeCluster();
            return `up (${cluster.brokers.length} broker(s))`;
          } finally {
            await admin.disconnect();
          }
        },
      },
      {
        name: `redis ${redisUrl.replace(/\/\/[^@/]*@/, '//***@')}`,
        probe: async () => {
          await redis.connect();
          return (await redis.ping()) === 'PONG' ? 'up' : 'unexpected answer';
        },
      },
      {
        name: `temporal ${temporalAddress}`,
        probe: async () => {
          const connection = await Connection.connect({ ...temporal.connectionOptions, connectTimeout: timeoutMs });
          try {
            await connection.workflowService.getSystemInfo({});
            return 'up';
          } finally {
            await connection.close();
          }
        },
      },
      ...(workerUrl === undefined
        ? []
        : [
            {
              name: `worker ${workerUrl}`,
              probe: async () => {
                const res = await fetch(`${workerUrl.replace(/\/$/, '')}/readyz`);
                const body = (await res.json()) as { checks?: { name: string; ok: boolean; detail: string }[] };
                const failing = (body.checks ?? []).filter((c) => !c.ok);
                if (!res.ok)
                  throw new Error(failing.map((c) => `${c.name}: ${c.detail}`).join('; ') || `HTTP ${res.status}`);
                return 'ready';
              },
            },
          ]),
    ];
    try {
      const results = await Promise.all(
        parts.map(async (p) => {
          try {
            return { name: p.name, ok: true, detail: await bounded(p.probe(), timeoutMs) };
          } catch (err) {
            return { name: p.name, ok: false, detail: err instanceof Error ? err.message : String(err) };
          }
        }),
      );
      for (const r of results) io.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.detail}\n`);
      return results.every((r) => r.ok) ? 0 : 1;
    } finally {
      redis.disconnect();
      await pool.end().catch(() => undefined);
    }
  },
};
