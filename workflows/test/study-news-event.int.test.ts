import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowIdReusePolicy } from '@temporalio/client';
import { waitFor } from '@newswindow/testkit';
import type { StudyActivities, StudyPayload } from '../src/activity-types';
import { barClosedSignal, eventStatusQuery, newsJoinedSignal } from '../src/messages';
import { studyNewsEvent } from '../src/study-news-event';
import type { LinkedListing } from '../src/types';
import { studyWorkflowId } from '../src/workflow-ids';
import { useTemporalTestServer } from './use-temporal-test-server';

const hk: LinkedListing = {
  symbol: '9988.HK',
  exchange: 'XHKG',
  currency: 'HKD',
  benchmark: '^HSI',
  timeZone: 'Asia/Hong_Kong',
};
const nyse: LinkedListing = {
  symbol: 'BABA',
  exchange: 'XNYS',
  currency: 'USD',
  benchmark: '^GSPC',
  timeZone: 'America/New_York',
};

/** Our own fake activities (the workflow under test is real; so are the server and the worker). */
const HK_WINDOWS = [
  { start: 0, end: 0, endSession: '2025-09-08', closesAt: '2025-09-08T08:00:00.000Z' },
  { start: -1, end: 1, endSession: '2025-09-09', closesAt: '2025-09-09T08:00:00.000Z' },
  { start: 0, end: 5, endSession: '2025-09-15', closesAt: '2025-09-15T08:00:00.000Z' },
];

function fakeActivities(opts: {
  stored: Set<string>;
  unknown?: Set<string>;
  webhookDown?: boolean;
  /** anchorEvent gives each window's closing session (windows close one by one). */
  windowed?: boolean;
}) {
  const calls = {
    recorded: [] as StudyPayload[],
    skipped: [] as string[],
    alerts: 0,
    alertAttempts: 0,
    /** `Date.now()` of each alert attempt (the close's alert part and each raiseAlerts attempt) by `SYMBOL:[start,end]`. */
    alertAttemptTimes: new Map<string, number[]>(),
    watched: [] as string[],
    tagged: [] as string[][],
    computedWith: [] as string[][],
    /** `SYMBOL@session` of each closeStudyWindows call, in order. */
    closed: [] as string[],
    /** `SYMBOL:[start,end]` of each window alerted, in order. */
    windowAlerts: [] as string[],
  };
  const activities: Pick<
    StudyActivities,
    | 'tagNewsEvent'
    | 'anchorEvent'
    | 'watchBars'
    | 'computeStudy'
    | 'recordStudy'
    | 'recordSkippedStudy'
    | 'raiseAlerts'
    | 'closeStudyWindows'
    | 'closeAndAlertWindows'
  > = {
    tagNewsEvent: ({ news }) => {
      calls.tagged.push(news.map((n) => n.newsId));
      return Promise.resolve({ tags: ['ai_model_launch'], listings: [hk, nyse] });
    },
    anchorEvent: ({ listing }) => {
      if (opts.unknown?.has(listing.symbol)) {
        throw ApplicationFailure.nonRetryable(`no calendar for ${listing.exchange}`, 'UnknownCalendarError');
      }
      return Promise.resolve({
        day0: '2025-09-08',
        windowEndSession: '2025-09-15',
        windowClosesAt: '2025-09-15T08:00:00Z',
        ...(opts.windowed === true ? { day0ClosesAt: '2025-09-08T08:00:00.000Z', windows: HK_WINDOWS } : {}),
      });
    },
    closeStudyWindows: ({ eventKey, listing, day0, windowEndSession, windows }) => {
      calls.closed.push(`${listing.symbol}@${windowEndSession}`);
      const study: StudyPayload = {
        studyId: `${eventKey}|${listing.symbol}`,
        status: 'computed',
        listing: { symbol: listing.symbol, exchange: listing.exchange },
        day0,
      };
      return Promise.resolve({
        study,
        closed: windows.filter((w) => w.endSession === windowEndSession).map((w) => ({ start: w.start, end: w.end })),
        final: windows.every((w) => w.endSession <= windowEndSession),
        written: true,
      });
    },
    watchBars: ({ symbols, sessionDate }) => {
      calls.watched.push(...symbols.map((s) => `${s}@${sessionDate}`));
      return Promise.resolve(symbols.filter((s) => opts.stored.has(s)));
    },
    computeStudy: ({ eventKey, listing, day0, newsIds }) => {
      calls.computedWith.push([...newsIds]);
      if (listing.symbol === 'BABA' && opts.unknown?.has('BABA-prices')) {
        throw ApplicationFailure.nonRetryable(`no prices for ${listing.symbol}`, 'NoPricesError');
      }
      return Promise.resolve({
        studyId: `${eventKey}|${listing.symbol}`,
        status: 'computed',
        listing: { symbol: listing.symbol, exchange: listing.exchange },
        day0,
      });
    },
    recordStudy: ({ study }) => {
      calls.recorded.push(study);
      return Promise.resolve({ written: true });
    },
    recordSkippedStudy: (input) => {
      calls.skipped.push(`${input.listing.symbol}: ${input.reason}`);
      const study: StudyPayload = {
        studyId: `${input.eventKey}|${input.listing.symbol}`,
        status: 'skipped',
        reason: input.reason,
        listing: { symbol: input.listing.symbol, exchange: input.listing.exchange },
        day0: input.day0,
      };
      return Promise.resolve({ study, written: true });
    },
    // As the worker's: the close, then the alert part, whose failure is returned, not thrown.
    closeAndAlertWindows: async ({ alert, ...input }) => {
      const closed = await activities.closeStudyWindows(input);
      if (alert === undefined || closed.study.status !== 'computed') return closed;
      try {
        const { raised } = await activities.raiseAlerts({ study: closed.study, windows: closed.closed });
        return { ...closed, alert: { raised } };
      } catch (err) {
        return { ...closed, alert: { raised: 0, failure: err instanceof Error ? err.message : String(err) } };
      }
    },
    raiseAlerts: ({ study, windows }) => {
      calls.alertAttempts += 1;
      for (const w of windows ?? []) {
        const key = `${study.listing.symbol}:[${w.start},${w.end}]`;
        calls.alertAttemptTimes.set(key, [...(calls.alertAttemptTimes.get(key) ?? []), Date.now()]);
      }
      for (const w of windows ?? []) calls.windowAlerts.push(`${study.listing.symbol}:[${w.start},${w.end}]`);
      // As the real activity: Kafka is published first, then the webhook call fails retryably.
      if (opts.webhookDown === true) throw new Error('webhook http://127.0.0.1:9/alerts answered 503');
      calls.alerts += 1;
      return Promise.resolve({ raised: 1 });
    },
  };
  return { activities, calls };
}

describe('studyNewsEvent on the real Temporal dev server', () => {
  const server = useTemporalTestServer('test-study');
  /** As the live trigger: start the event's study (waiting an hour at least) or signal the story into it. */
  const startOrJoin = (o: {
    taskQueue: string;
    workflowId: string;
    eventKey: string;
    newsId: string;
    publishedAt: string;
  }) =>
    server.client.workflow.signalWithStart(studyNewsEvent, {
      taskQueue: o.taskQueue,
      workflowId: o.workflowId,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      args: [
        {
          eventKey: o.eventKey,
          news: { newsId: o.newsId, publishedAt: o.publishedAt },
          options: { minWaitMs: 3_600_000 },
        },
      ],
      signal: newsJoinedSignal,
      signalArgs: [{ newsId: o.newsId, publishedAt: o.publishedAt }],
    });

  it('computes, writes and alerts at once when the window has already closed', async () => {
    const { activities, calls } = fakeActivities({ stored: new Set(['9988.HK', '^HSI', 'BABA', '^GSPC']) });
    const eventKey = `nw1:alibaba:ai_model_launch:${randomUUID()}`;
    const result = await server.withWorker(activities, async (taskQueue) => {
      const workflowId = studyWorkflowId(eventKey);
      server.started.push(workflowId);
      return server.client.workflow.execute(studyNewsEvent, {
        taskQueue,
        workflowId,
        args: [{ eventKey, news: { newsId: 'n1', publishedAt: '2025-09-05T20:00:00+08:00', headline: 'Qwen3-Max' } }],
      });
    });
    expect(result.studies.map((s) => [s.listing.symbol, s.status, s.written, s.alerts])).toEqual([
      ['9988.HK', 'computed', true, 1],
      ['BABA', 'computed', true, 1],
    ]);
    expect(calls.recorded).toHaveLength(2);
    expect(calls.watched.sort()).toEqual([
      '9988.HK@2025-09-15',
      'BABA@2025-09-15',
      '^GSPC@2025-09-15',
      '^HSI@2025-09-15',
    ]);
  }, 60_000);

  it('waits while the window is open, lets a repeat story join, and finishes when the closing bars arrive', async () => {
    const stored = new Set<string>();
    const { activities, calls } = fakeActivities({ stored });
    const eventKey = `nw1:alibaba:ai_model_launch:${randomUUID()}`;
    const workflowId = studyWorkflowId(eventKey);
    server.started.push(workflowId);
    const result = await server.withWorker(activities, async (taskQueue) => {
      const start = (newsId: string) =>
        startOrJoin({ taskQueue, workflowId, eventKey, newsId, publishedAt: '2025-09-05T20:00:00+08:00' });
      const handle = await start('first-story');
      const status = await waitFor(
        async () => {
          const s = await handle.query(eventStatusQuery);
          return s.phase === 'waiting' && s.waitingFor.length === 4 ? s : undefined;
        },
        { timeoutMs: 20_000, description: 'the workflow to wait for the closing bars' },
      );
      expect([...status.waitingFor].sort()).toEqual([
        '9988.HK@2025-09-15',
        'BABA@2025-09-15',
        '^GSPC@2025-09-15',
        '^HSI@2025-09-15',
      ]);
      const again = await start('tenth-story');
      expect(again.signaledRunId).toBe(handle.signaledRunId);
      // Hong Kong closes first: the HK study completes, the NYSE one still waits.
      await handle.signal(barClosedSignal, { symbol: '9988.HK', sessionDate: '2025-09-15' });
      await handle.signal(barClosedSignal, { symbol: '^HSI', sessionDate: '2025-09-15' });
      await waitFor(async () => (await handle.query(eventStatusQuery)).studies.length === 1, {
        description: 'the HK study',
      });
      expect(calls.recorded.map((s) => s.listing.symbol)).toEqual(['9988.HK']);
      await handle.signal(barClosedSignal, { symbol: 'BABA', sessionDate: '2025-09-16' });
      await handle.signal(barClosedSignal, { symbol: '^GSPC', sessionDate: '2025-09-15' });
      return handle.result();
    });
    expect(result.newsIds).toEqual(['first-story', 'tenth-story']);
    expect(result.studies.map((s) => s.status)).toEqual(['computed', 'computed']);
    expect(calls.recorded.map((s) => s.listing.symbol).sort()).toEqual(['9988.HK', 'BABA']);
  }, 60_000);

  it('records a study as skipped with the reason when an activity rejects it as a business error', async () => {
    const { activities, calls } = fakeActivities({
      stored: new Set(['9988.HK', '^HSI', 'BABA', '^GSPC']),
      unknown: new Set(['9988.HK', 'BABA-prices']),
    });
    const eventKey = `nw1:alibaba:earnings:${randomUUID()}`;
    const result = await server.withWorker(activities, async (taskQueue) => {
      const workflowId = studyWorkflowId(eventKey);
      server.started.push(workflowId);
      return server.client.workflow.execute(studyNewsEvent, {
        taskQueue,
        workflowId,
        args: [{ eventKey, news: { newsId: 'n1', publishedAt: '2025-09-05' } }],
      });
    });
    expect(result.studies.map((s) => [s.listing.symbol, s.status, s.reason])).toEqual([
      ['9988.HK', 'skipped', 'no calendar for XHKG'],
      ['BABA', 'skipped', 'no prices for BABA'],
    ]);
    expect(calls.skipped.sort()).toEqual(['9988.HK: no calendar for XHKG', 'BABA: no prices for BABA']);
    expect(calls.alerts).toBe(0);
  }, 60_000);

  it('tags a story that joins the running study without computing the study again', async () => {
    const stored = new Set<string>();
    const { activities, calls } = fakeActivities({ stored });
    const eventKey = `nw1:alibaba:ai_model_launch:${randomUUID()}`;
    const workflowId = studyWorkflowId(eventKey);
    server.started.push(workflowId);
    const publishedAt = '2025-09-05T20:00:00+08:00';
    const result = await server.withWorker(activities, async (taskQueue) => {
      const start = (newsId: string) => startOrJoin({ taskQueue, workflowId, eventKey, newsId, publishedAt });
      const handle = await start('first-story');
      await waitFor(async () => (await handle.query(eventStatusQuery)).phase === 'waiting', {
        timeoutMs: 20_000,
        description: 'the workflow to wait for the closing bars',
      });
      await start('joined-story');
      await start('joined-story');
      await waitFor(() => calls.tagged.length === 2, { timeoutMs: 20_000, description: 'the joined story tagged' });
      for (const symbol of ['9988.HK', '^HSI', 'BABA', '^GSPC'])
        await handle.signal(barClosedSignal, { symbol, sessionDate: '2025-09-15' });
      return handle.result();
    });
    expect(calls.tagged).toEqual([['first-story'], ['joined-story']]);
    // One study per listing, computed once, over every story of the event.
    expect(calls.computedWith).toEqual([
      ['first-story', 'joined-story'],
      ['first-story', 'joined-story'],
    ]);
    expect(result.newsIds).toEqual(['first-story', 'joined-story']);
    expect(result.studies.map((s) => s.status)).toEqual(['computed', 'computed']);
    expect(result.failedAlerts).toBeUndefined();
  }, 60_000);

  it('records a webhook that stays down as failed alerts and completes the study', async () => {
    const { activities, calls } = fakeActivities({
      stored: new Set(['9988.HK', '^HSI', 'BABA', '^GSPC']),
      webhookDown: true,
    });
    const eventKey = `nw1:alibaba:ai_model_launch:${randomUUID()}`;
    const workflowId = studyWorkflowId(eventKey);
    server.started.push(workflowId);
    const result = await server.withWorker(activities, async (taskQueue) => {
      const handle = await server.client.workflow.start(studyNewsEvent, {
        taskQueue,
        workflowId,
        args: [
          { eventKey, news: { newsId: 'n1', publishedAt: '2025-09-05T20:00:00+08:00' }, options: { alertAttempts: 2 } },
        ],
      });
      const out = await handle.result();
      const status = await handle.query(eventStatusQuery);
      expect(status.failedAlerts?.map((f) => f.listing.symbol).sort()).toEqual(['9988.HK', 'BABA']);
      return out;
    });
    expect(result.studies.map((s) => [s.listing.symbol, s.status, s.written, s.alerts])).toEqual([
      ['9988.HK', 'computed', true, 0],
      ['BABA', 'computed', true, 0],
    ]);
    expect(calls.recorded).toHaveLength(2);
    expect(calls.alertAttempts).toBe(4);
    expect(result.failedAlerts?.map((f) => [f.listing.symbol, f.studyId, f.reason]).sort()).toEqual([
      ['9988.HK', `${eventKey}|9988.HK`, 'webhook http://127.0.0.1:9/alerts answered 503'],
      ['BABA', `${eventKey}|BABA`, 'webhook http://127.0.0.1:9/alerts answered 503'],
    ]);
  }, 60_000);

  it('computes, writes and alerts each window at its own close: day 0 before the day +1 bar, then [-1,+1], then [0,+5]', async () => {
    const stored = new Set<string>();
    const { activities, calls } = fakeActivities({ stored, windowed: true });
    const eventKey = `nw1:alibaba:ai_model_launch:${randomUUID()}`;
    const workflowId = studyWorkflowId(eventKey);
    server.started.push(workflowId);
    const symbols = ['9988.HK', '^HSI', 'BABA', '^GSPC'];
    const result = await server.withWorker(activities, async (taskQueue) => {
      const handle = await startOrJoin({
        taskQueue,
        workflowId,
        eventKey,
        newsId: 'first-story',
        publishedAt: '2025-09-05T20:00:00+08:00',
      });
      const waitingFor = async (session: string) =>
        waitFor(
          async () => {
            const s = await handle.query(eventStatusQuery);
            return s.waitingFor.length === 4 && s.waitingFor.every((w) => w.endsWith(`@${session}`)) ? s : undefined;
          },
          { timeoutMs: 20_000, description: `the workflow to wait for the bars of ${session}` },
        );
      await waitingFor('2025-09-08');
      expect(calls.closed).toEqual([]);
      for (const symbol of symbols) await handle.signal(barClosedSignal, { symbol, sessionDate: '2025-09-08' });
      // The day-0 close alone: day 0 is written and alerted, and the study then waits for day +1's bars.
      await waitingFor('2025-09-09');
      expect(calls.closed.sort()).toEqual(['9988.HK@2025-09-08', 'BABA@2025-09-08']);
      expect(calls.windowAlerts.sort()).toEqual(['9988.HK:[0,0]', 'BABA:[0,0]']);
      for (const symbol of symbols) await handle.signal(barClosedSignal, { symbol, sessionDate: '2025-09-09' });
      await waitingFor('2025-09-15');
      expect(calls.windowAlerts.filter((a) => a.endsWith('[-1,1]')).sort()).toEqual(['9988.HK:[-1,1]', 'BABA:[-1,1]']);
      expect(calls.windowAlerts.some((a) => a.endsWith('[0,5]'))).toBe(false);
      for (const symbol of symbols) await handle.signal(barClosedSignal, { symbol, sessionDate: '2025-09-15' });
      return handle.result();
    });
    expect(calls.computedWith).toEqual([]);
    expect(calls.recorded).toEqual([]);
    expect(calls.closed).toHaveLength(6);
    expect(calls.windowAlerts.filter((a) => a.startsWith('9988.HK'))).toEqual([
      '9988.HK:[0,0]',
      '9988.HK:[-1,1]',
      '9988.HK:[0,5]',
    ]);
    expect(result.studies.map((s) => [s.listing.symbol, s.status, s.alerts, s.finalWindows])).toEqual([
      [
        '9988.HK',
        'computed',
        3,
        [
          [0, 0],
          [-1, 1],
          [0, 5],
        ],
      ],
      [
        'BABA',
        'computed',
        3,
        [
          [0, 0],
          [-1, 1],
          [0, 5],
        ],
      ],
    ]);
    if (process.env.NEWSWINDOW_SAVE_HISTORY !== undefined) process.stdout.write(`history to save: ${workflowId}\n`);
  }, 60_000);

  it('retries the alert part of a window close on its own schedule and records a webhook that stays down', async () => {
    const stored = new Set(['9988.HK', '^HSI']);
    const { activities, calls } = fakeActivities({ stored, windowed: true, webhookDown: true });
    const eventKey = `nw1:alibaba:ai_model_launch:${randomUUID()}`;
    const workflowId = studyWorkflowId(eventKey);
    server.started.push(workflowId);
    const result = await server.withWorker(activities, async (taskQueue) => {
      const handle = await server.client.workflow.start(studyNewsEvent, {
        taskQueue,
        workflowId,
        args: [
          {
            eventKey,
            news: { newsId: 'n1', publishedAt: '2025-09-05T20:00:00+08:00' },
            // BABA's bars never come: it is studied when the timer gives up (at once: the window closed long ago).
            options: { alertAttempts: 3, minWaitMs: 0, closeGraceMs: 0 },
          },
        ],
      });
      return handle.result();
    });
    // Every window of both listings closed once; each alerted 3 times in all: at its close, then 2 raiseAlerts.
    expect(calls.closed).toHaveLength(6);
    expect(calls.alertAttempts).toBe(18);
    expect(calls.windowAlerts.filter((a) => a === '9988.HK:[0,0]')).toHaveLength(3);
    // As when the alert step was an activity of its own: 1 s after the first attempt, then 2 s.
    const [t1, t2, t3] = calls.alertAttemptTimes.get('9988.HK:[0,0]') ?? [];
    expect((t2 ?? 0) - (t1 ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect((t3 ?? 0) - (t2 ?? 0)).toBeGreaterThanOrEqual(2_000);
    expect(result.failedAlerts?.map((f) => f.listing.symbol).sort()).toEqual([
      '9988.HK',
      '9988.HK',
      '9988.HK',
      'BABA',
      'BABA',
      'BABA',
    ]);
    expect(new Set(result.failedAlerts?.map((f) => f.reason))).toEqual(
      new Set(['webhook http://127.0.0.1:9/alerts answered 503']),
    );
    expect(result.studies.map((s) => [s.listing.symbol, s.status, s.alerts])).toEqual([
      ['9988.HK', 'computed', 0],
      ['BABA', 'computed', 0],
    ]);
    if (process.env.NEWSWINDOW_SAVE_HISTORY !== undefined) process.stdout.write(`history to save: ${workflowId}\n`);
  }, 90_000);
});
