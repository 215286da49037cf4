import type pg from 'pg';

/** One computed study with the event characteristics a cross-sectional regression uses. */
export interface StudyRegressionRow {
  readonly studyId: string;
  readonly symbol: string;
  readonly exchange: string;
  /** The listing's issuer (security master via the listing, else the tagger's link); null when neither knows it. */
  readonly issuerId: string | null;
  readonly tags: readonly string[];
  readonly day0: string | null;
  /** The study's model (`market_model`, `ff3`, …). */
  readonly model: string;
  readonly marketIndex: string | null;
  /** Highest relevance of this listing among the links of the study's stories (null: not linked by the tagger). */
  readonly relevance: number | null;
  /** Highest novelty among the study's stories (null: none scored). */
  readonly novelty: number | null;
  readonly windows: readonly { start: number; end: number; car: number | null; bhar: number | null }[];
}

/** Filters of {@link queryStudyRegressionRows}; all optional, combined with AND. */
export interface StudyRegressionQuery {
  readonly tag?: string;
  /** Day 0 from / to (inclusive, `YYYY-MM-DD`). */
  readonly from?: string;
  readonly to?: string;
  readonly symbol?: string;
  readonly model?: string;
}

/**
 * The computed studies (one row each, ordered by day 0, symbol, study id) with their windows' CAR and BHAR and the
 * characteristics of their stories: tags, the listing's relevance and the stories' novelty (the highest over the
 * study's stories), issuer.
 */
export async function queryStudyRegressionRows(
  pool: pg.Pool,
  query: StudyRegressionQuery = {},
): Promise<StudyRegressionRow[]> {
  const { rows } = await pool.query<{ row: StudyRegressionRow }>(
    `SELECT jsonb_build_object(
       'studyId', s.study_id, 'symbol', s.symbol, 'exchange', s.exchange,
       'issuerId', coalesce(
          (SELECT l.issuer_id FROM listings l WHERE l.symbol = s.symbol AND l.exchange = s.exchange),
          (SELECT max(nl.issuer_id) FROM news_listings nl
            WHERE nl.news_id = ANY(s.news_ids) AND nl.symbol = s.symbol AND nl.exchange = s.exchange)),
       'tags', to_jsonb(s.tags), 'day0', to_char(s.day0, 'YYYY-MM-DD'), 'model', s.model,
       'marketIndex', s.market_index,
       'relevance', (SELECT max(nl.relevance) FROM news_listings nl
                      WHERE nl.news_id = ANY(s.news_ids) AND nl.symbol = s.symbol AND nl.exchange = s.exchange),
       'novelty', (SELECT max(n.novelty) FROM news n WHERE n.news_id = ANY(s.news_ids)),
       'windows', coalesce((SELECT jsonb_agg(jsonb_build_object('start', w.window_start, 'end', w.window_end,
                    'car', w.car, 'bhar', w.bhar) ORDER BY w.window_start, w.window_end)
                  FROM study_windows w WHERE w.study_id = s.study_id), '[]')
     ) AS row
     FROM studies s
     WHERE s.status = 'computed'
       AND ($1::text IS NULL OR s.tags @> ARRAY[$1::text])
       AND ($2::date IS NULL OR s.day0 >= $2::date) AND ($3::date IS NULL OR s.day0 <= $3::date)
       AND ($4::text IS NULL OR s.symbol = $4) AND ($5::text IS NULL OR s.model = $5)
     ORDER BY s.day0 NULLS LAST, s.symbol, s.study_id`,
    [query.tag ?? null, query.from ?? null, query.to ?? null, query.symbol ?? null, query.model ?? null],
  );
  return rows.map((r) => r.row);
}
