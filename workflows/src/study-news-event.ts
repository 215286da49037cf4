import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { ClosedAndAlertedWindows, ClosedStudyWindows, StudyActivities, StudyPayload } from './activity-types';
import { barClosedSignal, eventStatusQuery, newsJoinedSignal } from './messages';
import type {
  ListingAnchor,
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
/**
 * The window close with its alerts heartbeats while it runs, so an attempt the server recorded as started but the
 * worker never received (seen on the dev server when its SQLite store misses its deadlines under load) is retried after
 * the heartbeat timeout rather than after the whole start-to-close timeout (2 minutes: a 2-minute alert).
 */
const closing = proxyActivities<Pick<StudyActivities, 'closeAndAlertWindows'>>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
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
  /**
   * A window's close computes, writes and alerts in one activity (`closeAndAlertWindows`) instead of
   * `closeStudyWindows` then `raiseAlerts`: one workflow task and one activity round trip less between the closing bar
   * and the webhook. When its alert part fails, `raiseAlerts` retries it on the same schedule as before.
   */
  closeAndAlertInOneStep: 'close-and-alert-in-one-step',
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

/** The state of one run: what the signal and query handlers and the steps below share. */
interface StudyRun {
  readonly input: StudyNewsEventInput;
  readonly workflowId: string;
  readonly startedAt: number;
  readonly closeGraceMs: number;
  readonly minWaitMs: number;
  readonly alertsOn: boolean;
  readonly alertAttempts: number;
  readonly news: Map<string, NewsRef>;
  readonly latestBar: Map<string, string>;
  readonly waiting: Set<string>;
  readonly outcomes: ListingStudyOutcome[];
  readonly failedAlerts: FailedAlertDelivery[];
  /** Stories that joined after the first tagging was scheduled: they are tagged on their own, the study is not redone. */
  readonly joined: NewsRef[];
  phase: EventStatus['phase'];
  firstTaggingScheduled: boolean;
  studiesDone: boolean;
}

/** What every listing's study of the event shares once the stories are tagged and linked. */
interface EventFacts {
  readonly tags: readonly string[];
  /** The earliest story known at anchoring time: day 0 comes from it. */
  readonly first: NewsRef;
  readonly headline: string | undefined;
}

/** The run's state, with the signal and query handlers installed on it. */
function startRun(input: StudyNewsEventInput): StudyRun {
  const run: StudyRun = {
    input,
    workflowId: workflowInfo().workflowId,
    startedAt: Date.now(),
    closeGraceMs: input.options?.closeGraceMs ?? 6 * HOUR,
    minWaitMs: input.options?.minWaitMs ?? 10 * 60_000,
    alertsOn: input.options?.alerts ?? true,
    alertAttempts: input.options?.alertAttempts ?? 8,
    news: new Map<string, NewsRef>([[input.news.newsId, input.news]]),
    latestBar: new Map<string, string>(),
    waiting: new Set<string>(),
    outcomes: [],
    failedAlerts: [],
    joined: [],
    phase: 'linking',
    firstTaggingScheduled: false,
    studiesDone: false,
  };
  setHandler(newsJoinedSignal, (ref) => {
    if (run.news.has(ref.newsId)) return;
    run.news.set(ref.newsId, ref);
    if (run.firstTaggingScheduled) run.joined.push(ref);
  });
  setHandler(barClosedSignal, (bar) => {
    const seen = run.latestBar.get(bar.symbol);
    if (seen === undefined || seen < bar.sessionDate) run.latestBar.set(bar.symbol, bar.sessionDate);
  });
  setHandler(eventStatusQuery, () => ({
    eventKey: input.eventKey,
    phase: run.phase,
    newsIds: [...run.news.keys()],
    waitingFor: [...run.waiting],
    studies: [...run.outcomes],
    failedAlerts: [...run.failedAlerts],
  }));
  return run;
}

const closedFor = (run: StudyRun, symbol: string, session: string): boolean =>
  (run.latestBar.get(symbol) ?? '') >= session;

/** Tags the stories that join after the first tagging, batch by batch, until the studies are done. */
async function tagJoinedNews(run: StudyRun): Promise<void> {
  for (;;) {
    await condition(() => run.joined.length > 0 || run.studiesDone);
    if (run.joined.length === 0) return;
    const batch = run.joined.splice(0);
    if (!patched(STUDY_PATCHES.tagJoinedNews)) continue;
    try {
      await joinedTagging.tagNewsEvent({ eventKey: run.input.eventKey, news: batch });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.warn('joined stories could not be tagged', {
        eventKey: run.input.eventKey,
        newsIds: batch.map((n) => n.newsId),
        error: (err.cause ?? err).message,
      });
    }
  }
}

/** The outcome of a listing's study as the workflow reports it. */
const outcomeOf = (
  study: StudyPayload,
  written: boolean,
  alerts: number,
  finalWindows?: [number, number][],
): ListingStudyOutcome => ({
  listing: study.listing,
  studyId: study.studyId,
  status: study.status,
  ...(study.reason === undefined ? {} : { reason: study.reason }),
  day0: study.day0,
  written,
  alerts,
  ...(finalWindows === undefined ? {} : { finalWindows }),
});

async function skip(
  run: StudyRun,
  facts: EventFacts,
  listing: LinkedListing,
  day0: string | null,
  reason: string,
): Promise<ListingStudyOutcome> {
  const { study, written } = await computing.recordSkippedStudy({
    eventKey: run.input.eventKey,
    newsIds: [...run.news.keys()],
    tags: facts.tags,
    listing,
    day0,
    reason,
  });
  log.info('study skipped', { eventKey: run.input.eventKey, symbol: listing.symbol, reason });
  return { listing: study.listing, studyId: study.studyId, status: 'skipped', reason, day0, written, alerts: 0 };
}

/** Waits for the bars of the listing (and its benchmark) on `session`: true when signalled, false at the timer. */
async function awaitWindow(run: StudyRun, listing: LinkedListing, session: string, closesAt: string): Promise<boolean> {
  const symbols = listing.benchmark === null ? [listing.symbol] : [listing.symbol, listing.benchmark];
  const stored = await linking.watchBars({ workflowId: run.workflowId, symbols, sessionDate: session });
  for (const s of stored) if (!closedFor(run, s, session)) run.latestBar.set(s, session);
  const open = () => symbols.filter((s) => !closedFor(run, s, session));
  if (open().length === 0) return true;
  for (const s of open()) run.waiting.add(`${s}@${session}`);
  run.phase = 'waiting';
  const fallbackAt = Math.max(Date.parse(closesAt) + run.closeGraceMs, run.startedAt + run.minWaitMs);
  const waitMs = fallbackAt - Date.now();
  const closed = waitMs > 0 ? await condition(() => open().length === 0, waitMs) : false;
  for (const s of symbols) run.waiting.delete(`${s}@${session}`);
  if (!closed) log.warn('window bars did not arrive in time; computing with what is stored', { symbols, session });
  return closed;
}

async function alertStudy(
  run: StudyRun,
  facts: EventFacts,
  study: StudyPayload,
  windows?: ClosedStudyWindows['closed'],
): Promise<number> {
  const alertInput = {
    study,
    ...(facts.headline === undefined ? {} : { headline: facts.headline }),
    ...(windows === undefined ? {} : { windows }),
  };
  if (!patched(STUDY_PATCHES.alertFailureRecorded)) return (await alerting.raiseAlerts(alertInput)).raised;
  // Kafka is published (and marked in Redis) before the webhook is called, so a webhook that stays down costs
  // only the webhook delivery: record it and keep the study.
  const recording = proxyActivities<Pick<StudyActivities, 'raiseAlerts'>>({
    startToCloseTimeout: '1 minute',
    retry: { ...ALERT_RETRY, maximumAttempts: run.alertAttempts },
  });
  try {
    return (await recording.raiseAlerts(alertInput)).raised;
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    return recordFailedAlerts(run, study, (err.cause ?? err).message);
  }
}

/** An alert step that failed for good: recorded in `failedAlerts`, the study stands. Returns the alerts raised: 0. */
function recordFailedAlerts(run: StudyRun, study: StudyPayload, reason: string): number {
  run.failedAlerts.push({ listing: study.listing, studyId: study.studyId, reason });
  log.warn('alert delivery failed after every attempt; the study stands', {
    eventKey: run.input.eventKey,
    symbol: study.listing.symbol,
    reason,
  });
  return 0;
}

/**
 * The alerts of a window close done by `closeAndAlertWindows`: its count, or, when its alert part failed, the
 * `raiseAlerts` retries of the rest of the attempts on the schedule the separate step had (1 s, then doubling).
 */
async function alertsOfOneStep(run: StudyRun, facts: EventFacts, closed: ClosedAndAlertedWindows): Promise<number> {
  const outcome = closed.alert;
  if (outcome === undefined) return 0;
  if (outcome.failure === undefined) return outcome.raised;
  if (run.alertAttempts <= 1) return recordFailedAlerts(run, closed.study, outcome.failure);
  log.warn('alerting at the window close failed; retrying the alert step', {
    eventKey: run.input.eventKey,
    symbol: closed.study.listing.symbol,
    reason: outcome.failure,
  });
  await sleep(ALERT_RETRY.initialInterval);
  const retrying = proxyActivities<Pick<StudyActivities, 'raiseAlerts'>>({
    startToCloseTimeout: '1 minute',
    retry: { ...ALERT_RETRY, initialInterval: '2 seconds', maximumAttempts: run.alertAttempts - 1 },
  });
  try {
    return (
      await retrying.raiseAlerts({
        study: closed.study,
        windows: closed.closed,
        ...(facts.headline === undefined ? {} : { headline: facts.headline }),
      })
    ).raised;
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    return recordFailedAlerts(run, closed.study, (err.cause ?? err).message);
  }
}

/** The input of the compute steps for a listing at a session. */
const computeInputOf = (
  run: StudyRun,
  facts: EventFacts,
  listing: LinkedListing,
  anchor: ListingAnchor,
  windowEndSession: string,
  barsSignalled: boolean,
) => ({
  eventKey: run.input.eventKey,
  newsIds: [...run.news.keys()],
  tags: facts.tags,
  listing,
  day0: anchor.day0,
  publishedAt: facts.first.publishedAt,
  windowEndSession,
  barsSignalled,
});

/** Each window computed, written and alerted at its own close, in closing order, until every window is final. */
async function studyWindowByWindow(
  run: StudyRun,
  facts: EventFacts,
  listing: LinkedListing,
  anchor: ListingAnchor,
  windows: readonly WindowClose[],
): Promise<ListingStudyOutcome> {
  const sessions = [...new Set(windows.map((w) => w.endSession))].sort();
  const finalWindows: [number, number][] = [];
  let alerts = 0;
  let written = false;
  let last: ClosedStudyWindows | undefined;
  for (const session of sessions) {
    const closesAt = windows.find((w) => w.endSession === session)?.closesAt ?? anchor.windowClosesAt;
    const barsSignalled = await awaitWindow(run, listing, session, closesAt);
    run.phase = 'computing';
    const input = { ...computeInputOf(run, facts, listing, anchor, session, barsSignalled), windows };
    // Histories recorded before the close and its alerts were one activity replay the two steps.
    const oneStep = patched(STUDY_PATCHES.closeAndAlertInOneStep);
    let closed: ClosedAndAlertedWindows;
    try {
      closed = oneStep
        ? await closing.closeAndAlertWindows({
            ...input,
            ...(run.alertsOn ? { alert: facts.headline === undefined ? {} : { headline: facts.headline } } : {}),
          })
        : await computing.closeStudyWindows(input);
    } catch (err) {
      const reason = businessRejection(err);
      if (reason === undefined) throw err;
      return skip(run, facts, listing, anchor.day0, reason);
    }
    last = closed;
    written = written || closed.written;
    for (const w of closed.closed) finalWindows.push([w.start, w.end]);
    if (run.alertsOn && closed.study.status === 'computed')
      alerts += oneStep
        ? await alertsOfOneStep(run, facts, closed)
        : await alertStudy(run, facts, closed.study, closed.closed);
    if (closed.final) break;
  }
  if (last === undefined) return skip(run, facts, listing, anchor.day0, 'the design has no event window');
  return outcomeOf(last.study, written, alerts, finalWindows);
}

async function studyListing(run: StudyRun, facts: EventFacts, listing: LinkedListing): Promise<ListingStudyOutcome> {
  let anchor: ListingAnchor;
  try {
    anchor = await linking.anchorEvent({ listing, publishedAt: facts.first.publishedAt });
  } catch (err) {
    const reason = businessRejection(err);
    if (reason === undefined) throw err;
    return skip(run, facts, listing, null, reason);
  }
  // Histories from before windows closed one by one replay the single wait for the longest window below.
  if (patched(STUDY_PATCHES.windowsCloseOneByOne) && anchor.windows !== undefined && anchor.windows.length > 0) {
    return studyWindowByWindow(run, facts, listing, anchor, anchor.windows);
  }
  const barsSignalled = await awaitWindow(run, listing, anchor.windowEndSession, anchor.windowClosesAt);
  run.phase = 'computing';
  let study: StudyPayload;
  try {
    study = await computing.computeStudy(
      computeInputOf(run, facts, listing, anchor, anchor.windowEndSession, barsSignalled),
    );
  } catch (err) {
    const reason = businessRejection(err);
    if (reason === undefined) throw err;
    return skip(run, facts, listing, anchor.day0, reason);
  }
  const { written } = await computing.recordStudy({ study });
  const alerts = run.alertsOn && study.status === 'computed' ? await alertStudy(run, facts, study) : 0;
  return outcomeOf(study, written, alerts);
}

/**
 * One workflow per news *event*: tags and links the stories, anchors day 0 on each listing's calendar, then, as each
 * event window closes (the bar signal of its last session, with a timer as fallback), computes it, writes it
 * (`StudyWindowClosed`, and the final `StudyComputed` with the last window) and alerts on it. Later stories on the same
 * event arrive through `newsJoinedSignal` (signal-with-start).
 */
export async function studyNewsEvent(input: StudyNewsEventInput): Promise<StudyNewsEventResult> {
  const run = startRun(input);
  const firstStories = [...run.news.values()];
  run.firstTaggingScheduled = true;
  const linked = await linking.tagNewsEvent({ eventKey: input.eventKey, news: firstStories });
  const joinedTagged = tagJoinedNews(run);
  // Day 0 comes from the earliest story known at anchoring time.
  const first = [...run.news.values()].reduce((a, b) =>
    Date.parse(b.publishedAt) < Date.parse(a.publishedAt) ? b : a,
  );
  const facts: EventFacts = { tags: linked.tags, first, headline: first.headline };
  const results = await Promise.all(
    linked.listings.map(async (listing) => {
      const outcome = await studyListing(run, facts, listing);
      run.outcomes.push(outcome);
      return outcome;
    }),
  );
  run.studiesDone = true;
  await joinedTagged;
  run.phase = 'done';
  return {
    eventKey: input.eventKey,
    newsIds: [...run.news.keys()],
    tags: linked.tags,
    studies: results,
    ...(run.failedAlerts.length === 0 ? {} : { failedAlerts: run.failedAlerts }),
  };
}
