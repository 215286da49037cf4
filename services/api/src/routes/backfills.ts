import type { preHandlerAsyncHookHandler } from 'fastify';
import { Type } from '@sinclair/typebox';
import { HttpProblem } from '../problem';
import {
  BackfillIdParams,
  BackfillListSchema,
  BackfillProgressSchema,
  BackfillStartBody,
  BackfillStartedSchema,
} from '../schemas';
import type { BackfillStatus } from '../backfills';
import type { ServerDeps } from '../server';
import type { Api } from './api-instance';
import { errorResponses, responses } from './api-instance';

const ZERO = {
  totalNews: null,
  newsProcessed: 0,
  studiesWritten: 0,
  studiesExisting: 0,
  studiesSkipped: 0,
  newsWithoutStudy: 0,
  pages: 0,
  runs: 0,
};

/** The progress body of a status: counters (zero when the workflow no longer reports them) and the done fraction. */
export function progressBody(s: BackfillStatus) {
  const counts = 'newsProcessed' in s ? s : { ...s, ...ZERO };
  const total = counts.totalNews;
  const fraction =
    counts.state === 'done' ? 1 : total === null ? null : total === 0 ? 1 : Math.min(1, counts.newsProcessed / total);
  return {
    id: s.id,
    state: s.state,
    totalNews: total,
    newsProcessed: counts.newsProcessed,
    studiesWritten: counts.studiesWritten,
    studiesExisting: counts.studiesExisting,
    studiesSkipped: counts.studiesSkipped,
    newsWithoutStudy: counts.newsWithoutStudy,
    pages: counts.pages,
    runs: counts.runs,
    fraction,
  };
}

const dedupe = (xs: readonly string[] | undefined): string[] | undefined =>
  xs === undefined || xs.length === 0 ? undefined : [...new Set(xs)];

export function registerBackfillRoutes(api: Api, deps: ServerDeps, auth: preHandlerAsyncHookHandler): void {
  const security = [{ bearer: [] }];
  api.post(
    '/backfills',
    {
      preHandler: auth,
      schema: {
        tags: ['backfills'],
        summary: 'start a backfill (the options of `newswindow backfill`); joins a running one with the same options',
        security,
        body: BackfillStartBody,
        response: { ...responses(BackfillStartedSchema), 202: BackfillStartedSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      if (b.from > b.to) throw new HttpProblem(400, `from ${b.from} is after to ${b.to}`);
      const tickers = dedupe(b.tickers);
      const tags = dedupe(b.tags);
      const started = await deps.backfills.start({
        filter: {
          from: b.from,
          to: b.to,
          ...(tickers === undefined ? {} : { tickers }),
          ...(tags === undefined ? {} : { tags }),
        },
        recompute: b.recompute ?? false,
        ...(b.benchmark === undefined ? {} : { benchmark: b.benchmark }),
        ...(b.model === undefined ? {} : { model: b.model }),
        ...(b.batchSize === undefined ? {} : { batchSize: b.batchSize }),
      });
      return reply.code(202).send(started);
    },
  );

  api.get(
    '/backfills',
    {
      schema: {
        tags: ['backfills'],
        summary: 'recent backfill workflows',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) },
          { additionalProperties: false },
        ),
        response: responses(BackfillListSchema),
      },
    },
    async (request) => ({ items: await deps.backfills.list(request.query.limit ?? 20) }),
  );

  api.get(
    '/backfills/:id',
    {
      schema: {
        tags: ['backfills'],
        summary: 'progress of a backfill',
        params: BackfillIdParams,
        response: responses(BackfillProgressSchema),
      },
    },
    async (request) => {
      const status = await deps.backfills.status(request.params.id);
      if (status === null) throw new HttpProblem(404, `no backfill '${request.params.id}'`);
      return progressBody(status);
    },
  );

  for (const action of ['pause', 'resume', 'cancel'] as const) {
    api.post(
      `/backfills/:id/${action}`,
      {
        preHandler: auth,
        schema: {
          tags: ['backfills'],
          summary: {
            pause: 'pause: start no new batches (batches in flight finish)',
            resume: 'resume a paused backfill',
            cancel: 'cancel: finish the batches in flight, then stop',
          }[action],
          security,
          params: BackfillIdParams,
          response: { ...errorResponses, 202: Type.Object({ id: Type.String(), sent: Type.String() }) },
        },
      },
      async (request, reply) => {
        const ok = await deps.backfills.signal(request.params.id, action);
        if (!ok) throw new HttpProblem(404, `no backfill '${request.params.id}'`);
        return reply.code(202).send({ id: request.params.id, sent: action });
      },
    );
  }
}
