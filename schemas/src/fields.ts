import type { DayWindow, ListingRef } from './event';
import { invalid, num, object, refine, str, unsafeTextReason, valid, type Validator } from './validation';

/** A vendor symbol such as `BABA`, `9988.HK`, `^HSI`, `BRK-B`. */
export const symbol = (): Validator<string> =>
  str({
    maxLength: 32,
    pattern: /^[A-Za-z0-9^][A-Za-z0-9.^=_/-]*$/,
    patternName: 'a symbol like BABA, 9988.HK or ^HSI',
  });

/** An ISO 10383 market identifier code (`XNYS`, `XHKG`) or another upper-case exchange code. */
export const exchange = (): Validator<string> =>
  str({ maxLength: 16, pattern: /^[A-Z0-9_]{2,16}$/, patternName: 'an upper-case exchange code like XNYS or XHKG' });

/** An ISO 4217 currency code (`USD`, `HKD`). */
export const currency = (): Validator<string> =>
  str({ pattern: /^[A-Z]{3}$/, patternName: 'an ISO 4217 currency code like USD' });

/** A language tag (`en`, `zh-Hans`). */
export const language = (): Validator<string> =>
  str({ maxLength: 35, pattern: /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, patternName: 'a language tag like en or zh-Hans' });

/** An event type tag of the tagger (`ai_model_launch`), lower snake case. */
export const tagName = (): Validator<string> =>
  str({ maxLength: 64, pattern: /^[a-z][a-z0-9_]*$/, patternName: 'a lower_snake_case tag like ai_model_launch' });

/** A listing reference. */
export const listingRef = (): Validator<ListingRef> => object<ListingRef>({ symbol: symbol(), exchange: exchange() });

/** A window of relative days with `start ≤ end`. */
export const dayWindow = (): Validator<DayWindow> =>
  refine(object<DayWindow>({ start: num({ integer: true }), end: num({ integer: true }) }), (w) =>
    w.start <= w.end ? undefined : [{ at: 'end', message: `must be ≥ start (${w.start}), got ${w.end}` }],
  );

/** A probability in [0, 1]. */
export const probability = (): Validator<number> => num({ min: 0, max: 1 });

/** A score in [0, 100]. */
export const score100 = (): Validator<number> => num({ min: 0, max: 100 });

/** A JSON object of scalar values (extra parameters that have no field of their own yet). */
export const scalarRecord =
  (): Validator<Readonly<Record<string, string | number | boolean | null>>> =>
  (input, path = '$') => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return invalid(path, 'expected an object');
    for (const [k, v] of Object.entries(input)) {
      const unsafe = unsafeTextReason(k) ?? (typeof v === 'string' ? unsafeTextReason(v) : undefined);
      if (unsafe !== undefined) return invalid(`${path}.${k}`, unsafe);
      if (!(
        v === null ||
        typeof v === 'string' ||
        typeof v === 'boolean' ||
        (typeof v === 'number' && Number.isFinite(v))
      ))
        return invalid(`${path}.${k}`, 'expected a string, finite number, boolean or null');
    }
    return valid(input as Readonly<Record<string, string | number | boolean | null>>);
  };
