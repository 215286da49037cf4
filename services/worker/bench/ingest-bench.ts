// End-to-end ingest benchmark: file → Kafka → consumer (validate, idempotent append) → Postgres, on unique topics and
// a database of its own. News is tagged with @newswindow/tagger's tagStory through the consumer's onNewsAppended port.
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Producer } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';
import type { NewsPublishedData, NewsTaggedData } from '@newswindow/schemas';
import { newsStreamId, validateNewsTagged } from '@newswindow/schemas';
import { createEventStore, createPool, migrate } from '@newswindow/store';
import { defaultReferenceData, tagStory, toNewsTagged } from '@newswindow/tagger';
import { createTestDatabase, stackConfigFromEnv, uniqueName, waitFor } from '@newswindow/testkit';
import type { Loaded, PublishSummary } from '@newswindow/ingest';
import {
  barKind,
  createIngestConsumer,
  ensureTopics,
  kafkaSettingsFromEnv,
  loadBarFile,
  loadNewsFile,
  newsKind,
  publish,
} from '@newswindow/ingest';

/** `../shared/data/real/` next to the repository root. */
const realFile = (relative: string): string => resolve(__dirname, '../../../../shared/data/real', relative);

const NEWS_COPIES = Number(process.env['BENCH_NEWS_COPIES'] ?? 4);
/** Run the producer on the consumer's thread instead of its own (the pre-2026-11 setup). */
const INLINE_PRODUCER = process.env['BENCH_PRODUCER'] === 'inline';
/** Which runs to measure (comma-separated: bars, news, news-untagged); default all. */
const ONLY = new Set((process.env['BENCH_ONLY'] ?? 'bars,news,news-untagged').split(',').map((s) => s.trim()));

async function* copies<T>(
  times: number,
  load: () => AsyncIterable<Loaded<T>>,
  rename: (v: T, copy: number) => T,
): AsyncGenerator<Loaded<T>> {
  for (let c = 0; c < times; c++)
    for await (const item of load()) yield item.ok ? { ...item, value: rename(item.value, c) } : item;
}

const news = () => loadNewsFile(realFile('fnspid/aa_news_2016_2024.csv'));
const articles = () => loadNewsFile(realFile('fnspid/aapl_news_articles_2023_2024.csv'));
async function* allNews(run: string): AsyncGenerator<Loaded<NewsPublishedData>> {
  const rename = (v: NewsPublishedData, c: number): NewsPublishedData => ({ ...v, id: `${v.id}#${run}${c}` });
  yield* copies(NEWS_COPIES, news, rename);
  yield* copies(NEWS_COPIES, articles, rename);
}

/** What each run publishes. */
type RunLabel = 'bars' | 'news' | 'news-untagged';

async function publishRun(producer: Producer, label: RunLabel, topic: string): Promise<PublishSummary> {
  return label === 'bars'
    ? publish(producer, loadBarFile(realFile('fnspid/panel50_daily_sentiment_2019_2023.csv')), barKind, {
        topic,
        batchSize: 5000,
      })
    : publish(producer, allNews(label === 'news' ? 'tagged' : 'untagged'), newsKind, { topic, batchSize: 5000 });
}

/** Messages between the bench and its producer thread. */
type ProducerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly sent: number; readonly rejected: number }
  | { readonly type: 'failed'; readonly error: string };

/**
 * The producer thread: `newswindow ingest` and `newswindow consume` are separate processes in production, so the
 * bench runs the producer on an event loop of its own (BENCH_PRODUCER=inline runs it on the consumer's thread).
 */
async function producerThread(label: RunLabel, topic: string): Promise<void> {
  const port = parentPort!;
  const settings = kafkaSettingsFromEnv(process.env, 'ingest-bench-producer');
  const kafka = new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const go = new Promise<void>((resolve) => port.once('message', () => resolve()));
    port.postMessage({ type: 'ready' } satisfies ProducerMessage);
    await go;
    const sent = await publishRun(producer, label, topic);
    port.postMessage({ type: 'done', sent: sent.sent, rejected: sent.rejected.length } satisfies ProducerMessage);
  } finally {
    await producer.disconnect();
  }
}

/** Starts the producer thread; resolves with a `go` function once it is connected. */
async function startProducerThread(
  label: RunLabel,
  topic: string,
): Promise<{ go: () => Promise<{ sent: number; rejected: number }> }> {
  // A worker does not inherit tsx's loader hooks: register tsx's require hook before loading this file again.
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, {
    eval: true,
    workerData: { label, topic },
  });
  const messages: ProducerMessage[] = [];
  const waiters: ((m: ProducerMessage) => void)[] = [];
  const next = (): Promise<ProducerMessage> =>
    new Promise((resolve) => {
      const m = messages.shift();
      if (m !== undefined) resolve(m);
      else waiters.push(resolve);
    });
  const deliver = (m: ProducerMessage): void => {
    const w = waiters.shift();
    if (w !== undefined) w(m);
    else messages.push(m);
  };
  worker.on('message', (m: ProducerMessage) => deliver(m));
  worker.on('error', (err) => deliver({ type: 'failed', error: err.stack ?? err.message }));
  const expect = async <T extends ProducerMessage['type']>(type: T): Promise<Extract<ProducerMessage, { type: T }>> => {
    const m = await next();
    if (m.type === 'failed') throw new Error(`producer thread: ${m.error}`);
    if (m.type !== type) throw new Error(`producer thread: expected ${type}, got ${m.type}`);
    return m as Extract<ProducerMessage, { type: T }>;
  };
  await expect('ready');
  return {
    go: async () => {
      worker.postMessage('go');
      const done = await expect('done');
      return { sent: done.sent, rejected: done.rejected };
    },
  };
}

async function run(): Promise<void> {
  const settings = kafkaSettingsFromEnv(process.env, 'ingest-bench');
  const kafka = new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.ERROR });
  const db = await createTestDatabase(stackConfigFromEnv(process.env), 'ingest_bench');
  const pool = createPool({ ...db.connection, max: 4 });
  await migrate(pool);
  const store = createEventStore(pool);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  const results: string[] = [];
  try {
    async function measure(label: RunLabel, tag: boolean): Promise<void> {
      const topic = uniqueName(`bench_${label}`);
      await ensureTopics(admin, [topic, `${topic}.dlq`], { partitions: 3 });
      const tagged: NewsTaggedData[] = [];
      let tagsStored = 0;
      // The consumer counts a story as appended before its onNewsAppended call returns, so the run is only
      // done once every appended story has also been tagged.
      let storiesTagged = 0;
      const flushTags = async (): Promise<void> => {
        const batch = tagged.splice(0);
        if (batch.length === 0) return;
        const r = await store.appendIdempotent(
          batch.map((data) => ({
            type: 'NewsTagged' as const,
            data,
            streamId: newsStreamId(data.newsId),
            idempotencyKey: `NewsTagged:bench:${data.newsId}`,
          })),
        );
        tagsStored += r.appended;
      };
      const consumer = createIngestConsumer({
        kafka,
        groupId: uniqueName('bench_group'),
        topics: label.startsWith('news') ? { news: topic } : { bars: topic },
        ...(process.env['BENCH_LOG'] === '1'
          ? { log: (l: string) => process.stderr.write(`${(performance.now() / 1000).toFixed(3)} ${l}\n`) }
          : {}),
        store,
        ...(tag
          ? {
              onNewsAppended: async (news: NewsPublishedData) => {
                const story = tagStory(
                  {
                    id: news.id,
                    text: news.body ?? news.summary ?? '',
                    ...(news.headline === undefined ? {} : { headline: news.headline }),
                    publishedAt: news.publishedAt,
                    ...(news.tickers === undefined ? {} : { tickers: news.tickers }),
                  },
                  defaultReferenceData,
                );
                const data = toNewsTagged(story, { newsId: news.id });
                storiesTagged += 1;
                if (validateNewsTagged(data).ok) tagged.push(data);
                if (tagged.length >= 500) await flushTags();
              },
            }
          : {}),
      });
      await consumer.start();
      await consumer.ready;
      const thread = INLINE_PRODUCER ? undefined : await startProducerThread(label, topic);
      const t0 = performance.now();
      const sent =
        thread === undefined
          ? await publishRun(producer, label, topic).then((r) => ({ sent: r.sent, rejected: r.rejected.length }))
          : await thread.go();
      const tProduced = performance.now();
      if (process.env['BENCH_LOG'] === '1')
        process.stderr.write(`${(t0 / 1000).toFixed(3)} start, ${(tProduced / 1000).toFixed(3)} produced\n`);
      await waitFor(
        () =>
          consumer.stats.appended + consumer.stats.duplicates >= sent.sent &&
          (!tag || storiesTagged >= consumer.stats.appended),
        {
          timeoutMs: 600_000,
          intervalMs: 20,
          description: `${sent.sent} ${label} stored`,
        },
      );
      await flushTags();
      const tDone = performance.now();
      await consumer.stop();
      const secs = (tDone - t0) / 1000;
      results.push(
        `${label}: ${sent.sent} messages (${sent.rejected} rejected rows) file → Kafka → consumer → Postgres in ${secs.toFixed(2)} s = ${Math.round(sent.sent / secs)} ${label}/s end to end` +
          ` (produce alone ${Math.round(sent.sent / ((tProduced - t0) / 1000))}/s; ${consumer.stats.appended} appended, ${consumer.stats.batches} batches${tag ? `, ${tagsStored} NewsTagged stored` : ''})`,
      );
      process.stderr.write(`${results[results.length - 1]}\n`);
    }

    if (ONLY.has('bars')) await measure('bars', false);
    if (ONLY.has('news')) await measure('news', true);
    // The same news without tagging, to separate the pipeline from the tagger's CPU cost.
    if (ONLY.has('news-untagged')) await measure('news-untagged', false);
    process.stdout.write(
      `\nnewswindow ingest benchmark (${cpus().length} cores, ${cpus()[0]?.model ?? '?'}):\n${results.map((r) => `  ${r}`).join('\n')}\n`,
    );
  } finally {
    await Promise.all([producer.disconnect(), admin.disconnect()]);
    await pool.end();
    await db.drop();
  }
}

const main = isMainThread
  ? run()
  : producerThread((workerData as { label: RunLabel }).label, (workerData as { topic: string }).topic);
main.catch((err: unknown) => {
  process.stderr.write(`ingest-bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
