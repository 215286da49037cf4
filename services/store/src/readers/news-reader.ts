import type pg from 'pg';
import { newsStreamId, type NewsTaggedData } from '@newswindow/schemas';
import type { EventStore } from '../event-store';
import { noCatchUp, type ProjectionCatchUp } from './catch-up';

/** A stored news item, as the store's news projection (and its `NewsPublished` event) gives it. */
export interface StoredNews {
  readonly id: string;
  readonly source?: string;
  readonly headline?: string;
  readonly body?: string;
  readonly summary?: string;
  /** ISO-8601 with offset, or `YYYY-MM-DD`. */
  readonly publishedAt: string;
  readonly tickers?: readonly string[];
  /** The projection's revision of the story (1 when first published, +1 per correction). */
  readonly revision?: number;
}

/** The fields of a story with its optional ones absent or null (a `news` row, a `NewsPublished` event's data). */
export interface StoryFields {
  readonly id: string;
  readonly source: string;
  readonly publishedAt: string;
  readonly headline?: string | null;
  readonly body?: string | null;
  readonly summary?: string | null;
  readonly tickers?: readonly string[] | null;
  readonly revision?: number;
}

/** A {@link StoredNews} without the absent fields: the one mapping of the projection's rows and of the events. */
export const storedNews = (f: StoryFields): StoredNews => ({
  id: f.id,
  source: f.source,
  publishedAt: f.publishedAt,
  ...(f.headline == null ? {} : { headline: f.headline }),
  ...(f.body == null ? {} : { body: f.body }),
  ...(f.summary == null ? {} : { summary: f.summary }),
  ...(f.tickers == null || f.tickers.length === 0 ? {} : { tickers: f.tickers }),
  ...(f.revision === undefined ? {} : { revision: f.revision }),
});

/** Which stored news a backfill covers: published from `from` through `to` (dates), about `tickers`, tagged `tags`. */
export interface NewsSelection {
  readonly from: string;
  readonly to: string;
  readonly tickers?: readonly string[];
  readonly tags?: readonly string[];
}

/** Reads stored news (the `news` projection). */
export interface NewsReader {
  getNews(ids: readonly string[]): Promise<StoredNews[]>;
  countNews(selection: NewsSelection): Promise<number>;
  /** News ids after `cursor` (exclusive) in a stable order; `nextCursor` is the last id returned. */
  listNewsIds(
    selection: NewsSelection,
    cursor: string | null,
    limit: number,
  ): Promise<{ newsIds: string[]; nextCursor: string | null }>;
}

interface NewsRow {
  news_id: string;
  source: string;
  headline: string | null;
  body: string | null;
  summary: string | null;
  published_at_raw: string;
  source_tickers: string[];
  revision: number;
}

function selectionSql(f: NewsSelection, params: unknown[]): string {
  params.push(f.from, f.to);
  let sql = `n.status <> 'retracted' AND n.published_date BETWEEN $${params.length - 1}::date AND $${params.length}::date`;
  if (f.tickers !== undefined && f.tickers.length > 0) {
    params.push(f.tickers);
    sql += ` AND (n.source_tickers && $${params.length}::text[] OR EXISTS (SELECT 1 FROM news_listings l WHERE l.news_id = n.news_id AND l.symbol = ANY($${params.length}::text[])))`;
  }
  if (f.tags !== undefined && f.tags.length > 0) {
    params.push(f.tags);
    sql += ` AND EXISTS (SELECT 1 FROM news_tags t WHERE t.news_id = n.news_id AND t.tag = ANY($${params.length}::text[]))`;
  }
  return sql;
}

/** News reads over the `news` projection (retracted stories left out), each after catching the projection up. */
export function createNewsReader(pool: pg.Pool, catchUp: ProjectionCatchUp = noCatchUp): NewsReader {
  return {
    async getNews(ids) {
      if (ids.length === 0) return [];
      await catchUp(['news']);
      const r = await pool.query<NewsRow>(
        `SELECT news_id, source, headline, body, summary, published_at_raw, source_tickers, revision
           FROM news WHERE news_id = ANY($1::text[]) AND status <> 'retracted'`,
        [ids],
      );
      return r.rows.map((row) =>
        storedNews({
          id: row.news_id,
          source: row.source,
          publishedAt: row.published_at_raw,
          headline: row.headline,
          body: row.body,
          summary: row.summary,
          tickers: row.source_tickers,
          revision: row.revision,
        }),
      );
    },
    async countNews(selection) {
      await catchUp(['news']);
      const params: unknown[] = [];
      const r = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM news n WHERE ${selectionSql(selection, params)}`,
        params,
      );
      return Number(r.rows[0]?.n ?? 0);
    },
    async listNewsIds(selection, cursor, limit) {
      await catchUp(['news']);
      const params: unknown[] = [];
      let where = selectionSql(selection, params);
      if (cursor !== null) {
        params.push(cursor);
        where += ` AND n.news_id > $${params.length}`;
      }
      params.push(limit);
      const r = await pool.query<{ news_id: string }>(
        `SELECT n.news_id FROM news n WHERE ${where} ORDER BY n.news_id LIMIT $${params.length}`,
        params,
      );
      const newsIds = r.rows.map((x) => x.news_id);
      return { newsIds, nextCursor: newsIds.length < limit ? null : (newsIds.at(-1) ?? null) };
    },
  };
}

/** Where stories filed under one of `keys` (exact similarity keys) and published from `from` through `to` are sought. */
export interface KeyedWindow {
  readonly keys: readonly string[];
  /** ISO instant, inclusive. */
  readonly from: string;
  /** ISO instant, inclusive. */
  readonly to: string;
}

/** A tagged story filed under a similarity key. */
export interface KeyedStory {
  readonly storyId: string;
  readonly key: string;
  /** ISO instant. */
  readonly publishedAt: string;
}

/** Stores the tagger's output per story revision (`NewsTagged`) and reads the stories filed under similarity keys. */
export interface NewsTagStore {
  /** Stories under a window's keys published in that window, each once; retracted stories left out (one query). */
  storiesUnderKeys(windows: readonly KeyedWindow[]): Promise<KeyedStory[]>;
  /** Appends the events in one transaction; an idempotency key already stored is skipped. */
  appendTagged(
    events: readonly { readonly data: NewsTaggedData; readonly idempotencyKey: string }[],
  ): Promise<{ appended: number; duplicates: number }>;
}

/**
 * `NewsTagged` events on the story's stream, idempotent on the caller's key and projected before the call returns
 * (best effort: the caller's projection loop retries); stories by exact similarity key (the `similarity_key` index),
 * after catching the `news` projection up.
 */
export function createNewsTagStore(
  pool: pg.Pool,
  store: Pick<EventStore, 'appendIdempotent'>,
  catchUp: ProjectionCatchUp = noCatchUp,
): NewsTagStore {
  return {
    async storiesUnderKeys(windows) {
      const keys = windows.flatMap((w) => w.keys);
      if (keys.length === 0) return [];
      await catchUp(['news']);
      const froms = windows.flatMap((w) => w.keys.map(() => w.from));
      const tos = windows.flatMap((w) => w.keys.map(() => w.to));
      const r = await pool.query<{ news_id: string; similarity_key: string; published_at: Date }>(
        `SELECT DISTINCT n.news_id, n.similarity_key, n.published_at
           FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS w(key, from_at, to_at)
           JOIN news n ON n.similarity_key = w.key AND n.published_at BETWEEN w.from_at AND w.to_at
          WHERE n.status <> 'retracted'`,
        [keys, froms, tos],
      );
      return r.rows.map((x) => ({
        storyId: x.news_id,
        key: x.similarity_key,
        publishedAt: x.published_at.toISOString(),
      }));
    },
    async appendTagged(events) {
      if (events.length === 0) return { appended: 0, duplicates: 0 };
      const r = await store.appendIdempotent(
        events.map((e) => ({
          type: 'NewsTagged' as const,
          data: e.data,
          streamId: newsStreamId(e.data.newsId),
          idempotencyKey: e.idempotencyKey,
        })),
      );
      if (r.appended > 0) await catchUp(['news']).catch(() => undefined);
      return { appended: r.appended, duplicates: r.duplicates };
    },
  };
}
