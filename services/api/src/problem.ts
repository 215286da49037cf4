import type { FastifyError, FastifyReply, FastifySchemaValidationError } from 'fastify';

/** An RFC 9457 problem: what a client sees of any error (never a stack trace). */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** A problem of `status` with an optional human-readable `detail`. */
export function problem(status: number, detail?: string, instance?: string): Problem {
  return {
    type: 'about:blank',
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(instance === undefined ? {} : { instance }),
  };
}

/** Thrown by handlers for a problem they recognise (404 of a study, 401 of a write, …). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail?: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail ?? String(status));
    this.name = 'HttpProblem';
  }
}

/**
 * The problem for an error thrown while handling a request: our own {@link HttpProblem}s and Fastify's client
 * errors (validation, body too large, rate limit) keep their status and message; anything else is a 500 whose
 * detail says nothing about the server's internals.
 */
export function problemOf(err: unknown, url: string): { problem: Problem; headers: Record<string, string> } {
  if (err instanceof HttpProblem) return { problem: problem(err.status, err.detail, url), headers: { ...err.headers } };
  const e = err as Partial<FastifyError>;
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const detail = e.message;
    return { problem: problem(status, detail, url), headers: {} };
  }
  if (status === 503)
    return { problem: problem(503, 'a backing service is unavailable; retry later', url), headers: {} };
  return { problem: problem(500, 'the request failed on the server; it was logged', url), headers: {} };
}

/** Sends `p` as `application/problem+json`. */
export function sendProblem(reply: FastifyReply, p: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(p.status).headers(headers).type('application/problem+json; charset=utf-8').send(p);
}

/**
 * The message of a request that fails its schema, as Fastify words it (`querystring/limit must be <= 500`), with the
 * allowed values of an enum spelled out (`querystring/model must be equal to one of the allowed values: market, …`):
 * the 400 tells the client what it may send.
 */
export function schemaErrorMessage(errors: readonly FastifySchemaValidationError[], dataVar: string): Error {
  const parts = errors.map((e) => {
    const allowed = e.keyword === 'enum' ? e.params.allowedValues : undefined;
    const values = Array.isArray(allowed) ? `: ${allowed.map(String).join(', ')}` : '';
    return `${dataVar}${e.instancePath} ${e.message ?? 'is invalid'}${values}`;
  });
  return new Error(parts.join(', '));
}
