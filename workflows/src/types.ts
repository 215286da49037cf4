import type { LinkedListing, ListingRef } from '@newswindow/schemas';

// The listing shapes are the schemas' (the activities and the engine share them); re-exported for the workflow code.
export type { LinkedListing, ListingRef };

/**
 * The expected-return model of a backfill's studies (`newswindow backfill --model`): the market model, or a factor
 * model (Fama–French 3, Carhart 4, Fama–French 5) on the ingested factor days.
 */
export type StudyModelChoice = 'market' | 'ff3' | 'carhart' | 'ff5';

/** A story as the workflows see it: its id and when it became public (ISO with offset or a date). */
export interface NewsRef {
  readonly newsId: string;
  readonly publishedAt: string;
  readonly headline?: string;
}

/** Payload of `barClosedSignal`. */
export interface BarClosed {
  readonly symbol: string;
  readonly sessionDate: string;
}

/** What the tag-and-link step found for an event. */
export interface LinkedEvent {
  readonly tags: readonly string[];
  readonly listings: readonly LinkedListing[];
}

/** An event window of the design and the session whose close ends it. */
export interface WindowClose {
  readonly start: number;
  readonly end: number;
  /** The window's last session on the listing's calendar. */
  readonly endSession: string;
  /** When that session closes (ISO instant). */
  readonly closesAt: string;
}

/** Day 0 of an event on one listing's calendar and the last session of its longest event window. */
export interface ListingAnchor {
  readonly day0: string;
  /** The session whose close ends the longest event window. */
  readonly windowEndSession: string;
  /** When that session closes (ISO instant): the timer fallback is based on it. */
  readonly windowClosesAt: string;
  /** When day 0's session closes (ISO instant); absent in histories recorded before `windows-close-one-by-one`. */
  readonly day0ClosesAt?: string;
  /** Every event window with its closing session, by closing order; absent in histories from before that patch. */
  readonly windows?: readonly WindowClose[];
}

/** What happened to the study of one listing. */
export interface ListingStudyOutcome {
  readonly listing: ListingRef;
  readonly studyId: string | null;
  readonly status: 'computed' | 'skipped';
  readonly reason?: string;
  readonly day0: string | null;
  readonly written: boolean;
  readonly alerts: number;
  /** The windows final so far (`[start, end]`), in closing order; absent in runs from before windows closed one by one. */
  readonly finalWindows?: readonly (readonly [number, number])[];
}

/** An alert step that failed for good (every attempt): the study stands, the failure is recorded here. */
export interface FailedAlertDelivery {
  readonly listing: ListingRef;
  readonly studyId: string;
  /** The last attempt's error (e.g. `webhook … answered 503`). */
  readonly reason: string;
}

/** What `studyNewsEvent` has done for one event so far: its result, and the body of its status query. */
export interface StudyNewsEventProgress {
  readonly eventKey: string;
  readonly newsIds: readonly string[];
  readonly studies: readonly ListingStudyOutcome[];
  /** Alert steps that failed after all their attempts (absent in runs from before `alert-failure-recorded`). */
  readonly failedAlerts?: readonly FailedAlertDelivery[];
}

/** Result of `studyNewsEvent`. */
export interface StudyNewsEventResult extends StudyNewsEventProgress {
  readonly tags: readonly string[];
}

/** Answer of `eventStatusQuery`. */
export interface EventStatus extends StudyNewsEventProgress {
  readonly phase: 'linking' | 'waiting' | 'computing' | 'done';
  /** `SYMBOL@YYYY-MM-DD` of the bars still awaited. */
  readonly waitingFor: readonly string[];
}

/** Which stored news a backfill covers. Dates are inclusive `YYYY-MM-DD` of `publishedAt`. */
export interface BackfillFilter {
  readonly from: string;
  readonly to: string;
  readonly tickers?: readonly string[];
  readonly tags?: readonly string[];
}

/** Counters of a backfill batch and of the whole backfill. */
export interface BackfillCounts {
  readonly newsProcessed: number;
  readonly studiesWritten: number;
  /** Studies already in the store (a re-run or a resumed batch) that were not written again. */
  readonly studiesExisting: number;
  readonly studiesSkipped: number;
  /** News items that produced no study (no linked listing, window not closed yet). */
  readonly newsWithoutStudy: number;
}

/** Answer of `backfillProgressQuery`. */
export interface BackfillProgress extends BackfillCounts {
  readonly state: 'running' | 'paused' | 'cancelling' | 'cancelled' | 'done';
  readonly totalNews: number | null;
  readonly pages: number;
  readonly runs: number;
}
