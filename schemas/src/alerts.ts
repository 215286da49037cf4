import { isoDate, isoInstant } from './dates';
import type { DayWindow, Event, ListingRef } from './event';
import { dayWindow, listingRef, tagName } from './fields';
import { arrayOf, nullable, num, object, oneOf, optional, str, type Validator } from './validation';

/** Payload of {@link EventWindowAlert}. */
export interface EventWindowAlertData {
  /** Deterministic: `<newsId|eventKey>:<listing>:<window>`; Redis dedupes on it. */
  readonly alertId: string;
  readonly studyId: string;
  readonly eventKey: string;
  readonly newsIds: readonly string[];
  readonly listing: ListingRef;
  readonly tags: readonly string[];
  readonly day0: string;
  readonly window: DayWindow;
  /** Which number crossed the threshold: a window's CAR or the day-0 AR. */
  readonly statistic: 'car' | 'ar_day0';
  readonly value: number;
  readonly t: number | null;
  readonly p: number;
  /** The p-value threshold in force (default 0.05). */
  readonly threshold: number;
  readonly headline?: string;
  readonly raisedAt: string;
}

/** A new event window is significant. Published to `alerts.event-window` and to the webhook. */
export type EventWindowAlert = Event<'EventWindowAlert', EventWindowAlertData>;

/** Validates an {@link EventWindowAlertData}. */
export const validateEventWindowAlert: Validator<EventWindowAlertData> = object<EventWindowAlertData>({
  alertId: str(),
  studyId: str(),
  eventKey: str(),
  newsIds: arrayOf(str()),
  listing: listingRef(),
  tags: arrayOf(tagName()),
  day0: isoDate(),
  window: dayWindow(),
  statistic: oneOf('car', 'ar_day0'),
  value: num(),
  t: nullable(num()),
  p: num({ min: 0, max: 1 }),
  threshold: num({ min: 0, max: 1 }),
  headline: optional(str({ minLength: 0 })),
  raisedAt: isoInstant(),
});
