import type { StudyRecord, StudySummary, StudySummaryFilter } from '@newswindow/store';
import {
  FACTOR_BETA_COLUMNS,
  FACTOR_BETA_FIELDS,
  queryNewsDetails,
  queryStudies,
  queryStudySummaries,
} from '@newswindow/store';
import type pg from 'pg';
import { sendTable, tableResponse, windowName } from '../csv';
import type { Table } from '../csv';
import { decodeCursor, encodeCursor, parseSort } from '../cursor';
import { HttpProblem } from '../problem';
import { ExportQuery, FormatQuery, StudiesQuery, StudyDetailSchema, StudyIdParams, StudyPageSchema } from '../schemas';
import type { StudiesQueryT } from '../schemas';
import type { ServerDeps } from '../server';
import { eventWindowSpan, studySeries } from '../study-series';
import type { Api } from './api-instance';
import { errorResponses, registerDownloads, responses } from './api-instance';

/** The store filter of a studies query (names of the API → columns of the view). */
export function studyFilterOf(q: Omit<StudiesQueryT, 'cursor' | 'limit' | 'sort'>): StudySummaryFilter {
  return {
    ...(q.listing === undefined ? {} : { symbol: q.listing }),
    ...(q.exchange === undefined ? {} : { exchange: q.exchange }),
    ...(q.issuer === undefined ? {} : { issuer: q.issuer }),
    ...(q.tag === undefined ? {} : { tag: q.tag }),
    ...(q.day0 === undefined ? {} : { day0: q.day0 }),
    ...(q.day0From === undefined ? {} : { day0From: q.day0From }),
    ...(q.day0To === undefined ? {} : { day0To: q.day0To }),
    ...(q.status === undefined ? {} : { status: q.status }),
    ...(q.benchmark === undefined ? {} : { benchmark: q.benchmark }),
    ...(q.model === undefined ? {} : { model: q.model }),
    ...(q.pBelow === undefined ? {} : { pBelow: q.pBelow }),
  };
}

export const STUDY_EXPORT_COLUMNS = [
  'study_id',
  'event_key',
  'issuer',
  'symbol',
  'exchange',
  'benchmark',
  'tags',
  'day0',
  'status',
  'skip_reason',
  'model',
  'alpha',
  'beta',
  ...FACTOR_BETA_COLUMNS,
  'sigma',
  'L',
  'R2',
  'R',
  'AR',
  't',
  'p',
  'min_p',
  'headline',
] as const;

const studyRow = (s: StudySummary) => ({
  study_id: s.studyId,
  event_key: s.eventKey,
  issuer: s.issuerId,
  symbol: s.listing.symbol,
  exchange: s.listing.exchange,
  benchmark: s.benchmark,
  tags: s.tags.join(';'),
  day0: s.day0,
  status: s.status,
  skip_reason: s.skipReason,
  model: s.model,
  alpha: s.alpha,
  beta: s.beta,
  ...Object.fromEntries(FACTOR_BETA_FIELDS.map(([column, field]) => [column, s[field]])),
  sigma: s.sigma,
  L: s.estimationLength,
  R2: s.r2,
  R: s.day0Return,
  AR: s.day0Ar,
  t: s.day0ArT,
  p: s.day0ArP,
  min_p: s.minP,
  headline: s.headline,
});

export const STUDY_DAY_COLUMNS = ['relative_day', 'date', 'R', 'Rm', 'ER', 'AR', 't', 'p', 'CAR'] as const;
export const STUDY_WINDOW_COLUMNS = ['window', 'CAR', 't', 'p', 'BHAR', 'BHAR_t', 'BHAR_p', 'N_days'] as const;

/** A study or a 404. */
async function loadStudy(reads: pg.Pool, studyId: string): Promise<StudyRecord> {
  const [study] = await queryStudies(reads, { studyId, limit: 1 });
  if (study === undefined) throw new HttpProblem(404, `no study '${studyId}'`);
  return study;
}

/** The daily AR / CAR with its band over the widest event window of a study. */
function seriesOf(study: StudyRecord) {
  const span = eventWindowSpan(study.parameters.eventWindows);
  return { span, days: studySeries(study.days, span, study.sigma) };
}

/** The page of one study: its summary row, parameters, series, windows and news. */
async function studyDetail(reads: pg.Pool, studyId: string) {
  const study = await loadStudy(reads, studyId);
  const filter = { studyId: study.studyId };
  const [summary] = (await queryStudySummaries(reads, { filter, sort: { key: 'day0', direction: 'asc' }, limit: 1 }))
    .items;
  if (summary === undefined) throw new HttpProblem(404, `no study '${study.studyId}'`);
  const news = await queryNewsDetails(reads, { ids: study.newsIds, limit: 100 });
  const { span, days } = seriesOf(study);
  const windows = study.windows.map(({ start, end, car, carT, carP, bhar, bharT, bharP, nDays }) => ({
    start,
    end,
    CAR: car,
    t: carT,
    p: carP,
    BHAR: bhar,
    bharT,
    bharP,
    nDays,
  }));
  return {
    study: summary,
    parameters: { ...study.parameters },
    sigma: study.sigma,
    eventWindow: span,
    days,
    windows,
    bars: {
      ...(study.bars ?? { from: null, to: null, corrected: [] }),
      stale: study.staleBars,
      recomputePending: study.staleBars.length > 0,
    },
    news: news.items,
  };
}

/** Rows of the daily download (`STUDY_DAY_COLUMNS`). */
const studyDayRows = (study: StudyRecord) =>
  seriesOf(study).days.map((d) => ({
    relative_day: d.relativeDay,
    date: d.date,
    R: d.return,
    Rm: d.marketReturn,
    ER: d.expectedReturn,
    AR: d.AR,
    t: d.t,
    p: d.p,
    CAR: d.CAR,
  }));

/** Rows of the windows download (`STUDY_WINDOW_COLUMNS`). */
const studyWindowRows = (study: StudyRecord) =>
  study.windows.map((w) => ({
    window: windowName(w),
    CAR: w.car,
    t: w.carT,
    p: w.carP,
    BHAR: w.bhar,
    BHAR_t: w.bharT,
    BHAR_p: w.bharP,
    N_days: w.nDays,
  }));

/** `GET /studies` (one page by cursor) and `GET /studies/export` (the filtered studies as one download). */
function registerStudyListRoutes(api: Api, deps: ServerDeps): void {
  api.get(
    '/studies',
    {
      schema: {
        tags: ['studies'],
        summary: 'studies, filtered, sorted and paged by cursor',
        description:
          'One row per study (event × listing × parameters). `GET /api/studies?listing=9988.HK&day0=2025-09-08` ' +
          'returns that study. Returns are fractions; minP is the smallest p of the day-0 AR and the CARs.',
        querystring: StudiesQuery,
        response: responses(StudyPageSchema),
      },
    },
    async (request) => {
      const { cursor, limit, sort: rawSort, ...rest } = request.query;
      const sort = parseSort(rawSort);
      const page = await queryStudySummaries(deps.reads, {
        filter: studyFilterOf(rest),
        sort,
        limit: limit ?? 50,
        ...(cursor === undefined ? {} : { cursor: decodeCursor(cursor, sort) }),
      });
      return { items: page.items, nextCursor: page.next === null ? null : encodeCursor(sort, page.next) };
    },
  );

  api.get(
    '/studies/export',
    {
      schema: {
        tags: ['studies'],
        summary: 'download the filtered studies as CSV or JSON',
        querystring: ExportQuery,
        produces: ['text/csv', 'application/json'],
        response: { 200: tableResponse(STUDY_EXPORT_COLUMNS), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format, limit, sort: rawSort, ...rest } = request.query;
      const page = await queryStudySummaries(deps.reads, {
        filter: studyFilterOf(rest),
        sort: parseSort(rawSort),
        limit: limit ?? 10_000,
      });
      const table: Table = { columns: STUDY_EXPORT_COLUMNS, rows: page.items.map(studyRow) };
      return sendTable(reply, table, format ?? 'csv', 'studies');
    },
  );
}

export function registerStudyRoutes(api: Api, deps: ServerDeps): void {
  registerStudyListRoutes(api, deps);

  api.get(
    '/studies/:studyId',
    {
      schema: {
        tags: ['studies'],
        summary: 'one study: parameters, daily AR / CAR over the event window, σ, windows, and its news',
        params: StudyIdParams,
        response: responses(StudyDetailSchema),
      },
    },
    async (request) => studyDetail(deps.reads, request.params.studyId),
  );

  registerDownloads(
    api,
    {
      tag: 'studies',
      path: '/studies/:studyId',
      params: StudyIdParams,
      querystring: FormatQuery,
      load: async ({ studyId }) => {
        const study = await loadStudy(deps.reads, studyId);
        return { stem: `${study.listing.symbol}_${study.day0 ?? 'no-day0'}`, loaded: study };
      },
    },
    [
      {
        what: 'days',
        summary: 'download the daily AR / CAR series of a study',
        columns: STUDY_DAY_COLUMNS,
        rows: studyDayRows,
      },
      {
        what: 'windows',
        summary: 'download the CARs and BHARs of a study per event window',
        columns: STUDY_WINDOW_COLUMNS,
        rows: studyWindowRows,
      },
    ],
  );
}
