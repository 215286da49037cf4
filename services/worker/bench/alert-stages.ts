import type { Client } from '@temporalio/client';

// Where a day-0 alert's time goes, stage by stage, from the timestamps the systems record themselves: the bar's
// `recorded_at` in the event store, the study workflow's history in Temporal (signal, activity scheduled / started /
// completed), the outbox row's `created_at`, the receiver's clock. All on one machine, so one clock.

/** Timestamps (ms since the epoch) of one day-0 alert's path; a missing one is NaN. */
export interface AlertPath {
  readonly produced: number;
  readonly barStored: number;
  /** The later of the listing's and the benchmark's bar signals for the session, as recorded in the history. */
  readonly signalled: number;
  readonly closeScheduled: number;
  readonly closeStarted: number;
  readonly closeCompleted: number;
  /** NaN when the window was computed, written and alerted by one activity (no separate alert step). */
  readonly alertScheduled: number;
  readonly alertStarted: number;
  readonly inOutbox: number;
  readonly received: number;
  /** Attempts of the close and the alert step, and the last failure of a retried one (an outlier's cause). */
  readonly attempts?: { readonly close: number; readonly alert: number; readonly lastFailure?: string };
}

/** The path's timestamps in order, with the names the stages are printed with. */
const POINTS: readonly (readonly [Exclude<keyof AlertPath, 'attempts'>, string])[] = [
  ['produced', 'produced'],
  ['barStored', 'bar stored'],
  ['signalled', 'bar signal in the history'],
  ['closeScheduled', 'window close scheduled'],
  ['closeStarted', 'close started'],
  ['closeCompleted', 'close completed'],
  ['alertScheduled', 'alert step scheduled'],
  ['alertStarted', 'alert step started'],
  ['inOutbox', 'row in the outbox'],
  ['received', 'webhook received'],
];

interface HistoryEventLike {
  eventId?: { toString(): string } | null;
  eventTime?: { seconds?: { toString(): string } | null; nanos?: number | null } | null;
  workflowExecutionSignaledEventAttributes?: { signalName?: string | null; input?: PayloadsLike | null } | null;
  activityTaskScheduledEventAttributes?: {
    activityType?: { name?: string | null } | null;
    input?: PayloadsLike | null;
  } | null;
  activityTaskStartedEventAttributes?: {
    scheduledEventId?: { toString(): string } | null;
    attempt?: number | null;
    lastFailure?: { message?: string | null } | null;
  } | null;
  activityTaskCompletedEventAttributes?: { scheduledEventId?: { toString(): string } | null } | null;
}
interface PayloadsLike {
  payloads?: { data?: Uint8Array | null }[] | null;
}

const msOf = (e: HistoryEventLike): number =>
  Number(e.eventTime?.seconds?.toString() ?? Number.NaN) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
const idOf = (x: { toString(): string } | null | undefined): string => x?.toString() ?? '';
const firstPayload = (p: PayloadsLike | null | undefined): unknown => {
  const data = p?.payloads?.[0]?.data;
  return data === undefined || data === null ? undefined : JSON.parse(Buffer.from(data).toString('utf8'));
};

/** The Temporal part of a day-0 alert's path, read from the study workflow's history. */
export function temporalPath(
  events: readonly HistoryEventLike[],
  symbols: readonly string[],
  session: string,
): Pick<
  AlertPath,
  'signalled' | 'closeScheduled' | 'closeStarted' | 'closeCompleted' | 'alertScheduled' | 'alertStarted' | 'attempts'
> {
  let signalled = Number.NaN;
  const pending = new Set(symbols);
  const startedOf = new Map<string, number>();
  const attemptOf = new Map<string, { attempt: number; lastFailure?: string }>();
  const completedOf = new Map<string, { ms: number; eventId: number }>();
  for (const e of events) {
    const s = e.activityTaskStartedEventAttributes;
    if (s) {
      startedOf.set(idOf(s.scheduledEventId), msOf(e));
      const lastFailure = s.lastFailure?.message ?? undefined;
      attemptOf.set(idOf(s.scheduledEventId), {
        attempt: s.attempt ?? 1,
        ...(lastFailure === undefined ? {} : { lastFailure }),
      });
    }
    const c = e.activityTaskCompletedEventAttributes;
    if (c) completedOf.set(idOf(c.scheduledEventId), { ms: msOf(e), eventId: Number(idOf(e.eventId)) });
  }
  let close: { id: string; ms: number } | undefined;
  for (const e of events) {
    const sig = e.workflowExecutionSignaledEventAttributes;
    if (sig?.signalName === 'bar-closed' && pending.size > 0) {
      const bar = firstPayload(sig.input) as { symbol?: string; sessionDate?: string } | undefined;
      if (bar?.sessionDate !== undefined && bar.sessionDate >= session && pending.delete(bar.symbol ?? ''))
        if (pending.size === 0) signalled = msOf(e);
    }
    const sched = e.activityTaskScheduledEventAttributes;
    const name = sched?.activityType?.name;
    if (close === undefined && (name === 'closeStudyWindows' || name === 'closeAndAlertWindows')) {
      const input = firstPayload(sched?.input) as { windowEndSession?: string } | undefined;
      if (input?.windowEndSession === session) close = { id: idOf(e.eventId), ms: msOf(e) };
    }
  }
  const closeDone = close === undefined ? undefined : completedOf.get(close.id);
  let alert: { id: string; ms: number } | undefined;
  if (closeDone !== undefined)
    for (const e of events)
      if (
        alert === undefined &&
        Number(idOf(e.eventId)) > closeDone.eventId &&
        e.activityTaskScheduledEventAttributes?.activityType?.name === 'raiseAlerts'
      )
        alert = { id: idOf(e.eventId), ms: msOf(e) };
  return {
    signalled,
    closeScheduled: close?.ms ?? Number.NaN,
    closeStarted: close === undefined ? Number.NaN : (startedOf.get(close.id) ?? Number.NaN),
    closeCompleted: closeDone?.ms ?? Number.NaN,
    alertScheduled: alert?.ms ?? Number.NaN,
    alertStarted: alert === undefined ? Number.NaN : (startedOf.get(alert.id) ?? Number.NaN),
    attempts: (() => {
      const c = close === undefined ? undefined : attemptOf.get(close.id);
      const a = alert === undefined ? undefined : attemptOf.get(alert.id);
      const lastFailure = c?.lastFailure ?? a?.lastFailure;
      return { close: c?.attempt ?? 0, alert: a?.attempt ?? 0, ...(lastFailure === undefined ? {} : { lastFailure }) };
    })(),
  };
}

/** Reads the history of `workflowId` and returns its part of the path. */
export async function fetchTemporalPath(
  client: Client,
  workflowId: string,
  symbols: readonly string[],
  session: string,
): Promise<ReturnType<typeof temporalPath>> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return temporalPath(history.events ?? [], symbols, session);
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN);
};

/**
 * Median, p95 and max of each stage over the paths: a stage runs from one recorded timestamp to the next one the path
 * has (a path without a separate alert step goes from the close's completion to the outbox row).
 */
export function stageFigures(
  paths: readonly AlertPath[],
): { stage: string; n: number; p50: number; p95: number; max: number }[] {
  const byStage = new Map<string, number[]>();
  for (const p of paths) {
    // In time order: with the close and its alerts in one activity, the outbox row comes before the close completes.
    const present = POINTS.filter(([k]) => Number.isFinite(p[k])).sort(([a], [b]) => p[a] - p[b]);
    for (let i = 1; i < present.length; i++) {
      const [a, from] = present[i - 1]!;
      const [b, to] = present[i]!;
      const stage = `${from} -> ${to}`;
      byStage.set(stage, [...(byStage.get(stage) ?? []), p[b] - p[a]]);
    }
  }
  return [...byStage].map(([stage, xs]) => ({
    stage,
    n: xs.length,
    p50: quantile(xs, 0.5),
    p95: quantile(xs, 0.95),
    max: quantile(xs, 1),
  }));
}
