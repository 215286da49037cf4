import type { StudyActivities } from '@newswindow/workflows';
import type { AlertPolicy } from '../alert-rules';
import { deskDefaultPolicy } from '../alert-rules';
import { buildAlerts, mayAlert } from '../alerts';
import type { Clock } from '../ports';
import type { EventWindowAlertData, StudyComputedData } from '@newswindow/schemas';
import { currentRun } from './context';
import type { ActivityDeps } from './deps';

/** What alerting needs of the ports. */
export type AlertingDeps = Pick<
  ActivityDeps,
  'outbox' | 'producer' | 'webhook' | 'calendars' | 'alertContext' | 'alertPolicy' | 'studyBaseUrl'
>;

/** When a study's day 0 closed, and how many sessions have closed since one of its relative days. */
export interface StudyTiming {
  readonly day0ClosesAt: string | null;
  /** Sessions closed since `relativeDay` (Infinity when day 0 is before the calendar). */
  sessionsSince(relativeDay: number): number;
}

/** The alert path shared by the live alert step and `backfill --alerts`. */
export interface Alerting {
  readonly policy: AlertPolicy;
  timingOf(study: StudyComputedData): StudyTiming;
  /**
   * Records the alerts in the outbox (a (study, window, rule) already there keeps its first document), publishes those
   * not yet on Kafka in one request, then POSTs those whose webhook delivery is pending. Returns how many the `sender`
   * raised (a retry of the same run counts its alerts again, any other run none) and the first webhook failure.
   */
  deliver(
    alerts: readonly EventWindowAlertData[],
    sender: string,
  ): Promise<{ raised: number; failure: Error | undefined }>;
}

/** Webhook POSTs of one delivery round in flight at once. */
const WEBHOOK_POSTS_IN_FLIGHT = 8;

/** Builds the alert path over the outbox, the Kafka producer and the webhook. */
export function createAlerting(deps: AlertingDeps, clock: Clock): Alerting {
  const deliver: Alerting['deliver'] = async (alerts, sender) => {
    const rows = await deps.outbox.add(alerts, sender, deps.webhook !== undefined);
    const unpublished = rows.filter((r) => r.publishedAt === null);
    if (unpublished.length > 0) {
      await deps.producer.publish(unpublished.map((r) => r.document));
      await deps.outbox.markPublished(unpublished.map((r) => r.alertId));
    }
    let failure: Error | undefined;
    const webhook = deps.webhook;
    const post = async (r: (typeof rows)[number]): Promise<void> => {
      if (webhook === undefined) return;
      try {
        await webhook.post(r.document);
        await deps.outbox.markDelivered(r.alertId);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        await deps.outbox.markFailed(r.alertId, error.message);
        failure ??= error;
      }
    };
    // A backfill batch raises dozens of alerts: one POST after another made them its slowest step. Each delivery is
    // idempotent by its key, so a few go at once (their order at the receiver is not the outbox's).
    const pending = rows.filter((r) => r.webhookStatus === 'pending');
    for (let i = 0; i < pending.length; i += WEBHOOK_POSTS_IN_FLIGHT)
      await Promise.all(pending.slice(i, i + WEBHOOK_POSTS_IN_FLIGHT).map(post));
    return { raised: rows.filter((r) => r.raisedBy === sender).length, failure };
  };

  const timingOf = (study: StudyComputedData): StudyTiming => {
    const exchange = deps.calendars.exchangeOf(study.listing.symbol, study.listing.exchange);
    const cal = exchange.trading;
    const i0 = study.day0 === null ? undefined : cal.index.get(study.day0);
    const nowMs = clock.now().getTime();
    const closeMsOf = (i: number): number | undefined => exchange.sessionAt(i)?.closeMs;
    const day0CloseMs = i0 === undefined ? undefined : closeMsOf(i0);
    return {
      day0ClosesAt: day0CloseMs === undefined ? null : new Date(day0CloseMs).toISOString(),
      sessionsSince(relativeDay: number): number {
        if (i0 === undefined) return study.day0 !== null && study.day0 < (cal.sessions[0] ?? '') ? Infinity : 0;
        let n = 0;
        for (let i = i0 + relativeDay + 1; ; i++) {
          const close = closeMsOf(i);
          if (close === undefined || close > nowMs) break;
          n += 1;
        }
        return n;
      },
    };
  };

  return { policy: deps.alertPolicy ?? deskDefaultPolicy(), timingOf, deliver };
}

/** The alert step of `studyNewsEvent`. */
export function createAlertActivities(
  deps: AlertingDeps,
  alerting: Alerting,
  clock: Clock,
): Pick<StudyActivities, 'raiseAlerts'> {
  return {
    async raiseAlerts({ study, headline, windows }) {
      const s = study as StudyComputedData;
      if (s.status !== 'computed' || s.day0 === null) return { raised: 0 };
      const { policy } = alerting;
      const timing = alerting.timingOf(s);
      // History loaded through the live path: a window that closed long ago is news to nobody.
      const closed = (windows ?? s.windows).filter(
        (w) => policy.maxAgeSessions === null || timing.sessionsSince(w.end) <= policy.maxAgeSessions,
      );
      if (closed.length === 0 || !mayAlert(s, policy, closed)) return { raised: 0 };
      const context = await deps.alertContext.contextOf(s.newsIds, s.listing);
      const alerts = buildAlerts(s, { ...context, headline: context.headline ?? headline ?? null }, policy, {
        raisedAt: clock.now().toISOString(),
        day0ClosesAt: timing.day0ClosesAt,
        studyBaseUrl: deps.studyBaseUrl ?? null,
        windows: closed,
      });
      // The run is the sender: a retry after a failed webhook call still counts the alerts its first attempt
      // recorded, while a replay or a second run of the event counts none.
      const { raised, failure } = await alerting.deliver(alerts, currentRun());
      if (failure !== undefined) throw failure;
      return { raised };
    },
  };
}
