import { timingSafeEqual } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { pingDatabase } from '@newswindow/store';
import type { AlertFeed } from './alerts-feed';
import type { BackfillPort } from './backfills';
import { HttpProblem, problem, problemOf, schemaErrorMessage, sendProblem } from './problem';
import { registerAlertRoutes } from './routes/alerts';
import { registerBackfillRoutes } from './routes/backfills';
import { registerNewsRoutes } from './routes/news';
import { registerStudyRoutes } from './routes/studies';
import { registerTagRoutes } from './routes/tags';
import type { Api } from './routes/api-instance';
import { HealthSchema, ReadySchema } from './schemas';

/** What the server reads from and writes to; each is owned and closed by the caller. */
export interface ServerDeps {
  /** Pool of the read-only role. */
  readonly reads: pg.Pool;
  readonly backfills: BackfillPort;
  readonly alerts: AlertFeed;
}

/** Settings of {@link buildServer} (a subset of `ApiConfig`). */
export interface ServerOptions {
  readonly writeToken: string | undefined;
  readonly corsOrigins: readonly string[];
  readonly rateLimitPerMinute: number;
  readonly bodyLimitBytes: number;
  /** Fastify's logger (default off: the entry point passes its own). */
  readonly logger?: boolean | { level: string };
}

/** Where the web app's files are (`web/`), next to `src/` in the source tree and in the package. */
export const WEB_DIR = resolve(__dirname, '..', 'web');
const UPLOT_DIR = dirname(require.resolve('uplot/dist/uPlot.esm.js'));

/** A preHandler that lets a request through only with `Authorization: Bearer <token>`. */
export function bearerAuth(token: string | undefined) {
  const expected = token === undefined ? undefined : Buffer.from(token, 'utf8');
  return async (request: FastifyRequest): Promise<void> => {
    await Promise.resolve();
    if (expected === undefined)
      throw new HttpProblem(403, 'writes are disabled: the server has no NEWSWINDOW_API_TOKEN configured');
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const given = Buffer.from(match?.[1] ?? '', 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new HttpProblem(401, 'a valid bearer token is required for this request', {
        'www-authenticate': 'Bearer realm="newswindow"',
      });
  };
}

type App = Api;

/** Prometheus metrics of the process and of every request (by route, method and status). */
function collectMetrics(app: App): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'newswindow_api_' });
  const requests = new Counter({
    name: 'newswindow_api_http_requests_total',
    help: 'HTTP requests by route, method and status code',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'newswindow_api_http_request_duration_seconds',
    help: 'HTTP request duration by route and method',
    labelNames: ['route', 'method'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    await Promise.resolve();
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    latency.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });
  return registry;
}

/** Every error, and every unknown route, as an RFC 9457 problem; 5xx are logged. */
function registerProblems(app: App): void {
  app.setErrorHandler((err, request, reply) => {
    const { problem: p, headers } = problemOf(err, request.url);
    if (p.status >= 500) request.log.error({ err }, 'request failed');
    return sendProblem(reply, p, headers);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem(404, `no route ${request.method} ${request.url.split('?')[0]}`, request.url)),
  );
}

/** CORS (only for the configured origins) and the per-client rate limit, answered as a 429 problem. */
async function registerLimits(app: App, options: ServerOptions): Promise<void> {
  if (options.corsOrigins.length > 0) await app.register(cors, { origin: [...options.corsOrigins] });
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) => {
      const err = new HttpProblem(429, `rate limit of ${context.max} requests per ${context.after} exceeded`);
      return Object.assign(err, { statusCode: 429 });
    },
  });
}

/** The OpenAPI document generated from the route schemas (`/openapi.json`) and Swagger UI (`/docs`). */
async function registerOpenApi(app: App): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'newswindow API',
        version: '1.0.0',
        description:
          'Event-window return studies of news: studies, per-tag aggregates, news with evidence, backfills and ' +
          'alerts. Returns are fractions (0.0291 = 2.91 %). Errors are RFC 9457 problem details.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      tags: ['studies', 'tags', 'news', 'backfills', 'alerts', 'operations'].map((name) => ({ name })),
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { validatorUrl: null, deepLinking: true },
    staticCSP: true,
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}

/**
 * Liveness (`/healthz`), readiness (`/readyz`: the database answers and the alerts consumer joined) and the metrics
 * (`/metrics`), after the OpenAPI plugin so that its document lists them.
 */
function registerOperations(app: App, deps: ServerDeps, metrics: Registry): void {
  app.get(
    '/healthz',
    { schema: { tags: ['operations'], summary: 'liveness', response: { 200: HealthSchema } } },
    () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'readiness: the database answers and the alerts consumer joined its group',
        response: { 200: ReadySchema, 503: ReadySchema },
      },
    },
    async (_request, reply) => {
      const database = await pingDatabase(deps.reads).catch(() => false);
      const alerts = deps.alerts.ready();
      const ok = database && alerts;
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks: { database, alerts } });
    },
  );
  app.get(
    '/metrics',
    { schema: { tags: ['operations'], summary: 'Prometheus metrics (text format)' } },
    async (_r, reply) => reply.type(metrics.contentType).send(await metrics.metrics()),
  );
}

/** The resources under `/api`; writes need the bearer token. */
async function registerApi(app: App, deps: ServerDeps, options: ServerOptions): Promise<void> {
  const writeAuth = bearerAuth(options.writeToken);
  await app.register(
    (api, _opts, done) => {
      registerStudyRoutes(api, deps);
      registerNewsRoutes(api, deps);
      registerTagRoutes(api, deps);
      registerBackfillRoutes(api, deps, writeAuth);
      registerAlertRoutes(api, deps);
      done();
    },
    { prefix: '/api' },
  );
}

/** The API and the web app on one Fastify instance (not listening yet). */
export async function buildServer(deps: ServerDeps, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes,
    // Live SSE streams must not hold up a shutdown.
    forceCloseConnections: true,
    // Query strings are parsed by Fastify's default parser: repeated keys become arrays, which the schemas reject.
    routerOptions: { maxParamLength: 600 },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
    schemaErrorFormatter: schemaErrorMessage,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const metrics = collectMetrics(app);
  registerProblems(app);
  await registerLimits(app, options);
  await registerOpenApi(app);
  registerOperations(app, deps, metrics);
  await registerApi(app, deps, options);
  // The web app and its chart library (uPlot's ES module, from the npm package).
  await app.register(fastifyStatic, { root: UPLOT_DIR, prefix: '/vendor/uplot/', decorateReply: false });
  await app.register(fastifyStatic, { root: WEB_DIR, prefix: '/', decorateReply: false, index: 'index.html' });
  return app;
}
