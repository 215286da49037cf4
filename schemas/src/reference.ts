import type { Event } from './event';
import { currency, exchange, symbol } from './fields';
import { object, optional, str, type Validator } from './validation';

/** Payload of {@link ListingRegistered}: reference data of one listing. */
export interface ListingRegisteredData {
  readonly symbol: string;
  readonly exchange: string;
  readonly currency: string;
  /** IANA time zone of the exchange (`Asia/Hong_Kong`). */
  readonly timeZone: string;
  /** Benchmark index symbol for abnormal returns (`^HSI`); absent for an index itself. */
  readonly benchmark?: string;
  readonly issuerId?: string;
  readonly issuerName?: string;
  /** Trading calendar id (`XHKG`); defaults to the exchange. */
  readonly calendar?: string;
}

/** A listing was added to (or updated in) the reference data; the latest registration wins. */
export type ListingRegistered = Event<'ListingRegistered', ListingRegisteredData>;
/** Events of reference streams (`listing-<exchange>:<symbol>`). */
export type ReferenceEvent = ListingRegistered;

/** Validates a {@link ListingRegisteredData}. */
export const validateListingRegistered: Validator<ListingRegisteredData> = object<ListingRegisteredData>({
  symbol: symbol(),
  exchange: exchange(),
  currency: currency(),
  timeZone: str({ pattern: /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, patternName: 'an IANA time zone like Asia/Hong_Kong' }),
  benchmark: optional(symbol()),
  issuerId: optional(str()),
  issuerName: optional(str()),
  calendar: optional(str()),
});
