import type {
  ListingRef,
  StudyBarProvenance,
  StudyBase,
  StudyDay,
  StudyParameters,
  StudyWindow,
} from '@newswindow/schemas';
import type pg from 'pg';
import type { StudyFactorBetas } from './study-factor-betas';

/** One listing's closes in columnar form, ascending by date. */
export interface DailySeries {
  readonly symbol: string;
  readonly exchange: string;
  readonly currency: string;
  readonly adjusted: boolean;
  /** Session dates `YYYY-MM-DD`. */
  readonly dates: readonly string[];
  readonly closes: readonly number[];
  /** The bar revision of each close (1 as first stored, ≥ 2 once corrected: `PriceBarCorrected`). */
  readonly revisions: readonly number[];
}

/** Options of {@link loadDailyBars}. */
export interface LoadDailyBarsOptions {
  readonly symbols: readonly string[];
  /** First session date, inclusive (`YYYY-MM-DD`). */
  readonly from: string;
  /** Last session date, inclusive. */
  readonly to: string;
  /** `true`/`false` for one kind of bars; `'prefer'` (default): the adjusted series of a symbol when it has one. */
  readonly adjusted?: boolean | 'prefer';
}

/** Daily closes per symbol (symbols without bars in the range are absent). One query. */
export async function loadDailyBars(
  pool: pg.Pool,
  options: LoadDailyBarsOptions,
): Promise<Record<string, DailySeries>> {
  const adjusted = options.adjusted ?? 'prefer';
  const { rows } = await pool.query<{
    symbol: string;
    exchange: string;
    currency: string;
    adjusted: boolean;
    d: string;
    close: number;
    revision: number;
  }>(
    `SELECT symbol, exchange, currency, adjusted, to_char(session_date, 'YYYY-MM-DD') AS d, close, revision FROM (
       SELECT b.*, bool_or(b.adjusted) OVER (PARTITION BY b.symbol) AS has_adjusted FROM daily_bars b
       WHERE b.symbol = ANY($1::text[]) AND b.session_date BETWEEN $2::date AND $3::date
         AND ($4::boolean IS NULL OR b.adjusted = $4::boolean)) x
     WHERE ($4::boolean IS NOT NULL OR adjusted = has_adjusted)
     ORDER BY symbol, session_date, exchange`,
    [options.symbols, options.from, options.to, adjusted === 'prefer' ? null : adjusted],
  );
  const out: Record<
    string,
    {
      symbol: string;
      exchange: string;
      currency: string;
      adjusted: boolean;
      dates: string[];
      closes: number[];
      revisions: number[];
    }
  > = {};
  for (const r of rows) {
    const series = (out[r.symbol] ??= {
      symbol: r.symbol,
      exchange: r.exchange,
      currency: r.currency,
      adjusted: r.adjusted,
      dates: [],
      closes: [],
      revisions: [],
    });
    if (series.dates[series.dates.length - 1] === r.d) continue; // same symbol on two exchanges: first exchange wins
    series.dates.push(r.d);
    series.closes.push(r.close);
    series.revisions.push(r.revision);
  }
  return out;
}

/**
 * The sessions each symbol has only as unadjusted bars although it has adjusted ones: the closes {@link loadDailyBars}
 * leaves out of its (adjusted) series, since a series never mixes the two kinds. Symbols without such sessions are
 * absent. One query.
 */
export async function queryUnadjustedOnlySessions(
  pool: pg.Pool,
  symbols: readonly string[],
): Promise<Record<string, string[]>> {
  const { rows } = await pool.query<{ symbol: string; sessions: string[] }>(
    `SELECT u.symbol, array_agg(DISTINCT to_char(u.session_date, 'YYYY-MM-DD') ORDER BY to_char(u.session_date, 'YYYY-MM-DD')) AS sessions
       FROM daily_bars u
      WHERE u.symbol = ANY($1::text[]) AND NOT u.adjusted
        AND EXISTS (SELECT 1 FROM daily_bars a WHERE a.symbol = u.symbol AND a.adjusted)
        AND NOT EXISTS (SELECT 1 FROM daily_bars a
                         WHERE a.symbol = u.symbol AND a.adjusted AND a.session_date = u.session_date)
      GROUP BY u.symbol`,
    [symbols],
  );
  return Object.fromEntries(rows.map((r) => [r.symbol, r.sessions]));
}

/** A story's own fields (the `news` read model), as both the backfill listing and the analysts' API show them. */
export interface NewsRecord {
  readonly id: string;
  readonly source: string;
  readonly url: string | null;
  readonly headline: string | null;
  readonly summary: string | null;
  readonly body: string | null;
  /** As given by the source (ISO with offset or `YYYY-MM-DD`). */
  readonly publishedAt: string;
  readonly publishedDate: string;
  readonly language: string;
  readonly status: 'published' | 'corrected' | 'retracted';
  readonly revision: number;
}

/** A story as listed for backfills. */
export interface NewsListItem extends NewsRecord {
  readonly sourceTickers: readonly string[];
  readonly tags: readonly string[];
  readonly about: readonly ListingRef[];
  readonly similarityKey: string | null;
  readonly novelty: number | null;
}

/** Options of {@link listNews}. */
export interface ListNewsOptions {
  /** First publication date (as written by the source), inclusive. */
  readonly from: string;
  /** Last publication date, inclusive. */
  readonly to: string;
  /** Stories whose source tickers or linked `about` listings include one of these symbols. */
  readonly tickers?: readonly string[];
  /** Stories tagged with one of these. */
  readonly tags?: readonly string[];
  /** Page after this story id (ids ascend). */
  readonly afterId?: string;
  readonly limit: number;
  /** Include retracted stories (default false). */
  readonly includeRetracted?: boolean;
}

/** One page of stories ordered by id, with the cursor of the next page (null at the end). */
export async function listNews(
  pool: pg.Pool,
  options: ListNewsOptions,
): Promise<{ readonly items: NewsListItem[]; readonly nextAfterId: string | null }> {
  const { rows } = await pool.query<{
    news_id: string;
    source: string;
    url: string | null;
    headline: string | null;
    summary: string | null;
    body: string | null;
    published_at_raw: string;
    published_date: string;
    language: string;
    status: NewsListItem['status'];
    revision: number;
    source_tickers: string[];
    tags: string[];
    about: ListingRef[];
    similarity_key: string | null;
    novelty: number | null;
  }>(
    `SELECT n.news_id, n.source, n.url, n.headline, n.summary, n.body, n.published_at_raw,
            to_char(n.published_date, 'YYYY-MM-DD') AS published_date, n.language, n.status, n.revision, n.source_tickers,
            coalesce((SELECT array_agg(t.tag ORDER BY t.confidence DESC, t.tag) FROM news_tags t WHERE t.news_id = n.news_id), '{}') AS tags,
            coalesce((SELECT jsonb_agg(jsonb_build_object('symbol', l.symbol, 'exchange', l.exchange) ORDER BY l.relevance DESC, l.symbol)
                      FROM news_listings l WHERE l.news_id = n.news_id AND l.role = 'about'), '[]') AS about,
            n.similarity_key, n.novelty
     FROM news n
     WHERE n.published_date BETWEEN $1::date AND $2::date
       AND ($3::text IS NULL OR n.news_id > $3)
       AND ($4::boolean OR n.status <> 'retracted')
       AND ($5::text[] IS NULL OR n.source_tickers && $5::text[]
            OR EXISTS (SELECT 1 FROM news_listings l WHERE l.news_id = n.news_id AND l.role = 'about' AND l.symbol = ANY($5::text[])))
       AND ($6::text[] IS NULL OR EXISTS (SELECT 1 FROM news_tags t WHERE t.news_id = n.news_id AND t.tag = ANY($6::text[])))
     ORDER BY n.news_id
     LIMIT $7`,
    [
      options.from,
      options.to,
      options.afterId ?? null,
      options.includeRetracted ?? false,
      options.tickers ?? null,
      options.tags ?? null,
      options.limit,
    ],
  );
  const items = rows.map((r): NewsListItem => ({
    id: r.news_id,
    source: r.source,
    url: r.url,
    headline: r.headline,
    summary: r.summary,
    body: r.body,
    publishedAt: r.published_at_raw,
    publishedDate: r.published_date,
    language: r.language,
    status: r.status,
    revision: r.revision,
    sourceTickers: r.source_tickers,
    tags: r.tags,
    about: r.about,
    similarityKey: r.similarity_key,
    novelty: r.novelty,
  }));
  const last = items[items.length - 1];
  return { items, nextAfterId: items.length === options.limit && last !== undefined ? last.id : null };
}

/**
 * A stored study with its windows and per-day ARs: the event payload's fields, with the fit flattened into columns,
 * the reason null for computed studies, and every day's t and p present (null where undefined).
 */
export interface StudyRecord extends StudyBase, StudyFactorBetas {
  /** `open` while one of its event windows is (the final windows have their numbers, the open ones none). */
  readonly status: 'open' | 'computed' | 'skipped';
  readonly reason: string | null;
  readonly alpha: number | null;
  readonly beta: number | null;
  readonly sigma: number | null;
  readonly estimationLength: number | null;
  readonly windows: readonly StudyWindow[];
  readonly days: readonly Required<StudyDay>[];
  /** The bars it read and the corrected revisions it used (null: computed before bar provenance, or skipped). */
  readonly bars: StudyBarProvenance | null;
  /**
   * Bars it read that were corrected since (`v_stale_studies`): non-empty while its recompute is pending (the worker
   * recomputes a study when a bar it read is corrected; the new version names the revision in `bars.corrected`).
   */
  readonly staleBars: readonly StaleBar[];
}

/** A bar a study read at `usedRevision` that now has `currentRevision` (a `PriceBarCorrected` since). */
export interface StaleBar {
  readonly symbol: string;
  readonly sessionDate: string;
  readonly usedRevision: number;
  readonly currentRevision: number;
  readonly reason: string | null;
}

/** Filters of {@link queryStudies}; all optional, combined with AND. */
export interface StudyQuery {
  /** A symbol (`9988.HK`) or a listing. */
  readonly listing?: string | ListingRef;
  readonly day0?: string;
  readonly tag?: string;
  readonly eventKey?: string;
  readonly studyId?: string;
  readonly status?: 'open' | 'computed' | 'skipped';
  /** Default 1 000. */
  readonly limit?: number;
}

/** Studies with their windows and days, ordered by day 0, symbol, study id. */
export async function queryStudies(pool: pg.Pool, query: StudyQuery = {}): Promise<StudyRecord[]> {
  const listing = typeof query.listing === 'string' ? { symbol: query.listing } : query.listing;
  const { rows } = await pool.query<{ record: StudyRecord }>(
    `SELECT jsonb_build_object(
       'studyId', s.study_id, 'eventKey', s.event_key, 'newsIds', to_jsonb(s.news_ids),
       'listing', jsonb_build_object('symbol', s.symbol, 'exchange', s.exchange), 'tags', to_jsonb(s.tags),
       'day0', to_char(s.day0, 'YYYY-MM-DD'), 'status', s.status, 'reason', s.skip_reason, 'parameters', s.parameters,
       'engineVersion', s.engine_version, 'alpha', s.alpha, 'beta', s.beta, 'sigma', s.sigma,
       'estimationLength', s.estimation_length, 'betaMktRf', s.beta_mkt_rf, 'betaSmb', s.beta_smb,
       'betaHml', s.beta_hml, 'betaMom', s.beta_mom, 'betaRmw', s.beta_rmw, 'betaCma', s.beta_cma,
       'computedAt', to_char(s.computed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'windows', coalesce((SELECT jsonb_agg(jsonb_build_object('start', w.window_start, 'end', w.window_end, 'car', w.car,
                    'carT', w.car_t, 'carP', w.car_p, 'bhar', w.bhar, 'bharT', w.bhar_t, 'bharP', w.bhar_p, 'nDays', w.n_days)
                    ORDER BY w.window_start, w.window_end) FROM study_windows w WHERE w.study_id = s.study_id), '[]'),
       'days', coalesce((SELECT jsonb_agg(jsonb_build_object('relativeDay', d.relative_day,
                    'date', to_char(d.session_date, 'YYYY-MM-DD'), 'return', d.return, 'marketReturn', d.market_return,
                    'expectedReturn', d.expected_return, 'abnormalReturn', d.abnormal_return, 't', d.ar_t, 'p', d.ar_p)
                    ORDER BY d.relative_day) FROM study_days d WHERE d.study_id = s.study_id), '[]'),
       'bars', CASE WHEN s.bars_from IS NULL THEN NULL ELSE jsonb_build_object('from', to_char(s.bars_from, 'YYYY-MM-DD'),
                    'to', to_char(s.bars_to, 'YYYY-MM-DD'), 'corrected', coalesce(s.corrected_bars, '[]')) END,
       'staleBars', coalesce((SELECT jsonb_agg(jsonb_build_object('symbol', v.bar_symbol,
                    'sessionDate', to_char(v.bar_session, 'YYYY-MM-DD'), 'usedRevision', v.used_revision,
                    'currentRevision', v.current_revision, 'reason', v.correction_reason)
                    ORDER BY v.bar_symbol, v.bar_session) FROM v_stale_studies v WHERE v.study_id = s.study_id), '[]')
     ) AS record
     FROM studies s
     WHERE ($1::text IS NULL OR s.symbol = $1) AND ($2::text IS NULL OR s.exchange = $2)
       AND ($3::date IS NULL OR s.day0 = $3::date) AND ($4::text IS NULL OR s.tags @> ARRAY[$4::text])
       AND ($5::text IS NULL OR s.event_key = $5) AND ($6::text IS NULL OR s.status = $6)
       AND ($8::text IS NULL OR s.study_id = $8)
     ORDER BY s.day0 NULLS LAST, s.symbol, s.study_id
     LIMIT $7`,
    [
      listing?.symbol ?? null,
      listing !== undefined && 'exchange' in listing ? listing.exchange : null,
      query.day0 ?? null,
      query.tag ?? null,
      query.eventKey ?? null,
      query.status ?? null,
      query.limit ?? 1000,
      query.studyId ?? null,
    ],
  );
  return rows.map((r) => r.record);
}

/** A stored tag aggregate. */
export interface TagAggregateRecord {
  readonly aggregateId: string;
  readonly tag: string;
  readonly model: string;
  readonly parameters: StudyParameters;
  readonly engineVersion: string;
  readonly nEvents: number;
  readonly studyIds: readonly string[];
  readonly computedAt: string;
  readonly days: readonly {
    readonly relativeDay: number;
    readonly aar: number | null;
    readonly caar: number | null;
    readonly n: number;
    readonly t: number | null;
    readonly p: number | null;
  }[];
  readonly windows: readonly {
    readonly start: number;
    readonly end: number;
    readonly caar: number | null;
    readonly n: number;
    readonly tests: readonly {
      readonly name: string;
      readonly statistic: number | null;
      readonly pValue: number | null;
    }[];
  }[];
}

/** The models a stored tag aggregate can be of (`tag_aggregates.model`): the worker keeps one aggregate per model. */
export const TAG_AGGREGATE_MODELS = ['market_model', 'ff3', 'carhart', 'ff5'] as const;
export type TagAggregateModel = (typeof TAG_AGGREGATE_MODELS)[number];

/** The names a reader may ask for: each model's own, and `market` for the market model (as backfills name it). */
export const TAG_AGGREGATE_MODEL_NAMES = ['market', ...TAG_AGGREGATE_MODELS] as const;

/** The stored model a name means (`market` is `market_model`); undefined for a name that is no model. */
export function tagAggregateModel(name: string): TagAggregateModel | undefined {
  const model = name === 'market' ? 'market_model' : name;
  return TAG_AGGREGATE_MODELS.find((m) => m === model);
}

/** The aggregates of one tag (one per parameter set; only `model`'s when given), with days, windows and tests. */
export async function queryTagAggregates(
  pool: pg.Pool,
  query: { readonly tag: string; readonly model?: TagAggregateModel },
): Promise<TagAggregateRecord[]> {
  const { rows } = await pool.query<{ record: TagAggregateRecord }>(
    `SELECT jsonb_build_object(
       'aggregateId', a.aggregate_id, 'tag', a.tag, 'model', a.model, 'parameters', a.parameters,
       'engineVersion', a.engine_version, 'nEvents', a.n_events, 'studyIds', to_jsonb(a.study_ids),
       'computedAt', to_char(a.computed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'days', coalesce((SELECT jsonb_agg(jsonb_build_object('relativeDay', d.relative_day, 'aar', d.aar, 'caar', d.caar,
                  'n', d.n, 't', d.t, 'p', d.p) ORDER BY d.relative_day)
                FROM tag_aggregate_days d WHERE d.aggregate_id = a.aggregate_id), '[]'),
       'windows', coalesce((SELECT jsonb_agg(jsonb_build_object('start', w.window_start, 'end', w.window_end, 'caar', w.caar,
                  'n', w.n, 'tests', coalesce((SELECT jsonb_agg(jsonb_build_object('name', t.test_name,
                      'statistic', t.statistic, 'pValue', t.p_value) ORDER BY t.test_name)
                    FROM tag_aggregate_tests t WHERE t.aggregate_id = w.aggregate_id
                      AND t.window_start = w.window_start AND t.window_end = w.window_end), '[]'))
                  ORDER BY w.window_start, w.window_end)
                FROM tag_aggregate_windows w WHERE w.aggregate_id = a.aggregate_id), '[]')
     ) AS record
     FROM tag_aggregates a WHERE a.tag = $1 AND ($2::text IS NULL OR a.model = $2) ORDER BY a.aggregate_id`,
    [query.tag, query.model ?? null],
  );
  return rows.map((r) => r.record);
}

/** A study that read a bar corrected since: what a recompute needs to compute it again as it was computed. */
export interface StaleStudy {
  readonly studyId: string;
  readonly status: 'open' | 'computed';
  readonly newsIds: readonly string[];
  /** The stored model name (`market_model`, `ff3`, …) and benchmark: a recompute keeps both. */
  readonly model: string;
  readonly marketIndex: string | null;
}

/**
 * The studies (`v_stale_studies`) that read the bar of `symbol` on `sessionDate` at an earlier revision than its
 * current one, as the read models stand (catch `daily_bars` and `studies` up first).
 */
export async function queryStaleStudies(
  pool: pg.Pool,
  bar: { readonly symbol: string; readonly sessionDate: string },
): Promise<StaleStudy[]> {
  const { rows } = await pool.query<{
    study_id: string;
    status: 'open' | 'computed';
    news_ids: string[];
    model: string;
    market_index: string | null;
  }>(
    `SELECT DISTINCT s.study_id, s.status, s.news_ids, s.model, s.market_index
       FROM v_stale_studies v JOIN studies s USING (study_id)
      WHERE v.bar_symbol = $1 AND v.bar_session = $2::date
      ORDER BY s.study_id`,
    [bar.symbol, bar.sessionDate],
  );
  return rows.map((r) => ({
    studyId: r.study_id,
    status: r.status,
    newsIds: r.news_ids,
    model: r.model,
    marketIndex: r.market_index,
  }));
}
