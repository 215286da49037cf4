import { isGrpcServiceError, PayloadConverterError } from '@temporalio/client';

/**
 * Thrown by our own code when a story cannot become a workflow input (a mapping error): handing it over again gives
 * the same error, so the trigger records it and goes on rather than stopping every later story.
 */
export class StoryHandOffError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoryHandOffError';
  }
}

/**
 * gRPC status codes (grpc/doc/statuscodes.md) whose call fails the same way when repeated: the request itself is
 * wrong (INVALID_ARGUMENT also covers Temporal's "blob size exceeds limit" for an oversized payload). UNAVAILABLE,
 * DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED and every other code count as an outage and are retried without end.
 */
const PERMANENT_GRPC_CODES: ReadonlyMap<number, string> = new Map([
  [3, 'INVALID_ARGUMENT'],
  [9, 'FAILED_PRECONDITION'],
  [11, 'OUT_OF_RANGE'],
  [12, 'UNIMPLEMENTED'],
]);

/**
 * Whether a hand-off error is permanent: a gRPC status from {@link PERMANENT_GRPC_CODES}, a payload the data
 * converter cannot encode, or a {@link StoryHandOffError}, anywhere on the `cause` chain. Anything else (connection
 * errors, Postgres and Redis errors, unknown errors) is transient: when in doubt the story is retried, never dropped.
 */
export function isPermanentHandOffError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof StoryHandOffError || e instanceof PayloadConverterError) return true;
    if (isGrpcServiceError(e)) return PERMANENT_GRPC_CODES.has(e.code);
  }
  return false;
}
