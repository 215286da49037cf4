import type { CarCrossSection, TagAggregateRecord } from '@newswindow/store';
import {
  queryAggregateCarCrossSection,
  queryAggregateCountedStudyIds,
  queryTagAggregates,
  queryTagSummaries,
  tagAggregateModel,
} from '@newswindow/store';
import type pg from 'pg';
import { windowName } from '../csv';
import { HttpProblem } from '../problem';
import { TagAggregateSchema, TagDownloadQuery, TagListSchema, TagParams, TagQuery } from '../schemas';
import type { ServerDeps } from '../server';
import { caarBand } from '../study-series';
import type { Api } from './api-instance';
import { registerDownloads, responses } from './api-instance';

export const TAG_DAY_COLUMNS = [
  'aggregate_id',
  'relative_day',
  'N',
  'AAR',
  'CAAR',
  't',
  'p',
  'CAAR_se',
  'CAAR_low95',
  'CAAR_high95',
] as const;
export const TAG_TEST_COLUMNS = ['aggregate_id', 'window', 'N', 'CAAR', 'test', 'statistic', 'p'] as const;

/** A stored aggregate as the API shows it: daily CAAR with its band, per window the CAAR and every test. */
export function tagAggregateView(
  a: TagAggregateRecord,
  cross: ReadonlyMap<number, CarCrossSection>,
  counted: readonly string[],
) {
  return {
    aggregateId: a.aggregateId,
    model: a.model,
    parameters: { ...a.parameters },
    engineVersion: a.engineVersion,
    nEvents: a.nEvents,
    studyIds: counted,
    computedAt: a.computedAt,
    days: a.days.map((d) => {
      const c = cross.get(d.relativeDay);
      const band = caarBand(d.caar, c?.sdCar ?? null, c?.n ?? 0);
      const { relativeDay, n: N, aar: AAR, caar: CAAR, t, p } = d;
      return { relativeDay, N, AAR, CAAR, t, p, caarSe: band.se, bandLow: band.low, bandHigh: band.high };
    }),
    windows: a.windows.map((w) => ({
      start: w.start,
      end: w.end,
      CAAR: w.caar,
      N: w.n,
      tests: w.tests.map((t) => ({ test: t.name, statistic: t.statistic, p: t.pValue })),
    })),
  };
}

type TagAggregateView = ReturnType<typeof tagAggregateView>;

/**
 * The tag's aggregates (only `modelName`'s when given) with the daily CAAR band from the cross-section of their
 * studies' CARs (404 without any).
 */
async function loadTagAggregates(reads: pg.Pool, tag: string, modelName?: string): Promise<TagAggregateView[]> {
  const model = modelName === undefined ? undefined : tagAggregateModel(modelName);
  // The schema admits only model names; this is the type's guard.
  if (modelName !== undefined && model === undefined) throw new HttpProblem(400, `no model '${modelName}'`);
  const aggregates = await queryTagAggregates(reads, { tag, ...(model === undefined ? {} : { model }) });
  if (aggregates.length === 0)
    throw new HttpProblem(
      404,
      `no aggregate for tag '${tag}'${model === undefined ? '' : ` under the ${model} model`}`,
    );
  return Promise.all(
    aggregates.map(async (a) => {
      const cross = new Map((await queryAggregateCarCrossSection(reads, a.aggregateId)).map((c) => [c.relativeDay, c]));
      // The studies it counts (one per issuer and day 0), not every study of the tag: a client recomputes from them.
      return tagAggregateView(a, cross, await queryAggregateCountedStudyIds(reads, a.aggregateId));
    }),
  );
}

/** Rows of the daily download (`TAG_DAY_COLUMNS`). */
const tagDayRows = (aggregates: readonly TagAggregateView[]) =>
  aggregates.flatMap((a) =>
    a.days.map((d) => ({
      aggregate_id: a.aggregateId,
      relative_day: d.relativeDay,
      N: d.N,
      AAR: d.AAR,
      CAAR: d.CAAR,
      t: d.t,
      p: d.p,
      CAAR_se: d.caarSe,
      CAAR_low95: d.bandLow,
      CAAR_high95: d.bandHigh,
    })),
  );

/** Rows of the tests download (`TAG_TEST_COLUMNS`): one per window × test. */
const tagTestRows = (aggregates: readonly TagAggregateView[]) =>
  aggregates.flatMap((a) =>
    a.windows.flatMap((w) =>
      w.tests.map((t) => ({
        aggregate_id: a.aggregateId,
        window: windowName(w),
        N: w.N,
        CAAR: w.CAAR,
        test: t.test,
        statistic: t.statistic,
        p: t.p,
      })),
    ),
  );

export function registerTagRoutes(api: Api, deps: ServerDeps): void {
  api.get(
    '/tags',
    { schema: { tags: ['tags'], summary: 'tags that have a per-tag aggregate', response: responses(TagListSchema) } },
    async () => ({ items: await queryTagSummaries(deps.reads) }),
  );

  api.get(
    '/tags/:tag',
    {
      schema: {
        tags: ['tags'],
        summary: 'per-tag aggregates: daily AAR / CAAR with a 95 % band, CAAR per window with every test and its p',
        description:
          'The band is CAAR ± 1.96 × sd(CAR_i) / √N, the cross-sectional spread of the events\u2019 CARs cumulated ' +
          'from the first day of the aggregate.',
        params: TagParams,
        querystring: TagQuery,
        response: responses(TagAggregateSchema),
      },
    },
    async (request) => ({
      tag: request.params.tag,
      aggregates: await loadTagAggregates(deps.reads, request.params.tag, request.query.model),
    }),
  );

  registerDownloads(
    api,
    {
      tag: 'tags',
      path: '/tags/:tag',
      params: TagParams,
      querystring: TagDownloadQuery,
      load: async ({ tag }, { model }) => ({
        stem: model === undefined ? tag : `${tag}_${model}`,
        loaded: await loadTagAggregates(deps.reads, tag, model),
      }),
    },
    [
      { what: 'days', summary: 'download the daily AAR / CAAR of a tag', columns: TAG_DAY_COLUMNS, rows: tagDayRows },
      {
        what: 'tests',
        summary: 'download the CAAR tests of a tag (one row per window × test)',
        columns: TAG_TEST_COLUMNS,
        rows: tagTestRows,
      },
    ],
  );
}
