import type pg from 'pg';
import type { TagAggregateComputedData } from '@newswindow/schemas';
import { writeTagAggregates } from '../study-writer';
import { withTransaction } from '../transaction';

/** A computed study of a tag, as the tag's aggregate needs it (the `studies` projection). */
export interface TagStudy {
  readonly studyId: string;
  readonly eventKey: string;
  readonly listing: { readonly symbol: string; readonly exchange: string };
  readonly day0: string;
  readonly marketIndex: string | null;
  readonly computedAt: string;
}

/** Reads the studies behind the tag aggregates and writes the aggregates (`TagAggregateComputed`, idempotent). */
export interface TagStudyReader {
  /** Changes whenever a study row is added or replaced (a cheap check before looking for stale tags). */
  changeMarker(): Promise<string>;
  /** Tags whose aggregate under the design (study ids ending with `suffix`) misses or predates one of their studies. */
  staleTags(suffix: string): Promise<string[]>;
  studiesOfTag(tag: string, suffix: string): Promise<TagStudy[]>;
  /** Runs `work` unless another process is refreshing the aggregates; false when it was skipped. */
  exclusively(work: () => Promise<void>): Promise<boolean>;
  /** Appends the aggregates; the caller's catch-up projects them. */
  writeAggregates(aggregates: readonly TagAggregateComputedData[]): Promise<void>;
}

/**
 * The computed studies of each tag under one design (study ids end with `suffix` = `|<design code>`), and which tags'
 * aggregates (id `<tag><suffix>`) no longer cover them: a study missing from the aggregate's `study_ids`, a count that
 * differs, or a study recomputed after the aggregate.
 */
export function createTagStudyReader(pool: pg.Pool): TagStudyReader {
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
    async writeAggregates(aggregates) {
      if (aggregates.length === 0) return;
      // Projected by the caller's catch-up (which waits for a runner busy elsewhere instead of skipping).
      await writeTagAggregates(pool, aggregates, { project: false });
    },
  };
}
