/** Options of {@link retryWithBackoff}. */
export interface BackoffOptions {
  /** Keep retrying while the failures have lasted less than this (default 5 min). */
  readonly maxOutageMs?: number;
  /** First delay (default 500 ms), doubled up to `maxDelayMs` (default 10 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: string }) => void;
  readonly now?: () => number;
}

/** Thrown by {@link retryWithBackoff} when the outage outlasted `maxOutageMs`; `cause` is the last failure. */
export class OutageTooLongError extends Error {
  readonly retriable = true;
  constructor(
    readonly attempts: number,
    readonly outageMs: number,
    options: { cause: unknown },
  ) {
    super(
      `still failing after ${attempts} attempt(s) over ${Math.round(outageMs / 1000)} s: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`,
      options,
    );
    this.name = 'OutageTooLongError';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fn` until it succeeds, waiting a doubling delay between attempts, for at most `maxOutageMs` of failures
 * (the one retry owner of a producer's call path: keep the client's own retries short).
 */
export async function retryWithBackoff<T>(fn: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  const now = options.now ?? (() => Date.now());
  const maxOutageMs = options.maxOutageMs ?? 300_000;
  let delayMs = options.initialDelayMs ?? 500;
  const since = now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (err) {
      const outageMs = now() - since;
      if (outageMs >= maxOutageMs) throw new OutageTooLongError(attempt, outageMs, { cause: err });
      options.onRetry?.({ attempt, delayMs, error: err instanceof Error ? err.message : String(err) });
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, options.maxDelayMs ?? 10_000);
    }
  }
}
