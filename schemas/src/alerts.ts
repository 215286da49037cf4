import { isoDate, isoInstant } from './dates';
import type { DayWindow, Event, ListingRef } from './event';
import { dayWindow, listingRef, tagName } from './fields';
import { arrayOf, nullable, num, object, oneOf, str, type Validator } from './validation';

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

const nnum = () => nullable(num());
const nstr = () => nullable(str({ minLength: 0 }));

/** Validates an {@link EventWindowAlertData}. */
export const validateEventWindowAlert: Validator<EventWindowAlertData> = object<EventWindowAlertData>({
  alertId: str({ maxLength: 1_000 }),
  ruleId: str(),
  studyId: str({ maxLength: 1_000 }),
  eventKey: str({ maxLength: 1_000 }),
  newsIds: arrayOf(str()),
  listing: listingRef(),
  issuer: nullable(object<AlertIssuer>({ id: nstr(), name: nstr() })),
  benchmark: nstr(),
  model: nstr(),
  window: dayWindow(),
  finalWindows: arrayOf(dayWindow()),
  day0: isoDate(),
  day0ClosesAt: nullable(isoInstant()),
  statistic: oneOf('car', 'ar_day0'),
  rawReturn: nnum(),
  value: num(),
  t: nnum(),
  p: num({ min: 0, max: 1 }),
  test: nstr(),
  threshold: num({ min: 0, max: 1 }),
  tags: arrayOf(tagName()),
  relevance: nullable(num({ min: 0, max: 100 })),
  novelty: nullable(num({ min: 0, max: 100 })),
  headline: nstr(),
  sourceUrl: nstr(),
  studyUrl: nstr(),
  text: str({ maxLength: 2_000 }),
  raisedAt: isoInstant(),
});
