import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { defaultReferenceData } from '@newswindow/tagger';
import type {
  DailyClose,
  EventWindowAlertData,
  LinkedListing,
  NewsTaggedData,
  StudyComputedData,
  StudyWindowClosedData,
} from '@newswindow/schemas';
import type { StudyPayload } from '@newswindow/workflows';
import { createActivities } from './activities';
import type { Activities, ActivityDeps } from './activities';
import { createCalendarProvider, loadCalendars } from '@newswindow/reference';
import { studySettings } from './composition';
import type { StoredNews } from './ports';
import type { OutboxAlert } from '@newswindow/store';
import { deskDefaultPolicy } from './alert-rules';

// The activities over fakes of our own ports (no pg, Redis, Kafka or HTTP), on the real Alibaba prices and calendars.
const real = resolve(__dirname, '../../../../shared/data/real');

function realCloses(): Map<string, DailyClose[]> {
  const out = new Map<string, DailyClose[]>();
  const [, ...rows] = readFileSync(resolve(real, 'prices_alibaba_benchmarks_daily.csv'), 'utf8').trim().split('\n');
  for (const row of rows) {
    const [date, symbol, , , , close] = row.split(',');
    if (date === undefined || symbol === undefined || close === undefined) continue;
    const list = out.get(symbol) ?? [];
    list.push({ sessionDate: date, close: Number(close) });
    out.set(symbol, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.sessionDate.localeCompare(b.sessionDate));
  return out;
}
const allCloses = realCloses();
const calendars = createCalendarProvider(loadCalendars());

const a04: StoredNews = {
  id: 'alibaba-events-2025/A04',
  headline: 'Qwen3-Max-Preview model launch; weekend reports on Alibaba AI chip',
  publishedAt: '2025-09-05T20:00:00+08:00',
  tickers: ['BABA', '9988.HK'],
};
const a05: StoredNews = {
  id: 'alibaba-events-2025/A05',
  headline:
    'CEO Eddie Wu: AI spending to exceed the RMB380bn 3-year plan; Qwen3-Max; Nvidia physical-AI partnership; new overseas data centres',
  publishedAt: '2025-09-24T09:30:00+08:00',
  tickers: ['BABA', '9988.HK'],
};
// Hand-written (not a real event): a story about two issuers, each its own event. A05 names Nvidia only as a partner,
// which the tagger's salience veto leaves a mention.
const twoLaunches: StoredNews = {
  id: 'hand-written/two-launches',
  headline: 'Alibaba and Nvidia both release new AI models: Qwen3-Max and Nemotron',
  publishedAt: '2025-09-24T09:30:00+08:00',
  tickers: ['BABA', 'NVDA'],
};
const publishedOf = (id: string): string =>
  new Date([a04, a05, twoLaunches].find((n) => n.id === id)?.publishedAt ?? 0).toISOString();
const hk: LinkedListing = {
  symbol: '9988.HK',
  exchange: 'XHKG',
  currency: 'HKD',
  benchmark: '^HSI',
  timeZone: 'Asia/Hong_Kong',
};
const qwenKey = 'nw1:alibaba:ai_model_launch:2025-09-05';

/** In-memory ports with call logs; `upTo` hides bars after a session (the store lagging, or the future). */
function fakes(options: { upTo?: string; webhookFailures?: number } = {}) {
  const log = { barLoads: [] as string[][], cacheSets: [] as string[], published: [] as EventWindowAlertData[] };
  const posted: EventWindowAlertData[] = [];
  let webhookFailures = options.webhookFailures ?? 0;
  const stored = new Map<string, StudyComputedData>();
  const windowEvents = new Map<string, StudyWindowClosedData>();
  const cache = new Map<string, DailyClose[]>();
  const outbox = new Map<string, OutboxAlert>();
  const waits: { workflowId: string; symbols: readonly string[]; sessionDate: string }[] = [];
  const state = { upTo: options.upTo ?? '9999-12-31', now: '2025-10-01T00:00:00Z' };
  const tagged = new Map<string, NewsTaggedData>();
  const visible = (s: string) => (allCloses.get(s) ?? []).filter((c) => c.sessionDate <= state.upTo);
  const deps: ActivityDeps = {
    news: {
      getNews: (ids) => Promise.resolve([a04, a05, twoLaunches].filter((n) => ids.includes(n.id))),
      countNews: () => Promise.resolve(2),
      listNewsIds: () => Promise.resolve({ newsIds: [a04.id, a05.id], nextCursor: null }),
    },
    newsTags: {
      storiesUnderKeys: (windows) =>
        Promise.resolve(
          [...tagged.values()]
            .map((d) => ({ storyId: d.newsId, key: d.similarityKey, publishedAt: publishedOf(d.newsId) }))
            .filter((p) =>
              windows.some((w) => w.keys.includes(p.key) && p.publishedAt >= w.from && p.publishedAt <= w.to),
            ),
        ),
      appendTagged: (events) => {
        let appended = 0;
        for (const e of events) {
          if (tagged.has(e.idempotencyKey)) continue;
          tagged.set(e.idempotencyKey, e.data);
          appended += 1;
        }
        return Promise.resolve({ appended, duplicates: events.length - appended });
      },
    },
    bars: {
      loadCloses: (symbols) => {
        log.barLoads.push([...symbols]);
        return Promise.resolve(new Map(symbols.map((s) => [s, visible(s)])));
      },
      latestSessions: (symbols) =>
        Promise.resolve(
          new Map(symbols.flatMap((s) => (visible(s).length === 0 ? [] : [[s, visible(s).at(-1)!.sessionDate]]))),
        ),
      unadjustedOnlySessions: () => Promise.resolve(new Map()),
    },
    studies: {
      appendStudies: (studies, { recompute }) => {
        let written = 0;
        for (const s of studies) {
          if (stored.has(s.studyId) && !recompute) continue;
          stored.set(s.studyId, s);
          written += 1;
        }
        return Promise.resolve({ written, existing: studies.length - written });
      },
      appendWindowClosed: (event, finalStudy) => {
        const key = `${event.studyId}@${event.session}`;
        let written = 0;
        if (!windowEvents.has(key)) {
          windowEvents.set(key, event);
          written += 1;
        }
        if (finalStudy !== undefined && !stored.has(finalStudy.studyId)) {
          stored.set(finalStudy.studyId, finalStudy);
          written += 1;
        }
        return Promise.resolve({ written, existing: (finalStudy === undefined ? 1 : 2) - written });
      },
    },
    priceCache: {
      get: (s) => Promise.resolve(cache.get(s)),
      set: (s, closes) => {
        log.cacheSets.push(s);
        cache.set(s, [...closes]);
        return Promise.resolve();
      },
      invalidate: (s) => {
        cache.delete(s);
        return Promise.resolve();
      },
    },
    waits: {
      register: (workflowId, symbols, sessionDate) => {
        waits.push({ workflowId, symbols, sessionDate });
        return Promise.resolve();
      },
      takeWaiters: () => Promise.resolve([]),
    },
    outbox: {
      add: (alerts, raisedBy, webhook) => {
        for (const a of alerts) {
          if (outbox.has(a.alertId)) continue;
          outbox.set(a.alertId, {
            alertId: a.alertId,
            document: a,
            raisedBy,
            createdAt: a.raisedAt,
            publishedAt: null,
            webhookStatus: webhook ? 'pending' : 'none',
            webhookAttempts: 0,
            webhookError: null,
            deliveredAt: null,
          });
        }
        return Promise.resolve(alerts.map((a) => outbox.get(a.alertId)!));
      },
      markPublished: (ids) => {
        for (const id of ids) outbox.set(id, { ...outbox.get(id)!, publishedAt: 'now' });
        return Promise.resolve();
      },
      markDelivered: (id) => {
        const r = outbox.get(id)!;
        outbox.set(id, { ...r, webhookStatus: 'delivered', webhookAttempts: r.webhookAttempts + 1 });
        return Promise.resolve();
      },
      markFailed: (id, error) => {
        const r = outbox.get(id)!;
        outbox.set(id, { ...r, webhookAttempts: r.webhookAttempts + 1, webhookError: error });
        return Promise.resolve();
      },
      pending: () => Promise.resolve([...outbox.values()].filter((r) => r.webhookStatus === 'pending')),
      get: (ids) => Promise.resolve(ids.flatMap((id) => (outbox.has(id) ? [outbox.get(id)!] : []))),
    },
    alertContext: {
      contextOf: () => Promise.resolve({ headline: null, sourceUrl: null, novelty: 100, relevance: 100, issuer: null }),
    },
    producer: {
      publish: (alerts) => {
        log.published.push(...alerts);
        return Promise.resolve();
      },
    },
    webhook: {
      post: (alert) => {
        if (webhookFailures > 0) {
          webhookFailures -= 1;
          return Promise.reject(new Error('webhook answered 503'));
        }
        posted.push(alert);
        return Promise.resolve();
      },
    },
    calendars,
    reference: defaultReferenceData,
    settings: studySettings(),
    clock: { now: () => new Date(state.now) },
    // The fixtures are history: the age limit of live news is tested on its own.
    alertPolicy: { ...deskDefaultPolicy(), maxAgeSessions: null },
  };
  return { deps, log, posted, stored, windowEvents, cache, waits, state, tagged };
}

const computeInput = (overrides: Partial<Parameters<ReturnType<typeof createActivities>['computeStudy']>[0]> = {}) => ({
  eventKey: qwenKey,
  newsIds: [a04.id],
  tags: ['ai_model_launch'],
  listing: hk,
  day0: '2025-09-08',
  publishedAt: a04.publishedAt,
  windowEndSession: '2025-09-15',
  barsSignalled: false,
  ...overrides,
});

describe('tagNewsEvent', () => {
  it('stores one NewsTagged per story revision, however often the event is tagged', async () => {
    const f = fakes();
    const acts = createActivities(f.deps);
    const news = [{ newsId: a04.id, publishedAt: a04.publishedAt }];
    await acts.tagNewsEvent({ eventKey: qwenKey, news });
    await acts.tagNewsEvent({ eventKey: qwenKey, news });
    expect([...f.tagged.values()]).toHaveLength(1);
    const [data] = [...f.tagged.values()];
    expect(data).toMatchObject({ newsId: a04.id, similarityKey: qwenKey, novelty: 100 });
    expect(data?.tags.map((t) => t.type)).toContain('ai_model_launch');
    expect(data?.tags.every((t) => t.evidence.length > 0)).toBe(true);
    expect(data?.about.map((l) => l.symbol).sort()).toEqual(['9988.HK', 'BABA']);
  });

  it("studies only the event's own issuer when a story is about two (Alibaba, and Nvidia apart)", async () => {
    const { deps } = fakes();
    const acts = createActivities(deps);
    const news = [{ newsId: twoLaunches.id, publishedAt: twoLaunches.publishedAt }];
    const alibaba = await acts.tagNewsEvent({ eventKey: 'nw1:alibaba:ai_model_launch:2025-09-24', news });
    expect(alibaba.listings.map((l) => l.symbol).sort()).toEqual(['9988.HK', 'BABA']);
    const nvidia = await acts.tagNewsEvent({ eventKey: 'nw1:nvidia:ai_model_launch:2025-09-23', news });
    expect(nvidia.listings.map((l) => l.symbol)).toEqual(['NVDA']);
    expect(alibaba.tags[0]).toBe('ai_model_launch');
  });

  it('rejects a story the news read model does not have (retracted, or its projection failed) for good', async () => {
    // Workflows start from stored stories only: nothing is retried in the hope the story arrives.
    const acts = createActivities(fakes().deps);
    const err = await acts
      .tagNewsEvent({ eventKey: qwenKey, news: [{ newsId: 'retracted', publishedAt: '2025-09-05' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as ApplicationFailure).message).toMatch(/retracted.*projections failures/);
  });
});

describe('anchorEvent and watchBars', () => {
  it("anchors Friday evening's launch on Monday in Hong Kong and closes the window on the HK calendar", async () => {
    const acts = createActivities(fakes().deps);
    const anchor = await acts.anchorEvent({ listing: hk, publishedAt: a04.publishedAt });
    expect(anchor.day0).toBe('2025-09-08');
    expect(anchor.windowEndSession > anchor.day0).toBe(true);
    expect(Date.parse(anchor.windowClosesAt)).toBeGreaterThan(Date.parse(`${anchor.windowEndSession}T00:00:00+08:00`));
  });

  it('rejects a listing on an unknown exchange as a non-retryable business failure', async () => {
    const acts = createActivities(fakes().deps);
    const err = await acts
      .anchorEvent({ listing: { ...hk, symbol: 'ZZZZ', exchange: 'XXXX' }, publishedAt: a04.publishedAt })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
  });

  it('registers the wait before reporting which symbols already have the closing bar', async () => {
    const f = fakes({ upTo: '2025-09-12' });
    const acts = createActivities(f.deps);
    expect(await acts.watchBars({ workflowId: 'wf', symbols: ['9988.HK', '^HSI'], sessionDate: '2025-09-15' })).toEqual(
      [],
    );
    f.state.upTo = '2025-09-30';
    expect(await acts.watchBars({ workflowId: 'wf', symbols: ['9988.HK', '^HSI'], sessionDate: '2025-09-15' })).toEqual(
      ['9988.HK', '^HSI'],
    );
    expect(f.waits).toHaveLength(2);
  });
});

describe('computeStudy: prices read through the cache', () => {
  it('loads the listing and its benchmark once, then serves them from the cache', async () => {
    const f = fakes();
    const acts = createActivities(f.deps);
    const first = await acts.computeStudy(computeInput());
    expect(first.status).toBe('computed');
    expect(first.day0).toBe('2025-09-08');
    expect(f.log.barLoads).toEqual([['9988.HK', '^HSI']]);
    expect(f.log.cacheSets.sort()).toEqual(['9988.HK', '^HSI']);
    await acts.computeStudy(computeInput());
    expect(f.log.barLoads).toHaveLength(1);
  });

  it('reloads a cached series that ends before the signalled closing session', async () => {
    const f = fakes({ upTo: '2025-09-10' });
    const acts = createActivities(f.deps);
    // The cache holds the benchmark as an earlier read left it.
    f.cache.set(
      '^HSI',
      (allCloses.get('^HSI') ?? []).filter((c) => c.sessionDate <= '2025-09-10'),
    );
    expect(f.cache.get('^HSI')?.at(-1)?.sessionDate).toBe('2025-09-10');
    f.state.upTo = '2025-09-30';
    const study = await acts.computeStudy(computeInput({ barsSignalled: true }));
    expect(study.status).toBe('computed');
    expect(f.log.barLoads.at(-1)?.sort()).toEqual(['9988.HK', '^HSI']);
    expect(f.cache.get('^HSI')?.at(-1)?.sessionDate).toBe('2025-09-30');
  });

  it('rejects a listing without a benchmark as non-retryable', async () => {
    const acts = createActivities(fakes().deps);
    const err = await acts.computeStudy(computeInput({ listing: { ...hk, benchmark: null } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
  });
});

describe('closeStudyWindows: each window at its own close', () => {
  const windowsOf = async (acts: ReturnType<typeof createActivities>) => {
    const anchor = await acts.anchorEvent({ listing: hk, publishedAt: a04.publishedAt });
    if (anchor.windows === undefined) throw new Error('anchorEvent gave no windows');
    return anchor.windows;
  };

  it('anchors each window on its own last session, day 0 first', async () => {
    const windows = await windowsOf(createActivities(fakes().deps));
    // HKEX sessions after Monday 8 September 2025: 9, 10, 11, 12, 15 September.
    expect(windows.map((w) => [w.start, w.end, w.endSession])).toEqual([
      [0, 0, '2025-09-08'],
      [-1, 1, '2025-09-09'],
      [0, 5, '2025-09-15'],
    ]);
    // 16:00 Hong Kong time is 08:00 UTC.
    expect(windows[0]?.closesAt).toBe('2025-09-08T08:00:00.000Z');
  });

  it('writes day 0 at the day-0 close with the later windows open, each final window once, the last with the study', async () => {
    const f = fakes({ upTo: '2025-09-08' });
    const acts = createActivities(f.deps);
    const windows = await windowsOf(acts);
    const day0 = await acts.closeStudyWindows({
      ...computeInput({ windowEndSession: '2025-09-08', barsSignalled: true }),
      windows,
    });
    expect(day0.closed).toEqual([{ start: 0, end: 0 }]);
    expect([day0.final, day0.written]).toEqual([false, true]);
    const event = f.windowEvents.get(`${day0.study.studyId}@2025-09-08`);
    expect(event?.windows.map((w) => `${w.start},${w.end}:${w.status}`)).toEqual([
      '0,0:computed',
      '-1,1:open',
      '0,5:open',
    ]);
    const snap = event?.study;
    if (snap?.status !== 'computed') throw new Error('day-0 snapshot not computed');
    expect(snap.windows.map((w) => [w.start, w.end])).toEqual([[0, 0]]);
    expect(Math.max(...snap.days.map((d) => d.relativeDay))).toBe(0);
    // The README's 9988.HK row (estudy2-checked engine, all bars): AR +2.91 %, t 1.87 on 8 September 2025.
    const d0 = snap.days.find((d) => d.relativeDay === 0);
    expect(d0?.abnormalReturn).toBeCloseTo(0.0291, 4);
    expect(d0?.t).toBeCloseTo(1.87, 2);
    expect(f.stored.size).toBe(0);

    f.state.upTo = '2025-09-09';
    const plus1 = await acts.closeStudyWindows({ ...computeInput({ windowEndSession: '2025-09-09' }), windows });
    expect(plus1.closed).toEqual([{ start: -1, end: 1 }]);
    expect(plus1.final).toBe(false);

    f.state.upTo = '2025-09-15';
    const last = await acts.closeStudyWindows({ ...computeInput({ windowEndSession: '2025-09-15' }), windows });
    expect([last.final, last.closed]).toEqual([true, [{ start: 0, end: 5 }]]);
    const full = f.stored.get(last.study.studyId);
    if (full?.status !== 'computed') throw new Error('final study not written');
    // CAR[0,+5] of the README's table: +10.47 %, p 0.006; the day-0 numbers did not move when later bars arrived.
    expect(full.windows.find((w) => w.start === 0 && w.end === 5)?.car).toBeCloseTo(0.1047, 4);
    expect(full.days.find((d) => d.relativeDay === 0)?.abnormalReturn).toBe(d0?.abnormalReturn);

    const again = await acts.closeStudyWindows({ ...computeInput({ windowEndSession: '2025-09-15' }), windows });
    expect(again.written).toBe(false);
  });

  it('alerts only on the windows that just closed', async () => {
    const f = fakes({ upTo: '2025-09-15' });
    const acts = createActivities(f.deps);
    const windows = await windowsOf(acts);
    const last = await acts.closeStudyWindows({ ...computeInput({ windowEndSession: '2025-09-15' }), windows });
    const env = new MockActivityEnvironment(
      { workflowExecution: { workflowId: 'wf', runId: 'r' } },
      { logger: new DefaultLogger('ERROR') },
    );
    await env.run(acts.raiseAlerts, { study: last.study, windows: [{ start: 0, end: 5 }] });
    expect(f.log.published.map((a) => [a.window.start, a.window.end])).toEqual([[0, 5]]);
  });
});

describe('closeAndAlertWindows: the window close and its alerts in one step', () => {
  const inRun = (runId: string) =>
    new MockActivityEnvironment(
      { workflowExecution: { workflowId: 'wf', runId } },
      { logger: new DefaultLogger('ERROR') },
    );
  const closeAndAlert = async (acts: Activities, runId: string, alert?: { headline?: string }) => {
    const anchor = await acts.anchorEvent({ listing: hk, publishedAt: a04.publishedAt });
    const input = {
      ...computeInput({ windowEndSession: '2025-09-15' }),
      windows: anchor.windows ?? [],
      ...(alert === undefined ? {} : { alert }),
    };
    type Close = Activities['closeAndAlertWindows'];
    return inRun(runId).run<Parameters<Close>, Awaited<ReturnType<Close>>, Close>(acts.closeAndAlertWindows, input);
  };

  it('writes the windows that close and alerts on them only, once however often it runs', async () => {
    const f = fakes({ upTo: '2025-09-15' });
    const acts = createActivities(f.deps);
    const r = await closeAndAlert(acts, 'r1', { headline: a04.headline });
    expect([r.closed, r.final, r.written]).toEqual([[{ start: 0, end: 5 }], true, true]);
    expect(f.stored.get(r.study.studyId)?.status).toBe('computed');
    // CAR[0,+5] +10.47 %, p 0.006 passes the desk rule; [0,0] (p 0.063) and [-1,+1] did not close with this session.
    expect(r.alert).toEqual({ raised: 1 });
    expect(f.log.published.map((a) => [a.window.start, a.window.end, a.headline])).toEqual([[0, 5, a04.headline]]);
    expect(f.posted.map((a) => a.alertId)).toEqual(f.log.published.map((a) => a.alertId));
    // Temporal retrying the activity (same run): nothing written, published or POSTed again; the run still counts it.
    const again = await closeAndAlert(acts, 'r1', { headline: a04.headline });
    expect([again.written, again.alert]).toEqual([false, { raised: 1 }]);
    expect([f.log.published.length, f.posted.length]).toEqual([1, 1]);
  });

  it('returns a failed webhook call instead of failing; raiseAlerts then delivers the recorded alert once', async () => {
    const f = fakes({ upTo: '2025-09-15', webhookFailures: 1 });
    const acts = createActivities(f.deps);
    const r = await closeAndAlert(acts, 'r1', {});
    expect(r.alert?.failure).toMatch(/503/);
    expect(r.written).toBe(true);
    expect([f.log.published.length, f.posted.length]).toEqual([1, 0]);
    type Raise = Activities['raiseAlerts'];
    const retried = await inRun('r1').run<Parameters<Raise>, Awaited<ReturnType<Raise>>, Raise>(acts.raiseAlerts, {
      study: r.study,
      windows: r.closed,
    });
    expect(retried.raised).toBe(1);
    expect(f.posted.map((a) => a.alertId)).toEqual(f.log.published.map((a) => a.alertId));
    expect(f.log.published).toHaveLength(1);
  });

  it('alerts on nothing when no alert is asked (alerts off)', async () => {
    const f = fakes({ upTo: '2025-09-15' });
    const r = await closeAndAlert(createActivities(f.deps), 'r1');
    expect(r.alert).toBeUndefined();
    expect(r.written).toBe(true);
    expect([f.log.published.length, f.posted.length]).toEqual([0, 0]);
  });
});

describe('recordStudy, recordSkippedStudy and computeStudyBatch are idempotent', () => {
  it('writes a study once', async () => {
    const acts = createActivities(fakes().deps);
    const study = await acts.computeStudy(computeInput());
    expect(await acts.recordStudy({ study })).toEqual({ written: true });
    expect(await acts.recordStudy({ study })).toEqual({ written: false });
    // Another listing: a skipped study of the same (event, listing, design) would have the computed one's id.
    const skipped = {
      eventKey: qwenKey,
      newsIds: [a04.id],
      tags: [],
      listing: { ...hk, symbol: 'BABA', exchange: 'XNYS' },
      day0: null,
      reason: 'no prices',
    };
    expect((await acts.recordSkippedStudy(skipped)).written).toBe(true);
    expect((await acts.recordSkippedStudy(skipped)).written).toBe(false);
  });

  it('studies each issuer of a batch under its own event, and a second run writes nothing', async () => {
    const f = fakes();
    const acts = createActivities(f.deps);
    const first = await acts.computeStudyBatch({ newsIds: [a04.id, a05.id], recompute: false, backfillId: 'b' });
    const keys = [...f.stored.values()].map((s) => `${s.eventKey}|${s.listing.symbol}|${s.status}`).sort();
    expect(keys).toEqual([
      'nw1:alibaba:ai_model_launch:2025-09-05|9988.HK|computed',
      'nw1:alibaba:ai_model_launch:2025-09-05|BABA|computed',
      'nw1:alibaba:ai_model_launch:2025-09-24|9988.HK|computed',
      'nw1:alibaba:ai_model_launch:2025-09-24|BABA|computed',
    ]);
    // A05's Nvidia is a partner named in the headline, a mention: no Nvidia event (until tagger 0.3.0 it was one).
    expect(first).toMatchObject({ newsProcessed: 2, studiesWritten: 4, studiesExisting: 0, studiesSkipped: 0 });
    // The batch tags its stories too, once per revision.
    expect([...f.tagged.values()].map((d) => d.newsId).sort()).toEqual([a04.id, a05.id].sort());
    const tags = new Map(f.tagged);
    const second = await acts.computeStudyBatch({ newsIds: [a04.id, a05.id], recompute: false, backfillId: 'b' });
    expect(second).toMatchObject({ studiesWritten: 0, studiesExisting: 4 });
    await acts.computeStudyBatch({ newsIds: [a04.id, a05.id], recompute: true, backfillId: 'b' });
    expect(f.tagged).toEqual(tags);
  });
});

describe('raiseAlerts', () => {
  type AlertInput = { study: StudyPayload; headline?: string; windows?: { start: number; end: number }[] };
  // The SDK's activity harness supplies the calling run (the dedupe's sender).
  const raise = (env: MockActivityEnvironment, acts: Activities, input: AlertInput): Promise<{ raised: number }> =>
    env.run<[AlertInput], { raised: number }, Activities['raiseAlerts']>(acts.raiseAlerts, input);
  const run = (workflowId: string, runId: string) =>
    new MockActivityEnvironment({ workflowExecution: { workflowId, runId } }, { logger: new DefaultLogger('ERROR') });

  it('publishes each significant window once to Kafka and the webhook, and counts them across a retry', async () => {
    const f = fakes({ webhookFailures: 1 });
    const acts = createActivities(f.deps);
    const study: StudyPayload = await acts.computeStudy(computeInput());
    const env = run('wf-1', 'run-1');
    await expect(raise(env, acts, { study, headline: a04.headline })).rejects.toThrow(/503/);
    const retried = await raise(env, acts, { study, headline: a04.headline });
    expect(retried.raised).toBeGreaterThan(0);
    expect(f.log.published).toHaveLength(retried.raised);
    expect(f.posted.map((a) => a.alertId)).toEqual(f.log.published.map((a) => a.alertId));
    expect(f.log.published.every((a) => a.p < 0.05 && a.headline === a04.headline)).toBe(true);
  });

  it('raises nothing again for the same (event, listing, window) from another run', async () => {
    const f = fakes();
    const acts = createActivities(f.deps);
    const study = await acts.computeStudy(computeInput());
    const first = await raise(run('wf-1', 'run-1'), acts, { study });
    const replayed = await raise(run('wf-1', 'run-2'), acts, { study });
    const other = await raise(run('wf-again', 'run-3'), acts, { study });
    expect(first.raised).toBeGreaterThan(0);
    expect([replayed.raised, other.raised]).toEqual([0, 0]);
    expect(f.log.published).toHaveLength(first.raised);
    expect(f.posted).toHaveLength(first.raised);
  });

  it('raises nothing for a window that closed more than the configured sessions ago (history through the live path)', async () => {
    const f = fakes();
    const acts = createActivities({ ...f.deps, alertPolicy: deskDefaultPolicy(0.5) });
    const study = await acts.computeStudy(computeInput());
    const windows = [{ start: 0, end: 5 }];
    // 9988.HK's day +5 is 15 September 2025 (close 08:00 UTC); 3 more HKEX sessions close by 18 September 08:00 UTC.
    f.state.now = '2025-09-19T07:59:00Z';
    expect((await raise(run('wf', 'r1'), acts, { study, windows })).raised).toBe(1);
    f.state.now = '2025-09-19T08:01:00Z';
    const late = createActivities({ ...f.deps, alertPolicy: deskDefaultPolicy(0.5) });
    expect((await raise(run('wf2', 'r2'), late, { study, windows: [{ start: -1, end: 1 }] })).raised).toBe(0);
  });

  it('honours the configured threshold and raises nothing for a skipped study', async () => {
    const f = fakes();
    const strict = createActivities({ ...f.deps, alertPolicy: { ...deskDefaultPolicy(1e-6), maxAgeSessions: null } });
    const study = await strict.computeStudy(computeInput());
    expect((await raise(run('wf', 'r'), strict, { study })).raised).toBe(0);
    const { study: skipped } = await strict.recordSkippedStudy({
      eventKey: qwenKey,
      newsIds: [a04.id],
      tags: [],
      listing: hk,
      day0: null,
      reason: 'no prices',
    });
    expect((await raise(run('wf', 'r'), createActivities(f.deps), { study: skipped })).raised).toBe(0);
    expect(f.log.published).toEqual([]);
  });
});
