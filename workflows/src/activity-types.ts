import type { StudyJob } from '@newswindow/schemas';
import type {
  BackfillCounts,
  BackfillFilter,
  ListingAnchor,
  LinkedEvent,
  LinkedListing,
  ListingRef,
  NewsRef,
  StudyModelChoice,
  WindowClose,
} from './types';

/** Input of the compute step for one (event, listing): the job with its day 0. */
export interface ComputeStudyInput extends StudyJob {
  readonly day0: string;
  /** The window's closing session and whether its bars were signalled (then they must be stored before computing). */
  readonly windowEndSession: string;
  readonly barsSignalled: boolean;
}

/**
 * A study as it travels between the compute, write and alert steps. The full payload is the schemas'
 * `StudyComputedData`; the workflow only reads these fields, so it stays opaque here.
 */
export interface StudyPayload {
  readonly studyId: string;
  readonly status: 'computed' | 'skipped';
  readonly reason?: string;
  readonly listing: ListingRef;
  readonly day0: string | null;
}

/** Input of the step that computes a study at the close of one of its windows' last session. */
export interface CloseStudyWindowsInput extends ComputeStudyInput {
  /** Every event window of the study with its closing session; those ending on `windowEndSession` close now. */
  readonly windows: readonly WindowClose[];
}

/** What closing windows produced: the study as final so far (only its closed windows), and whether it is complete. */
export interface ClosedStudyWindows {
  /** The study with the fit, the days up to the session and only the windows final so far. */
  readonly study: StudyPayload;
  /** The windows that closed with this session. */
  readonly closed: readonly { readonly start: number; readonly end: number }[];
  /** Every window is final (the last one closed, or the study was skipped): the final `StudyComputed` is written. */
  readonly final: boolean;
  readonly written: boolean;
}

/** Input of the step that closes windows and alerts on them in one activity (patch `close-and-alert-in-one-step`). */
export interface CloseAndAlertWindowsInput extends CloseStudyWindowsInput {
  /** Alert on the windows that close (as `raiseAlerts` would, with the story's headline); absent: close only. */
  readonly alert?: { readonly headline?: string };
}

/** What closing windows and alerting on them produced. */
export interface ClosedAndAlertedWindows extends ClosedStudyWindows {
  /**
   * What the alert part did; absent when it did not run (no `alert` asked, or the study was skipped). `failure`: it
   * failed (the windows are written all the same; the alerts it recorded stay in the outbox) and the workflow retries
   * it with `raiseAlerts`.
   */
  readonly alert?: { readonly raised: number; readonly failure?: string };
}

/** Input of the step that records a study that could not be computed. */
export interface SkippedStudyInput {
  readonly eventKey: string;
  readonly newsIds: readonly string[];
  readonly tags: readonly string[];
  readonly listing: LinkedListing;
  readonly day0: string | null;
  readonly reason: string;
}

/**
 * The activities the workflows call. `@newswindow/worker`'s `createActivities(ports)` implements this contract
 * (checked with `satisfies`); workflows only see it as a type.
 */
export interface StudyActivities {
  /** Tags the stories of an event and links them to listings. */
  tagNewsEvent(input: { eventKey: string; news: readonly NewsRef[] }): Promise<LinkedEvent>;
  /** Day 0 and the window's closing session on the listing's calendar. Non-retryable when the calendar is unknown. */
  anchorEvent(input: { listing: LinkedListing; publishedAt: string }): Promise<ListingAnchor>;
  /**
   * Registers the workflow as waiting for the bars of `symbols` on `sessionDate` (so the bar hook can signal it) and
   * returns the symbols whose bar for that session (or a later one) is already stored.
   */
  watchBars(input: { workflowId: string; symbols: readonly string[]; sessionDate: string }): Promise<string[]>;
  /** Loads prices and computes the study. Non-retryable for unknown listings and missing prices. */
  computeStudy(input: ComputeStudyInput): Promise<StudyPayload>;
  /**
   * Computes the study with the bars through `windowEndSession` and appends `StudyWindowClosed` for the windows that
   * end there (with the final `StudyComputed` when they are the last), idempotently. Non-retryable like computeStudy.
   */
  closeStudyWindows(input: CloseStudyWindowsInput): Promise<ClosedStudyWindows>;
  /**
   * `closeStudyWindows`, then `raiseAlerts` for the windows that closed, in one activity (one workflow task and one
   * activity round trip less per window close than the two steps). The alert part never fails the activity: its
   * failure is returned (`alert.failure`) for the workflow to retry it on its own.
   */
  closeAndAlertWindows(input: CloseAndAlertWindowsInput): Promise<ClosedAndAlertedWindows>;
  /** Appends the study (as a `StudyComputed` event) idempotently; `written` is false when it was already there. */
  recordStudy(input: { study: StudyPayload }): Promise<{ written: boolean }>;
  /** Builds and records a skipped study with its reason. */
  recordSkippedStudy(input: SkippedStudyInput): Promise<{ study: StudyPayload; written: boolean }>;
  /**
   * Publishes alerts for the significant windows of a study (Kafka + webhook), deduplicated in Redis; only for the
   * windows in `windows` when given (those that just closed).
   */
  raiseAlerts(input: {
    study: StudyPayload;
    headline?: string;
    windows?: readonly { readonly start: number; readonly end: number }[];
  }): Promise<{ raised: number }>;

  /** Number of stored news items a backfill covers. */
  countBackfillNews(input: { filter: BackfillFilter }): Promise<number>;
  /** One page of news ids after `cursor` (exclusive), in a stable order. */
  listBackfillNews(input: {
    filter: BackfillFilter;
    cursor: string | null;
    limit: number;
  }): Promise<{ newsIds: string[]; nextCursor: string | null }>;
  /** Computes and writes (one transaction) the studies of a batch of news items; idempotent. */
  computeStudyBatch(input: {
    newsIds: readonly string[];
    recompute: boolean;
    backfillId: string;
    /** Replaces each listing's default benchmark (a backfill's `--benchmark`). */
    benchmark?: string;
    /** The studies' model instead of the worker's (a backfill's `--model`). */
    model?: StudyModelChoice;
    /** Alert on the significant windows of the studies written (a history load never alerts unless asked). */
    alerts?: boolean;
    /** Study every story (`--all-stories`), not only the tagged stories about an issuer (the worker's study policy). */
    allStories?: boolean;
  }): Promise<BackfillCounts>;

  /**
   * Computes again, on the bars as stored now, every completed study that read the corrected bar at an earlier
   * revision (`v_stale_studies`), with its own model and benchmark, and appends each as a new version. Open studies are
   * left to their next window close (it reads the corrected bar). Idempotent in effect: a study recomputed already is
   * no longer stale.
   */
  recomputeCorrectedStudies(input: BarCorrection): Promise<CorrectionRecompute>;
}

/** A `PriceBarCorrected` as the trigger hands it to {@link StudyActivities.recomputeCorrectedStudies}. */
export interface BarCorrection {
  readonly symbol: string;
  readonly sessionDate: string;
  readonly revision: number;
}

/** What a correction's recompute did. */
export interface CorrectionRecompute {
  /** Studies written again on the corrected bar. */
  readonly recomputed: readonly string[];
  /** Stale studies left alone, with why (open: its next window close reads the bar; a model it cannot rebuild). */
  readonly left: readonly { readonly studyId: string; readonly reason: string }[];
}
