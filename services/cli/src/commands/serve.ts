import { apiConfigFromEnv, startApiServer } from '@newswindow/api';
import type { CliCommand } from './command';
import { UsageError, parseCommandArgs } from './command';

const usage = `Usage: newswindow serve [--host 127.0.0.1] [--port 8080]

Serves the analysts' HTTP API and web app on the configured database until SIGINT/SIGTERM:
the web app at /, the OpenAPI 3.1 document at /openapi.json, its docs at /docs, the API under /api/,
/healthz, /readyz and Prometheus /metrics.

Reads connect as the read-only role newswindow_analyst (created by \`newswindow db migrate\`).
Writes (backfills) need \`Authorization: Bearer <NEWSWINDOW_API_TOKEN>\`; without that variable they are refused.

Environment: PGHOST, PGPORT, PGDATABASE (the database), NEWSWINDOW_API_PGUSER / NEWSWINDOW_API_PGPASSWORD (reads),
             NEWSWINDOW_API_TOKEN, NEWSWINDOW_API_HOST / NEWSWINDOW_API_PORT (overridden by the flags),
             NEWSWINDOW_API_CORS_ORIGINS (comma-separated; unset = CORS off), NEWSWINDOW_API_RATE_LIMIT (per minute),
             NEWSWINDOW_API_BODY_LIMIT (bytes), KAFKA_BROKERS, NEWSWINDOW_DEPLOYMENT (its alert topic), TEMPORAL_ADDRESS,
             TEMPORAL_NAMESPACE, NEWSWINDOW_TASK_QUEUE.`;

/** `newswindow serve …` */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: "the analysts' HTTP API and web app (http://127.0.0.1:8080)",
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(
      argv,
      { host: { type: 'string' }, port: { type: 'string' } },
      { positionals: false },
    );
    let port: number | undefined;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new UsageError(`--port must be an integer from 0 to 65535, got '${values.port}'`);
    }
    const config = apiConfigFromEnv(io.env, {
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(port === undefined ? {} : { port }),
    });
    const stopped = new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    const api = await startApiServer(config, { logger: { level: io.env.LOG_LEVEL ?? 'warn' } });
    try {
      io.stderr.write(
        `newswindow serve: database ${config.readDb.database} as ${config.readDb.user}; ` +
          `writes ${config.writeToken === undefined ? 'disabled (no NEWSWINDOW_API_TOKEN)' : 'need the bearer token'}\n`,
      );
      io.stdout.write(`${api.url}\n`);
      const signal = await stopped;
      io.stderr.write(`${signal}: stopping\n`);
      return 0;
    } finally {
      await api.close();
    }
  },
};
