import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import {
  createBarReader,
  createFactorDayReader,
  createPool,
  migrate,
  queryStudies,
  queryStudySummaries,
  rebuildProjections,
  writeFactorDays,
  writeStudies,
} from '@newswindow/store';
import { createTestDatabase, stackConfigFromEnv, type TestDatabase } from '@newswindow/testkit';
import type { ComputeStudyInput } from '@newswindow/workflows';
import { createStudyActivities } from './activities/study';
import { defaultCalendarProvider, studySettings } from './composition';
import type { StudyModelSetting } from './config';
import { createProjectionCatchUp } from './projection-loop';
import type { DailyClose, StudyComputedData } from '@newswindow/schemas';

// Factor-model studies whose expected α, slopes, σ, abnormal returns and CARs were computed by numpy least squares on
// the same inputs (services/worker/scripts/factor_study_fixture.py), not by the engine. Factor days go through the real
// event store and factor_days projection on the stack's Postgres; the study activity reads them through the worker's
// adapter; the studies are written as events and projected into the study tables, whose beta_<factor> columns are
// checked against numpy too.
type FactorName = 'mkt_rf' | 'smb' | 'hml' | 'mom' | 'rmw' | 'cma';
interface ExpectedStudy {
  estimationLength: number;
  alpha: number;
  betas: Partial<Record<FactorName, number>>;
  sigma: number;
  ar: Record<string, number | null>;
  windows: { start: number; end: number; car: number; nDays: number }[];
}
interface Fixture {
  events: { publishedAt: string; day0: string }[];
  stock: { symbol: string; closes: [string, number][] };
  benchmark: { symbol: string; closes: [string, number][] };
  factorDatasets: { dataset: string; days: ({ date: string } & Record<string, number>)[] }[];
  missingFactorDays: string[];
  expected: Record<'ff3' | 'carhart' | 'ff5', { studies: ExpectedStudy[] }>;
}
const fx = JSON.parse(readFileSync(path.join(__dirname, '__fixtures__/factor-study.json'), 'utf8')) as Fixture;
const FACTORS: readonly FactorName[] = ['mkt_rf', 'smb', 'hml', 'mom', 'rmw', 'cma'];

const closesOf = (rows: [string, number][]): DailyClose[] =>
  rows.map(([sessionDate, close]) => ({ sessionDate, close }));

/** Writes one French dataset of the fixture as FactorDayRecorded events (through the factor_days projection). */
async function ingest(pool: Pool, name: string): Promise<void> {
  const set = fx.factorDatasets.find((d) => d.dataset === name);
  if (set === undefined) throw new Error(`no dataset ${name} in the fixture`);
  await writeFactorDays(
    pool,
    set.days.map(({ date, ...values }) => ({
      dataset: set.dataset,
      date,
      factors: Object.entries(values).map(([factor, value]) => ({ name: factor, value })),
    })),
    { project: false },
  );
}

describe('factor-model studies on ingested factor days (real Postgres)', () => {
  const stack = stackConfigFromEnv(process.env);
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase(stack, 'nw_worker_factors');
    pool = createPool(db.connection);
    await migrate(pool);
    await ingest(pool, 'F-F_Research_Data_Factors_daily');
  }, 120_000);
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const compute = async (model: StudyModelSetting, event = 0): Promise<StudyComputedData> => {
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
        factorDays: createFactorDayReader(pool, createProjectionCatchUp(pool)),
        bars: createBarReader(pool, createProjectionCatchUp(pool)),
      },
      (symbols) => Promise.resolve(new Map(symbols.map((s) => [s, closes.get(s) ?? []]))),
      { now: () => new Date('2024-08-01T00:00:00Z') },
    );
    const { day0, publishedAt } = fx.events[event]!;
    const input: ComputeStudyInput = {
      eventKey: `nw1:ffx:earnings:${day0}`,
      newsIds: [`n${event}`],
      tags: ['earnings'],
      listing: {
        symbol: fx.stock.symbol,
        exchange: 'US',
        currency: 'USD',
        benchmark: fx.benchmark.symbol,
        timeZone: 'America/New_York',
      },
      day0,
      publishedAt,
      windowEndSession: '2024-07-31',
      barsSignalled: false,
    };
    return (await activities.computeStudy(input)) as unknown as StudyComputedData;
  };

  const expectMatches = (study: StudyComputedData, model: keyof Fixture['expected'], event: number): void => {
    const want = fx.expected[model].studies[event]!;
    if (study.status !== 'computed') throw new Error(`skipped: ${study.reason}`);
    expect(study.day0).toBe(fx.events[event]!.day0);
    expect(study.parameters.model).toBe(model);
    expect(study.parameters.returnType).toBe('simple');
    expect(study.fit.estimationLength).toBe(want.estimationLength);
    expect(study.fit.alpha).toBeCloseTo(want.alpha, 12);
    expect(study.fit.beta).toBeCloseTo(want.betas.mkt_rf!, 10);
    expect(Object.keys(study.fit.factorBetas ?? {}).sort()).toEqual(Object.keys(want.betas).sort());
    for (const [f, b] of Object.entries(want.betas))
      expect(study.fit.factorBetas?.[f as FactorName]).toBeCloseTo(b, 10);
    expect(study.fit.sigma).toBeCloseTo(want.sigma, 12);
    const ar = Object.fromEntries(study.days.map((d) => [String(d.relativeDay), d.abnormalReturn]));
    for (const [day, v] of Object.entries(want.ar)) {
      if (v === null) expect(ar[day]).toBeNull();
      else expect(ar[day]).toBeCloseTo(v, 12);
    }
    for (const w of want.windows) {
      const got = study.windows.find((x) => x.start === w.start && x.end === w.end);
      expect(got?.nDays).toBe(w.nDays);
      expect(got?.car).toBeCloseTo(w.car, 12);
    }
  };

  it('computes the FF3 study: α, every slope, σ, ARs and CARs match numpy; a day missing from the factor file is a missing day', async () => {
    const study = await compute('ff3');
    expectMatches(study, 'ff3', 0);
    // Day +3 of the first event is not in the factor file: no AR that day, the CAR over [0,+5] sums the other five days.
    expect(fx.missingFactorDays).toContain(
      study.status === 'computed' ? study.days.find((d) => d.relativeDay === 3)?.date : '',
    );
    expect(study.status === 'computed' && study.days.find((d) => d.relativeDay === 3)?.abnormalReturn).toBeNull();
    expect(study.status === 'computed' && study.windows.find((w) => w.start === 0 && w.end === 5)?.nDays).toBe(5);
    // Two estimation days are missing from the factor file too: L = 240 − 2.
    expect(study.status === 'computed' && study.fit.estimationLength).toBe(238);
  });

  it('skips a Carhart study with the reason when no momentum factor is ingested', async () => {
    const study = await compute('carhart');
    expect(study.status).toBe('skipped');
    expect(study.status === 'skipped' && study.reason).toMatch(/no ingested factor data has mom for the carhart model/);
    expect(study.parameters.model).toBe('carhart');
  });

  it('stores α, σ and every slope of each factor model in the study tables and views (numpy), null where the model lacks the factor, and a rebuild keeps them', async () => {
    await ingest(pool, 'F-F_Momentum_Factor_daily');
    await ingest(pool, 'F-F_Research_Data_5_Factors_2x3_daily');
    const models = ['ff3', 'carhart', 'ff5'] as const;
    const studies: StudyComputedData[] = [];
    for (const model of models)
      for (let e = 0; e < fx.events.length; e++) {
        const s = await compute(model, e);
        expectMatches(s, model, e);
        studies.push(s);
      }
    await writeStudies(pool, studies, { project: true });

    const columns = FACTORS.map((f) => `beta_${f}`).join(', ');
    const read = async () =>
      (
        await pool.query<Record<string, number | string | null>>(
          `SELECT study_id, model, alpha, sigma, estimation_length, ${columns} FROM studies ORDER BY study_id`,
        )
      ).rows;
    const rows = await read();
    expect(rows).toHaveLength(models.length * fx.events.length);
    const viewRows = (
      await pool.query<Record<string, number | string | null>>(
        `SELECT study_id, ${columns} FROM v_studies UNION ALL SELECT study_id, ${columns} FROM v_study_windows
         UNION ALL SELECT study_id, ${columns} FROM v_study_summaries`,
      )
    ).rows;
    for (const s of studies) {
      const model = s.parameters.model as keyof Fixture['expected'];
      const want = fx.expected[model].studies[fx.events.findIndex((x) => x.day0 === s.day0)]!;
      const row = rows.find((r) => r.study_id === s.studyId)!;
      expect(row.model).toBe(model);
      expect(row.estimation_length).toBe(want.estimationLength);
      expect(row.alpha as number).toBeCloseTo(want.alpha, 12);
      expect(row.sigma as number).toBeCloseTo(want.sigma, 12);
      const inViews = viewRows.filter((r) => r.study_id === s.studyId);
      // One row in v_studies and v_study_summaries, one per event window in v_study_windows.
      expect(inViews).toHaveLength(2 + 3);
      for (const f of FACTORS) {
        const b = want.betas[f];
        for (const r of [row, ...inViews]) {
          if (b === undefined) expect(r[`beta_${f}`]).toBeNull();
          else expect(r[`beta_${f}`] as number).toBeCloseTo(b, 10);
        }
      }
    }

    // The readers the CLI (study show) and the API use.
    const [carhart] = await queryStudies(pool, { studyId: studies[3]!.studyId });
    const wantCarhart = fx.expected.carhart.studies[0]!.betas;
    expect(carhart?.betaMom).toBeCloseTo(wantCarhart.mom!, 10);
    expect(carhart?.betaRmw).toBeNull();
    const page = await queryStudySummaries(pool, {
      filter: { model: 'ff5' },
      sort: { key: 'day0', direction: 'desc' },
      limit: 10,
    });
    expect(page.items).toHaveLength(fx.events.length);
    const wantFf5 = fx.expected.ff5.studies[0]!.betas;
    expect(page.items[0]?.betaCma).toBeCloseTo(wantFf5.cma!, 10);
    expect(page.items[0]?.betaRmw).toBeCloseTo(wantFf5.rmw!, 10);
    expect(page.items[0]?.betaMom).toBeNull();

    // The columns derive from the events alone: a rebuild gives the same rows.
    await rebuildProjections(pool, { only: ['studies'] });
    expect(await read()).toEqual(rows);
  }, 120_000);
});
