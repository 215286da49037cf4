/**
 * Base of the study's business errors: a study that cannot be computed, whatever the number of retries (the worker's
 * activities turn it into a non-retryable Temporal failure; the engine records it as a skipped study).
 */
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
