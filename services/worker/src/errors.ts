/** Base of the worker's business errors: a study that cannot be computed, whatever the number of retries. */
export class StudyRejectedError extends Error {
  readonly retriable = false;
  constructor(
    message: string,
    readonly symbol: string,
  ) {
    super(message);
    this.name = 'StudyRejectedError';
  }
}

/** Thrown when a listing has no reference data (exchange calendar or benchmark unknown). */
export class UnknownListingError extends StudyRejectedError {
  constructor(symbol: string, reason: string) {
    super(`unknown listing ${symbol}: ${reason}`, symbol);
    this.name = 'UnknownListingError';
  }
}

/** Thrown when the store has no prices for the listing or its benchmark. */
export class NoPricesError extends StudyRejectedError {
  constructor(symbol: string) {
    super(`no prices for ${symbol}`, symbol);
    this.name = 'NoPricesError';
  }
}

/**
 * Thrown when the window's closing bar was signalled but is not in the store yet (the signal raced the projection).
 * Retriable: Temporal retries the activity a moment later.
 */
export class BarsNotYetStoredError extends Error {
  readonly retriable = true;
  constructor(
    readonly symbol: string,
    readonly sessionDate: string,
  ) {
    super(`bar ${symbol}@${sessionDate} is not stored yet`);
    this.name = 'BarsNotYetStoredError';
  }
}

/**
 * Thrown when a story the trigger consumer wants to tag directly is still not in the store after the wait (the ingest
 * consumer lags or is down). Retriable: the trigger consumer's batch is redelivered.
 */
export class NewsNotYetStoredError extends Error {
  readonly retriable = true;
  constructor(
    readonly newsId: string,
    readonly waitedMs: number,
  ) {
    super(`news ${newsId} is not stored after ${waitedMs} ms`);
    this.name = 'NewsNotYetStoredError';
  }
}
