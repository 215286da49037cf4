import type { ListingRef } from '@newswindow/schemas';
import type pg from 'pg';
import type { NewsRecord } from './queries';
import type { StudyFactorBetas } from './study-factor-betas';

// Reads of the analysts' HTTP API. Every value reaches Postgres as a bind parameter; the only SQL built from input
// is the ORDER BY / keyset of a sort key picked from a fixed table (STUDY_SORT_COLUMNS). They read views and read
// models only, so they run under the read-only role newswindow_analyst (migration 007).

/** One study as the studies table lists it (view `v_study_summaries`). */
export interface StudySummary extends StudyFactorBetas {
  readonly studyId: string;
  readonly eventKey: string;
  readonly newsIds: readonly string[];
  readonly headline: string | null;
  /** From the event key (`nw1:<issuerId>:…`). */
  readonly issuerId: string;
  readonly listing: ListingRef;
  readonly tags: readonly string[];
  readonly day0: string | null;
  readonly status: 'open' | 'computed' | 'skipped';
  readonly skipReason: string | null;
  readonly model: string;
  readonly benchmark: string | null;
  readonly engineVersion: string;
  readonly alpha: number | null;
  readonly beta: number | null;
  readonly sigma: number | null;
  readonly estimationLength: number | null;
  readonly r2: number | null;
  readonly computedAt: string;
  readonly day0Return: number | null;
  readonly day0Ar: number | null;
  readonly day0ArT: number | null;
  readonly day0ArP: number | null;
  /** The smallest p of the day-0 AR and the windows' CARs. */
  readonly minP: number | null;
}

/** Filters of {@link queryStudySummaries}, combined with AND; absent = no filter. */
export interface StudySummaryFilter {
  readonly symbol?: string;
  readonly exchange?: string;
  readonly issuer?: string;
  readonly tag?: string;
  readonly day0?: string;
  readonly day0From?: string;
  readonly day0To?: string;
  readonly status?: 'open' | 'computed' | 'skipped';
  readonly benchmark?: string;
  readonly model?: string;
  /** Only studies significant at this level: the day-0 AR's or some window's CAR p below it. */
  readonly pBelow?: number;
  readonly eventKey?: string;
  readonly newsId?: string;
  readonly studyId?: string;
}

/** The keys studies sort on, with their column and the type of a cursor value. */
export const STUDY_SORT_COLUMNS = {
  day0: { column: 'day0', cast: 'date' },
  symbol: { column: 'symbol', cast: 'text' },
  day0Ar: { column: 'day0_ar', cast: 'float8' },
  minP: { column: 'min_p', cast: 'float8' },
} as const;
export type StudySortKey = keyof typeof STUDY_SORT_COLUMNS;

/** Sort of {@link queryStudySummaries}: the key, then the study id, both in `direction`; nulls last. */
export interface StudySort {
  readonly key: StudySortKey;
  readonly direction: 'asc' | 'desc';
}

/** Where the next page starts: the last row's sort value and study id. */
export interface StudyCursor {
  readonly value: string | number | null;
  readonly studyId: string;
}

/** One page of studies and the cursor of the next (null on the last page). */
export interface StudySummaryPage {
  readonly items: StudySummary[];
  readonly next: StudyCursor | null;
}

interface SummaryRow {
  study_id: string;
  event_key: string;
  news_ids: string[];
  headline: string | null;
  issuer_id: string;
  symbol: string;
  exchange: string;
  tags: string[];
  day0: string | null;
  status: 'open' | 'computed' | 'skipped';
  skip_reason: string | null;
  model: string;
  benchmark: string | null;
  engine_version: string;
  alpha: number | null;
  beta: number | null;
  sigma: number | null;
  estimation_length: number | null;
  r2: number | null;
  beta_mkt_rf: number | null;
  beta_smb: number | null;
  beta_hml: number | null;
  beta_mom: number | null;
  beta_rmw: number | null;
  beta_cma: number | null;
  computed_at: string;
  day0_return: number | null;
  day0_ar: number | null;
  day0_ar_t: number | null;
  day0_ar_p: number | null;
  min_p: number | null;
}

const SUMMARY_COLUMNS = `study_id, event_key, news_ids, headline, issuer_id, symbol, exchange, tags,
  to_char(day0, 'YYYY-MM-DD') AS day0, status, skip_reason, model, benchmark, engine_version, alpha, beta, sigma,
  estimation_length, r2, beta_mkt_rf, beta_smb, beta_hml, beta_mom, beta_rmw, beta_cma,
  to_char(computed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS computed_at,
  day0_return, day0_ar, day0_ar_t, day0_ar_p, min_p`;

const toSummary = (r: SummaryRow): StudySummary => ({
  studyId: r.study_id,
  eventKey: r.event_key,
  newsIds: r.news_ids,
  headline: r.headline,
  issuerId: r.issuer_id,
  listing: { symbol: r.symbol, exchange: r.exchange },
  tags: r.tags,
  day0: r.day0,
  status: r.status,
  skipReason: r.skip_reason,
  model: r.model,
  benchmark: r.benchmark,
  engineVersion: r.engine_version,
  alpha: r.alpha,
  beta: r.beta,
  sigma: r.sigma,
  estimationLength: r.estimation_length,
  r2: r.r2,
  betaMktRf: r.beta_mkt_rf,
  betaSmb: r.beta_smb,
  betaHml: r.beta_hml,
  betaMom: r.beta_mom,
  betaRmw: r.beta_rmw,
  betaCma: r.beta_cma,
  computedAt: r.computed_at,
  day0Return: r.day0_return,
  day0Ar: r.day0_ar,
  day0ArT: r.day0_ar_t,
  day0ArP: r.day0_ar_p,
  minP: r.min_p,
});

const sortValueOf = (s: StudySummary, key: StudySortKey): string | number | null =>
  ({ day0: s.day0, symbol: s.listing.symbol, day0Ar: s.day0Ar, minP: s.minP })[key];

/** Appends `value` to `params` and returns its placeholder. */
const bind = (params: unknown[], value: unknown, cast: string): string => {
  params.push(value);
  return `$${params.length}::${cast}`;
};

/** The WHERE conditions of a filter (bind parameters only). */
function filterConditions(filter: StudySummaryFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const eq = (column: string, value: string | undefined, cast = 'text'): void => {
    if (value !== undefined) where.push(`${column} = ${bind(params, value, cast)}`);
  };
  eq('symbol', filter.symbol);
  eq('exchange', filter.exchange);
  eq("split_part(event_key, ':', 2)", filter.issuer);
  eq('day0', filter.day0, 'date');
  eq('status', filter.status);
  eq('benchmark', filter.benchmark);
  eq('model', filter.model);
  eq('event_key', filter.eventKey);
  eq('study_id', filter.studyId);
  if (filter.tag !== undefined) where.push(`tags @> ARRAY[${bind(params, filter.tag, 'text')}]`);
  if (filter.newsId !== undefined) where.push(`news_ids @> ARRAY[${bind(params, filter.newsId, 'text')}]`);
  if (filter.day0From !== undefined) where.push(`day0 >= ${bind(params, filter.day0From, 'date')}`);
  if (filter.day0To !== undefined) where.push(`day0 <= ${bind(params, filter.day0To, 'date')}`);
  if (filter.pBelow !== undefined) where.push(`min_p < ${bind(params, filter.pBelow, 'float8')}`);
  return where;
}

/**
 * The keyset condition of the rows after `cursor` in `ORDER BY col dir NULLS LAST, study_id dir`: a later value, the
 * same value and a later id, or (nulls last) a null value.
 */
function keysetCondition(sort: StudySort, cursor: StudyCursor, params: unknown[]): string {
  const { column, cast } = STUDY_SORT_COLUMNS[sort.key];
  const op = sort.direction === 'asc' ? '>' : '<';
  const id = bind(params, cursor.studyId, 'text');
  if (cursor.value === null) return `(${column} IS NULL AND study_id ${op} ${id})`;
  const v = bind(params, String(cursor.value), cast);
  return `(${column} ${op} ${v} OR (${column} = ${v} AND study_id ${op} ${id}) OR ${column} IS NULL)`;
}

/** Builds the statement of {@link queryStudySummaries} (exported for the benchmark's plain-SQL comparison). */
export function studySummariesStatement(
  filter: StudySummaryFilter,
  sort: StudySort,
  limit: number,
  cursor?: StudyCursor,
): { readonly text: string; readonly values: unknown[] } {
  const params: unknown[] = [];
  const where = filterConditions(filter, params);
  if (cursor !== undefined) where.push(keysetCondition(sort, cursor, params));
  const { column } = STUDY_SORT_COLUMNS[sort.key];
  const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
  // ORDER BY names the view's column (v.day0, a date), not the output column of the same name (day0, text): only
  // the date can walk the (day0, study_id) index.
  const text = `SELECT ${SUMMARY_COLUMNS} FROM v_study_summaries v
    ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
    ORDER BY v.${column} ${dir} NULLS LAST, v.study_id ${dir}
    LIMIT ${bind(params, limit + 1, 'integer')}`;
  return { text, values: params };
}

/** One page of study summaries, filtered and sorted, after `cursor`. */
export async function queryStudySummaries(
  pool: pg.Pool,
  options: {
    readonly filter: StudySummaryFilter;
    readonly sort: StudySort;
    readonly limit: number;
    readonly cursor?: StudyCursor;
  },
): Promise<StudySummaryPage> {
  const { text, values } = studySummariesStatement(options.filter, options.sort, options.limit, options.cursor);
  const { rows } = await pool.query<SummaryRow>(text, values);
  const items = rows.slice(0, options.limit).map(toSummary);
  const last = items[items.length - 1];
  const next =
    rows.length > options.limit && last !== undefined
      ? { value: sortValueOf(last, options.sort.key), studyId: last.studyId }
      : null;
  return { items, next };
}

/** An evidence span of a tag: the phrase and where it is in the story's headline or text. */
export interface EvidenceSpan {
  readonly phrase: string;
  /** Where the phrase is, when the tagger version that stored it recorded that. */
  readonly field?: string;
  readonly start?: number;
  readonly end?: number;
  readonly rule?: string;
}

/** A story with its tags (and their evidence), linked listings, novelty and the studies it is part of. */
export interface NewsDetail extends NewsRecord {
  readonly novelty: number | null;
  readonly similarityKey: string | null;
  readonly taggerVersion: string | null;
  readonly tags: readonly { readonly tag: string; readonly confidence: number; readonly evidence: EvidenceSpan[] }[];
  readonly listings: readonly {
    readonly role: 'about' | 'mentioned';
    readonly symbol: string;
    readonly exchange: string;
    readonly issuerId: string | null;
    readonly relevance: number;
  }[];
  readonly studies: readonly {
    readonly studyId: string;
    readonly symbol: string;
    readonly exchange: string;
    readonly day0: string | null;
    readonly status: 'open' | 'computed' | 'skipped';
  }[];
}

/** Filters of {@link queryNewsDetails}. */
export interface NewsFilter {
  readonly ids?: readonly string[];
  readonly from?: string;
  readonly to?: string;
  readonly tag?: string;
  /** Stories linked (`about` or `mentioned`) to this symbol. */
  readonly symbol?: string;
  /** Page after this story id (ids ascend). */
  readonly afterId?: string;
  readonly limit: number;
}

/** Stories with their tags, evidence, listings and studies, by id ascending; `next` is the last id of a full page. */
export async function queryNewsDetails(
  pool: pg.Pool,
  filter: NewsFilter,
): Promise<{ readonly items: NewsDetail[]; readonly nextAfterId: string | null }> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.ids !== undefined) where.push(`n.news_id = ANY(${bind(params, filter.ids, 'text[]')})`);
  if (filter.from !== undefined) where.push(`n.published_date >= ${bind(params, filter.from, 'date')}`);
  if (filter.to !== undefined) where.push(`n.published_date <= ${bind(params, filter.to, 'date')}`);
  if (filter.afterId !== undefined) where.push(`n.news_id > ${bind(params, filter.afterId, 'text')}`);
  if (filter.tag !== undefined)
    where.push(
      `EXISTS (SELECT 1 FROM news_tags t WHERE t.news_id = n.news_id AND t.tag = ${bind(params, filter.tag, 'text')})`,
    );
  if (filter.symbol !== undefined)
    where.push(
      `EXISTS (SELECT 1 FROM news_listings l WHERE l.news_id = n.news_id AND l.symbol = ${bind(params, filter.symbol, 'text')})`,
    );
  const { rows } = await pool.query<{ item: NewsDetail }>(
    `SELECT jsonb_build_object(
       'id', n.news_id, 'source', n.source, 'url', n.url, 'headline', n.headline, 'summary', n.summary, 'body', n.body,
       'publishedAt', n.published_at_raw, 'publishedDate', to_char(n.published_date, 'YYYY-MM-DD'),
       'language', n.language, 'status', n.status, 'revision', n.revision, 'novelty', n.novelty,
       'similarityKey', n.similarity_key, 'taggerVersion', n.tagger_version,
       'tags', coalesce((SELECT jsonb_agg(jsonb_build_object('tag', t.tag, 'confidence', t.confidence, 'evidence', t.evidence)
                 ORDER BY t.confidence DESC, t.tag) FROM news_tags t WHERE t.news_id = n.news_id), '[]'),
       'listings', coalesce((SELECT jsonb_agg(jsonb_build_object('role', l.role, 'symbol', l.symbol, 'exchange', l.exchange,
                 'issuerId', l.issuer_id, 'relevance', l.relevance) ORDER BY l.role, l.relevance DESC, l.symbol)
                 FROM news_listings l WHERE l.news_id = n.news_id), '[]'),
       'studies', coalesce((SELECT jsonb_agg(jsonb_build_object('studyId', s.study_id, 'symbol', s.symbol,
                 'exchange', s.exchange, 'day0', to_char(s.day0, 'YYYY-MM-DD'), 'status', s.status)
                 ORDER BY s.day0, s.symbol, s.study_id)
                 FROM studies s WHERE s.news_ids @> ARRAY[n.news_id]), '[]')
     ) AS item
     FROM news n
     ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
     ORDER BY n.news_id
     LIMIT ${bind(params, filter.limit, 'integer')}`,
    params,
  );
  const items = rows.map((r) => r.item);
  const last = items[items.length - 1];
  return { items, nextAfterId: items.length === filter.limit && last !== undefined ? last.id : null };
}

/** A tag with its stored aggregates. */
export interface TagSummary {
  readonly tag: string;
  readonly aggregates: number;
  /** Events of its largest aggregate. */
  readonly nEvents: number;
  readonly computedAt: string;
}

/** Every tag that has an aggregate, by tag. */
export async function queryTagSummaries(pool: pg.Pool): Promise<TagSummary[]> {
  const { rows } = await pool.query<{ tag: string; aggregates: number; n_events: number; computed_at: string }>(
    `SELECT tag, count(*)::int AS aggregates, max(n_events)::int AS n_events,
            to_char(max(computed_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS computed_at
     FROM tag_aggregates GROUP BY tag ORDER BY tag`,
  );
  return rows.map((r) => ({ tag: r.tag, aggregates: r.aggregates, nEvents: r.n_events, computedAt: r.computed_at }));
}

/** The cross-section of the studies' cumulative ARs on one relative day of an aggregate. */
export interface CarCrossSection {
  readonly relativeDay: number;
  /** Studies with an AR on every day from the first day of the aggregate's days to this one. */
  readonly n: number;
  readonly meanCar: number | null;
  /** Sample standard deviation of those CARs (null below two). */
  readonly sdCar: number | null;
}

/**
 * The studies of an aggregate it counts (a CTE over `agg(study_ids)`): one per (issuer of the event key, day 0), the one
 * against the listing's default benchmark (no `|vs:` in its id) when there is one, then the first by study id, as the
 * worker's `onePerIssuerDay` picks them.
 */
const COUNTED_STUDIES = `counted AS (
       SELECT DISTINCT ON (issuer, s.day0) s.study_id
       FROM agg JOIN studies s ON s.study_id = ANY(agg.study_ids)
       CROSS JOIN LATERAL (SELECT coalesce(substring(s.event_key FROM '^nw[0-9]+:([^:]+):'), s.event_key) AS issuer) i
       WHERE s.status = 'computed' AND s.day0 IS NOT NULL
       ORDER BY issuer, s.day0, strpos(s.study_id, '|vs:') > 0, s.study_id COLLATE "C")`;

/** The ids of the studies an aggregate counts, one per (issuer, day 0) (its `studyIds` list every study of the tag). */
export async function queryAggregateCountedStudyIds(pool: pg.Pool, aggregateId: string): Promise<string[]> {
  const { rows } = await pool.query<{ study_id: string }>(
    `WITH agg AS (SELECT study_ids FROM tag_aggregates WHERE aggregate_id = $1), ${COUNTED_STUDIES}
     SELECT study_id FROM counted ORDER BY study_id COLLATE "C"`,
    [aggregateId],
  );
  return rows.map((r) => r.study_id);
}

/**
 * Per relative day of an aggregate: mean and sample standard deviation of its studies' CARs cumulated from the
 * aggregate's first day, computed from the study days (a second way to the aggregate's CAAR, and the spread behind
 * its 95 % band). Like the aggregate, it counts one study per (issuer of the event key, day 0) (`COUNTED_STUDIES`). A
 * study missing a day drops out from that day on.
 */
export async function queryAggregateCarCrossSection(pool: pg.Pool, aggregateId: string): Promise<CarCrossSection[]> {
  const { rows } = await pool.query<{
    relative_day: number;
    n: number;
    mean_car: number | null;
    sd_car: number | null;
  }>(
    `WITH agg AS (
       SELECT a.study_ids, min(d.relative_day) AS first_day, max(d.relative_day) AS last_day
       FROM tag_aggregates a JOIN tag_aggregate_days d USING (aggregate_id)
       WHERE a.aggregate_id = $1 GROUP BY a.study_ids),
     ${COUNTED_STUDIES},
     days AS (
       SELECT sd.study_id, sd.relative_day,
              sum(sd.abnormal_return) OVER w AS car,
              count(sd.abnormal_return) OVER w AS n_ar,
              sd.relative_day - agg.first_day + 1 AS n_days
       FROM agg JOIN counted c ON true JOIN study_days sd ON sd.study_id = c.study_id
        AND sd.relative_day BETWEEN agg.first_day AND agg.last_day
       WINDOW w AS (PARTITION BY sd.study_id ORDER BY sd.relative_day))
     SELECT relative_day, count(*)::int AS n, avg(car) AS mean_car, stddev_samp(car) AS sd_car
     FROM days WHERE n_ar = n_days
     GROUP BY relative_day ORDER BY relative_day`,
    [aggregateId],
  );
  return rows.map((r) => ({ relativeDay: r.relative_day, n: r.n, meanCar: r.mean_car, sdCar: r.sd_car }));
}

/** True when the database answers (readiness). */
export async function pingDatabase(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
  return rows[0]?.ok === 1;
}
