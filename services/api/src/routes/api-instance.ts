import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { sendTable, tableResponse } from '../csv';
import type { Table } from '../csv';
import { ProblemSchema } from '../schemas';
import type { FormatQuery } from '../schemas';

/** The `/api` scope with TypeBox-typed requests. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Problem details for client and server errors. */
export const errorResponses = { '4xx': ProblemSchema, '5xx': ProblemSchema } as const;

/** Responses of a route: `ok` for 200, problem details for client and server errors. */
export const responses = <T>(ok: T) => ({ 200: ok, ...errorResponses }) as const;

/** One download of a resource: `GET <path>/<what>` as CSV or JSON. */
export interface TableDownload<R> {
  readonly what: string;
  readonly summary: string;
  readonly columns: readonly string[];
  readonly rows: (loaded: R) => Table['rows'];
}

/**
 * The downloads of one resource (`/studies/:studyId/days`, `…/windows`; `/tags/:tag/days`, `…/tests`): each loads the
 * resource from the path parameters and the query, and sends its table as CSV or JSON (`?format=`, default CSV) in a
 * file named `<stem>_<what>`.
 */
export function registerDownloads<P extends TSchema, Q extends typeof FormatQuery, R>(
  api: Api,
  resource: {
    readonly tag: string;
    readonly path: string;
    readonly params: P;
    readonly querystring: Q;
    readonly load: (params: Static<P>, query: Static<Q>) => Promise<{ readonly stem: string; readonly loaded: R }>;
  },
  downloads: readonly TableDownload<R>[],
): void {
  for (const d of downloads)
    api.get(
      `${resource.path}/${d.what}`,
      {
        schema: {
          tags: [resource.tag],
          summary: d.summary,
          params: resource.params,
          querystring: resource.querystring,
          produces: ['text/csv', 'application/json'],
          response: { 200: tableResponse(d.columns), ...errorResponses },
        },
      },
      async (request, reply) => {
        // The type provider leaves a generic querystring unresolved (UndefinedToUnknown<…>); it is Static<Q>.
        const query = request.query as Static<Q>;
        const { stem, loaded } = await resource.load(request.params, query);
        const table = { columns: d.columns, rows: d.rows(loaded) };
        return sendTable(reply, table, query.format ?? 'csv', `${stem}_${d.what}`);
      },
    );
}
