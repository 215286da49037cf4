import type { Client } from '@temporalio/client';
import type { Producer } from 'kafkajs';
import type { NewsItem } from '@newswindow/ingest';
import { encodeEvent, newsKind } from '@newswindow/ingest';
import { createProjectionCatchUp, linkStory } from '@newswindow/worker';
import type { studyNewsEvent } from '@newswindow/workflows';
import { computedWithoutDay0Ar, uniqueName, waitFor } from '@newswindow/testkit';
import type { E2eStack } from '@newswindow/worker/e2e';
import type { TriggeredNews } from './start-news-pipeline';
import { startLiveSuite } from './start-live-suite';
import type { LiveSuite } from './start-live-suite';

// Kafka → ingest consumer → event store → trigger subscription → every valid story tagged in news_tags: the stories no
// studyNewsEvent tags (no linked listing; a late story on an event whose study has completed) are tagged by the
// subscription's hooks themselves.
const story = (id: string, over: Partial<NewsItem>): NewsItem => ({
  id,
  source: 'e2e',
  language: 'en',
  publishedAt: '2025-09-05T20:00:00+08:00',
  ...over,
});
const first = story('tag-unstudied/first', {
  headline: 'Alibaba launches Qwen3-Max, its largest AI model yet',
  body: 'Alibaba Group launched Qwen3-Max, its largest artificial intelligence model, with over one trillion parameters.',
  tickers: ['BABA'],
});
const late = story('tag-unstudied/late', {
  publishedAt: '2025-09-05T22:30:00+08:00',
  headline: 'Alibaba unveils Qwen3-Max AI model with more than a trillion parameters',
  body: 'Alibaba Group unveiled its Qwen3-Max artificial intelligence model, the largest model it has launched.',
  tickers: ['BABA'],
});
const unlinked = story('tag-unstudied/macro', {
  headline: 'Stocks rally worldwide as the Federal Reserve holds interest rates steady',
  body: 'Global stock markets rallied after the Federal Reserve held interest rates steady; Treasury yields fell.',
});

describe('tagging e2e: stories no workflow tags end up in news_tags', () => {
  const run = uniqueName('e2e-tag');

  let suite: LiveSuite;
  let stack: E2eStack;
  let producer: Producer;
  let reference: LiveSuite['deps']['reference'];
  let client: Client;
  let topics: LiveSuite['topics'];
  let triggered: readonly TriggeredNews[];

  const send = (item: NewsItem) =>
    producer.send({
      topic: topics.news,
      acks: -1,
      messages: [{ key: newsKind.key(item), value: encodeEvent(newsKind.toEvent(item)) }],
    });
  const tagEvents = async (newsId: string): Promise<number> =>
    Number(
      (
        await stack.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM events WHERE type = 'NewsTagged' AND stream_id = $1`,
          [`news-${newsId}`],
        )
      ).rows[0]?.n ?? 0,
    );
  const tagRows = async (newsId: string) =>
    (
      await stack.pool.query<{ tag: string; evidence: { phrase: string }[] }>(
        `SELECT tag, evidence FROM news_tags WHERE news_id = $1`,
        [newsId],
      )
    ).rows;

  beforeAll(async () => {
    // No bars in this database: the studies are recorded as skipped at once, so the workflow completes.
    suite = await startLiveSuite({
      run,
      databasePrefix: 'nw_e2e_tag_unstudied',
      groupPrefix: 'e2e-tag',
      temporalLogLevel: 'ERROR',
    });
    ({ stack, producer, topics } = suite);
    reference = suite.deps.reference;
    client = suite.temporal.client;
    triggered = suite.pipeline.triggered;
  }, 180_000);

  afterAll(async () => {
    await suite?.stop();
  }, 60_000);

  it('tags a story with no linked listing and a late story on a completed event, once each', async () => {
    const ref = reference;
    const asStored = (n: NewsItem) => ({ ...n, ...(n.tickers === undefined ? {} : { tickers: n.tickers }) });
    expect(linkStory(asStored(unlinked), ref).events).toEqual([]);
    const eventKey = linkStory(asStored(first), ref).eventKey;
    expect(eventKey).not.toBeNull();
    expect(linkStory(asStored(late), ref).eventKey).toBe(eventKey);

    // The first story starts its event's study, which tags it and completes (skipped studies: no bars stored).
    await send(first);
    const workflowId = await waitFor(() => triggered.find((t) => t.newsId === first.id)?.workflowIds[0], {
      timeoutMs: 60_000,
      description: 'the first story triggered',
    });
    const result = await client.workflow.getHandle<typeof studyNewsEvent>(workflowId).result();
    expect(result.newsIds).toEqual([first.id]);

    // Then a story no event takes and a late one on the completed event: no workflow tags them, the trigger does.
    await send(unlinked);
    await send(late);
    await waitFor(
      () => triggered.some((t) => t.newsId === late.id) && triggered.some((t) => t.newsId === unlinked.id),
      {
        timeoutMs: 60_000,
        description: 'both stories triggered',
      },
    );
    expect(triggered.find((t) => t.newsId === unlinked.id)?.workflowIds).toEqual([]);
    expect(triggered.find((t) => t.newsId === late.id)?.workflowIds).toEqual([workflowId]);
    const described = await client.workflow.getHandle(workflowId).describe();
    expect(described.status.name).toBe('COMPLETED');

    for (const n of [first, unlinked, late]) {
      await waitFor(async () => (await tagRows(n.id)).length > 0, {
        timeoutMs: 120_000,
        description: `${n.id} in news_tags`,
      });
      expect(await tagEvents(n.id)).toBe(1);
      expect((await tagRows(n.id)).every((r) => r.evidence.length > 0)).toBe(true);
    }
    expect((await tagRows(unlinked.id)).map((r) => r.tag)).toContain('macro_market');
    expect((await tagRows(late.id)).map((r) => r.tag)).toContain('ai_model_launch');
    const view = (
      await stack.pool.query<{ similarity_key: string; novelty: number }>(
        `SELECT similarity_key, novelty FROM v_news WHERE news_id = $1`,
        [late.id],
      )
    ).rows[0];
    // Tagged on the same path as the workflow's: same event key, and a repeat of the first story.
    expect(view?.similarity_key).toBe(eventKey);
    expect(view?.novelty).toBeLessThan(100);

    // The subscription delivering the late story again (its batch failed after the hooks ran) writes no second
    // NewsTagged (key news-tagged:<id>:<revision>:<sha256>).
    await suite.pipeline.hooks.onNewsAppended(asStored(late));
    expect(triggered.filter((t) => t.newsId === late.id)).toHaveLength(2);
    expect(await tagEvents(late.id)).toBe(1);
  }, 600_000);
  it('computes no study without a day-0 abnormal return', async () => {
    await createProjectionCatchUp(stack.pool)(['studies']);
    expect(await computedWithoutDay0Ar(stack.pool)).toEqual([]);
  });
});
