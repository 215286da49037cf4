import { invalid, valid, type Validator, describe } from './validation';

/** `YYYY-MM-DD` (a real calendar date is checked apart). */
export const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An ISO-8601 instant with an explicit offset (a real date and time are checked apart). */
export const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

const isCalendarDate = (y: number, m: number, d: number): boolean => {
  if (m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= daysInMonth;
};

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True when `s` is an ISO-8601 instant with an explicit offset (`2025-09-08T21:00:00+08:00`, `…Z`). */
export function isIsoInstant(s: string): boolean {
  const m = INSTANT.exec(s);
  if (m === null) return false;
  const [, y, mo, d, h, mi, sec, offset] = m;
  if (!isCalendarDate(Number(y), Number(mo), Number(d))) return false;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec ?? 0) > 60) return false;
  if (offset !== undefined && offset !== 'Z') {
    const digits = offset.replace(':', '');
    if (Number(digits.slice(1, 3)) > 18 || Number(digits.slice(3, 5)) > 59) return false;
  }
  return true;
}

/** A calendar date `YYYY-MM-DD` (a session date, day 0). */
export const isoDate =
  (): Validator<string> =>
  (input, path = '$') =>
    typeof input === 'string' && isIsoDate(input)
      ? valid(input)
      : invalid(path, `expected a date YYYY-MM-DD, got ${describe(input)}`);

/** An ISO-8601 instant with an explicit offset or `Z`; a local time without offset is rejected (its zone is unknown). */
export const isoInstant =
  (): Validator<string> =>
  (input, path = '$') =>
    typeof input === 'string' && isIsoInstant(input)
      ? valid(input)
      : invalid(
          path,
          `expected an ISO-8601 timestamp with offset (e.g. 2025-09-08T21:00:00+08:00), got ${describe(input)}`,
        );

/** Either an instant with offset or a date-only `YYYY-MM-DD` (news known only by day). */
export const isoInstantOrDate =
  (): Validator<string> =>
  (input, path = '$') =>
    typeof input === 'string' && (isIsoInstant(input) || isIsoDate(input))
      ? valid(input)
      : invalid(
          path,
          `expected an ISO-8601 timestamp with offset (2025-09-08T21:00:00+08:00) or a date YYYY-MM-DD, got ${describe(input)}`,
        );

/** True when a `publishedAt` value carries only a date (no time of day). */
export const isDateOnly = (s: string): boolean => DATE.test(s);
