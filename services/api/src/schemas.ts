import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { TAG_AGGREGATE_MODEL_NAMES } from '@newswindow/store';

// Request and response schemas of the HTTP API. Fastify validates requests (and serializes responses) with them;
// @fastify/swagger turns them into the OpenAPI 3.1 document at /openapi.json.

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** An array whose static type is readonly (the store's records are), with the same JSON Schema. */
const RArray = <T extends TSchema>(t: T, options?: Parameters<typeof Type.Array>[1]) =>
  Type.Unsafe<readonly Static<T>[]>(Type.Array(t, options));
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Name = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\w.^=&:-]+$', description });

export const Listing = Type.Object({ symbol: Type.String(), exchange: Type.String() });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
  },
  { description: 'RFC 9457 problem details (application/problem+json)' },
);

export const StudiesQuery = Type.Object(
  {
    listing: Type.Optional(Name('symbol of the listing, e.g. 9988.HK')),
    exchange: Type.Optional(Name('MIC of the listing, e.g. XHKG')),
    issuer: Type.Optional(Name('issuer id, e.g. alibaba')),
    tag: Type.Optional(Name('event type, e.g. ai_model_launch')),
    day0: Type.Optional(IsoDate),
    day0From: Type.Optional(IsoDate),
    day0To: Type.Optional(IsoDate),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('computed'), Type.Literal('skipped')])),
    benchmark: Type.Optional(Name('market index, e.g. ^HSI')),
    model: Type.Optional(Name('expected-return model, e.g. market_model')),
    pBelow: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        description: 'only studies whose day-0 AR or some CAR has p below this',
      }),
    ),
    sort: Type.Optional(
      Type.Union(
        ['day0', '-day0', 'symbol', '-symbol', 'day0Ar', '-day0Ar', 'minP', '-minP'].map((s) => Type.Literal(s)),
        { description: 'sort key; a leading - sorts descending (default -day0); ties by study id' },
      ),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);
export type StudiesQueryT = Static<typeof StudiesQuery>;

export const ExportQuery = Type.Composite([
  Type.Omit(StudiesQuery, ['cursor', 'limit']),
  Type.Object({
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')], { default: 'csv' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 10_000 })),
  }),
]);

export const FormatQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')], { default: 'csv' })) },
  { additionalProperties: false },
);

const N = Nullable(Type.Number());

export const StudySummarySchema = Type.Object({
  studyId: Type.String(),
  eventKey: Type.String(),
  newsIds: RArray(Type.String()),
  headline: Nullable(Type.String()),
  issuerId: Type.String(),
  listing: Listing,
  tags: RArray(Type.String()),
  day0: Nullable(Type.String()),
  status: Type.Union([Type.Literal('open'), Type.Literal('computed'), Type.Literal('skipped')]),
  skipReason: Nullable(Type.String()),
  model: Type.String(),
  benchmark: Nullable(Type.String()),
  engineVersion: Type.String(),
  alpha: N,
  beta: N,
  sigma: N,
  estimationLength: Nullable(Type.Integer()),
  r2: N,
  betaMktRf: N,
  betaSmb: N,
  betaHml: N,
  betaMom: N,
  betaRmw: N,
  betaCma: N,
  computedAt: Type.String(),
  day0Return: N,
  day0Ar: N,
  day0ArT: N,
  day0ArP: N,
  minP: N,
});

export const StudyPageSchema = Type.Object({
  items: RArray(StudySummarySchema),
  nextCursor: Nullable(Type.String()),
});

export const StudyIdParams = Type.Object({ studyId: Type.String({ minLength: 1, maxLength: 400 }) });

export const StudyDaySchema = Type.Object({
  relativeDay: Type.Integer(),
  date: Type.String(),
  return: N,
  marketReturn: N,
  expectedReturn: N,
  AR: N,
  t: N,
  p: N,
  CAR: N,
  /** 1.96 σ √k for the k-th day of the event window. */
  carBand: N,
});

export const StudyWindowSchema = Type.Object({
  start: Type.Integer(),
  end: Type.Integer(),
  CAR: N,
  t: N,
  p: N,
  BHAR: N,
  bharT: N,
  bharP: N,
  nDays: Type.Integer(),
});

export const NewsDetailSchema = Type.Object({
  id: Type.String(),
  source: Type.String(),
  url: Nullable(Type.String()),
  headline: Nullable(Type.String()),
  summary: Nullable(Type.String()),
  body: Nullable(Type.String()),
  publishedAt: Type.String(),
  publishedDate: Type.String(),
  language: Type.String(),
  status: Type.String(),
  revision: Type.Integer(),
  novelty: N,
  similarityKey: Nullable(Type.String()),
  taggerVersion: Nullable(Type.String()),
  tags: RArray(
    Type.Object({
      tag: Type.String(),
      confidence: Type.Number(),
      evidence: RArray(
        Type.Object(
          {
            phrase: Type.String(),
            field: Type.Optional(Type.String()),
            start: Type.Optional(Type.Integer()),
            end: Type.Optional(Type.Integer()),
            rule: Type.Optional(Type.String()),
          },
          { additionalProperties: true, description: 'an evidence span as the tagger stored it' },
        ),
      ),
    }),
  ),
  listings: RArray(
    Type.Object({
      role: Type.String(),
      symbol: Type.String(),
      exchange: Type.String(),
      issuerId: Nullable(Type.String()),
      relevance: Type.Number(),
    }),
  ),
  studies: RArray(
    Type.Object({
      studyId: Type.String(),
      symbol: Type.String(),
      exchange: Type.String(),
      day0: Nullable(Type.String()),
      status: Type.String(),
    }),
  ),
});

export const StudyDetailSchema = Type.Object({
  study: StudySummarySchema,
  parameters: Type.Record(Type.String(), Type.Unknown()),
  /** Residual standard deviation of the estimation window. */
  sigma: N,
  /** First and last relative day of the widest event window: the span of `days`' CAR. */
  eventWindow: Type.Object({ start: Type.Integer(), end: Type.Integer() }),
  days: RArray(StudyDaySchema),
  windows: RArray(StudyWindowSchema),
  /**
   * Provenance against bar corrections: the sessions it read (null before provenance was recorded), the corrected bars
   * it used with their revision, and the bars corrected since it was computed (`recomputePending` while any: the
   * worker recomputes the study when a bar it read is corrected).
   */
  bars: Type.Object({
    from: Nullable(IsoDate),
    to: Nullable(IsoDate),
    corrected: RArray(
      Type.Object({ symbol: Type.String(), sessionDate: IsoDate, revision: Type.Integer({ minimum: 1 }) }),
    ),
    stale: RArray(
      Type.Object({
        symbol: Type.String(),
        sessionDate: IsoDate,
        usedRevision: Type.Integer({ minimum: 1 }),
        currentRevision: Type.Integer({ minimum: 1 }),
        reason: Nullable(Type.String()),
      }),
    ),
    recomputePending: Type.Boolean(),
  }),
  news: RArray(NewsDetailSchema),
});

export const NewsQuery = Type.Object(
  {
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    tag: Type.Optional(Name('event type')),
    listing: Type.Optional(Name('symbol')),
    cursor: Type.Optional(Type.String({ maxLength: 400, description: 'nextCursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const NewsPageSchema = Type.Object({
  items: RArray(NewsDetailSchema),
  nextCursor: Nullable(Type.String()),
});

export const NewsIdParams = Type.Object({ newsId: Type.String({ minLength: 1, maxLength: 400 }) });

export const TagParams = Type.Object({ tag: Name('event type') });

/** A tag aggregate's model: `market` (the market model, also `market_model`), `ff3`, `carhart` or `ff5`. */
const AggregateModelName = Type.Unsafe<(typeof TAG_AGGREGATE_MODEL_NAMES)[number]>({
  type: 'string',
  enum: [...TAG_AGGREGATE_MODEL_NAMES],
  description:
    'only the aggregate of this model, as `newswindow study aggregate --model`: market (or market_model), ff3, ' +
    'carhart, ff5; an unknown model is a 400 that lists them',
});

export const TagQuery = Type.Object({ model: Type.Optional(AggregateModelName) }, { additionalProperties: false });
export const TagDownloadQuery = Type.Composite([FormatQuery, TagQuery], { additionalProperties: false });

export const TagListSchema = Type.Object({
  items: RArray(
    Type.Object({ tag: Type.String(), aggregates: Type.Integer(), nEvents: Type.Integer(), computedAt: Type.String() }),
  ),
});

export const TagAggregateSchema = Type.Object({
  tag: Type.String(),
  aggregates: RArray(
    Type.Object({
      aggregateId: Type.String(),
      model: Type.String(),
      parameters: Type.Record(Type.String(), Type.Unknown()),
      engineVersion: Type.String(),
      nEvents: Type.Integer(),
      studyIds: RArray(Type.String(), {
        description: 'the studies the aggregate counts: one per (issuer, day 0), the default-benchmark study first',
      }),
      computedAt: Type.String(),
      days: RArray(
        Type.Object({
          relativeDay: Type.Integer(),
          N: Type.Integer(),
          AAR: N,
          CAAR: N,
          t: N,
          p: N,
          /** Cross-sectional standard error of the CAAR (sd of the events' CARs / √N). */
          caarSe: N,
          bandLow: N,
          bandHigh: N,
        }),
      ),
      windows: RArray(
        Type.Object({
          start: Type.Integer(),
          end: Type.Integer(),
          CAAR: N,
          N: Type.Integer(),
          tests: RArray(Type.Object({ test: Type.String(), statistic: N, p: N })),
        }),
      ),
    }),
  ),
});

export const BackfillStartBody = Type.Object(
  {
    from: IsoDate,
    to: IsoDate,
    tickers: Type.Optional(RArray(Name('symbol'), { maxItems: 200 })),
    tags: Type.Optional(RArray(Name('event type'), { maxItems: 50 })),
    recompute: Type.Optional(Type.Boolean({ default: false })),
    benchmark: Type.Optional(Name('measure every listing against this index instead of its own, e.g. QQQ')),
    model: Type.Optional(
      Type.Union([Type.Literal('market'), Type.Literal('ff3'), Type.Literal('carhart'), Type.Literal('ff5')], {
        description: "the studies' model instead of the worker's: market, or ff3/carhart/ff5 on the ingested factors",
      }),
    ),
    batchSize: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, description: 'news per compute activity (default 250)' }),
    ),
  },
  { additionalProperties: false },
);
export type BackfillStartBodyT = Static<typeof BackfillStartBody>;

export const BackfillIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 600 }) });

export const BackfillProgressSchema = Type.Object({
  id: Type.String(),
  state: Type.String({ description: 'running, paused, cancelling, cancelled, done, failed or unknown' }),
  totalNews: Nullable(Type.Integer()),
  newsProcessed: Type.Integer(),
  studiesWritten: Type.Integer(),
  studiesExisting: Type.Integer(),
  studiesSkipped: Type.Integer(),
  newsWithoutStudy: Type.Integer(),
  pages: Type.Integer(),
  runs: Type.Integer(),
  fraction: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
});

export const BackfillStartedSchema = Type.Object({ id: Type.String(), alreadyRunning: Type.Boolean() });

export const BackfillListSchema = Type.Object({
  items: RArray(Type.Object({ id: Type.String(), status: Type.String(), startTime: Nullable(Type.String()) })),
});

/** The alert document (EventWindowAlert v2, `schemas/json/event-window-alert.v2.schema.json`); returns are fractions. */
export const AlertSchema = Type.Object({
  alertId: Type.String(),
  ruleId: Type.String(),
  studyId: Type.String(),
  eventKey: Type.String(),
  newsIds: RArray(Type.String()),
  listing: Listing,
  issuer: Nullable(Type.Object({ id: Nullable(Type.String()), name: Nullable(Type.String()) })),
  benchmark: Nullable(Type.String()),
  model: Nullable(Type.String()),
  window: Type.Object({ start: Type.Integer(), end: Type.Integer() }),
  finalWindows: RArray(Type.Object({ start: Type.Integer(), end: Type.Integer() })),
  day0: Type.String(),
  day0ClosesAt: Nullable(Type.String()),
  statistic: Type.String(),
  rawReturn: N,
  value: Type.Number(),
  t: N,
  p: Type.Number(),
  test: Nullable(Type.String()),
  threshold: Type.Number(),
  tags: RArray(Type.String()),
  relevance: N,
  novelty: N,
  headline: Nullable(Type.String()),
  sourceUrl: Nullable(Type.String()),
  studyUrl: Nullable(Type.String()),
  text: Type.String(),
  raisedAt: Type.String(),
});

export const AlertListSchema = Type.Object({ items: RArray(AlertSchema) });

export const HealthSchema = Type.Object({ status: Type.String() });
export const ReadySchema = Type.Object({
  status: Type.String(),
  checks: Type.Record(Type.String(), Type.Boolean()),
});
