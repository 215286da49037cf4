import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ClosedStudyWindows, StudyActivities, StudyPayload } from './activity-types';
import { barClosedSignal, eventStatusQuery, newsJoinedSignal } from './messages';
import type {
  EventAnchor,
  EventStatus,
  FailedAlertDelivery,
  LinkedListing,
  ListingStudyOutcome,
  NewsRef,
  StudyNewsEventResult,
  WindowClose,
} from './types';

/** Options of {@link studyNewsEvent}; the defaults suit live news. */
export interface StudyNewsEventOptions {
  /** Wait this long after the window's closing session closes before computing without the signal. Default 6 h. */
  readonly closeGraceMs?: number;
  /**
   * Wait at least this long (from the workflow's start) for bars that are not stored yet, even when the window closed
   * long ago (history being replayed through the live path). Default 10 min.
   */
  readonly minWaitMs?: number;
  /** Raise alerts for significant windows. Default true. */
  readonly alerts?: boolean;
  /** Attempts of the alert step before its failure is recorded instead (`failedAlerts`). Default 8. */
  readonly alertAttempts?: number;
}

/** Input of {@link studyNewsEvent}: the event's similarity key and the story that opened it. */
export interface StudyNewsEventInput {
  readonly eventKey: string;
  readonly news: NewsRef;
  readonly options?: StudyNewsEventOptions;
}

const linking = proxyActivities<Pick<StudyActivities, 'tagNewsEvent' | 'anchorEvent' | 'watchBars'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
const computing = proxyActivities<
  Pick<StudyActivities, 'computeStudy' | 'recordStudy' | 'recordSkippedStudy' | 'closeStudyWindows'>
>({
  startToCloseTimeout: '2 minutes',
  // Transient failures only (Postgres, Redis): a signalled bar is stored before its signal (the trigger reads the log).
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
const ALERT_RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

const alerting = proxyActivities<Pick<StudyActivities, 'raiseAlerts'>>({
  startToCloseTimeout: '1 minute',
  // The webhook's retries with backoff: Temporal owns them (the HTTP call itself does not retry).
  retry: { ...ALERT_RETRY, maximumAttempts: 8 },
});

const HOUR = 3_600_000;

/** Change ids of `patched()`: histories recorded before a change replay down its old branch. */
export const STUDY_PATCHES = {
  /** Stories that join by `newsJoinedSignal` after the first tagging are tagged too (the study is unchanged). */
  tagJoinedNews: 'tag-joined-news',
  /** An alert step that fails for good is recorded in `failedAlerts`; the study no longer fails with it. */
  alertFailureRecorded: 'alert-failure-recorded',
  /**
   * Each event window is computed, written (`StudyWindowClosed`) and alerted when its last session closes (day 0 at
   * the day-0 close, [−1,+1] at day +1's, [0,+5] at day +5's) instead of all of them after the longest one.
   */
  windowsCloseOneByOne: 'windows-close-one-by-one',
} as const;

// Bounded: a joined story that never becomes readable (retracted meanwhile) must not keep the event's study open.
const joinedTagging = proxyActivities<Pick<StudyActivities, 'tagNewsEvent'>>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 12,
  },
});

/** The message of a non-retryable business failure of an activity, or undefined for any other error. */
function businessRejection(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) {
    return err.cause.message;
  }
  return undefined;
}

/**
 * One workflow per news *event*: tags and links the stories, anchors day 0 on each listing's calendar, then, as each
 * event window closes (the bar signal of its last session, with a timer as fallback), computes it, writes it
 * (`StudyWindowClosed`, and the final `StudyComputed` with the last window) and alerts on it. Later stories on the same event arrive through `newsJoinedSignal` (signal-with-start).
 */
export async function studyNewsEvent(input: StudyNewsEventInput): Promise<StudyNewsEventResult> {
  const { workflowId } = workflowInfo();
  const startedAt = Date.now();
  const closeGraceMs = input.options?.closeGraceMs ?? 6 * HOUR;
  const minWaitMs = input.options?.minWaitMs ?? 10 * 60_000;
  const alertsOn = input.options?.alerts ?? true;

  const alertAttempts = input.options?.alertAttempts ?? 8;

  const news = new Map<string, NewsRef>([[input.news.newsId, input.news]]);
  const latestBar = new Map<string, string>();
  const waiting = new Set<string>();
  const outcomes: ListingStudyOutcome[] = [];
  const failedAlerts: FailedAlertDelivery[] = [];
  let phase: EventStatus['phase'] = 'linking';
  // Stories that joined after the first tagging was scheduled: they are tagged on their own, the study is not redone.
  const joined: NewsRef[] = [];
  let firstTaggingScheduled = false;
  let studiesDone = false;

  setHandler(newsJoinedSignal, (ref) => {
    if (news.has(ref.newsId)) return;
    news.set(ref.newsId, ref);
    if (firstTaggingScheduled) joined.push(ref);
  });
  setHandler(barClosedSignal, (bar) => {
    const seen = latestBar.get(bar.symbol);
    if (seen === undefined || seen < bar.sessionDate) latestBar.set(bar.symbol, bar.sessionDate);
  });
  setHandler(eventStatusQuery, () => ({
    eventKey: input.eventKey,
    phase,
    newsIds: [...news.keys()],
    waitingFor: [...waiting],
    studies: [...outcomes],
    failedAlerts: [...failedAlerts],
  }));

  const closedFor = (symbol: string, session: string): boolean => (latestBar.get(symbol) ?? '') >= session;

  const firstStories = [...news.values()];
  firstTaggingScheduled = true;
  const linked = await linking.tagNewsEvent({ eventKey: input.eventKey, news: firstStories });

  const tagJoinedNews = async (): Promise<void> => {
    for (;;) {
      await condition(() => joined.length > 0 || studiesDone);
      if (joined.length === 0) return;
      const batch = joined.splice(0);
      if (!patched(STUDY_PATCHES.tagJoinedNews)) continue;
      try {
        await joinedTagging.tagNewsEvent({ eventKey: input.eventKey, news: batch });
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        log.warn('joined stories could not be tagged', {
          eventKey: input.eventKey,
          newsIds: batch.map((n) => n.newsId),
          error: (err.cause ?? err).message,
        });
      }
    }
  };
  const joinedTagged = tagJoinedNews();
  // Day 0 comes from the earliest story known at anchoring time.
  const first = [...news.values()].reduce((a, b) => (Date.parse(b.publishedAt) < Date.parse(a.publishedAt) ? b : a));
  const headline = first.headline;

  const skip = async (listing: LinkedListing, day0: string | null, reason: string): Promise<ListingStudyOutcome> => {
    const { study, written } = await computing.recordSkippedStudy({
      eventKey: input.eventKey,
      newsIds: [...news.keys()],
      tags: linked.tags,
      listing,
      day0,
      reason,
    });
    log.info('study skipped', { eventKey: input.eventKey, symbol: listing.symbol, reason });
    return { listing: study.listing, studyId: study.studyId, status: 'skipped', reason, day0, written, alerts: 0 };
  };

  const awaitWindow = async (listing: LinkedListing, session: string, closesAt: string): Promise<boolean> => {
    const symbols = listing.benchmark === null ? [listing.symbol] : [listing.symbol, listing.benchmark];
    const stored = await linking.watchBars({ workflowId, symbols, sessionDate: session });
    for (const s of stored) if (!closedFor(s, session)) latestBar.set(s, session);
    const open = () => symbols.filter((s) => !closedFor(s, session));
    if (open().length === 0) return true;
    for (const s of open()) waiting.add(`${s}@${session}`);
    phase = 'waiting';
    const fallbackAt = Math.max(Date.parse(closesAt) + closeGraceMs, startedAt + minWaitMs);
    const waitMs = fallbackAt - Date.now();
    const closed = waitMs > 0 ? await condition(() => open().length === 0, waitMs) : false;
    for (const s of symbols) waiting.delete(`${s}@${session}`);
    if (!closed) log.warn('window bars did not arrive in time; computing with what is stored', { symbols, session });
    return closed;
  };

  const alertStudy = async (study: StudyPayload, windows?: ClosedStudyWindows['closed']): Promise<number> => {
    const alertInput = {
      study,
      ...(headline === undefined ? {} : { headline }),
      ...(windows === undefined ? {} : { windows }),
    };
    if (!patched(STUDY_PATCHES.alertFailureRecorded)) return (await alerting.raiseAlerts(alertInput)).raised;
    // Kafka is published (and marked in Redis) before the webhook is called, so a webhook that stays down costs
    // only the webhook delivery: record it and keep the study.
    const recording = proxyActivities<Pick<StudyActivities, 'raiseAlerts'>>({
      startToCloseTimeout: '1 minute',
      retry: { ...ALERT_RETRY, maximumAttempts: alertAttempts },
    });
    try {
      return (await recording.raiseAlerts(alertInput)).raised;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const reason = (err.cause ?? err).message;
      failedAlerts.push({ listing: study.listing, studyId: study.studyId, reason });
      log.warn('alert delivery failed after every attempt; the study stands', {
        eventKey: input.eventKey,
        symbol: study.listing.symbol,
        reason,
      });
      return 0;
    }
  };

  /** Each window computed, written and alerted at its own close, in closing order, until every window is final. */
  const studyWindowByWindow = async (
    listing: LinkedListing,
    anchor: EventAnchor,
    windows: readonly WindowClose[],
  ): Promise<ListingStudyOutcome> => {
    const sessions = [...new Set(windows.map((w) => w.endSession))].sort();
    const finalWindows: [number, number][] = [];
    let alerts = 0;
    let written = false;
    let last: ClosedStudyWindows | undefined;
    for (const session of sessions) {
      const closesAt = windows.find((w) => w.endSession === session)?.closesAt ?? anchor.windowClosesAt;
      const barsSignalled = await awaitWindow(listing, session, closesAt);
      phase = 'computing';
      try {
        last = await computing.closeStudyWindows({
          eventKey: input.eventKey,
          newsIds: [...news.keys()],
          tags: linked.tags,
          listing,
          day0: anchor.day0,
          publishedAt: first.publishedAt,
          windowEndSession: session,
          barsSignalled,
          windows,
        });
      } catch (err) {
        const reason = businessRejection(err);
        if (reason === undefined) throw err;
        return skip(listing, anchor.day0, reason);
      }
      written = written || last.written;
      for (const w of last.closed) finalWindows.push([w.start, w.end]);
      if (alertsOn && last.study.status === 'computed') alerts += await alertStudy(last.study, last.closed);
      if (last.final) break;
    }
    if (last === undefined) return skip(listing, anchor.day0, 'the design has no event window');
    const study = last.study;
    return {
      listing: study.listing,
      studyId: study.studyId,
      status: study.status,
      ...(study.reason === undefined ? {} : { reason: study.reason }),
      day0: study.day0,
      written,
      alerts,
      finalWindows,
    };
  };

  const studyListing = async (listing: LinkedListing): Promise<ListingStudyOutcome> => {
    let anchor: EventAnchor;
    try {
      anchor = await linking.anchorEvent({ listing, publishedAt: first.publishedAt });
    } catch (err) {
      const reason = businessRejection(err);
      if (reason === undefined) throw err;
      return skip(listing, null, reason);
    }
    // Histories from before windows closed one by one replay the single wait for the longest window below.
    if (patched(STUDY_PATCHES.windowsCloseOneByOne) && anchor.windows !== undefined && anchor.windows.length > 0) {
      return studyWindowByWindow(listing, anchor, anchor.windows);
    }
    const barsSignalled = await awaitWindow(listing, anchor.windowEndSession, anchor.windowClosesAt);
    phase = 'computing';
    let study: StudyPayload;
    try {
      study = await computing.computeStudy({
        eventKey: input.eventKey,
        newsIds: [...news.keys()],
        tags: linked.tags,
        listing,
        day0: anchor.day0,
        publishedAt: first.publishedAt,
        windowEndSession: anchor.windowEndSession,
        barsSignalled,
      });
    } catch (err) {
      const reason = businessRejection(err);
      if (reason === undefined) throw err;
      return skip(listing, anchor.day0, reason);
    }
    const { written } = await computing.recordStudy({ study });
    const alerts = alertsOn && study.status === 'computed' ? await alertStudy(study) : 0;
    return {
      listing: study.listing,
      studyId: study.studyId,
      status: study.status,
      ...(study.reason === undefined ? {} : { reason: study.reason }),
      day0: study.day0,
      written,
      alerts,
    };
  };

  const results = await Promise.all(
    linked.listings.map(async (listing) => {
      const outcome = await studyListing(listing);
      outcomes.push(outcome);
      return outcome;
    }),
  );
  studiesDone = true;
  await joinedTagged;
  phase = 'done';
  return {
    eventKey: input.eventKey,
    newsIds: [...news.keys()],
    tags: linked.tags,
    studies: results,
    ...(failedAlerts.length === 0 ? {} : { failedAlerts }),
  };
}
