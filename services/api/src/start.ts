import { createPool } from '@newswindow/store';
import type { FastifyInstance } from 'fastify';
import type { AlertFeed } from './alerts-feed';
import { startKafkaAlertFeed } from './alerts-feed';
import type { BackfillPort } from './backfills';
import { createTemporalBackfills } from './backfills';
import type { ApiConfig } from './config';
import { buildServer } from './server';

/** A listening API server and what it owns. */
export interface RunningApi {
  readonly app: FastifyInstance;
  /** `http://host:port` it listens on. */
  readonly url: string;
  /** Stops listening, then closes the alerts consumer, the Temporal connection and the pool. */
  close(): Promise<void>;
}

/**
 * Composition root of the API process: the read-only pool, the Temporal backfill client, the alerts consumer (its
 * own consumer group) and the Fastify server, listening on `config.host:config.port` (port 0: any free port).
 */
export async function startApiServer(
  config: ApiConfig,
  options: { readonly logger?: boolean | { level: string } } = {},
): Promise<RunningApi> {
  const reads = createPool(config.readDb);
  const owned: (() => Promise<void>)[] = [() => reads.end()];
  const closeOwned = async (): Promise<void> => {
    for (const close of owned.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    const backfills: BackfillPort = createTemporalBackfills(config.temporal);
    owned.push(() => backfills.close());
    const alerts: AlertFeed = startKafkaAlertFeed({
      brokers: config.kafka.brokers,
      topic: config.kafka.alertsTopic,
      capacity: config.recentAlerts,
    });
    owned.push(() => alerts.close());
    const app = await buildServer(
      { reads, backfills, alerts },
      {
        writeToken: config.writeToken,
        corsOrigins: config.corsOrigins,
        rateLimitPerMinute: config.rateLimitPerMinute,
        bodyLimitBytes: config.bodyLimitBytes,
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      },
    );
    owned.push(() => app.close());
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return { app, url: `http://${host}:${port}`, close: closeOwned };
  } catch (err) {
    await closeOwned();
    throw err;
  }
}
