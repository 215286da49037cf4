import { newsStreamId, type ComputedStudy, type SkippedStudy, type StudyParameters } from '@newswindow/schemas';
import {
  createEventStore,
  createPool,
  migrate,
  pgConfigFromEnv,
  runProjections,
  writeStudies,
} from '@newswindow/store';
import { createTestDatabase, stackConfigFromEnv, type TestDatabase } from '@newswindow/testkit';
import type pg from 'pg';
import { runCli } from '../cli-main';
import { captureIo } from './__tests__/capture-io';
import expected from './__fixtures__/stored-regression.json';
import { commands } from './registry';

// Expected values: statsmodels OLS (classical, HC3, issuer-clustered) in scripts/stored_regression_check.py, on the
// same studies, not this CLI or the engine. Here the studies, their stories and the tagger's links are stored in a
// real Postgres through the event store and projections, and `study regress --stored` reads them back.

interface FixtureStudy {
  studyId: string;
  newsId: string;
  exchange: string;
  symbol: string;
  issuer: string | null;
  day0: string;
  tags: string[];
  relevance: number;
  novelty: number;
  car: number;
}

const parameters: StudyParameters = {
  model: 'market_model',
  estimationWindow: { start: -250, end: -11 },
  eventWindows: [
    { start: -1, end: 1 },
    { start: 0, end: 0 },
  ],
  returnType: 'log',
  day0Rule: 'first_close_after_public',
  missingDataRule: 'missing_close_is_missing_day',
  marketIndex: '^GSPC',
  calendar: 'XNYS',
  minEstimationReturns: 120,
};

function computed(s: FixtureStudy): ComputedStudy {
  return {
    studyId: s.studyId,
    eventKey: `event-${s.studyId}`,
    newsIds: [s.newsId],
    listing: { symbol: s.symbol, exchange: s.exchange },
    tags: s.tags,
    day0: s.day0,
    parameters,
    engineVersion: '0.1.0',
    computedAt: '2026-01-01T00:00:00.000Z',
    status: 'computed',
    fit: { alpha: 0, beta: 1, sigma: 0.02, estimationLength: 240, r2: 0.3 },
    days: [],
    windows: [
      { start: -1, end: 1, car: s.car, carT: null, carP: null, bhar: null, bharT: null, bharP: null, nDays: 3 },
      { start: 0, end: 0, car: null, carT: null, carP: null, bhar: null, bharT: null, bharP: null, nDays: 0 },
    ],
  };
}

async function storeStudies(pool: pg.Pool, studies: readonly FixtureStudy[]): Promise<void> {
  const store = createEventStore(pool);
  await store.appendIdempotent(
    studies.flatMap((s) => [
      {
        type: 'NewsPublished' as const,
        streamId: newsStreamId(s.newsId),
        idempotencyKey: `news:${s.newsId}:v1`,
        data: {
          id: s.newsId,
          source: 'wire',
          language: 'en',
          publishedAt: `${s.day0}T12:00:00Z`,
          headline: `Story ${s.newsId}`,
          tickers: [s.symbol],
        },
      },
      {
        type: 'NewsTagged' as const,
        streamId: newsStreamId(s.newsId),
        idempotencyKey: `news:${s.newsId}:tagged`,
        data: {
          newsId: s.newsId,
          taggerVersion: 'rules-1',
          tags: s.tags.map((type) => ({ type, confidence: 0.9, evidence: [{ phrase: type }] })),
          about: [
            {
              symbol: s.symbol,
              exchange: s.exchange,
              ...(s.issuer === null ? {} : { issuerId: s.issuer }),
              relevance: s.relevance,
            },
          ],
          mentioned: [],
          novelty: s.novelty,
          similarityKey: `key-${s.newsId}`,
        },
      },
    ]),
  );
  await runProjections(pool);
  const first = studies[0]!;
  const skipped: SkippedStudy = {
    studyId: 'skipped-one',
    eventKey: 'event-skipped',
    newsIds: [first.newsId],
    listing: { symbol: first.symbol, exchange: first.exchange },
    tags: first.tags,
    day0: null,
    parameters,
    engineVersion: '0.1.0',
    computedAt: '2026-01-01T00:00:00.000Z',
    status: 'skipped',
    reason: 'no prices',
  };
  await writeStudies(pool, [...studies.map(computed), skipped]);
}

describe('study regress --stored (real Postgres) against statsmodels', () => {
  const stack = stackConfigFromEnv(process.env);
  let db: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase(stack, 'nw_cli_regress');
    env = { PGHOST: stack.pg.host, PGPORT: String(stack.pg.port), PGUSER: stack.pg.user, PGDATABASE: db.name };
    const pool = createPool(pgConfigFromEnv(env));
    try {
      await migrate(pool);
      await storeStudies(pool, expected.studies);
    } finally {
      await pool.end();
    }
  }, 120_000);
  afterAll(async () => {
    await db.drop();
  });

  it('CAR[-1,+1] on relevance, novelty, an earnings dummy and listing dummies: estimates, OLS/HC3/issuer-clustered SEs', async () => {
    const cap = captureIo();
    const code = await runCli(
      [
        'study',
        'regress',
        '--stored',
        '--y',
        'car_m1_p1',
        '--x',
        'relevance,novelty,tag:earnings,listing',
        '--format',
        'csv',
      ],
      { ...cap.io, env },
      commands,
    );
    expect(cap.err()).toBe('');
    expect(code).toBe(0);
    const [header, ...lines] = cap.out().trimEnd().split('\n');
    const col = header!.split(',');
    const rows = lines.map((l) => l.split(','));
    expect(rows.map((r) => r[0])).toEqual(expected.terms);
    const column = (name: string): number[] => rows.map((r) => Number(r[col.indexOf(name)]));
    const close = (got: number[], want: number[]): void =>
      got.forEach((g, i) =>
        expect(g).toBeCloseTo(want[i]!, 10 - Math.max(0, Math.ceil(Math.log10(Math.abs(want[i]!))))),
      );
    close(column('estimate'), expected.estimate);
    close(column('se_ols'), expected.se_ols);
    close(column('p_ols'), expected.p_ols);
    close(column('se_hc3'), expected.se_hc3);
    close(column('p_hc3'), expected.p_hc3);
    close(column('se_cluster'), expected.se_cluster);
    close(column('p_cluster'), expected.p_cluster);
  });

  it('the table names n (the skipped study left out) and the issuer clusters (a listing without issuer is its own)', async () => {
    const cap = captureIo();
    const code = await runCli(
      ['study', 'regress', '--stored', '--y', 'car_m1_p1', '--x', 'relevance,novelty'],
      { ...cap.io, env },
      commands,
    );
    expect(code).toBe(0);
    expect(cap.out()).toContain(`n = ${expected.n}, k = 3`);
    expect(cap.out()).toContain(`${expected.clusters} clusters`);
  });

  it('--tag selects studies; a filter that matches nothing is a usage error', async () => {
    const earnings = (expected.studies as FixtureStudy[]).filter((s) => s.tags.includes('earnings')).length;
    const cap = captureIo();
    expect(
      await runCli(
        [
          'study',
          'regress',
          '--stored',
          '--tag',
          'earnings',
          '--y',
          'car_m1_p1',
          '--x',
          'relevance',
          '--cluster',
          'none',
        ],
        { ...cap.io, env },
        commands,
      ),
    ).toBe(0);
    expect(cap.out()).toContain(`n = ${earnings}, k = 2`);
    const none = captureIo();
    expect(
      await runCli(
        ['study', 'regress', '--stored', '--tag', 'no_such_tag', '--y', 'car_m1_p1', '--x', 'relevance'],
        { ...none.io, env },
        commands,
      ),
    ).toBe(2);
    expect(none.err()).toContain('no computed studies match');
  });
});
