import { Type, type Static } from '@sinclair/typebox';
import type { DayWindow, Event, ListingRef } from './event';
import { DayWindowSchema, dayWindowIssues, ListingRefSchema, TagNameSchema } from './fields';
import { assertSameShape, checked, IsoDate, IsoInstant, Nullable, Text } from './typebox';
import type { Validator } from './validation';

/** The issuer of the listing an alert is about, as the security master knows it. */
export interface AlertIssuer {
  readonly id: string | null;
  readonly name: string | null;
}

/**
 * Payload of {@link EventWindowAlert} (schema version 2): one event window of one study that a rule found significant,
 * with what a desk needs to act on it. Returns are fractions (0.0291 = 2.91 %); `text` states them in percent. The
 * webhook body and `alerts tail --format json` are this payload's envelope (`{ type, schemaVersion: 2, data }`);
 * JSON Schema: `schemas/json/event-window-alert.v2.schema.json`.
 */
export interface EventWindowAlertData {
  /** `<studyId>#<start>_<end>#<ruleId>`: one alert per (study, window, rule); the webhook's idempotency key. */
  readonly alertId: string;
  /** The configured rule that matched. */
  readonly ruleId: string;
  readonly studyId: string;
  readonly eventKey: string;
  readonly newsIds: readonly string[];
  readonly listing: ListingRef;
  readonly issuer: AlertIssuer | null;
  /** The benchmark the abnormal return is measured against (`^HSI`); null for mean-adjusted studies. */
  readonly benchmark: string | null;
  /** `market_model`, `mean_adjusted`, `market_adjusted`, `ff3`, `carhart` or `ff5`. */
  readonly model: string | null;
  readonly window: DayWindow;
  /** The windows of the study final at the time of the alert (this one included). */
  readonly finalWindows: readonly DayWindow[];
  readonly day0: string;
  /** When day 0's session closed (ISO instant). */
  readonly day0ClosesAt: string | null;
  /** Which number crossed the threshold: a window's CAR or the day-0 AR. */
  readonly statistic: 'car' | 'ar_day0';
  /** The raw (not abnormal) return of the listing over the window, a fraction in the study's return type. */
  readonly rawReturn: number | null;
  /** The AR (day 0) or CAR (window), a fraction. */
  readonly value: number;
  readonly t: number | null;
  readonly p: number;
  /** The test behind `t` and `p` (`student_t`: t = CAR / (σ √L), Student's t with the estimation's df, two-sided). */
  readonly test: string | null;
  /** The rule's p threshold. */
  readonly threshold: number;
  readonly tags: readonly string[];
  /** How much the story is about this listing, 0–100 (the tagger's). */
  readonly relevance: number | null;
  /** How new the story is on its event, 0–100 (100: the first story). */
  readonly novelty: number | null;
  readonly headline: string | null;
  readonly sourceUrl: string | null;
  /** The study page of the web app (`<base>/studies/<studyId>`); null when no base URL is configured. */
  readonly studyUrl: string | null;
  /** One line for people: the move in percent, t, p, the window and the listing. */
  readonly text: string;
  readonly raisedAt: string;
}

/** A new event window is significant. Published to `<deployment>.alerts.event-window` and to the webhook. */
export type EventWindowAlert = Event<'EventWindowAlert', EventWindowAlertData>;

const NullableNumber = (description?: string) => Nullable(Type.Number(), description);
const NullableText = (description?: string) => Nullable(Text({ notBlank: false }), description);
const Score = () => Nullable(Type.Number({ minimum: 0, maximum: 100 }));

/** The payload of an `EventWindowAlert` (v2) as a JSON Schema: the alert document. */
export const EventWindowAlertDataSchema = Type.Object({
  alertId: Text({
    maxLength: 1_000,
    description:
      '<studyId>#<start>_<end>#<ruleId>: one alert per (study, window, rule); also the Idempotency-Key header of the webhook',
  }),
  ruleId: Text({ description: 'the configured alert rule that matched' }),
  studyId: Text({ maxLength: 1_000 }),
  eventKey: Text({ maxLength: 1_000, description: 'the news event (similarity key); stories on one event share it' }),
  newsIds: Type.Array(Text()),
  listing: ListingRefSchema,
  issuer: Nullable(Type.Object({ id: NullableText(), name: NullableText() })),
  benchmark: NullableText('index the abnormal return is measured against; null for mean-adjusted'),
  model: NullableText('market_model | mean_adjusted | market_adjusted | ff3 | carhart | ff5'),
  window: Type.Object(DayWindowSchema.properties, {
    description: 'event window in relative sessions, [0,0] = day 0; start ≤ end',
  }),
  finalWindows: Type.Array(DayWindowSchema, {
    description: 'windows of the study whose numbers are final at alert time',
  }),
  day0: IsoDate(),
  day0ClosesAt: Nullable(IsoInstant(), "close instant of day 0's session"),
  statistic: Type.Union([Type.Literal('car'), Type.Literal('ar_day0')]),
  rawReturn: NullableNumber('raw return over the window, a fraction (0.0417 = 4.17 %)'),
  value: Type.Number({ description: 'AR (day 0) or CAR (window), a fraction' }),
  t: NullableNumber(),
  p: Type.Number({ minimum: 0, maximum: 1 }),
  test: NullableText('test behind t and p'),
  threshold: Type.Number({ minimum: 0, maximum: 1, description: "the rule's p threshold" }),
  tags: Type.Array(TagNameSchema),
  relevance: Score(),
  novelty: Score(),
  headline: NullableText(),
  sourceUrl: NullableText(),
  studyUrl: NullableText('<NEWSWINDOW_STUDY_BASE_URL>/studies/<url-encoded studyId>'),
  text: Text({ maxLength: 2_000, description: 'one human line, returns in percent' }),
  raisedAt: IsoInstant(),
});

/** Validates an {@link EventWindowAlertData}. */
export const validateEventWindowAlert: Validator<EventWindowAlertData> = checked(EventWindowAlertDataSchema, (a) => [
  ...dayWindowIssues(a.window, 'window.'),
  ...a.finalWindows.flatMap((w, i) => dayWindowIssues(w, `finalWindows[${i}].`)),
]);

// The interface above documents the payload; the compiler keeps it and the schema the same shape.
assertSameShape<EventWindowAlertData, Static<typeof EventWindowAlertDataSchema>>(true);
