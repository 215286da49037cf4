import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Consumer, Producer } from 'kafkajs';
import type { NewsItem, PriceBar } from '@newswindow/ingest';
import { barKind, encodeEvent, loadBarFile, loadNewsFile, newsKind } from '@newswindow/ingest';
import { dlqTopicFor, parseEventJson } from '@newswindow/schemas';
import type { EventWindowAlertData, StudyComputedData } from '@newswindow/schemas';
import {
  activityDeps,
  alertIdOf,
  createActivities,
  createProjectionCatchUp,
  deskDefaultPolicy,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
  windowCandidates,
  workerConfigFromEnv,
} from '@newswindow/worker';
import { studyNewsEvent, studyWorkflowId } from '@newswindow/workflows';
import type { StudyNewsEventResult } from '@newswindow/workflows';
import { computedWithoutDay0Ar, readFixtureRows, uniqueName, waitFor } from '@newswindow/testkit';
import { startE2eStack, startWorkerForTest } from '@newswindow/worker/e2e';
import type { E2eStack, WorkerForTest } from '@newswindow/worker/e2e';
import { startNewsPipeline } from './start-news-pipeline';
import type { NewsPipeline } from './start-news-pipeline';

// Kafka → ingest consumer → Postgres event store → trigger subscription → studyNewsEvent (real activities) → study in Postgres → alert on
// Kafka and at a webhook; then the same story again, by redelivery and by a second run of its workflow.
const realData = resolve(__dirname, '../../../shared/data/real');
const pricesCsv = resolve(realData, 'prices_alibaba_benchmarks_daily.csv');
const eventsCsv = resolve(realData, 'alibaba_events_2025.csv');
// A04: Alibaba's Qwen3-Max launch, Friday 2025-09-05 evening in China; day 0 is Monday 2025-09-08.
const storyId = 'alibaba-events-2025/A04';
const eventKey = 'nw1:alibaba:ai_model_launch:2025-09-05';

interface Received {
  readonly alertId: string;
  readonly body: EventWindowAlertData;
  /** The receiver verified the HMAC signature over `timestamp.body` with the shared secret. */
  readonly signed: boolean;
  readonly tamperedDetected: boolean;
  readonly wrongSecretDetected: boolean;
}

describe('pipeline e2e: Kafka → ingest → Temporal study → Postgres → alerts (Kafka + webhook)', () => {
  const run = uniqueName('e2e');
  const topics = { news: `${run}.news`, bars: `${run}.bars`, alerts: `${run}.alerts` };
  const taskQueue = `${run}-studies`;
  const workflowIdPrefix = `${run}:`;
  const workflowId = `${workflowIdPrefix}${studyWorkflowId(eventKey)}`;
  const webhookSecret = `secret-${run}`;
  const started: string[] = [];
  const startedOrTriggered = (): string[] => [...started, ...(pipeline?.startedWorkflowIds() ?? [])];

  let stack: E2eStack;
  let producer: Producer;
  let alertsConsumer: Consumer;
  let server: Server;
  let temporal: WorkerForTest;
  let client: Client;
  let pipeline: NewsPipeline;
  let activities: ReturnType<typeof createActivities>;

  const kafkaAlerts: string[] = [];
  const sentinels: string[] = [];
  const webhook = { attempts: 0, received: [] as Received[] };

  const send = async (messages: { key: string; value: string }[], topic: string): Promise<void> => {
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 500) });
    }
  };
  const storedCount = async (type: string, extra = '', params: unknown[] = []): Promise<number> => {
    const r = await stack.pool.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE type = $1 ${extra}`, [
      type,
      ...params,
    ]);
    return Number(r.rows[0]?.n ?? 0);
  };
  const newsView = async (newsId: string) =>
    (
      await stack.pool.query<{
        tags: string[];
        about_symbols: string[];
        novelty: number | null;
        similarity_key: string | null;
      }>(`SELECT tags, about_symbols, novelty, similarity_key FROM v_news WHERE news_id = $1`, [newsId])
    ).rows[0];
  const storedStudies = async (): Promise<StudyComputedData[]> => {
    const r = await stack.pool.query<{ data: StudyComputedData }>(
      `SELECT data FROM events WHERE type = 'StudyComputed' AND data->>'eventKey' = $1 ORDER BY position`,
      [eventKey],
    );
    return r.rows.map((x) => x.data);
  };
  /** Everything produced to the alerts topic before the call has been consumed once this resolves. */
  const drainAlerts = async (): Promise<void> => {
    const marker = uniqueName('sentinel');
    await producer.send({ topic: topics.alerts, acks: -1, messages: [{ key: marker, value: marker }] });
    await waitFor(() => sentinels.includes(marker), { timeoutMs: 120_000, description: 'the alerts sentinel' });
  };

  beforeAll(async () => {
    stack = await startE2eStack({
      run,
      databasePrefix: 'nw_e2e_pipeline',
      poolMax: 6,
      temporalLogLevel: 'WARN',
      topics: [topics.news, topics.bars, dlqTopicFor(topics.news), dlqTopicFor(topics.bars), topics.alerts],
    });
    producer = await stack.connectProducer();
    const workerProducer = await stack.connectProducer();

    // The webhook answers the first POST with 503: the alert must still arrive, through the activity's retries.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        webhook.attempts += 1;
        if (webhook.attempts === 1) {
          res.writeHead(503).end();
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const body = JSON.parse(raw) as { type: string; data: EventWindowAlertData };
        const header = req.headers[WEBHOOK_HEADERS.signature];
        const nowSeconds = Math.floor(Date.now() / 1000);
        const signature = typeof header === 'string' ? header : undefined;
        webhook.received.push({
          alertId: String(req.headers[WEBHOOK_HEADERS.idempotencyKey]),
          body: body.data,
          signed: verifyWebhookSignature(webhookSecret, signature, raw, { nowSeconds }),
          // A receiver detects a body changed in transit, and a secret it does not share.
          tamperedDetected: !verifyWebhookSignature(webhookSecret, signature, raw.replace('"p":', '"p": '), {
            nowSeconds,
          }),
          wrongSecretDetected: !verifyWebhookSignature(`${webhookSecret}x`, signature, raw, { nowSeconds }),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;

    alertsConsumer = stack.kafka.consumer({ groupId: uniqueName('e2e-alerts') });
    await alertsConsumer.connect();
    await alertsConsumer.subscribe({ topic: topics.alerts, fromBeginning: true });
    await alertsConsumer.run({
      eachMessage: ({ message }) => {
        const value = message.value?.toString('utf8') ?? '';
        if (value.startsWith('sentinel_')) sentinels.push(value);
        else kafkaAlerts.push(value);
        return Promise.resolve();
      },
    });

    const config = {
      ...workerConfigFromEnv({ ...process.env, PGDATABASE: stack.db.name }),
      alertsTopic: topics.alerts,
      alertWebhook: { url: webhookUrl, secret: webhookSecret },
      // The fixture is 2025 history replayed through the live path: no age limit here (alerts.e2e tests it).
      alertPolicy: { ...deskDefaultPolicy(0.05), maxAgeSessions: null },
    };
    const deps = activityDeps(config, {
      pool: stack.pool,
      redis: stack.redis,
      producer: workerProducer,
      redisPrefix: run,
    });
    temporal = await startWorkerForTest(stack, { taskQueue, activities: createActivities(deps) });
    activities = createActivities(deps);
    client = temporal.client;
    pipeline = await startNewsPipeline(stack, {
      client,
      taskQueue,
      deps,
      workflowIdPrefix,
      topics,
      groupPrefix: 'e2e',
    });
  }, 180_000);

  afterAll(async () => {
    await temporal?.terminate(new Set(startedOrTriggered()), 'e2e test cleanup');
    await pipeline?.stop();
    await alertsConsumer?.disconnect().catch(() => undefined);
    await temporal?.stop();
    if (server !== undefined) await new Promise<void>((ok) => server.close(() => ok()));
    await stack?.stop();
  }, 60_000);

  let story: NewsItem;
  let firstRunId: string;

  it('studies a real story on real bars and alerts once on Kafka and at the webhook', async () => {
    const bars = await readFixtureRows<PriceBar>(loadBarFile(pricesCsv));
    await send(
      bars.map((b) => ({ key: barKind.key(b), value: encodeEvent(barKind.toEvent(b)) })),
      topics.bars,
    );
    await waitFor(async () => (await storedCount('PriceBarClosed')) === bars.length, {
      timeoutMs: 90_000,
      intervalMs: 250,
      description: `${bars.length} bars in the event store`,
    });

    const news = await readFixtureRows<NewsItem>(loadNewsFile(eventsCsv));
    const found = news.find((n) => n.id === storyId);
    if (found === undefined) throw new Error(`${storyId} not in ${eventsCsv}`);
    story = found;
    await send([{ key: newsKind.key(story), value: encodeEvent(newsKind.toEvent(story)) }], topics.news);

    await waitFor(() => startedOrTriggered().includes(workflowId), {
      timeoutMs: 60_000,
      description: `workflow ${workflowId}`,
    });
    const handle = client.workflow.getHandle<typeof studyNewsEvent>(workflowId);
    const result = await handle.result();
    firstRunId = (await handle.describe()).runId;

    expect(result.eventKey).toBe(eventKey);
    expect(result.studies.map((s) => s.listing.symbol).sort()).toEqual(['9988.HK', 'BABA']);
    expect(result.studies.every((s) => s.status === 'computed' && s.written)).toBe(true);

    const studies = await storedStudies();
    expect(studies).toHaveLength(2);
    const hk = studies.find((s) => s.listing.symbol === '9988.HK');
    expect(hk?.status).toBe('computed');
    expect(hk?.day0).toBe('2025-09-08');
    expect(hk?.newsIds).toEqual([storyId]);

    // The tag-and-link step stored the story's tags (NewsTagged), projected into news_tags / news_listings / v_news.
    expect(await storedCount('NewsTagged', `AND stream_id = $2`, [`news-${storyId}`])).toBe(1);
    const view = await newsView(storyId);
    expect(view).toMatchObject({ similarity_key: eventKey, novelty: 100 });
    expect(view?.tags).toContain('ai_model_launch');
    expect(view?.about_symbols.sort()).toEqual(['9988.HK', 'BABA']);
    const tagRows = await stack.pool.query<{ tag: string; evidence: { phrase: string }[] }>(
      `SELECT tag, evidence FROM news_tags WHERE news_id = $1`,
      [storyId],
    );
    expect(tagRows.rows.map((r) => r.tag)).toContain('ai_model_launch');
    expect(tagRows.rows.every((r) => r.evidence.length > 0 && r.evidence.every((e) => e.phrase !== ''))).toBe(true);

    // The alerts the studies warrant, by the same rule and threshold; real data makes at least one significant.
    const expected = studies
      .flatMap((s) =>
        windowCandidates(s)
          .filter((c) => c.p < 0.05)
          .map((c) => alertIdOf(s.studyId, c.window, 'desk-default')),
      )
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(result.studies.reduce((n, s) => n + s.alerts, 0)).toBe(expected.length);

    await drainAlerts();
    const onKafka = kafkaAlerts.map((raw) => {
      const parsed = parseEventJson(raw);
      if (!parsed.ok || parsed.value.type !== 'EventWindowAlert') throw new Error(`not an EventWindowAlert: ${raw}`);
      return parsed.value.data;
    });
    expect(onKafka.map((a) => a.alertId).sort()).toEqual(expected);
    expect(onKafka.every((a) => a.eventKey === eventKey && a.p < a.threshold)).toBe(true);

    expect(webhook.attempts).toBeGreaterThan(webhook.received.length);
    expect(webhook.received.map((r) => r.alertId).sort()).toEqual(expected);
    expect(webhook.received.every((r) => r.body.alertId === r.alertId)).toBe(true);
    expect(webhook.received.every((r) => r.signed && r.tamperedDetected && r.wrongSecretDetected)).toBe(true);
  }, 600_000);

  it('writes no second study and no second alert when the story is redelivered or its workflow runs again', async () => {
    const alertsBefore = kafkaAlerts.length;
    const webhookBefore = webhook.received.length;
    const studiesBefore = await storedCount('StudyComputed');

    // Redelivery: the same message again. Ingestion dedupes it, so no new fact reaches the trigger subscription.
    await send([{ key: newsKind.key(story), value: encodeEvent(newsKind.toEvent(story)) }], topics.news);
    await waitFor(() => pipeline.ingest.stats.duplicates >= 1, {
      timeoutMs: 120_000,
      description: 'the duplicate ingested',
    });
    await pipeline.triggerCaughtUp();
    expect(pipeline.triggered.filter((t) => t.newsId === storyId)).toHaveLength(1);
    // The subscription delivers a batch again when its hooks failed: the hooks find the event's study completed.
    await pipeline.hooks.onNewsAppended({
      ...story,
      ...(story.tickers === undefined ? {} : { tickers: story.tickers }),
    });
    const described = await client.workflow.getHandle(workflowId).describe();
    expect(described.runId).toBe(firstRunId);
    expect(described.status.name).toBe('COMPLETED');
    expect(await storedCount('NewsPublished')).toBe(1);

    // Replay: the event's workflow runs again from scratch (its history gone, or reset). Idempotent writes and the
    // Redis guard keep it from writing or alerting twice.
    const againId = `${workflowId}:again`;
    started.push(againId);
    const again: StudyNewsEventResult = await client.workflow.execute(studyNewsEvent, {
      taskQueue,
      workflowId: againId,
      args: [
        {
          eventKey,
          news: {
            newsId: story.id,
            publishedAt: story.publishedAt,
            ...(story.headline === undefined ? {} : { headline: story.headline }),
          },
          options: { minWaitMs: 0 },
        },
      ],
    });
    expect(again.studies.map((s) => [s.status, s.written, s.alerts])).toEqual([
      ['computed', false, 0],
      ['computed', false, 0],
    ]);

    await drainAlerts();
    expect(await storedCount('NewsTagged')).toBe(1);
    expect(await storedCount('StudyComputed')).toBe(studiesBefore);
    expect(kafkaAlerts).toHaveLength(alertsBefore);
    expect(webhook.received).toHaveLength(webhookBefore);
  }, 600_000);

  it('tags a repeat story on the same event with the same similarity key and a lower novelty, once', async () => {
    const repeat: NewsItem = {
      ...story,
      id: `${storyId}-repeat`,
      publishedAt: new Date(Date.parse(story.publishedAt) + 3_600_000).toISOString(),
    };
    await send([{ key: newsKind.key(repeat), value: encodeEvent(newsKind.toEvent(repeat)) }], topics.news);
    await waitFor(async () => (await storedCount('NewsPublished')) === 2, {
      timeoutMs: 120_000,
      description: 'the repeat story stored',
    });
    // The event's study has completed, so the trigger starts no workflow and tags the late story itself; the
    // tag-and-link activity run on it again (twice) writes nothing more.
    await waitFor(async () => (await storedCount('NewsTagged')) === 2, {
      timeoutMs: 120_000,
      description: 'the late story tagged by the trigger',
    });
    const ref = { newsId: repeat.id, publishedAt: repeat.publishedAt };
    await activities.tagNewsEvent({ eventKey, news: [ref] });
    await activities.tagNewsEvent({ eventKey, news: [ref] });
    expect(await storedCount('NewsTagged')).toBe(2);
    // v_news is a projection: the NewsTagged event is stored before the projection runner reaches it.
    const view = await waitFor(
      async () => {
        const row = await newsView(repeat.id);
        return row?.similarity_key != null && row;
      },
      { timeoutMs: 60_000, description: 'the repeat story projected with its similarity key' },
    );
    expect(view.similarity_key).toBe(eventKey);
    expect(view.novelty).toBe(50);
    expect(view.tags).toEqual((await newsView(storyId))?.tags);
  }, 600_000);
  it('computes no study without a day-0 abnormal return', async () => {
    await createProjectionCatchUp(stack.pool)(['studies']);
    expect(await computedWithoutDay0Ar(stack.pool)).toEqual([]);
  });
});
