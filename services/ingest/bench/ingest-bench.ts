// End-to-end ingest benchmark: file → Kafka → consumer (validate, idempotent append) → Postgres, on unique topics and
// a database of its own. News is tagged with @newswindow/tagger's tagStory through the consumer's onNewsAppended port.
import { cpus } from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import type { NewsPublishedData, NewsTaggedData } from '@newswindow/schemas';
import { newsStreamId, validateNewsTagged } from '@newswindow/schemas';
import { createEventStore } from '@newswindow/store';
import type { TaggedStory } from '@newswindow/tagger';
import { defaultReferenceData, tagStory } from '@newswindow/tagger';
import { uniqueName, waitFor } from '@newswindow/testkit';
import { kafkaSettingsFromEnv } from '../src/config/ingest-config';
import { createIngestConsumer } from '../src/consumer/ingest-consumer';
import { ensureTopics } from '../src/kafka/ensure-topics';
import type { Loaded } from '../src/loaders/load-result';
import { loadBarFile, loadNewsFile } from '../src/loaders/load-file';
import type { MessageKind } from '../src/producer/ingest-kinds';
import { barKind, newsKind } from '../src/producer/ingest-kinds';
import { publish } from '../src/producer/publish';
import { realFile } from '../src/testing/real-data';
import { createTestDatabase } from '../src/testing/test-database';

const NEWS_COPIES = Number(process.env['BENCH_NEWS_COPIES'] ?? 4);

const toTagged = (newsId: string, t: TaggedStory): NewsTaggedData => ({
  newsId,
  taggerVersion: 'tagger',
  tags: t.tags.map((tag) => ({
    type: tag.type,
    confidence: tag.confidence,
    evidence: tag.evidence.map((e) => ({ phrase: e.phrase, field: e.field, start: e.start, end: e.end, rule: e.rule })),
  })),
  about: t.about.map((l) => ({
    symbol: l.symbol,
    exchange: l.exchange,
    issuerId: l.issuerId,
    relevance: t.relevance.find((r) => r.issuerId === l.issuerId)?.relevance ?? 100,
  })),
  mentioned: t.mentioned.map((l) => ({
    symbol: l.symbol,
    exchange: l.exchange,
    issuerId: l.issuerId,
    relevance: t.relevance.find((r) => r.issuerId === l.issuerId)?.relevance ?? 0,
  })),
  novelty: 100,
  similarityKey: t.similarityKeys[0]?.key ?? `none:${newsId}`,
});

async function* copies<T>(
  times: number,
  load: () => AsyncIterable<Loaded<T>>,
  rename: (v: T, copy: number) => T,
): AsyncGenerator<Loaded<T>> {
  for (let c = 0; c < times; c++)
    for await (const item of load()) yield item.ok ? { ...item, value: rename(item.value, c) } : item;
}

async function run(): Promise<void> {
  const settings = kafkaSettingsFromEnv(process.env, 'ingest-bench');
  const kafka = new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.ERROR });
  const db = await createTestDatabase(uniqueName('ingest_bench'));
  const store = createEventStore(db.pool);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  const results: string[] = [];
  try {
    async function measure<T>(
      label: string,
      kind: MessageKind<T>,
      items: AsyncIterable<Loaded<T>>,
      tag: boolean,
    ): Promise<void> {
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
                const data = toTagged(news.id, story);
                storiesTagged += 1;
                if (validateNewsTagged(data).ok) tagged.push(data);
                if (tagged.length >= 500) await flushTags();
              },
            }
          : {}),
      });
      await consumer.start();
      await consumer.ready;
      const t0 = performance.now();
      const sent = await publish(producer, items, kind, { topic, batchSize: 5000 });
      const tProduced = performance.now();
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
        `${label}: ${sent.sent} messages (${sent.rejected.length} rejected rows) file → Kafka → consumer → Postgres in ${secs.toFixed(2)} s = ${Math.round(sent.sent / secs)} ${label}/s end to end` +
          ` (produce alone ${Math.round(sent.sent / ((tProduced - t0) / 1000))}/s; ${consumer.stats.appended} appended, ${consumer.stats.batches} batches${tag ? `, ${tagsStored} NewsTagged stored` : ''})`,
      );
      process.stderr.write(`${results[results.length - 1]}\n`);
    }

    await measure('bars', barKind, loadBarFile(realFile('fnspid/panel50_daily_sentiment_2019_2023.csv')), false);
    const news = () => loadNewsFile(realFile('fnspid/aa_news_2016_2024.csv'));
    const articles = () => loadNewsFile(realFile('fnspid/aapl_news_articles_2023_2024.csv'));
    async function* allNews(run: string): AsyncGenerator<Loaded<NewsPublishedData>> {
      const rename = (v: NewsPublishedData, c: number): NewsPublishedData => ({ ...v, id: `${v.id}#${run}${c}` });
      yield* copies(NEWS_COPIES, news, rename);
      yield* copies(NEWS_COPIES, articles, rename);
    }
    await measure('news', newsKind, allNews('tagged'), true);
    // The same news without tagging, to separate the pipeline from the tagger's CPU cost.
    await measure('news-untagged', newsKind, allNews('untagged'), false);
    process.stdout.write(
      `\nnewswindow ingest benchmark (${cpus().length} cores, ${cpus()[0]?.model ?? '?'}):\n${results.map((r) => `  ${r}`).join('\n')}\n`,
    );
  } finally {
    await Promise.all([producer.disconnect(), admin.disconnect()]);
    await db.drop();
  }
}

run().catch((err: unknown) => {
  process.stderr.write(`ingest-bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
