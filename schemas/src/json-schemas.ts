import { Type, type TSchema } from '@sinclair/typebox';
import { EventWindowAlertDataSchema } from './alerts';
import { DATE, INSTANT } from './dates';
import { CURRENT_SCHEMA_VERSION, type NewswindowEventType } from './events';
import { MessageLimits as L, PRODUCER_METADATA_KEYS } from './limits';
import { PriceBarClosedDataSchema, TradeTickedDataSchema } from './market';
import { NewsCorrectedDataSchema, NewsPublishedDataSchema, NewsRetractedDataSchema } from './news';
import { TOPIC_EVENT_TYPES, type TopicName } from './topics';
import { Formats, NOT_BLANK, Text } from './typebox';

/** The payload schema of every message type a Kafka topic carries (`TOPIC_EVENT_TYPES`). */
export const MESSAGE_DATA_SCHEMAS = {
  NewsPublished: NewsPublishedDataSchema,
  NewsCorrected: NewsCorrectedDataSchema,
  NewsRetracted: NewsRetractedDataSchema,
  PriceBarClosed: PriceBarClosedDataSchema,
  TradeTicked: TradeTickedDataSchema,
  EventWindowAlert: EventWindowAlertDataSchema,
} as const satisfies { readonly [T in NewswindowEventType]?: TSchema };

/** A Kafka message type: an event type some topic carries. */
export type MessageType = keyof typeof MESSAGE_DATA_SCHEMAS;

/** The producer metadata an input topic accepts (`PRODUCER_METADATA_KEYS`); any other key is rejected. */
const ProducerMetadataSchema = Type.Object(
  Object.fromEntries(
    PRODUCER_METADATA_KEYS.map((key) => [key, Type.Optional(Text({ maxLength: L.metadataValue, singleLine: true }))]),
  ),
  { additionalProperties: false },
);

const TEXT_CHAR = '[^\\u0000\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff]';
const LINE_CHAR = '[^\\u0000-\\u001f\\u007f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff]';
const body = (pattern: RegExp): string => pattern.source.slice(1, -1);

/**
 * The standard JSON Schema spelling of each named format: `date` for a calendar date, patterns for the rest (a
 * consumer's validator knows no `nw-…` format). A pattern cannot check that `2025-02-30` is no date, so the instant
 * patterns accept slightly more than the validators do.
 */
const PORTABLE_FORMATS: Readonly<Record<string, (notBlank: boolean) => Record<string, string>>> = {
  [Formats.text]: (notBlank) => ({ pattern: `^${notBlank ? '(?=[\\s\\S]*\\S)' : ''}(?:${TEXT_CHAR})*$` }),
  [Formats.line]: (notBlank) => ({ pattern: `^${notBlank ? '(?=[\\s\\S]*\\S)' : ''}(?:${LINE_CHAR})*$` }),
  [Formats.date]: () => ({ format: 'date' }),
  [Formats.instant]: () => ({ pattern: INSTANT.source }),
  [Formats.instantOrDate]: () => ({ pattern: `^(?:${body(INSTANT)}|${body(DATE)})$` }),
};

/** `schema` as plain JSON Schema (draft-07): TypeBox's symbols dropped, the named formats spelled portably. */
export function portableSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(portableSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = portableSchema(value);
  const portable = typeof out['format'] === 'string' ? PORTABLE_FORMATS[out['format']] : undefined;
  if (portable === undefined) return out;
  const { format: _format, pattern, ...rest } = out;
  return { ...rest, ...portable(pattern === NOT_BLANK) };
}

const fileStem = (type: string): string => type.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase();

/** The file name of a message type's JSON Schema: `news-published.v2.schema.json`. */
export const jsonSchemaFileName = (type: MessageType): string =>
  `${fileStem(type)}.v${CURRENT_SCHEMA_VERSION[type]}.schema.json`;

const topicOf = (type: MessageType): TopicName =>
  (Object.keys(TOPIC_EVENT_TYPES) as TopicName[]).find((t) => TOPIC_EVENT_TYPES[t].includes(type)) as TopicName;

const ABOUT =
  'Generated from the TypeBox definitions of @newswindow/schemas (`npm run json-schemas`). Validators drop unknown fields; ' +
  'rules a JSON Schema cannot state (dates after 1970 and not in the future, bar prices low ≤ open, close ≤ high, a ' +
  "story's text) are in the descriptions; older schema versions are upcast by the consumer.";

/** The JSON Schema (draft-07) of one Kafka message type: the envelope `{ type, schemaVersion, data, metadata? }`. */
export function messageJsonSchema(type: MessageType): Record<string, unknown> {
  const topic = topicOf(type);
  const input = topic !== 'alerts.event-window';
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://newswindow.local/schemas/${jsonSchemaFileName(type)}`,
    title: `${type} v${CURRENT_SCHEMA_VERSION[type]}`,
    description: input
      ? `A message of Kafka topic ${topic}. ${ABOUT}`
      : `The alert document: the value of topic <deployment>.${topic}, the webhook body and each line of \`newswindow alerts tail --format json\`. Returns are fractions. ${ABOUT}`,
    type: 'object',
    required: ['type', 'schemaVersion', 'data'],
    properties: {
      type: { const: type },
      schemaVersion: { const: CURRENT_SCHEMA_VERSION[type] },
      data: portableSchema(MESSAGE_DATA_SCHEMAS[type]),
      ...(input ? { metadata: portableSchema(ProducerMetadataSchema) } : {}),
    },
  };
}

/** Every Kafka message type's JSON Schema by file name (what `npm run json-schemas` writes to `schemas/json/`). */
export const messageJsonSchemaFiles = (): Readonly<Record<string, string>> =>
  Object.fromEntries(
    (Object.keys(MESSAGE_DATA_SCHEMAS) as MessageType[]).map((type) => [
      jsonSchemaFileName(type),
      `${JSON.stringify(messageJsonSchema(type), null, 2)}\n`,
    ]),
  );
