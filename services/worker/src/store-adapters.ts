import type { Pool } from 'pg';
import type { EventStore } from '@newswindow/store';
import type { BackfillFilter } from '@newswindow/workflows';
import type { BarReader, DailyClose, NewsReader, StoredNews, StudyWriter } from './ports';
import type { StudyRecord } from './records';

// Reads go to the store's projections (`news`, `daily_bars`); writes go through the event store as StudyComputed
// events, which the store projects into the study tables. These SQL reads move to @newswindow/store's read helpers
// (`listNews`, `loadDailyBars`) once it exports them.

interface NewsRow {
  news_id: string;
  source: string;
  headline: string | null;
  body: string | null;
  summary: string | null;
  published_at_raw: string;
  source_tickers: string[];
}

const toNews = (r: NewsRow): StoredNews => ({
  id: r.news_id,
  source: r.source,
  publishedAt: r.published_at_raw,
  ...(r.headline === null ? {} : { headline: r.headline }),
  ...(r.body === null ? {} : { body: r.body }),
  ...(r.summary === null ? {} : { summary: r.summary }),
  ...(r.source_tickers.length === 0 ? {} : { tickers: r.source_tickers }),
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

/** News reads over the `news` projection. */
export function createPgNewsReader(pool: Pool): NewsReader {
  return {
    async getNews(ids) {
      if (ids.length === 0) return [];
      const r = await pool.query<NewsRow>(
        `SELECT news_id, source, headline, body, summary, published_at_raw, source_tickers
           FROM news WHERE news_id = ANY($1::text[]) AND status <> 'retracted'`,
        [ids],
      );
      return r.rows.map(toNews);
    },
    async countNews(filter) {
      const params: unknown[] = [];
      const r = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM news n WHERE ${filterSql(filter, params)}`,
        params,
      );
      return Number(r.rows[0]?.n ?? 0);
    },
    async listNewsIds(filter, cursor, limit) {
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

/** Bar reads over the `daily_bars` projection (adjusted bars win over unadjusted ones for the same session). */
export function createPgBarReader(pool: Pool): BarReader {
  return {
    async loadCloses(symbols) {
      const out = new Map<string, DailyClose[]>(symbols.map((s) => [s, []]));
      if (symbols.length === 0) return out;
      const r = await pool.query<{ symbol: string; d: string; close: number }>(
        `SELECT DISTINCT ON (symbol, session_date) symbol, to_char(session_date, 'YYYY-MM-DD') AS d, close
           FROM daily_bars WHERE symbol = ANY($1::text[])
          ORDER BY symbol, session_date, adjusted DESC`,
        [symbols],
      );
      for (const row of r.rows) out.get(row.symbol)?.push({ sessionDate: row.d, close: row.close });
      return out;
    },
    async latestSessions(symbols) {
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
  project?: (studies: readonly StudyRecord[]) => Promise<void>,
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
  };
}
