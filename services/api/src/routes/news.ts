import { queryNewsDetails } from '@newswindow/store';
import { HttpProblem } from '../problem';
import { NewsDetailSchema, NewsIdParams, NewsPageSchema, NewsQuery } from '../schemas';
import type { ServerDeps } from '../server';
import type { Api } from './api-instance';
import { responses } from './api-instance';

/** The opaque cursor of the page after story `afterId`. */
export const encodeNewsCursor = (afterId: string): string =>
  Buffer.from(JSON.stringify({ after: afterId }), 'utf8').toString('base64url');

/** The story id of a news cursor; anything else is a 400. */
export function decodeNewsCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed === 'object' && parsed !== null && 'after' in parsed && typeof parsed.after === 'string')
      return parsed.after;
  } catch {
    // not JSON: answered below
  }
  throw new HttpProblem(400, 'cursor is not a cursor of this API (use nextCursor of the previous page)');
}

export function registerNewsRoutes(api: Api, deps: ServerDeps): void {
  api.get(
    '/news',
    {
      schema: {
        tags: ['news'],
        summary: 'news items with their tags, evidence spans, linked listings (relevance), novelty and studies',
        querystring: NewsQuery,
        response: responses(NewsPageSchema),
      },
    },
    async (request) => {
      const { cursor, limit, listing, ...rest } = request.query;
      const afterId = cursor === undefined ? undefined : decodeNewsCursor(cursor);
      const page = await queryNewsDetails(deps.reads, {
        ...rest,
        ...(listing === undefined ? {} : { symbol: listing }),
        ...(afterId === undefined ? {} : { afterId }),
        limit: limit ?? 50,
      });
      return {
        items: page.items,
        nextCursor: page.nextAfterId === null ? null : encodeNewsCursor(page.nextAfterId),
      };
    },
  );

  api.get(
    '/news/:newsId',
    {
      schema: {
        tags: ['news'],
        summary: 'one news item',
        params: NewsIdParams,
        response: responses(NewsDetailSchema),
      },
    },
    async (request) => {
      const { items } = await queryNewsDetails(deps.reads, { ids: [request.params.newsId], limit: 1 });
      const item = items[0];
      if (item === undefined) throw new HttpProblem(404, `no news item '${request.params.newsId}'`);
      return item;
    },
  );
}
