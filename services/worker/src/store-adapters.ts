import type { Pool } from 'pg';
import type { DailyClose, StudyComputedData, TagAggregateComputedData } from '@newswindow/schemas';
import { newsStreamId } from '@newswindow/schemas';
import type { EventStore } from '@newswindow/store';
import {
  loadDailyBars,
  loadFactorDays,
  queryAlertContext,
  queryUnadjustedOnlySessions,
  withTransaction,
  writeTagAggregates,
} from '@newswindow/store';
import type { BackfillFilter } from '@newswindow/workflows';
import type { ProjectionCatchUp } from './projection-loop';
import type {
  AlertContextReader,
  BarReader,
  FactorDayReader,
  NewsReader,
  NewsTagStore,
  StoredNews,
  StudyWriter,
  TagStudyReader,
} from './ports';

// Reads go to the store's projections (`news`, `daily_bars`, `studies`), each preceded by an on-demand catch-up of the
// projection it reads (cheap when nothing is new), so an activity sees every event committed before it asked; writes
// go through the event store as StudyComputed / TagAggregateComputed events, which the store projects.

/** Runs before every read of a projection; resolves once it is caught up with the log. */
const noCatchUp: ProjectionCatchUp = () => Promise.resolve();

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

const toNews = (r: NewsRow): StoredNews => ({
  id: r.news_id,
  source: r.source,
  publishedAt: r.published_at_raw,
  ...(r.headline === null ? {} : { headline: r.headline }),
  ...(r.body === null ? {} : { body: r.body }),
  ...(r.summary === null ? {} : { summary: r.summary }),
  ...(r.source_tickers.length === 0 ? {} : { tickers: r.source_tickers }),
  revision: r.revision,
});

function filterSql(f: BackfillFilter, params: unknown[]): string {
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

/** News reads over the `news` projection, each after catching the projection up (`catchUp`). */
export function createPgNewsReader(pool: Pool, catchUp: ProjectionCatchUp = noCatchUp): NewsReader {
  return {
    async getNews(ids) {
      if (ids.length === 0) return [];
      await catchUp(['news']);
      const r = await pool.query<NewsRow>(
        `SELECT news_id, source, headline, body, summary, published_at_raw, source_tickers, revision
           FROM news WHERE news_id = ANY($1::text[]) AND status <> 'retracted'`,
        [ids],
      );
      return r.rows.map(toNews);
    },
    async countNews(filter) {
      await catchUp(['news']);
      const params: unknown[] = [];
      const r = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM news n WHERE ${filterSql(filter, params)}`,
        params,
      );
      return Number(r.rows[0]?.n ?? 0);
    },
    async listNewsIds(filter, cursor, limit) {
      await catchUp(['news']);
      const params: unknown[] = [];
      let where = filterSql(filter, params);
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

const DAY = 86_400_000;

/**
 * `NewsTagged` events on the story's stream (`news-<id>`), idempotent on the caller's key and projected before the
 * call returns (best effort: the worker's projection loop retries); prior stories on an event from the `news`
 * projection's similarity keys, after catching it up.
 */
export function createEventStoreNewsTagStore(
  pool: Pool,
  store: Pick<EventStore, 'appendIdempotent'>,
  catchUp: ProjectionCatchUp = noCatchUp,
): NewsTagStore {
  return {
    async taggedOnEvents(windows) {
      if (windows.length === 0) return [];
      await catchUp(['news']);
      // Keys carry the day in the issuer's zone: every day from the day before a window to the day after it (UTC)
      // covers them, and the exact key lets the lookup use the similarity_key index.
      const keys: string[] = [];
      const froms: string[] = [];
      const tos: string[] = [];
      for (const w of windows) {
        for (let t = Date.parse(w.from) - DAY; t <= Date.parse(w.to) + DAY; t += DAY) {
          keys.push(`${w.family}:${new Date(t).toISOString().slice(0, 10)}`);
          froms.push(w.from);
          tos.push(w.to);
        }
      }
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

/**
 * Bar reads over the `daily_bars` projection through the store's `loadDailyBars` (a symbol's adjusted series when it
 * has one), each after catching the projection up: the bar a workflow was signalled about is then visible as soon as
 * the ingest consumer has committed it.
 */
/** The ingested factor days of a date range (`factor_days`, caught up with the log first). */
export function createPgFactorDayReader(pool: Pool, catchUp: ProjectionCatchUp = noCatchUp): FactorDayReader {
  return async (range) => {
    await catchUp(['factor_days']);
    return loadFactorDays(pool, range);
  };
}

export function createPgBarReader(pool: Pool, catchUp: ProjectionCatchUp = noCatchUp): BarReader {
  return {
    async loadCloses(symbols) {
      const out = new Map<string, DailyClose[]>(symbols.map((s) => [s, []]));
      if (symbols.length === 0) return out;
      await catchUp(['daily_bars']);
      const series = await loadDailyBars(pool, { symbols, from: '0001-01-01', to: '9999-12-31' });
      for (const s of symbols) {
        const found = series[s];
        if (found !== undefined)
          out.set(
            s,
            found.dates.map((d, i) => {
              const revision = found.revisions[i] ?? 1;
              return revision > 1
                ? { sessionDate: d, close: found.closes[i]!, revision }
                : { sessionDate: d, close: found.closes[i]! };
            }),
          );
      }
      return out;
    },
    async unadjustedOnlySessions(symbols) {
      if (symbols.length === 0) return new Map();
      await catchUp(['daily_bars']);
      const found = await queryUnadjustedOnlySessions(pool, symbols);
      return new Map(Object.entries(found).map(([s, sessions]) => [s, new Set(sessions)]));
    },
    async latestSessions(symbols) {
      await catchUp(['daily_bars']);
      const r = await pool.query<{ symbol: string; d: string }>(
        `SELECT symbol, to_char(max(session_date), 'YYYY-MM-DD') AS d FROM daily_bars
          WHERE symbol = ANY($1::text[]) GROUP BY symbol`,
        [symbols],
      );
      return new Map(r.rows.map((x) => [x.symbol, x.d]));
    },
  };
}

/**
 * Studies as `StudyComputed` events on `study-<studyId>`, appended in one transaction and idempotent on the study id
 * (a recompute appends a new version keyed by its computation time).
 */
export function createEventStoreStudyWriter(
  store: Pick<EventStore, 'appendIdempotent'>,
  project?: (studies: readonly StudyComputedData[]) => Promise<void>,
): StudyWriter {
  return {
    async appendStudies(studies, { recompute }) {
      if (studies.length === 0) return { written: 0, existing: 0 };
      const r = await store.appendIdempotent(
        studies.map((s) => ({
          type: 'StudyComputed' as const,
          data: s,
          streamId: `study-${s.studyId}`,
          idempotencyKey: recompute ? `study:${s.studyId}:${s.computedAt}` : `study:${s.studyId}`,
        })),
      );
      if (project !== undefined) await project(studies);
      return { written: r.appended, existing: r.duplicates };
    },
    async appendWindowClosed(event, finalStudy) {
      // The final study first: the window event stays the study's last, so its projection keeps every window's
      // closing session and status.
      const r = await store.appendIdempotent([
        ...(finalStudy === undefined
          ? []
          : [
              {
                type: 'StudyComputed' as const,
                data: finalStudy,
                streamId: `study-${finalStudy.studyId}`,
                idempotencyKey: `study:${finalStudy.studyId}`,
              },
            ]),
        {
          type: 'StudyWindowClosed' as const,
          data: event,
          streamId: `study-${event.studyId}`,
          idempotencyKey: `study-window:${event.studyId}:${event.session}`,
        },
      ]);
      if (project !== undefined) await project(finalStudy === undefined ? [] : [finalStudy]);
      return { written: r.appended, existing: r.duplicates };
    },
  };
}

/**
 * The computed studies of each tag under one design (study ids end with `suffix` = `|<design code>`), and which tags'
 * aggregates (id `<tag><suffix>`) no longer cover them: a study missing from the aggregate's `study_ids`, a count that
 * differs, or a study recomputed after the aggregate.
 */
export function createPgTagStudyReader(pool: Pool): TagStudyReader {
  return {
    async changeMarker() {
      const r = await pool.query<{ m: string }>(
        `SELECT coalesce(max(position), 0)::text || ':' || count(*)::text AS m FROM studies`,
      );
      return r.rows[0]?.m ?? '';
    },
    async staleTags(suffix) {
      const r = await pool.query<{ tag: string }>(
        `WITH s AS (
           SELECT unnest(tags) AS tag, study_id, computed_at FROM studies
            WHERE status = 'computed' AND day0 IS NOT NULL AND right(study_id, length($1)) = $1)
         SELECT s.tag FROM s LEFT JOIN tag_aggregates a ON a.aggregate_id = s.tag || $1
          GROUP BY s.tag, a.aggregate_id, a.study_ids, a.computed_at
         HAVING a.aggregate_id IS NULL OR count(*) <> cardinality(a.study_ids)
             OR bool_or(NOT (s.study_id = ANY(a.study_ids)) OR s.computed_at > a.computed_at)
          ORDER BY s.tag`,
        [suffix],
      );
      return r.rows.map((x) => x.tag);
    },
    async studiesOfTag(tag, suffix) {
      const r = await pool.query<{
        study_id: string;
        event_key: string;
        symbol: string;
        exchange: string;
        day0: string;
        market_index: string | null;
        computed_at: Date;
      }>(
        `SELECT study_id, event_key, symbol, exchange, to_char(day0, 'YYYY-MM-DD') AS day0, market_index, computed_at
           FROM studies WHERE status = 'computed' AND day0 IS NOT NULL AND tags @> ARRAY[$1::text]
            AND right(study_id, length($2)) = $2
          ORDER BY study_id`,
        [tag, suffix],
      );
      return r.rows.map((x) => ({
        studyId: x.study_id,
        eventKey: x.event_key,
        listing: { symbol: x.symbol, exchange: x.exchange },
        day0: x.day0,
        marketIndex: x.market_index,
        computedAt: x.computed_at.toISOString(),
      }));
    },
    async exclusively(work) {
      // One refresher at a time across processes; a busy lock means another process is refreshing right now.
      return withTransaction(pool, async (client) => {
        const r = await client.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_xact_lock(hashtext('newswindow.tag-aggregates')) AS locked`,
        );
        if (r.rows[0]?.locked !== true) return false;
        await work();
        return true;
      });
    },
    async writeAggregates(aggregates: readonly TagAggregateComputedData[]) {
      if (aggregates.length === 0) return;
      // Projected by the caller's catch-up (which waits for a runner busy elsewhere instead of skipping).
      await writeTagAggregates(pool, aggregates, { project: false });
    },
  };
}

/** The alert context from the news read models, after catching the `news` projection up. */
export function createPgAlertContextReader(
  pool: Pool,
  catchUp: ProjectionCatchUp = noCatchUp,
  issuerName: (issuerId: string) => string | undefined = () => undefined,
): AlertContextReader {
  return {
    async contextOf(newsIds, listing) {
      await catchUp(['news']);
      const row = await queryAlertContext(pool, newsIds, listing);
      const name = row.issuerId === null ? null : (issuerName(row.issuerId) ?? null);
      return {
        headline: row.headline,
        sourceUrl: row.sourceUrl,
        novelty: row.novelty,
        relevance: row.relevance,
        issuer: row.issuerId === null ? null : { id: row.issuerId, name },
      };
    },
  };
}
