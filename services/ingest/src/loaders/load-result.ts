import type { ValidationResult } from '@newswindow/schemas';
import { formatIssues } from '@newswindow/schemas';

/** One input row turned into a message, or rejected with its line and the reason. */
export type Loaded<T> =
  | { readonly ok: true; readonly line: number; readonly value: T }
  | { readonly ok: false; readonly line: number; readonly reason: string };

/** Thrown by a row mapper when the row cannot become a message; the loader turns it into a rejection. */
export class RowRejectedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RowRejectedError';
  }
}

export const reject = (reason: string): never => {
  throw new RowRejectedError(reason);
};

/** The value of a schema validation, or a rejection carrying the schema's issues. */
export const checked = <T>(result: ValidationResult<T>): T =>
  result.ok ? result.value : reject(formatIssues(result.errors));
