import type { Event } from './event';
import { Type, type Static } from '@sinclair/typebox';
import { CurrencySchema, ExchangeSchema, SymbolSchema } from './fields';
import { assertSameShape, checked, Pattern, Text } from './typebox';
import type { Validator } from './validation';

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

/** The payload of a `ListingRegistered` as a JSON Schema. */
export const ListingRegisteredDataSchema = Type.Object({
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  currency: CurrencySchema,
  timeZone: Pattern(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, 'an IANA time zone like Asia/Hong_Kong'),
  benchmark: Type.Optional(SymbolSchema),
  issuerId: Type.Optional(Text()),
  issuerName: Type.Optional(Text()),
  calendar: Type.Optional(Text()),
});

/** Validates a {@link ListingRegisteredData}. */
export const validateListingRegistered: Validator<ListingRegisteredData> = checked(ListingRegisteredDataSchema);

assertSameShape<ListingRegisteredData, Static<typeof ListingRegisteredDataSchema>>(true);
