import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import type { NewsItem, PriceBar } from '@newswindow/ingest';
import { barKind, loadBarFile, loadNewsFile, newsKind, storeAddressOf } from '@newswindow/ingest';
import { createEventStore } from '@newswindow/store';
import { activityDeps, createActivities, createProjectionCatchUp, workerConfigFromEnv } from '@newswindow/worker';
import { studyNewsEvent } from '@newswindow/workflows';
import { computedWithoutDay0Ar, readFixtureRows, uniqueName } from '@newswindow/testkit';
import { startE2eStack, startWorkerForTest } from '@newswindow/worker/e2e';
import type { E2eStack, WorkerForTest } from '@newswindow/worker/e2e';

// Issue 15's live case: BABA's history is adjusted (the demo's prices file), its closes from day 0 on arrive from a
// plain CSV as unadjusted bars. A series never mixes the two kinds (see the worker README, "Adjustment policy"): the
// BABA study ends skipped with the policy's reason, at once and without an activity retry, while 9988.HK, whose
// series is whole, is computed.
const realData = resolve(__dirname, '../../../shared/data/real');
const DAY0 = '2025-09-05';
const EVENT_KEY = 'nw1:alibaba:ai_model_launch:2025-09-05';

describe('adjustment policy: live unadjusted closes for an adjusted series (Temporal, Postgres, Redis)', () => {
  const run = uniqueName('adjust');
  const taskQueue = `${run}-studies`;
  const workflowId = `${run}:${EVENT_KEY}`;
  let stack: E2eStack;
  let temporal: WorkerForTest;
  let client: Client;
  let story: NewsItem;

  beforeAll(async () => {
    stack = await startE2eStack({
      run,
      databasePrefix: 'nw_e2e_adjust',
      poolMax: 6,
      temporalLogLevel: 'WARN',
      topics: [`${run}.alerts`],
    });
    const producer = await stack.connectProducer();
    const config = {
      ...workerConfigFromEnv({ ...process.env, PGDATABASE: stack.db.name }),
      alertsTopic: `${run}.alerts`,
    };
    const deps = activityDeps(config, {
      pool: stack.pool,
      redis: stack.redis,
      producer,
      redisPrefix: run,
      catchUp: createProjectionCatchUp(stack.pool),
    });
    temporal = await startWorkerForTest(stack, { taskQueue, activities: createActivities(deps) });
    client = temporal.client;

    const all = await readFixtureRows<PriceBar>(loadBarFile(resolve(realData, 'prices_alibaba_benchmarks_daily.csv')));
    const history = all.filter((b) => !(b.symbol === 'BABA' && b.sessionDate >= DAY0));
    expect(all.find((b) => b.symbol === 'BABA')?.adjusted).toBe(true);
    // The live closes as a plain CSV of another name, read with --symbol and no --adjusted: unadjusted bars.
    const live = join(mkdtempSync(join(tmpdir(), 'nw-live-')), 'baba closes from the feed.csv');
    writeFileSync(
      live,
      [
        'date,open,high,low,close,volume',
        ...all
          .filter((b) => b.symbol === 'BABA' && b.sessionDate >= DAY0)
          .map((b) => [b.sessionDate, b.open, b.high, b.low, b.close, b.volume].join(',')),
      ].join('\n'),
    );
    const liveBars = await readFixtureRows<PriceBar>(loadBarFile(live, { symbol: 'BABA' }));
    expect(liveBars.length).toBeGreaterThan(10);
    expect(liveBars.every((b) => !b.adjusted && b.exchange === 'XNYS')).toBe(true);
    story = (await readFixtureRows<NewsItem>(loadNewsFile(resolve(realData, 'alibaba_events_2025.csv')))).find((n) =>
      n.id.endsWith('/A04'),
    )!;
    const toStore = <E extends Parameters<typeof storeAddressOf>[0]>(e: E) => ({ ...e, ...storeAddressOf(e) });
    await createEventStore(stack.pool).appendIdempotent([
      ...[...history, ...liveBars].map((b) => toStore(barKind.toEvent(b))),
      toStore(newsKind.toEvent(story)),
    ]);
  }, 180_000);

  afterAll(async () => {
    await temporal?.terminate([workflowId], 'test cleanup');
    await temporal?.stop();
    await stack?.stop();
  }, 60_000);

  it('skips the BABA study with the policy’s reason at once, computes 9988.HK, and retries no activity', async () => {
    const handle = await client.workflow.start(studyNewsEvent, {
      taskQueue,
      workflowId,
      args: [
        {
          eventKey: EVENT_KEY,
          news: { newsId: story.id, publishedAt: story.publishedAt },
          options: { minWaitMs: 0, alerts: false },
        },
      ],
    });
    const result = await handle.result();
    const bySymbol = new Map(result.studies.map((s) => [s.listing.symbol, s]));
    expect(bySymbol.get('9988.HK')?.status).toBe('computed');
    expect(bySymbol.get('BABA')).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(
        /^BABA is studied on its adjusted closes, but its close of 2025-09-0\d is stored only unadjusted and a series never mixes the two: send that close again with `newswindow ingest bars --adjusted`/,
      ) as unknown,
    });
    // The unadjusted rows are stored (nothing dropped), beside the adjusted history.
    const rows = await stack.pool.query<{ adjusted: boolean; n: string }>(
      `SELECT adjusted, count(*) AS n FROM daily_bars WHERE symbol = 'BABA' GROUP BY adjusted ORDER BY adjusted`,
    );
    expect(rows.rows.map((r) => [r.adjusted, Number(r.n) > 0])).toEqual([
      [false, true],
      [true, true],
    ]);
    // No retry loop: every activity of the run succeeded on its first attempt.
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    expect(events.filter((e) => e.activityTaskFailedEventAttributes != null)).toEqual([]);
    const attempts = events.flatMap((e) => ((e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1 ? [e] : []));
    expect(attempts).toEqual([]);
    await createProjectionCatchUp(stack.pool)(['studies']);
    expect(await computedWithoutDay0Ar(stack.pool)).toEqual([]);
  }, 300_000);
});
