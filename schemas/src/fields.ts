import type { DayWindow, ListingRef } from './event';
import { Type } from '@sinclair/typebox';
import { checked, Pattern, type RefineIssue } from './typebox';
import { invalid, num, unsafeTextReason, valid, type Validator } from './validation';

/** A vendor symbol such as `BABA`, `9988.HK`, `^HSI`, `BRK-B`. */
export const SymbolSchema = Pattern(/^[A-Za-z0-9^][A-Za-z0-9.^=_/-]*$/, 'a symbol like BABA, 9988.HK or ^HSI', 32);
/** An ISO 10383 market identifier code (`XNYS`, `XHKG`) or another upper-case exchange code. */
export const ExchangeSchema = Pattern(/^[A-Z0-9_]{2,16}$/, 'an upper-case exchange code like XNYS or XHKG', 16);
/** An ISO 4217 currency code (`USD`, `HKD`). */
export const CurrencySchema = Pattern(/^[A-Z]{3}$/, 'an ISO 4217 currency code like USD');
/** A language tag (`en`, `zh-Hans`). */
export const LanguageSchema = Pattern(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag like en or zh-Hans', 35);
/** An event type tag of the tagger (`ai_model_launch`), lower snake case. */
export const TagNameSchema = Pattern(/^[a-z][a-z0-9_]*$/, 'a lower_snake_case tag like ai_model_launch', 64);
/** A listing reference. */
export const ListingRefSchema = Type.Object({ symbol: SymbolSchema, exchange: ExchangeSchema });
/** A window of relative days; `start ≤ end` is checked by {@link dayWindowIssues}. */
export const DayWindowSchema = Type.Object({ start: Type.Integer(), end: Type.Integer() });

/** The issue of a window whose end is before its start (`at` prefixes the path, e.g. `window.`). */
export const dayWindowIssues = (w: DayWindow, at = ''): RefineIssue[] =>
  w.start <= w.end ? [] : [{ at: `${at}end`, message: `must be ≥ start (${w.start}), got ${w.end}` }];

const symbolValidator = checked(SymbolSchema);
const exchangeValidator = checked(ExchangeSchema);
const currencyValidator = checked(CurrencySchema);
const languageValidator = checked(LanguageSchema);
const tagNameValidator = checked(TagNameSchema);
const listingRefValidator: Validator<ListingRef> = checked(ListingRefSchema);
const dayWindowValidator: Validator<DayWindow> = checked(DayWindowSchema, (w) => dayWindowIssues(w));

/** Validates a {@link SymbolSchema}. */
export const symbol = (): Validator<string> => symbolValidator;
/** Validates an {@link ExchangeSchema}. */
export const exchange = (): Validator<string> => exchangeValidator;
/** Validates a {@link CurrencySchema}. */
export const currency = (): Validator<string> => currencyValidator;
/** Validates a {@link LanguageSchema}. */
export const language = (): Validator<string> => languageValidator;
/** Validates a {@link TagNameSchema}. */
export const tagName = (): Validator<string> => tagNameValidator;
/** Validates a {@link ListingRefSchema}. */
export const listingRef = (): Validator<ListingRef> => listingRefValidator;
/** Validates a {@link DayWindowSchema} with `start ≤ end`. */
export const dayWindow = (): Validator<DayWindow> => dayWindowValidator;

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
