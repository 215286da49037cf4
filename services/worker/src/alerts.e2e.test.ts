import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import Ajv from 'ajv';
import { Redis } from 'ioredis';
import type { Consumer, Producer } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';
import type { Pool } from 'pg';
import { barKind, encodeEvent, ensureTopics, listingForSymbol, newsKind } from '@newswindow/ingest';
import type { NewsItem, PriceBar } from '@newswindow/ingest';
import { loadCalendars } from '@newswindow/reference';
import type { Session } from '@newswindow/reference';
import { deploymentNames, parseEventJson } from '@newswindow/schemas';
import { createEventStore, createPool, migrate } from '@newswindow/store';
import type { OutboxAlert } from '@newswindow/store';
import { defaultReferenceData } from '@newswindow/tagger';
import { createTestDatabase, stackConfigFromEnv, uniqueName, waitFor } from '@newswindow/testkit';
import type { TestDatabase } from '@newswindow/testkit';
import type { StudyNewsEventResult, studyNewsEvent } from '@newswindow/workflows';
import { eventStatusQuery, studyWorkflowId } from '@newswindow/workflows';
import type { AlertReceipt, AlertReceiver } from '../bench/alert-receiver';
import { startAlertReceiver } from '../bench/alert-receiver';
import { barsOf, closedSessions, marketReturns, stockReturns } from '../bench/synthetic-market';
import type { CliProcess, WorkerProcess } from '../bench/worker-process';
import { runCli, startCliProcess, startWorkerProcess } from '../bench/worker-process';
import { linkStory } from '@newswindow/tagger';

// Alerts end to end, as a desk runs newswindow: two deployments on one stack (each its own worker process, `newswindow
// consume` process, database, NEWSWINDOW_DEPLOYMENT, webhook receiver and secret) consume the same news and bar
// topics. Prices are SYNTHESIZED on the real XNAS sessions that closed before now (a live story's day 0 must be
// recent: the age limit is measured on the clock), with a planted abnormal jump on each story's day 0.

const config = stackConfigFromEnv(process.env);
const SESSIONS = 600;
const JUMP = 0.08;
const ajv = new Ajv({ allErrors: true, format: 'full' });
const schemaAccepts = ajv.compile(
  JSON.parse(
    readFileSync(require.resolve('@newswindow/schemas/json/event-window-alert.v2.schema.json'), 'utf8'),
  ) as object,
);

interface Deployment {
  readonly name: string;
  readonly taskQueue: string;
  readonly alertsTopic: string;
  readonly secret: string;
  readonly studyBaseUrl: string;
  db: TestDatabase;
  pool: Pool;
  receiver: AlertReceiver;
  worker: WorkerProcess;
  consume: CliProcess;
  /** Raw values read from the deployment's alert topic. */
  readonly onTopic: string[];
  topicConsumer: Consumer;
}

describe('alerts e2e: two deployments (worker + consume processes), webhooks, history, outage, redeliver', () => {
  const run = uniqueName('alerts');
  const topics = { news: `${run}.news`, bars: `${run}.bars` };
  const kafka = new Kafka({ clientId: run, brokers: [...config.kafkaBrokers], logLevel: logLevel.ERROR });
  const calendar = loadCalendars().get('XNAS');
  if (calendar === undefined) throw new Error('no XNAS calendar');
  const sessions = closedSessions(calendar, Date.now(), SESSIONS);
  const dates = sessions.map((s) => s.date);
  const at = (i: number): Session => {
    const s = sessions.at(i);
    if (s === undefined) throw new Error(`no session ${i}`);
    return s;
  };
  // Live stories: day 0 three sessions before the last closed one (within the 3-session age limit while the test runs,
  // even across another close). History: a day 0 about a year ago, far past the age limit.
  const D = SESSIONS - 3;
  const OLD = 300;
  const market = marketReturns(dates, 1);
  const model = (seed: number, jumpAt: number) => ({
    alpha: 0.0001,
    beta: 1.2,
    sigma: 0.005,
    jumps: { [dates[jumpAt] ?? '']: JUMP },
    seed,
  });
  const series = {
    '^GSPC': barsOf({ symbol: '^GSPC', ...listingForSymbol('^GSPC') }, dates, market, 5_000),
    AAPL: barsOf({ symbol: 'AAPL', ...listingForSymbol('AAPL') }, dates, stockReturns(market, model(2, D))),
    MSFT: barsOf({ symbol: 'MSFT', ...listingForSymbol('MSFT') }, dates, stockReturns(market, model(3, D))),
    KO: barsOf({ symbol: 'KO', ...listingForSymbol('KO') }, dates, stockReturns(market, model(4, OLD))),
    WMT: barsOf({ symbol: 'WMT', ...listingForSymbol('WMT') }, dates, stockReturns(market, model(5, OLD + 20))),
  };
  const bar = (symbol: keyof typeof series, i: number): PriceBar => {
    const b = series[symbol][i < 0 ? SESSIONS + i : i];
    if (b === undefined) throw new Error(`no bar ${symbol}@${i}`);
    return b;
  };
  const story = (symbol: string, headline: string, day0: number): NewsItem => ({
    id: `${run}-${symbol}-${dates[day0]}`,
    source: 'e2e',
    headline,
    body: `${headline}. Synthesized story of the alerts end-to-end test.`,
    // An hour after the open: day 0 is that session.
    publishedAt: new Date(at(day0).openMs + 3_600_000).toISOString(),
    language: 'en',
    tickers: [symbol],
  });
  const stories = {
    aapl: story('AAPL', 'Apple shares jump after a surprise product launch', D),
    // Each headline carries an event tag: an untagged story starts no study (the worker's study policy).
    msft: story('MSFT', 'Microsoft shares jump after it launches a surprise AI model', D),
    ko: story('KO', 'Coca-Cola shares jump after a surprise acquisition', OLD),
    wmt: story('WMT', 'Walmart shares jump after surprise earnings', OLD + 20),
  };
  const workflowIdOf = (dep: Deployment, news: NewsItem): string => {
    const linked = linkStory({ ...news, tickers: news.tickers ?? [] }, defaultReferenceData);
    return `${dep.name}:${studyWorkflowId(linked.events[0]?.eventKey ?? '')}`;
  };

  /** Resolves once the deployment's trigger has started the story's study workflow. */
  const studyStarted = (dep: Deployment, news: NewsItem): Promise<unknown> =>
    waitFor(
      async () =>
        (await client.workflow
          .getHandle(workflowIdOf(dep, news))
          .describe()
          .catch(() => undefined)) ?? false,
      { timeoutMs: 90_000, description: `${dep.name}'s study of ${news.id} started` },
    );

  /**
   * Resolves once every deployment's study of the story waits for `symbol`'s bar of the session (as a live story is in
   * before the close), so the bar is measured as the close that ends a wait.
   */
  const studiesWaitFor = async (news: NewsItem, symbol: string, session: number): Promise<void> => {
    const wanted = `${symbol}@${dates[session]}`;
    for (const dep of deployments)
      await waitFor(
        async () =>
          (
            await client.workflow
              .getHandle(workflowIdOf(dep, news))
              .query(eventStatusQuery)
              .catch(() => undefined)
          )?.waitingFor.includes(wanted) ?? false,
        { timeoutMs: 90_000, description: `${dep.name}'s study of ${news.id} waiting for ${wanted}` },
      );
  };

  let producer: Producer;
  let connection: Connection;
  let client: Client;
  const deployments: Deployment[] = [];
  let A: Deployment;
  let B: Deployment;

  const send = async (topic: string, messages: { key: string; value: string }[]): Promise<number> => {
    for (let i = 0; i < messages.length; i += 1_000)
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 1_000) });
    return Date.now();
  };
  const sendBars = (bars: readonly PriceBar[]): Promise<number> =>
    send(
      topics.bars,
      bars.map((b) => ({ key: barKind.key(b), value: encodeEvent(barKind.toEvent(b)) })),
    );
  const sendNews = (news: NewsItem): Promise<number> =>
    send(topics.news, [{ key: newsKind.key(news), value: encodeEvent(newsKind.toEvent(news)) }]);
  const outbox = async (dep: Deployment, symbol?: string): Promise<OutboxAlert[]> => {
    const r = await dep.pool.query<OutboxAlert>(
      `SELECT alert_id AS "alertId", document, webhook_status AS "webhookStatus", webhook_attempts AS "webhookAttempts",
              webhook_error AS "webhookError", published_at AS "publishedAt"
         FROM alert_outbox WHERE $1::text IS NULL OR document->'listing'->>'symbol' = $1 ORDER BY alert_id`,
      [symbol ?? null],
    );
    return r.rows;
  };
  const delivered = (dep: Deployment, symbol: string, window?: [number, number]): AlertReceipt[] =>
    dep.receiver
      .delivered()
      .filter(
        (r) =>
          r.document.data.listing.symbol === symbol &&
          (window === undefined ||
            (r.document.data.window.start === window[0] && r.document.data.window.end === window[1])),
      );
  const storedBars = async (dep: Deployment): Promise<number> =>
    Number(
      (await dep.pool.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE type = 'PriceBarClosed'`)).rows[0]
        ?.n ?? 0,
    );

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [
        topics.news,
        topics.bars,
        ...['a', 'b'].map((x) => deploymentNames(`${run}_${x}`).alertsTopic),
      ]);
    } finally {
      await admin.disconnect();
    }
    producer = kafka.producer();
    await producer.connect();
    connection = await Connection.connect({ address: config.temporalAddress });
    client = new Client({ connection, namespace: config.temporalNamespace });

    for (const x of ['a', 'b']) {
      const name = `${run}_${x}`;
      const db = await createTestDatabase(config, `nw_e2e_alerts_${x}`);
      const dep: Partial<Deployment> & Pick<Deployment, 'onTopic'> = {
        name,
        taskQueue: `${name}-studies`,
        alertsTopic: deploymentNames(name).alertsTopic,
        secret: `secret-${name}`,
        studyBaseUrl: `https://${x}.desk.example`,
        db,
        onTopic: [],
      };
      deployments.push(dep as Deployment);
      dep.pool = createPool({ ...db.connection, max: 3 });
      dep.pool.on('error', () => undefined);
      await migrate(dep.pool);
      dep.receiver = await startAlertReceiver(dep.secret!);
      dep.topicConsumer = kafka.consumer({ groupId: uniqueName(`${name}-tail`) });
      await dep.topicConsumer.connect();
      await dep.topicConsumer.subscribe({ topic: dep.alertsTopic!, fromBeginning: true });
      await dep.topicConsumer.run({
        eachMessage: ({ message }) => {
          dep.onTopic.push(message.value?.toString('utf8') ?? '');
          return Promise.resolve();
        },
      });
    }
    [A, B] = deployments as [Deployment, Deployment];
    // Each deployment as a user starts it: its own database, deployment name, task queue, trigger group and webhook.
    await Promise.all(
      deployments.map(async (dep) => {
        dep.consume = await startCliProcess(
          [
            'consume',
            '--topics',
            'news,bars',
            '--news-topic',
            topics.news,
            '--bars-topic',
            topics.bars,
            '--group',
            `${dep.name}-ingest`,
          ],
          { PGDATABASE: dep.db.name, KAFKA_BROKERS: config.kafkaBrokers.join(',') },
          'consuming',
          { readyTimeoutMs: 180_000 },
        );
        dep.worker = await startWorkerProcess(
          {
            PGDATABASE: dep.db.name,
            NEWSWINDOW_DEPLOYMENT: dep.name,
            NEWSWINDOW_TASK_QUEUE: dep.taskQueue,
            NEWSWINDOW_TRIGGER_SUBSCRIPTION: `${dep.name}-trigger`,
            NEWSWINDOW_TRIGGER_FROM_BEGINNING: '1',
            NEWSWINDOW_WORKFLOW_ID_PREFIX: `${dep.name}:`,
            ALERT_WEBHOOK_URL: dep.receiver.url,
            ALERT_WEBHOOK_SECRET: dep.secret,
            NEWSWINDOW_STUDY_BASE_URL: dep.studyBaseUrl,
            NEWSWINDOW_ALERT_ATTEMPTS: '3',
          },
          { readyTimeoutMs: 180_000 },
        );
      }),
    );

    // The history every story needs: all of the benchmark's bars but the last two sessions, the live stories' bars up
    // to the session before their day 0, the old stories' bars through their longest window.
    const history = [
      ...series['^GSPC'].slice(0, D),
      ...series.AAPL.slice(0, D),
      ...series.MSFT.slice(0, D),
      ...series.KO.slice(0, OLD + 6),
      ...series.WMT.slice(0, OLD + 26),
    ];
    await sendBars(history);
    for (const dep of deployments)
      await waitFor(async () => (await storedBars(dep)) === history.length, {
        timeoutMs: 120_000,
        intervalMs: 250,
        description: `${history.length} bars stored by ${dep.name}`,
      }).catch((err: unknown) => {
        throw new Error(`${String(err)}\nconsume: ${dep.consume.output().slice(-3_000)}`);
      });
  }, 420_000);

  afterAll(async () => {
    for (const dep of deployments) {
      const running = client?.workflow.list({
        query: `TaskQueue = '${dep.taskQueue}' AND ExecutionStatus = 'Running'`,
      });
      if (running !== undefined)
        for await (const w of running)
          await client.workflow
            .getHandle(w.workflowId)
            .terminate('alerts e2e cleanup')
            .catch(() => undefined);
    }
    await Promise.all(deployments.map(async (dep) => dep.worker?.stop()));
    await Promise.all(deployments.map(async (dep) => dep.consume?.stop()));
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
    for (const dep of deployments) {
      await dep.topicConsumer?.disconnect().catch(() => undefined);
      await dep.receiver?.close();
      const keys = await redis.keys(`${dep.name}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await dep.pool?.end();
      await dep.db.drop();
    }
    redis.disconnect();
    await producer?.disconnect();
    await connection?.close();
  }, 120_000);

  it("sends a live story's day-0 alert to the webhook once its day-0 bar is in, signed, as the documented document; [-1,+1] at day +1's", async () => {
    await sendNews(stories.aapl);
    // Nothing alerts before the day-0 close is ingested: the workflow is waiting for it.
    await studiesWaitFor(stories.aapl, 'AAPL', D);
    expect(await outbox(A, 'AAPL')).toEqual([]);
    const barsAt = await sendBars([bar('^GSPC', D), bar('AAPL', D)]);
    await waitFor(() => delivered(A, 'AAPL').length > 0, {
      timeoutMs: 90_000,
      intervalMs: 50,
      description: 'the AAPL day-0 alert at the webhook',
    });
    const [day0Alert] = delivered(A, 'AAPL');
    if (day0Alert === undefined) throw new Error('unreachable');
    process.stdout.write(`day-0 bar produced -> webhook received: ${day0Alert.receivedAtMs - barsAt} ms\n`);

    expect(day0Alert.signatureValid).toBe(true);
    expect(day0Alert.tamperingDetected).toBe(true);
    expect(schemaAccepts(day0Alert.document)).toBe(true);
    expect(parseEventJson(day0Alert.raw).ok).toBe(true);
    const a = day0Alert.document.data;
    expect(day0Alert.document).toMatchObject({ type: 'EventWindowAlert', schemaVersion: 2 });
    expect(day0Alert.alertId).toBe(a.alertId);
    expect(a).toMatchObject({
      ruleId: 'desk-default',
      listing: { symbol: 'AAPL' },
      benchmark: '^GSPC',
      model: 'market_model',
      window: { start: 0, end: 0 },
      finalWindows: [{ start: 0, end: 0 }],
      day0: at(D).date,
      day0ClosesAt: new Date(at(D).closeMs).toISOString(),
      newsIds: [stories.aapl.id],
      headline: stories.aapl.headline,
      threshold: 0.05,
    });
    expect(a.studyUrl).toBe(`${A.studyBaseUrl}/studies/${encodeURIComponent(a.studyId)}`);
    // The numbers against the prices the test made: the raw return from the two closes, the AR near the planted jump.
    expect(a.rawReturn).toBeCloseTo(bar('AAPL', D).close / bar('AAPL', D - 1).close - 1, 9);
    expect(Math.abs(a.value - JUMP)).toBeLessThan(0.02);
    expect(a.p).toBeLessThan(0.05);
    // The [-1,+1] window is not final before day +1's close: once the study has moved on to wait for day +1's bars,
    // nothing but day 0 was raised, in the outbox or at the webhook.
    await studiesWaitFor(stories.aapl, 'AAPL', D + 1);
    expect((await outbox(A, 'AAPL')).map((r) => r.document.window)).toEqual([{ start: 0, end: 0 }]);
    expect(delivered(A, 'AAPL', [-1, 1])).toEqual([]);

    await sendBars([bar('^GSPC', D + 1), bar('AAPL', D + 1)]);
    await waitFor(() => delivered(A, 'AAPL', [-1, 1]).length > 0, {
      timeoutMs: 90_000,
      intervalMs: 50,
      description: 'the AAPL [-1,+1] alert at the webhook',
    });
    const [around] = delivered(A, 'AAPL', [-1, 1]);
    expect(around?.signatureValid).toBe(true);
    expect(around?.document.data.statistic).toBe('car');
    expect(around?.document.data.finalWindows).toHaveLength(2);
    expect(around?.document.data.finalWindows).toEqual(
      expect.arrayContaining([
        { start: 0, end: 0 },
        { start: -1, end: 1 },
      ]),
    );
    expect(Math.abs((around?.document.data.value ?? 0) - JUMP)).toBeLessThan(0.03);
    expect(delivered(A, 'AAPL')).toHaveLength(2);
  }, 300_000);

  it('keeps the two deployments apart: each alert at its own webhook, signed with its own secret, on its own topic', async () => {
    await waitFor(() => delivered(B, 'AAPL').length === 2, {
      timeoutMs: 90_000,
      description: "deployment B's two AAPL alerts",
    });
    // The same story on the same bars: the same alert ids, delivered to both deployments, never across.
    expect(delivered(B, 'AAPL').map((r) => r.alertId)).toEqual(delivered(A, 'AAPL').map((r) => r.alertId));
    for (const [dep, other] of [
      [A, B],
      [B, A],
    ] as const) {
      expect(dep.receiver.receipts.every((r) => r.signatureValid)).toBe(true);
      expect(dep.receiver.receipts.every((r) => r.document.data.studyUrl?.startsWith(dep.studyBaseUrl))).toBe(true);
      expect(other.receiver.receipts.some((r) => r.document.data.studyUrl?.startsWith(dep.studyBaseUrl))).toBe(false);
    }
  }, 120_000);

  it('raises no alert for history loaded through the live path (older than the age limit), though it is significant', async () => {
    await sendNews(stories.ko);
    for (const dep of deployments) {
      await studyStarted(dep, stories.ko);
      const result: StudyNewsEventResult = await client.workflow
        .getHandle<typeof studyNewsEvent>(workflowIdOf(dep, stories.ko))
        .result();
      expect(result.studies.map((s) => [s.listing.symbol, s.status, s.day0, s.alerts])).toEqual([
        ['KO', 'computed', dates[OLD], 0],
      ]);
      // The study tables are projected best effort before the activity returns: wait for the row, bounded.
      const p = await waitFor(
        async () =>
          (
            await dep.pool.query<{ p: number }>(
              `SELECT w.car_p AS p FROM study_windows w JOIN studies s USING (study_id)
                WHERE s.symbol = 'KO' AND w.window_start = 0 AND w.window_end = 0`,
            )
          ).rows[0] ?? false,
        { timeoutMs: 30_000, description: `${dep.name}'s KO [0,0] window row` },
      );
      expect(p.p).toBeLessThan(0.05);
      expect(await outbox(dep, 'KO')).toEqual([]);
      expect(dep.receiver.receipts.filter((r) => r.document.data.listing.symbol === 'KO')).toEqual([]);
    }
  }, 180_000);

  it('raises no alert from a backfill unless it is started with --alerts', async () => {
    // A history load: the story appended to the store directly (the live path may study it too: it is too old to alert).
    await createEventStore(A.pool).appendIdempotent([
      {
        type: 'NewsPublished',
        streamId: `news-${stories.wmt.id}`,
        idempotencyKey: `NewsPublished:e2e:${stories.wmt.id}`,
        data: stories.wmt,
      },
    ]);
    const day = dates[OLD + 20] ?? '';
    const env = { NEWSWINDOW_TASK_QUEUE: A.taskQueue };
    const quiet = await runCli(['backfill', '--from', day, '--to', day, '--tickers', 'WMT', '--id', `${run}-bf`], env);
    expect(quiet.code).toBe(0);
    const wmtStudy = await waitFor(
      async () =>
        (await A.pool.query<{ status: string }>(`SELECT status FROM studies WHERE symbol = 'WMT'`)).rows[0] ?? false,
      { timeoutMs: 30_000, description: 'the WMT study row' },
    );
    expect(wmtStudy.status).toBe('computed');
    expect(await outbox(A, 'WMT')).toEqual([]);

    const loud = await runCli(
      ['backfill', '--from', day, '--to', day, '--tickers', 'WMT', '--alerts', '--id', `${run}-bf-alerts`],
      env,
    );
    expect(loud.code).toBe(0);
    const raised = await outbox(A, 'WMT');
    expect(raised.map((r) => r.document.window)).toContainEqual({ start: 0, end: 0 });
    await waitFor(() => delivered(A, 'WMT').length === raised.length, {
      timeoutMs: 30_000,
      description: 'the backfill alerts at the webhook',
    });
    expect(delivered(A, 'WMT').every((r) => r.signatureValid)).toBe(true);
    expect(B.receiver.receipts.filter((r) => r.document.data.listing.symbol === 'WMT')).toEqual([]);
  }, 240_000);

  it('retries a failing webhook with backoff, keeps what still fails in the outbox, and alerts redeliver sends it once', async () => {
    A.receiver.setDown(true);
    await sendNews(stories.msft);
    await studiesWaitFor(stories.msft, 'MSFT', D);
    await sendBars([bar('MSFT', D)]);
    // NEWSWINDOW_ALERT_ATTEMPTS=3: three attempts, 1 s then 2 s apart at least, then the outbox.
    await waitFor(async () => (await outbox(A, 'MSFT'))[0]?.webhookAttempts === 3, {
      timeoutMs: 90_000,
      description: 'three failed attempts of the MSFT day-0 alert',
    });
    const [pending] = await outbox(A, 'MSFT');
    expect(pending).toMatchObject({ webhookStatus: 'pending', webhookError: expect.stringContaining('503') as string });
    const tries = A.receiver.receipts.filter((r) => r.alertId === pending?.alertId);
    expect(tries.map((r) => r.status)).toEqual([503, 503, 503]);
    const gaps = tries.slice(1).map((r, i) => r.receivedAtMs - (tries[i]?.receivedAtMs ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(950);
    expect(gaps[1]).toBeGreaterThanOrEqual(1_950);
    // The other deployment's webhook was up: it got the same alert at once.
    await waitFor(() => delivered(B, 'MSFT').length === 1, {
      timeoutMs: 60_000,
      description: "B's MSFT alert",
    }).catch(async (err: unknown) => {
      throw new Error(
        `${String(err)}\noutbox B: ${JSON.stringify(await outbox(B))}\nreceipts B: ${JSON.stringify(B.receiver.receipts.map((r) => [r.alertId, r.status]))}\nworker B: ${B.worker.output().slice(-4_000)}`,
      );
    });

    const listed = await runCli(['alerts', 'redeliver', '--list'], { PGDATABASE: A.db.name });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(pending?.alertId);

    // The webhook is back but fails once more: the [-1,+1] alert gets through on the workflow's retry.
    A.receiver.setDown(false);
    A.receiver.failNext(1);
    await studiesWaitFor(stories.msft, 'MSFT', D + 1);
    await sendBars([bar('MSFT', D + 1)]);
    await waitFor(() => delivered(A, 'MSFT', [-1, 1]).length === 1, {
      timeoutMs: 90_000,
      description: 'the MSFT [-1,+1] alert after one retry',
    });
    const aroundId = delivered(A, 'MSFT', [-1, 1])[0]?.alertId;
    expect(A.receiver.receipts.filter((r) => r.alertId === aroundId).map((r) => r.status)).toEqual([503, 204]);
    // The workflow does not re-send the day-0 alert it gave up on: only redeliver does.
    expect(delivered(A, 'MSFT', [0, 0])).toEqual([]);

    const redeliverEnv = {
      PGDATABASE: A.db.name,
      ALERT_WEBHOOK_URL: A.receiver.url,
      ALERT_WEBHOOK_SECRET: A.secret,
    };
    const first = await runCli(['alerts', 'redeliver'], redeliverEnv);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`delivered ${pending?.alertId}`);
    const again = await runCli(['alerts', 'redeliver'], redeliverEnv);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('redelivered 0 of 0');
    const day0 = delivered(A, 'MSFT', [0, 0]);
    expect(day0.map((r) => [r.alertId, r.signatureValid])).toEqual([[pending?.alertId, true]]);
    expect((await outbox(A, 'MSFT')).map((r) => r.webhookStatus)).toEqual(['delivered', 'delivered']);
  }, 300_000);

  it('sent each (study, window, rule) once per deployment, at its webhook and on its topic', async () => {
    for (const dep of deployments) {
      await waitFor(
        async () => (await outbox(dep)).every((r) => r.webhookStatus === 'delivered' && r.publishedAt !== null),
        { timeoutMs: 60_000, description: `every alert of ${dep.name} delivered` },
      );
      const rows = await outbox(dep);
      const ids = rows.map((r) => r.alertId).sort();
      expect(rows.every((r) => r.webhookStatus === 'delivered')).toBe(true);
      const deliveredIds = dep.receiver
        .delivered()
        .map((r) => r.alertId)
        .sort();
      expect(deliveredIds).toEqual(ids);
      await waitFor(() => dep.onTopic.length >= ids.length, {
        timeoutMs: 60_000,
        description: `${ids.length} alerts on ${dep.alertsTopic}`,
      });
      const onTopic = dep.onTopic.map((raw) => {
        const parsed = parseEventJson(raw);
        if (!parsed.ok || parsed.value.type !== 'EventWindowAlert') throw new Error(`not an alert: ${raw}`);
        return parsed.value.data;
      });
      expect(onTopic.map((x) => x.alertId).sort()).toEqual(ids);
      expect(onTopic.every((x) => x.studyUrl?.startsWith(dep.studyBaseUrl))).toBe(true);
    }
  }, 120_000);
});
