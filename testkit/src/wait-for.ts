/** Options for {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this many milliseconds (default 20 000). */
  readonly timeoutMs?: number;
  /** Poll every this many milliseconds (default 100). */
  readonly intervalMs?: number;
  /** Shown in the timeout error. */
  readonly description?: string;
}

/** Thrown when {@link waitFor}'s condition is still unmet at its deadline. */
export class WaitForTimeoutError extends Error {
  constructor(
    readonly description: string,
    readonly timeoutMs: number,
    readonly lastError: unknown,
  ) {
    super(
      `timed out after ${timeoutMs} ms waiting for ${description}${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
    );
    this.name = 'WaitForTimeoutError';
  }
}

/**
 * Polls `probe` until it returns a value other than `undefined`/`false` (or stops throwing), bounded by a deadline.
 * Tests wait with this instead of fixed sleeps.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitForOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) throw new WaitForTimeoutError(options.description ?? 'condition', timeoutMs, lastError);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
