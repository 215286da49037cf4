import { Context, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { anchorDay0 } from '@newswindow/engine';
import type { SecurityMaster } from '@newswindow/reference';
import type { ReferenceData } from '@newswindow/tagger';
import type {
  BackfillCounts,
  ComputeStudyInput,
  LinkedListing,
  StudyActivities,
  StudyPayload,
} from '@newswindow/workflows';
import type { CalendarProvider } from './calendars';
import { StudyRejectedError } from './errors';
import { createNewsTagging } from './news-tagging';
import type {
  AlertContextReader,
  AlertProducer,
  AlertWebhook,
  BarReader,
  BarWaitRegistry,
  Clock,
  DailyClose,
  NewsReader,
  NewsTagStore,
  PriceCache,
  StudyWriter,
} from './ports';
import type { AlertOutbox } from '@newswindow/store';
import type { EventWindowAlertRecord, StudyRecord } from './records';
import type { StudyJob, StudySettings } from './study-compute';
import { computeStudies, marketOf, skippedStudy, withBenchmark } from './study-compute';
import type { AlertPolicy } from './alert-rules';
import { deskDefaultPolicy } from './alert-rules';
import { buildAlerts } from './alerts';
import { closeWindows } from './study-windows';

/** The ports the activities run over (composition root: `main.ts`; tests pass fakes or real adapters). */
export interface ActivityDeps {
  readonly news: NewsReader;
  /** Where the tag-and-link step stores each story revision's tags (`NewsTagged`). */
  readonly newsTags: NewsTagStore;
  readonly bars: BarReader;
  readonly studies: StudyWriter;
  readonly priceCache: PriceCache;
  readonly waits: BarWaitRegistry;
  /** Every alert raised, and where its Kafka and webhook deliveries stand (the store's `alert_outbox`). */
  readonly outbox: AlertOutbox;
  readonly alertContext: AlertContextReader;
  readonly producer: AlertProducer;
  /** Absent when no webhook is configured. */
  readonly webhook?: AlertWebhook;
  readonly calendars: CalendarProvider;
  readonly reference: ReferenceData;
  /** The security master: dated listings and the benchmark of each listing and period. */
  readonly master?: SecurityMaster;
  readonly settings: StudySettings;
  /** The alert rules and the maximum age of live news. Default: the desk defaults. */
  readonly alertPolicy?: AlertPolicy;
  /** Base URL of the web app, for the study links of alerts. */
  readonly studyBaseUrl?: string | null;
  readonly clock?: Clock;
}

const nonRetryable = (err: unknown): never => {
  if (err instanceof StudyRejectedError) throw ApplicationFailure.nonRetryable(err.message, err.name);
  throw err;
};

/** The activities of `studyNewsEvent` and `backfill`, over injected ports. */
export function createActivities(deps: ActivityDeps) {
  const clock = deps.clock ?? { now: () => new Date() };
  const policy = deps.alertPolicy ?? deskDefaultPolicy();

  /**
   * Records the alerts in the outbox (a (study, window, rule) already there keeps its first document), publishes those
   * not yet on Kafka in one request, then POSTs those whose webhook delivery is pending. Returns how many the `sender`
   * raised (a retry of the same run counts its alerts again, any other run none) and the first webhook failure.
   */
  const deliver = async (
    alerts: readonly EventWindowAlertRecord[],
    sender: string,
  ): Promise<{ raised: number; failure: Error | undefined }> => {
    const rows = await deps.outbox.add(alerts, sender, deps.webhook !== undefined);
    const unpublished = rows.filter((r) => r.publishedAt === null);
    if (unpublished.length > 0) {
      await deps.producer.publish(unpublished.map((r) => r.document));
      await deps.outbox.markPublished(unpublished.map((r) => r.alertId));
    }
    let failure: Error | undefined;
    for (const r of rows) {
      if (deps.webhook === undefined || r.webhookStatus !== 'pending') continue;
      try {
        await deps.webhook.post(r.document);
        await deps.outbox.markDelivered(r.alertId);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        await deps.outbox.markFailed(r.alertId, error.message);
        failure ??= error;
      }
    }
    return { raised: rows.filter((r) => r.raisedBy === sender).length, failure };
  };

  /** When day 0 closed, and how many sessions have closed since a relative day (Infinity before the calendar). */
  const timingOf = (study: StudyRecord) => {
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
  const tagging = createNewsTagging({
    news: deps.news,
    newsTags: deps.newsTags,
    reference: deps.reference,
    ...(deps.master === undefined ? {} : { master: deps.master }),
    clock,
  });

  /** Closes of the symbols, read through the Redis cache; a cached series older than `fresherThan` is reloaded. */
  const loadCloses = async (symbols: readonly string[], fresherThan?: string): Promise<Map<string, DailyClose[]>> => {
    const out = new Map<string, DailyClose[]>();
    const missing: string[] = [];
    for (const s of new Set(symbols)) {
      const cached = await deps.priceCache.get(s);
      const last = cached?.at(-1)?.sessionDate ?? '';
      if (cached !== undefined && cached.length > 0 && (fresherThan === undefined || last >= fresherThan))
        out.set(s, cached);
      else missing.push(s);
    }
    if (missing.length > 0) {
      const loaded = await deps.bars.loadCloses(missing);
      for (const s of missing) {
        const closes = loaded.get(s) ?? [];
        out.set(s, closes);
        if (closes.length > 0) await deps.priceCache.set(s, closes);
      }
    }
    return out;
  };

  const marketSymbols = (listings: readonly LinkedListing[]): string[] =>
    listings.flatMap((l) => (l.benchmark === null ? [] : [l.benchmark]));

  /**
   * Loads prices and computes one study. `fresh`: a cached series ending before the window's last session is reloaded
   * from the store (a signalled bar is durable there before the signal: the trigger subscription reads the store).
   */
  const computeOne = async (input: ComputeStudyInput, fresh: boolean): Promise<StudyRecord> => {
    try {
      const market = marketOf(input.listing);
      const closes = await loadCloses([input.listing.symbol, market], fresh ? input.windowEndSession : undefined);
      const job: StudyJob = {
        eventKey: input.eventKey,
        newsIds: input.newsIds,
        tags: input.tags,
        listing: input.listing,
        publishedAt: input.publishedAt,
      };
      const [study] = computeStudies([job], (s) => closes.get(s) ?? [], deps.calendars, deps.settings, now(), {
        strict: true,
        throughSession: input.windowEndSession,
      });
      return study as StudyRecord;
    } catch (err) {
      return nonRetryable(err);
    }
  };

  const activities = {
    async tagNewsEvent({ eventKey, news }) {
      // The workflow was started from the stored story, and the read caught the news projection up first.
      const items = await tagging.tagById(news.map((n) => n.newsId));
      if (items.length === 0) {
        throw ApplicationFailure.nonRetryable(
          `news ${news.map((n) => n.newsId).join(', ')} of ${eventKey} is not readable: retracted, or its projection failed (newswindow db projections failures)`,
          'NewsNotReadableError',
        );
      }
      const tags: string[] = [];
      const listings = new Map<string, LinkedListing>();
      const all = new Map<string, LinkedListing>();
      for (const { linked } of items) {
        for (const t of linked.tags) if (!tags.includes(t)) tags.push(t);
        // A story about two issuers is two events: this workflow studies only its own issuer's listings.
        const own = linked.events.find((e) => e.eventKey === eventKey)?.listings ?? [];
        for (const l of own) if (!listings.has(l.symbol)) listings.set(l.symbol, l);
        for (const l of linked.listings) if (!all.has(l.symbol)) all.set(l.symbol, l);
      }
      // A key no story yields any more (linking changed since the workflow started): study what the stories link to.
      return { tags, listings: [...(listings.size > 0 ? listings : all).values()] };
    },

    // eslint-disable-next-line @typescript-eslint/require-await -- the activity contract is async; anchoring reads only the in-memory calendars
    async anchorEvent({ listing, publishedAt }) {
      try {
        const exchange = deps.calendars.exchangeOf(listing.symbol, listing.exchange);
        const cal = exchange.trading;
        const time = /^\d{4}-\d{2}-\d{2}$/.test(publishedAt)
          ? ({ kind: 'date', date: publishedAt } as const)
          : ({ kind: 'instant', iso: publishedAt } as const);
        const day0 = anchorDay0(cal, time, deps.settings.day0Rule);
        if (day0.kind === 'unanchored') throw ApplicationFailure.nonRetryable(day0.reason, 'UnanchoredEventError');
        const lastDay = Math.max(...deps.settings.design.windows.map((w) => w.end));
        const end = exchange.sessionAt(day0.index + lastDay);
        if (end === undefined) {
          const h = exchange.info.horizon;
          throw ApplicationFailure.nonRetryable(
            `the event window (${lastDay} sessions after day 0 ${day0.date}) runs past the ${cal.id} calendar horizon (${h.first} … ${h.last})`,
            'CalendarEndError',
          );
        }
        const windowEndSession = end.date;
        const closesAt = (index: number): string => {
          const session = exchange.sessionAt(index);
          return session === undefined ? '' : new Date(session.closeMs).toISOString();
        };
        const windows = deps.settings.design.windows
          .map((w) => ({
            start: w.start,
            end: w.end,
            endSession: cal.sessions[day0.index + w.end] ?? windowEndSession,
            closesAt: closesAt(day0.index + w.end),
          }))
          .sort((a, b) => a.end - b.end || a.start - b.start);
        return {
          day0: day0.date,
          windowEndSession,
          windowClosesAt: new Date(end.closeMs).toISOString(),
          day0ClosesAt: closesAt(day0.index),
          windows,
        };
      } catch (err) {
        return nonRetryable(err);
      }
    },

    async watchBars({ workflowId, symbols, sessionDate }) {
      // Register before looking: a bar stored in between is then either seen here or signalled by the bar hook.
      await deps.waits.register(workflowId, symbols, sessionDate);
      const latest = await deps.bars.latestSessions([...new Set(symbols)]);
      return symbols.filter((s) => (latest.get(s) ?? '') >= sessionDate);
    },

    async computeStudy(input) {
      return computeOne(input, input.barsSignalled);
    },

    async closeStudyWindows(input) {
      // A window's close always needs bars through its session: a cached series that ends before it is reloaded even
      // when the timer (not a bar signal) ended the wait.
      const study = await computeOne(input, true);
      const closing = closeWindows(study, input.windows, input.windowEndSession);
      const r = await deps.studies.appendWindowClosed(closing.event, closing.final ? study : undefined);
      return {
        study: closing.event.study,
        closed: closing.event.closed,
        final: closing.final,
        written: r.written > 0,
      };
    },

    async recordStudy({ study }) {
      const r = await deps.studies.appendStudies([study as StudyRecord], { recompute: false });
      return { written: r.written > 0 };
    },

    async recordSkippedStudy(input) {
      const study = skippedStudy(
        { eventKey: input.eventKey, newsIds: input.newsIds, tags: input.tags, listing: input.listing, publishedAt: '' },
        deps.settings,
        input.reason,
        now(),
        { day0: input.day0 },
      );
      const r = await deps.studies.appendStudies([study], { recompute: false });
      return { study, written: r.written > 0 };
    },

    async raiseAlerts({ study, headline, windows }) {
      const s = study as StudyRecord;
      if (s.status !== 'computed' || s.day0 === null) return { raised: 0 };
      const timing = timingOf(s);
      // History loaded through the live path: a window that closed long ago is news to nobody.
      const closed = (windows ?? s.windows).filter(
        (w) => policy.maxAgeSessions === null || timing.sessionsSince(w.end) <= policy.maxAgeSessions,
      );
      if (closed.length === 0) return { raised: 0 };
      const context = await deps.alertContext.contextOf(s.newsIds, s.listing);
      const alerts = buildAlerts(s, { ...context, headline: context.headline ?? headline ?? null }, policy, {
        raisedAt: now(),
        day0ClosesAt: timing.day0ClosesAt,
        studyBaseUrl: deps.studyBaseUrl ?? null,
        windows: closed,
      });
      // The run is the sender: a retry after a failed webhook call still counts the alerts its first attempt
      // recorded, while a replay or a second run of the event counts none.
      const { raised, failure } = await deliver(alerts, currentRun());
      if (failure !== undefined) throw failure;
      return { raised };
    },

    async countBackfillNews({ filter }) {
      return deps.news.countNews(filter);
    },

    async listBackfillNews({ filter, cursor, limit }) {
      return deps.news.listNewsIds(filter, cursor, limit);
    },

    async computeStudyBatch({ newsIds, recompute, benchmark, backfillId, alerts }) {
      const stored = await deps.news.getNews(newsIds);
      heartbeatSafe('loaded news');
      // Stored news may never have met a live tagger (ingested with no worker running): the batch tags every story on
      // the live path's code, in one append; the idempotency key makes stories already tagged (by the live path, an
      // earlier attempt or run, `--recompute`) write nothing unless their content changed. Its linking is reused below.
      const linkedNews = await tagging.tagStored(stored);
      heartbeatSafe('tagged');
      const jobs = new Map<string, StudyJob>();
      let newsWithoutStudy = 0;
      for (const { news: item, linked } of linkedNews) {
        if (linked.events.length === 0) {
          newsWithoutStudy += 1;
          continue;
        }
        for (const { eventKey, listing } of linked.events.flatMap((e) =>
          e.listings.map((l) => ({ eventKey: e.eventKey, listing: l })),
        )) {
          // Stories on the same event in one batch are one study, with every story's id.
          const key = `${eventKey}|${listing.symbol}`;
          const seen = jobs.get(key);
          if (seen === undefined) {
            jobs.set(key, {
              eventKey,
              newsIds: [item.id],
              tags: linked.tags,
              listing,
              publishedAt: item.publishedAt,
            });
          } else {
            jobs.set(key, {
              ...seen,
              newsIds: [...seen.newsIds, item.id],
              tags: [...new Set([...seen.tags, ...linked.tags])],
              publishedAt:
                Date.parse(item.publishedAt) < Date.parse(seen.publishedAt) ? item.publishedAt : seen.publishedAt,
            });
          }
        }
      }
      // A backfill's `--benchmark` replaces each listing's default benchmark (recorded in the study, part of its id).
      const all = [...jobs.values()].map((j) => withBenchmark(j, benchmark));
      const symbols = [...new Set([...all.map((j) => j.listing.symbol), ...marketSymbols(all.map((j) => j.listing))])];
      const closes = await loadCloses(symbols);
      heartbeatSafe('loaded prices');
      const studies = computeStudies(all, (s) => closes.get(s) ?? [], deps.calendars, deps.settings, now());
      heartbeatSafe('computed');
      const r = await deps.studies.appendStudies(studies, { recompute });
      if (alerts === true) {
        // Asked for (`backfill --alerts`): the rules apply, the live age limit does not. A webhook that fails leaves the
        // alert pending in the outbox (`alerts redeliver`) rather than recomputing the batch.
        const raised: EventWindowAlertRecord[] = [];
        for (const s of studies) {
          if (s.status !== 'computed') continue;
          const context = await deps.alertContext.contextOf(s.newsIds, s.listing);
          raised.push(
            ...buildAlerts(s, context, policy, {
              raisedAt: now(),
              day0ClosesAt: timingOf(s).day0ClosesAt,
              studyBaseUrl: deps.studyBaseUrl ?? null,
            }),
          );
        }
        await deliver(raised, `backfill:${backfillId}`);
        heartbeatSafe('alerted');
      }
      const counts: BackfillCounts = {
        newsProcessed: newsIds.length,
        studiesWritten: r.written,
        studiesExisting: r.existing,
        studiesSkipped: studies.filter((s) => s.status === 'skipped').length,
        newsWithoutStudy: newsWithoutStudy + (newsIds.length - stored.length),
      };
      return counts;
    },
  } satisfies StudyActivities;

  function now(): string {
    return clock.now().toISOString();
  }

  return activities;
}

/** `<workflowId>/<runId>` of the calling workflow run; `direct` outside an activity. */
function currentRun(): string {
  try {
    const run = Context.current().info.workflowExecution;
    return run === undefined ? 'direct' : `${run.workflowId}/${run.runId}`;
  } catch {
    return 'direct';
  }
}

/** Heartbeats when running inside an activity (the batch path is also called directly by the benchmark). */
function heartbeatSafe(details: string): void {
  try {
    Context.current();
  } catch {
    return;
  }
  heartbeat(details);
}

export type Activities = ReturnType<typeof createActivities>;
export type { EventWindowAlertRecord, StudyPayload };
