import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ProblemSchema } from '../schemas';

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
