import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { createPool, migrate, writeFactorDays } from '@newswindow/store';
import { createTestDatabase, stackConfigFromEnv, type TestDatabase } from '@newswindow/testkit';
import type { ComputeStudyInput } from '@newswindow/workflows';
import { createStudyActivities } from './activities/study';
import { defaultCalendarProvider, studySettings } from './composition';
import type { StudyModelSetting } from './config';
import { createProjectionCatchUp } from './projection-loop';
import type { DailyClose, StudyComputedData } from '@newswindow/schemas';
import { createPgBarReader, createPgFactorDayReader } from './store-adapters';

// One FF3 study whose expected α, β, σ and abnormal returns were computed by numpy least squares on the same inputs
// (services/worker/scripts/factor_study_fixture.py), not by the engine. Factor days go through the real event store
// and factor_days projection on the stack's Postgres; the study activity reads them through the worker's adapter.
interface Fixture {
  publishedAt: string;
  day0: string;
  stock: { symbol: string; closes: [string, number][] };
  benchmark: { symbol: string; closes: [string, number][] };
  factors: { dataset: string; days: { date: string; mkt_rf: number; smb: number; hml: number; rf: number }[] };
  expected: {
    estimationLength: number;
    alpha: number;
    betaMktRf: number;
    sigma: number;
    ar: Record<string, number | null>;
  };
}
const fx = JSON.parse(readFileSync(path.join(__dirname, '__fixtures__/factor-study.json'), 'utf8')) as Fixture;

const closesOf = (rows: [string, number][]): DailyClose[] =>
  rows.map(([sessionDate, close]) => ({ sessionDate, close }));

describe('factor-model studies on ingested factor days (real Postgres)', () => {
  const stack = stackConfigFromEnv(process.env);
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase(stack, 'nw_worker_factors');
    pool = createPool(db.connection);
    await migrate(pool);
    await writeFactorDays(
      pool,
      fx.factors.days.map((d) => ({
        dataset: fx.factors.dataset,
        date: d.date,
        factors: (['mkt_rf', 'smb', 'hml', 'rf'] as const).map((name) => ({ name, value: d[name] })),
      })),
      { project: false },
    );
  }, 120_000);
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const compute = async (model: StudyModelSetting): Promise<StudyComputedData> => {
    const closes = new Map([
      [fx.stock.symbol, closesOf(fx.stock.closes)],
      [fx.benchmark.symbol, closesOf(fx.benchmark.closes)],
    ]);
    const activities = createStudyActivities(
      {
        calendars: defaultCalendarProvider({ securityMasterFile: null }),
        settings: studySettings(model),
        // computeStudy writes nothing.
        studies: {
          appendStudies: () => Promise.reject(new Error('unused')),
          appendWindowClosed: () => Promise.reject(new Error('unused')),
        },
        factorDays: createPgFactorDayReader(pool, createProjectionCatchUp(pool)),
        bars: createPgBarReader(pool, createProjectionCatchUp(pool)),
      },
      (symbols) => Promise.resolve(new Map(symbols.map((s) => [s, closes.get(s) ?? []]))),
      { now: () => new Date('2024-08-01T00:00:00Z') },
    );
    const input: ComputeStudyInput = {
      eventKey: 'factor-event',
      newsIds: ['n1'],
      tags: ['earnings'],
      listing: {
        symbol: fx.stock.symbol,
        exchange: 'US',
        currency: 'USD',
        benchmark: fx.benchmark.symbol,
        timeZone: 'America/New_York',
      },
      day0: fx.day0,
      publishedAt: fx.publishedAt,
      windowEndSession: '2024-06-20',
      barsSignalled: false,
    };
    return (await activities.computeStudy(input)) as unknown as StudyComputedData;
  };

  it('computes the FF3 study: α, β, σ and the abnormal returns match numpy least squares, a day without factors has none', async () => {
    const study = await compute('ff3');
    if (study.status !== 'computed') throw new Error(`skipped: ${study.reason}`);
    expect(study.day0).toBe(fx.day0);
    expect(study.parameters.model).toBe('ff3');
    expect(study.parameters.returnType).toBe('simple');
    expect(study.fit.estimationLength).toBe(fx.expected.estimationLength);
    expect(study.fit.alpha).toBeCloseTo(fx.expected.alpha, 12);
    expect(study.fit.beta).toBeCloseTo(fx.expected.betaMktRf, 10);
    expect(study.fit.sigma).toBeCloseTo(fx.expected.sigma, 12);
    const ar = Object.fromEntries(study.days.map((d) => [String(d.relativeDay), d.abnormalReturn]));
    for (const [day, want] of Object.entries(fx.expected.ar)) {
      if (want === null) expect(ar[day]).toBeNull();
      else expect(ar[day]).toBeCloseTo(want, 12);
    }
  });

  it('skips a Carhart study with the reason when no momentum factor is ingested', async () => {
    const study = await compute('carhart');
    expect(study.status).toBe('skipped');
    expect(study.status === 'skipped' && study.reason).toMatch(/no ingested factor data has mom for the carhart model/);
    expect(study.parameters.model).toBe('carhart');
  });
});
