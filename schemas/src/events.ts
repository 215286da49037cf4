import type { EventWindowAlert } from './alerts';
import { validateEventWindowAlert } from './alerts';
import { producerMetadataIssues, timeBoundIssues } from './bounds';
import type { EventMetadata } from './event';
import type { FactorEvent } from './factors';
import { validateFactorDayRecorded } from './factors';
import { validateEventWindowAlertV1, validateNewsPublishedV1, validatePriceBarClosedV1 } from './events.v1';
import type { MarketEvent } from './market';
import { validatePriceBarClosed, validatePriceBarCorrected, validateTradeTicked } from './market';
import type { NewsEvent } from './news';
import { validateNewsCorrected, validateNewsPublished, validateNewsRetracted, validateNewsTagged } from './news';
import type { ReferenceEvent } from './reference';
import { validateListingRegistered } from './reference';
import type { StudyEvent } from './study';
import { validateStudyComputed, validateStudyWindowClosed, validateTagAggregateComputed } from './study';
import { upcastEventWindowAlertV1, upcastNewsPublishedV1, upcastPriceBarClosedV1 } from './upcasters';
import { describe, invalid, valid, type ValidationIssue, type ValidationResult, type Validator } from './validation';

/** Every event newswindow stores or publishes, discriminated by `type`. */
export type NewswindowEvent = NewsEvent | MarketEvent | FactorEvent | ReferenceEvent | StudyEvent | EventWindowAlert;

/** The `type` of a {@link NewswindowEvent}. */
export type NewswindowEventType = NewswindowEvent['type'];

/** The payload type of the event named `T`. */
export type EventDataOf<T extends NewswindowEventType> = Extract<NewswindowEvent, { type: T }>['data'];

/** Current schema version of each event type. Bump it (and add an upcaster) when a shape changes incompatibly. */
export const CURRENT_SCHEMA_VERSION: { readonly [T in NewswindowEventType]: number } = {
  NewsPublished: 2,
  NewsCorrected: 1,
  NewsRetracted: 1,
  NewsTagged: 1,
  PriceBarClosed: 2,
  PriceBarCorrected: 1,
  TradeTicked: 1,
  FactorDayRecorded: 1,
  ListingRegistered: 1,
  StudyComputed: 1,
  StudyWindowClosed: 1,
  TagAggregateComputed: 1,
  EventWindowAlert: 2,
};

/** All event type names. */
export const EVENT_TYPES = Object.keys(CURRENT_SCHEMA_VERSION) as readonly NewswindowEventType[];

/** Validators of the current payload of each event type. */
export const dataValidators: { readonly [T in NewswindowEventType]: Validator<EventDataOf<T>> } = {
  NewsPublished: validateNewsPublished,
  NewsCorrected: validateNewsCorrected,
  NewsRetracted: validateNewsRetracted,
  NewsTagged: validateNewsTagged,
  PriceBarClosed: validatePriceBarClosed,
  PriceBarCorrected: validatePriceBarCorrected,
  TradeTicked: validateTradeTicked,
  FactorDayRecorded: validateFactorDayRecorded,
  ListingRegistered: validateListingRegistered,
  StudyComputed: validateStudyComputed,
  StudyWindowClosed: validateStudyWindowClosed,
  TagAggregateComputed: validateTagAggregateComputed,
  EventWindowAlert: validateEventWindowAlert,
};

/** An upcaster: validates a retired payload and converts it to the next version. */
type Upcaster = (data: unknown, path: string) => ValidationResult<unknown>;

const step =
  <A, B>(validate: Validator<A>, upcast: (a: A) => B): Upcaster =>
  (data, path) => {
    const r = validate(data, path);
    return r.ok ? valid(upcast(r.value)) : r;
  };

/** `UPCASTERS[type][v]` turns version `v` into version `v + 1`. */
const UPCASTERS: { readonly [T in NewswindowEventType]?: Readonly<Record<number, Upcaster>> } = {
  NewsPublished: { 1: step(validateNewsPublishedV1, upcastNewsPublishedV1) },
  PriceBarClosed: { 1: step(validatePriceBarClosedV1, upcastPriceBarClosedV1) },
  EventWindowAlert: { 1: step(validateEventWindowAlertV1, upcastEventWindowAlertV1) },
};

/** True when `type` names a known event. */
export const isEventType = (type: unknown): type is NewswindowEventType =>
  typeof type === 'string' && Object.prototype.hasOwnProperty.call(CURRENT_SCHEMA_VERSION, type);

/**
 * Validates the payload of a `type` event written with `schemaVersion` (1 when unknown), upcasting retired versions
 * step by step to the current shape. Issues carry paths under `path` (default `$.data`).
 */
export function validateEventData<T extends NewswindowEventType>(
  type: T,
  data: unknown,
  schemaVersion = 1,
  path = '$.data',
): ValidationResult<EventDataOf<T>> {
  const current = CURRENT_SCHEMA_VERSION[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current)
    return invalid('$.schemaVersion', `${type} has schema versions 1..${current}, got ${String(schemaVersion)}`);
  let value: unknown = data;
  for (let v = schemaVersion; v < current; v += 1) {
    const upcaster = UPCASTERS[type]?.[v];
    if (upcaster === undefined) return invalid('$.schemaVersion', `no upcaster for ${type} v${v} → v${v + 1}`);
    const r = upcaster(value, path);
    if (!r.ok) return r;
    value = r.value;
  }
  return (dataValidators[type] as Validator<EventDataOf<T>>)(value, path);
}

/**
 * The wire and storage envelope of an event: `{ type, schemaVersion, data, metadata? }`.
 * `schemaVersion` absent means 1 (shapes from before versioning).
 */
export interface EventEnvelope {
  readonly type: string;
  readonly schemaVersion?: number;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
}

/** Options of {@link parseEvent} for messages from outside (Kafka input topics). */
export interface ParseEventOptions {
  /**
   * The clock (epoch ms): dates too far past it are rejected (a story more than a year ahead, a bar or tick more than
   * two days ahead; see `MessageLimits`). Omit it only for trusted, already stored events.
   */
  readonly now?: number;
  /** Accept only the documented producer metadata keys (`PRODUCER_METADATA_KEYS`), as an input topic must. */
  readonly producerMetadata?: boolean;
}

/** Parses an envelope (already JSON-decoded) into a current-shape {@link NewswindowEvent}, upcasting old versions. */
export function parseEvent(
  input: unknown,
  allowed?: readonly NewswindowEventType[],
  options: ParseEventOptions = {},
): ValidationResult<NewswindowEvent> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return invalid('$', `expected an event object {type, schemaVersion, data}, got ${describe(input)}`);
  const envelope = input as Record<string, unknown>;
  const type = envelope.type;
  const permitted = allowed ?? EVENT_TYPES;
  if (!isEventType(type) || !permitted.includes(type))
    return invalid('$.type', `expected one of ${permitted.join(', ')}, got ${describe(type)}`);
  const errors: ValidationIssue[] = [];
  const metadata = envelope.metadata;
  if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)))
    errors.push({ path: '$.metadata', message: `expected an object, got ${describe(metadata)}` });
  else if (metadata !== undefined && options.producerMetadata === true)
    errors.push(...producerMetadataIssues(metadata as Record<string, unknown>));
  const version = envelope.schemaVersion ?? 1;
  if (typeof version !== 'number') return invalid('$.schemaVersion', `expected an integer, got ${describe(version)}`);
  const data = validateEventData(type, envelope.data, version);
  if (!data.ok) errors.push(...data.errors);
  if (errors.length > 0 || !data.ok) return { ok: false, errors };
  const event = {
    type,
    data: data.value,
    ...(metadata === undefined ? {} : { metadata: metadata as EventMetadata }),
  } as NewswindowEvent;
  if (options.now !== undefined) {
    const late = timeBoundIssues(event, options.now);
    if (late.length > 0) return { ok: false, errors: late };
  }
  return valid(event);
}

/** Decodes a JSON message (a Kafka value) and parses it with {@link parseEvent}; bad JSON is an issue too. */
export function parseEventJson(
  json: string,
  allowed?: readonly NewswindowEventType[],
  options: ParseEventOptions = {},
): ValidationResult<NewswindowEvent> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(json);
  } catch (err) {
    return invalid('$', `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseEvent(decoded, allowed, options);
}

/** The envelope to publish or store for `event`, stamped with its type's current schema version. */
export const toEnvelope = (event: NewswindowEvent): EventEnvelope & { readonly schemaVersion: number } => ({
  type: event.type,
  schemaVersion: CURRENT_SCHEMA_VERSION[event.type],
  data: event.data,
  ...(event.metadata === undefined ? {} : { metadata: event.metadata }),
});
