import type { ComputedStudy, StudyParameters, TagAggregateComputedData } from '@newswindow/schemas';
import { createPool, migrate, writeStudies, writeTagAggregates } from '@newswindow/store';
import { createTestDatabase, stackConfigFromEnv } from '@newswindow/testkit';
import type { TestDatabase } from '@newswindow/testkit';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { AlertFeed } from './alerts-feed';
import type { BackfillPort } from './backfills';
import { apiConfigFromEnv } from './config';
import { buildServer } from './server';

// GET /api/tags/{tag}?model= against real Postgres: a tag with a market-model and an ff3 aggregate, each over its own
// model's two studies (written as events and projected by the store), read through the analysts' read-only role.

const TAG = 'ai_model_launch';

const parameters = (model: 'market_model' | 'ff3'): StudyParameters => ({
  model,
  estimationWindow: { start: -250, end: -11 },
  eventWindows: [{ start: -1, end: 1 }],
  returnType: 'simple',
  day0Rule: 'first_close_after_public',
  missingDataRule: 'missing_close_is_missing_day',
  marketIndex: model === 'ff3' ? null : '^GSPC',
  calendar: 'XNYS',
  minEstimationReturns: 120,
});

/** A computed study of `issuer` under `model` with these ARs on days −1, 0, +1. */
function study(issuer: string, model: 'market_model' | 'ff3', ars: readonly [number, number, number]): ComputedStudy {
  const symbol = issuer.toUpperCase();
  return {
    studyId: `nw1:${issuer}:${TAG}:2025-03-03|XNYS:${symbol}|${model}`,
    eventKey: `nw1:${issuer}:${TAG}:2025-03-03`,
    newsIds: [`news-${issuer}`],
    listing: { symbol, exchange: 'XNYS' },
    tags: [TAG],
    day0: '2025-03-03',
    parameters: parameters(model),
    engineVersion: 'test',
    computedAt: '2025-03-10T00:00:00.000Z',
    status: 'computed',
    fit: { alpha: 0, beta: 1, sigma: 0.01, estimationLength: 240, r2: 0.3 },
    days: ars.map((ar, i) => ({
      relativeDay: i - 1,
      date: ['2025-02-28', '2025-03-03', '2025-03-04'][i]!,
      return: ar,
      marketReturn: 0,
      expectedReturn: 0,
      abnormalReturn: ar,
    })),
    windows: [{ start: -1, end: 1, car: null, carT: null, carP: null, bhar: null, bharT: null, bharP: null, nDays: 3 }],
  };
}

const STUDIES = {
  market_model: [
    study('acme', 'market_model', [0.01, 0.03, -0.005]),
    study('globex', 'market_model', [-0.002, 0.01, 0.004]),
  ],
  ff3: [study('acme', 'ff3', [0.004, 0.02, 0.001]), study('globex', 'ff3', [0, 0.012, -0.003])],
};

/** The aggregate the worker would store over `model`'s two studies: AAR and CAAR by hand from the ARs above. */
function aggregate(
  model: 'market_model' | 'ff3',
  id: string,
  days: readonly (readonly [aar: number, caar: number])[],
): TagAggregateComputedData {
  return {
    aggregateId: `${TAG}|${id}`,
    tag: TAG,
    parameters: parameters(model),
    engineVersion: 'test',
    nEvents: 2,
    studyIds: STUDIES[model].map((s) => s.studyId),
    days: days.map(([aar, caar], i) => ({ relativeDay: i - 1, aar, caar, n: 2, t: null, p: null })),
    windows: [
      {
        start: -1,
        end: 1,
        caar: days[2]![1],
        n: 2,
        tests: [{ name: 'cross_sectional_t', statistic: model === 'ff3' ? 1.5 : 2.5, pValue: 0.2 }],
      },
    ],
    computedAt: '2025-03-10T00:00:00.000Z',
  };
}

let db: TestDatabase;
let owner: pg.Pool;
let reads: pg.Pool;
let app: FastifyInstance;

const noBackfills: BackfillPort = {
  start: () => Promise.reject(new Error('no backfills in this test')),
  status: () => Promise.resolve(null),
  signal: () => Promise.resolve(false),
  list: () => Promise.resolve([]),
  close: () => Promise.resolve(),
};
const noAlerts: AlertFeed = {
  recent: () => [],
  subscribe: () => () => undefined,
  ready: () => true,
  close: () => Promise.resolve(),
};

beforeAll(async () => {
  db = await createTestDatabase(stackConfigFromEnv(process.env), 'nw_api_tags');
  owner = createPool({ ...db.connection, max: 2 });
  await migrate(owner);
  await writeStudies(owner, [...STUDIES.market_model, ...STUDIES.ff3]);
  await writeTagAggregates(owner, [
    aggregate('market_model', 'mm', [
      [0.004, 0.004],
      [0.02, 0.024],
      [-0.0005, 0.0235],
    ]),
    aggregate('ff3', 'ff3', [
      [0.002, 0.002],
      [0.016, 0.018],
      [-0.001, 0.017],
    ]),
  ]);
  // As the API process reads: the read-only analyst role.
  reads = createPool(apiConfigFromEnv({ ...process.env, PGDATABASE: db.name }).readDb);
  app = await buildServer(
    { reads, backfills: noBackfills, alerts: noAlerts },
    { writeToken: undefined, corsOrigins: [], rateLimitPerMinute: 10_000, bodyLimitBytes: 16_384 },
  );
  base = await app.listen({ host: '127.0.0.1', port: 0 });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await reads?.end();
  await owner?.end();
  await db?.drop();
});

type Json = Record<string, unknown>;
let base: string;
const get = async (url: string) => {
  const res = await fetch(`${base}${url}`);
  const body = await res.text();
  return { status: res.status, headers: res.headers, body, json: () => JSON.parse(body) as Json };
};
const aggregatesOf = async (url: string) => (await get(url)).json().aggregates as Json[];

describe('GET /api/tags/{tag}?model=', () => {
  it('without a model lists every model\u2019s aggregate', async () => {
    const all = await aggregatesOf(`/api/tags/${TAG}`);
    expect(all.map((a) => [a.aggregateId, a.model])).toEqual([
      [`${TAG}|ff3`, 'ff3'],
      [`${TAG}|mm`, 'market_model'],
    ]);
  });

  it('keeps the ff3 aggregate only, over its own studies, with its band from their CARs', async () => {
    const [ff3, ...rest] = await aggregatesOf(`/api/tags/${TAG}?model=ff3`);
    expect(rest).toEqual([]);
    expect(ff3).toMatchObject({ aggregateId: `${TAG}|ff3`, model: 'ff3', nEvents: 2 });
    expect(ff3!.studyIds).toEqual(STUDIES.ff3.map((s) => s.studyId).sort());
    // Day 0, cumulated from day −1: CARs 0.004 + 0.02 = 0.024 and 0 + 0.012 = 0.012; sd = 0.006 √2, se = sd / √2 = 0.006.
    const day0 = (ff3!.days as Json[]).find((d) => d.relativeDay === 0)!;
    expect(day0.CAAR).toBeCloseTo(0.018, 12);
    expect(day0.caarSe).toBeCloseTo(0.006, 12);
    expect(day0.bandLow).toBeCloseTo(0.018 - 1.96 * 0.006, 12);
    expect(day0.bandHigh).toBeCloseTo(0.018 + 1.96 * 0.006, 12);
    expect((ff3!.windows as Json[])[0]).toMatchObject({
      CAAR: 0.017,
      tests: [{ test: 'cross_sectional_t', statistic: 1.5 }],
    });
  });

  it('takes market and market_model for the market model', async () => {
    for (const name of ['market', 'market_model']) {
      const found = await aggregatesOf(`/api/tags/${TAG}?model=${name}`);
      expect(found.map((a) => a.aggregateId)).toEqual([`${TAG}|mm`]);
      expect(found[0]!.studyIds).toEqual(STUDIES.market_model.map((s) => s.studyId).sort());
    }
  });

  it('answers an unknown model with a 400 that lists the models, and a model without an aggregate with a 404', async () => {
    const unknown = await get(`/api/tags/${TAG}?model=ff4`);
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unknown.json().detail).toBe(
      'querystring/model must be equal to one of the allowed values: market, market_model, ff3, carhart, ff5',
    );
    const none = await get(`/api/tags/${TAG}?model=carhart`);
    expect(none.status).toBe(404);
    expect(none.json().detail).toBe(`no aggregate for tag '${TAG}' under the carhart model`);
  });

  it('filters the downloads by the same model and names the file after it', async () => {
    const days = await get(`/api/tags/${TAG}/days?model=ff3&format=csv`);
    expect(days.headers.get('content-disposition')).toBe(`attachment; filename="${TAG}_ff3_days.csv"`);
    const [header, ...lines] = days.body.trim().split('\n');
    expect(header).toBe('aggregate_id,relative_day,N,AAR,CAAR,t,p,CAAR_se,CAAR_low95,CAAR_high95');
    expect(lines.map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      `${TAG}|ff3,-1`,
      `${TAG}|ff3,0`,
      `${TAG}|ff3,1`,
    ]);
    const tests = JSON.parse((await get(`/api/tags/${TAG}/tests?model=market&format=json`)).body) as Json[];
    expect(tests).toEqual([
      {
        aggregate_id: `${TAG}|mm`,
        window: '[-1,+1]',
        N: 2,
        CAAR: 0.0235,
        test: 'cross_sectional_t',
        statistic: 2.5,
        p: 0.2,
      },
    ]);
    expect((await get(`/api/tags/${TAG}/tests?model=ff5`)).status).toBe(404);
  });

  it('documents the model parameter with its values in OpenAPI', async () => {
    const doc = (await get('/openapi.json')).json() as {
      paths: Record<string, { get: { parameters: { name: string; in: string; schema: { enum?: string[] } }[] } }>;
    };
    for (const path of ['/api/tags/{tag}', '/api/tags/{tag}/days', '/api/tags/{tag}/tests']) {
      const model = doc.paths[path]!.get.parameters.find((p) => p.name === 'model' && p.in === 'query');
      expect(model?.schema.enum).toEqual(['market', 'market_model', 'ff3', 'carhart', 'ff5']);
    }
  });
});
