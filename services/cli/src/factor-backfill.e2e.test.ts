import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { computedWithoutDay0Ar, readFixtureRows, uniqueName, waitFor } from '@newswindow/testkit';
import { startE2eStack, startWorkerForTest } from '@newswindow/worker/e2e';
import type { E2eStack, WorkerForTest } from '@newswindow/worker/e2e';
import type { NewsItem, PriceBar } from '@newswindow/ingest';
import { barKind, loadBarFile, newsKind, storeAddressOf } from '@newswindow/ingest';
import { createEventStore, writeFactorDays } from '@newswindow/store';
import {
  activityDeps,
  createActivities,
  createProjectionCatchUp,
  tagAggregator,
  workerConfigFromEnv,
} from '@newswindow/worker';
import type { StudyModelChoice } from '@newswindow/workflows';
import { backfill } from '@newswindow/workflows';
import { commands, runCli } from './index';

// Backfills of one listing under several models through Temporal, the worker's activities, Postgres and Redis, on a
// worker whose own model is the market model: `backfill --model ff3|carhart` studies are computed under that model,
// record it, store every factor slope, and get tag aggregates of their own model (never mixed with the market model's).
// Every number is checked against numpy on the same inputs (services/worker/scripts/factor_study_fixture.py writes
// the fixture: SYNTHETIC closes given to the real listing AA and its benchmark ^GSPC so the security master links the
// stories, three French-layout factor files with three days left out of every file, numpy least squares).
type Model = 'market_model' | 'ff3' | 'carhart' | 'ff5';
interface ExpectedStudy {
  estimationLength: number;
  alpha: number;
  beta?: number;
  betas?: Record<string, number>;
  sigma: number;
  ar: Record<string, number | null>;
  windows: { start: number; end: number; car: number; nDays: number }[];
}
interface Fixture {
  events: { publishedAt: string; day0: string }[];
  stock: { closes: [string, number][] };
  benchmark: { closes: [string, number][] };
  factorDatasets: { dataset: string; days: ({ date: string } & Record<string, number>)[] }[];
  missingFactorDays: string[];
  expected: Record<
    Model,
    {
      studies: ExpectedStudy[];
      aggregate: {
        windows: { start: number; end: number; caar: number; n: number }[];
        days: { relativeDay: number; aar: number; n: number }[];
      };
    }
  >;
}
const fx = JSON.parse(
  readFileSync(resolve(__dirname, '../../worker/src/__fixtures__/factor-study.json'), 'utf8'),
) as Fixture;
const FACTORS = ['mkt_rf', 'smb', 'hml', 'mom', 'rmw', 'cma'] as const;
const TAG = 'earnings';

const close = (a: number | null | undefined, b: number, digits: number): void => {
  expect(a).not.toBeNull();
  expect(a).toBeCloseTo(b, digits);
};

describe('backfill --model: factor-model studies, their slopes and per-model tag aggregates (Temporal, Postgres, Redis)', () => {
  const run = uniqueName('factorbf');
  const taskQueue = `${run}-studies`;
  const workflowIds: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'nw-factor-backfill-'));
  let stack: E2eStack;
  let temporal: WorkerForTest;
  let refreshAggregates: () => Promise<string[]>;
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, PGDATABASE: stack.db.name });

  const cli = async (argv: string[]): Promise<{ code: number; out: string }> => {
    let out = '';
    const stdout = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const code = await runCli(argv, { stdout, stderr: process.stderr, env: env(), cwd: process.cwd() }, commands);
    return { code, out };
  };

  beforeAll(async () => {
    stack = await startE2eStack({
      run,
      databasePrefix: 'nw_e2e_factor_backfill',
      poolMax: 8,
      temporalLogLevel: 'WARN',
      topics: [`${run}.alerts`],
    });
    const producer = await stack.connectProducer();
    // The worker's own model stays the market model (NEWSWINDOW_STUDY_MODEL unset).
    const config = {
      ...workerConfigFromEnv({ ...env(), NEWSWINDOW_STUDY_MODEL: '' }),
      alertsTopic: `${run}.alerts`,
    };
    const catchUp = createProjectionCatchUp(stack.pool);
    const deps = activityDeps(config, { pool: stack.pool, redis: stack.redis, producer, redisPrefix: run, catchUp });
    const aggregates = tagAggregator(deps, { pool: stack.pool, catchUp });
    refreshAggregates = () => aggregates.refresh();
    temporal = await startWorkerForTest(stack, { taskQueue, activities: createActivities(deps) });

    // The synthetic closes as AA's and ^GSPC's, through the bar file loader (the exchange comes from the master).
    const csv = join(dir, 'bars.csv');
    const rows = (symbol: string, closes: [string, number][]) =>
      closes.map(([d, c]) => `${d},${symbol},${c},${c},${c},${c},1000`);
    writeFileSync(
      csv,
      ['date,symbol,open,high,low,close,volume', ...rows('AA', fx.stock.closes), ...rows('^GSPC', fx.benchmark.closes)]
        .join('\n')
        .concat('\n'),
    );
    const bars = await readFixtureRows<PriceBar>(loadBarFile(csv));
    // One earnings story filed under AA per event (the security master links AA to Alcoa Corporation since 2016).
    const news: NewsItem[] = fx.events.map((e, i) => ({
      id: `${run}-story-${i}`,
      source: 'e2e',
      headline: 'Quarterly results beat estimates',
      body: 'The company reported quarterly results that beat estimates. Synthetic test story.',
      publishedAt: e.publishedAt,
      language: 'en',
      tickers: ['AA'],
    }));
    const toStore = <E extends Parameters<typeof storeAddressOf>[0]>(e: E) => ({ ...e, ...storeAddressOf(e) });
    await createEventStore(stack.pool).appendIdempotent([
      ...bars.map((b) => toStore(barKind.toEvent(b))),
      ...news.map((n) => toStore(newsKind.toEvent(n))),
    ]);
    for (const set of fx.factorDatasets)
      await writeFactorDays(
        stack.pool,
        set.days.map(({ date, ...values }) => ({
          dataset: set.dataset,
          date,
          factors: Object.entries(values).map(([name, value]) => ({ name, value })),
        })),
      );
  }, 180_000);

  afterAll(async () => {
    await temporal?.terminate(workflowIds, 'test cleanup');
    await temporal?.stop();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const backfillUnder = async (model: StudyModelChoice | undefined): Promise<void> => {
    const workflowId = `${run}-backfill-${model ?? 'default'}`;
    workflowIds.push(workflowId);
    const result = await temporal.client.workflow.execute(backfill, {
      taskQueue,
      workflowId,
      args: [
        {
          filter: { from: '2023-12-01', to: '2024-06-30', tickers: ['AA'] },
          ...(model === undefined ? {} : { model }),
          batchSize: 10,
        },
      ],
    });
    expect(result).toMatchObject({ state: 'done', newsProcessed: fx.events.length, studiesWritten: fx.events.length });
  };

  it('computes each backfill under its own model, records it, and stores α, σ and every slope as numpy has them', async () => {
    await backfillUnder(undefined);
    await backfillUnder('ff3');
    await backfillUnder('carhart');
    const catchUp = createProjectionCatchUp(stack.pool);
    await waitFor(
      async () => {
        await catchUp(['studies']);
        const n = await stack.pool.query<{ n: string }>('SELECT count(*) AS n FROM studies');
        return Number(n.rows[0]?.n ?? 0) === 3 * fx.events.length;
      },
      { timeoutMs: 60_000, description: 'the studies projected' },
    );

    const { rows } = await stack.pool.query<{
      study_id: string;
      day0: string;
      status: string;
      skip_reason: string | null;
      model: string;
      return_type: string;
      parameters: { model: string };
      tags: string[];
      alpha: number;
      beta: number;
      sigma: number;
      estimation_length: number;
      [beta: `beta_${string}`]: number | null;
    }>(
      `SELECT study_id, to_char(day0, 'YYYY-MM-DD') AS day0, status, skip_reason, model, return_type, parameters, tags,
              alpha, beta, sigma, estimation_length, ${FACTORS.map((f) => `beta_${f}`).join(', ')}
         FROM studies ORDER BY model, day0`,
    );
    expect(rows).toHaveLength(3 * fx.events.length);
    for (const r of rows) {
      if (r.status !== 'computed') throw new Error(`${r.study_id} skipped: ${r.skip_reason ?? ''}`);
      const model = r.model as Model;
      // The model is the study's provenance: its parameters, its column and its id.
      expect(r.parameters.model).toBe(model);
      expect(r.study_id).toContain(`|${model}:`);
      expect(r.tags).toContain(TAG);
      expect(r.return_type).toBe(model === 'market_model' ? 'log' : 'simple');
      const want = fx.expected[model].studies[fx.events.findIndex((e) => e.day0 === r.day0)]!;
      expect(r.estimation_length).toBe(want.estimationLength);
      close(r.alpha, want.alpha, 12);
      close(r.sigma, want.sigma, 12);
      if (model === 'market_model') close(r.beta, want.beta!, 10);
      for (const f of FACTORS) {
        const b = want.betas?.[f];
        if (b === undefined) expect(r[`beta_${f}`]).toBeNull();
        else close(r[`beta_${f}`], b, 10);
      }
    }
    expect(new Set(rows.map((r) => r.model))).toEqual(new Set(['market_model', 'ff3', 'carhart']));

    // A day missing from the factor files is a missing day: no AR on the first event's day +3 under a factor model
    // (the market model has one), and that event's [0,+5] CAR sums the other five days.
    const day3 = await stack.pool.query<{ model: string; session_date: string; ar: number | null; n_days: number }>(
      `SELECT s.model, to_char(d.session_date, 'YYYY-MM-DD') AS session_date, d.abnormal_return AS ar, w.n_days
         FROM studies s JOIN study_days d ON d.study_id = s.study_id AND d.relative_day = 3
         JOIN study_windows w ON w.study_id = s.study_id AND w.window_start = 0 AND w.window_end = 5
        WHERE s.day0 = $1::date ORDER BY s.model`,
      [fx.events[0]!.day0],
    );
    expect(day3.rows).toHaveLength(3);
    for (const r of day3.rows) {
      expect(fx.missingFactorDays).toContain(r.session_date);
      if (r.model === 'market_model') {
        expect(r.ar).not.toBeNull();
        expect(r.n_days).toBe(6);
      } else {
        expect(r.ar).toBeNull();
        expect(r.n_days).toBe(5);
      }
    }
    expect(await computedWithoutDay0Ar(stack.pool)).toEqual([]);
  }, 600_000);

  it("keeps one tag aggregate per model, each over its own model's studies, with numpy's CAARs and AARs; study aggregate --model shows one", async () => {
    expect(await refreshAggregates()).toContain(TAG);
    // The aggregates are projected once their transaction has settled (the projections read settled transactions only).
    const catchUp = createProjectionCatchUp(stack.pool);
    await waitFor(
      async () => {
        await catchUp(['studies']);
        const n = await stack.pool.query<{ n: string }>('SELECT count(*) AS n FROM tag_aggregates WHERE tag = $1', [
          TAG,
        ]);
        return Number(n.rows[0]?.n ?? 0) === 3;
      },
      { timeoutMs: 60_000, description: 'the three aggregates projected' },
    );
    const { rows } = await stack.pool.query<{
      aggregate_id: string;
      model: string;
      n_events: number;
      study_ids: string[];
    }>(`SELECT aggregate_id, model, n_events, study_ids FROM tag_aggregates WHERE tag = $1 ORDER BY model`, [TAG]);
    expect(rows.map((r) => r.model).sort()).toEqual(['carhart', 'ff3', 'market_model']);
    for (const a of rows) {
      expect(a.n_events).toBe(fx.events.length);
      // Never mixed: every study an aggregate covers is of its model.
      const models = await stack.pool.query<{ model: string }>(
        'SELECT DISTINCT model FROM studies WHERE study_id = ANY($1::text[])',
        [a.study_ids],
      );
      expect(models.rows.map((m) => m.model)).toEqual([a.model]);
      const want = fx.expected[a.model as Model].aggregate;
      const windows = await stack.pool.query<{ window_start: number; window_end: number; caar: number; n: number }>(
        'SELECT window_start, window_end, caar, n FROM tag_aggregate_windows WHERE aggregate_id = $1',
        [a.aggregate_id],
      );
      expect(windows.rows).toHaveLength(want.windows.length);
      for (const w of want.windows) {
        const got = windows.rows.find((x) => x.window_start === w.start && x.window_end === w.end);
        expect(got?.n).toBe(w.n);
        close(got?.caar, w.caar, 12);
      }
      const days = await stack.pool.query<{ relative_day: number; aar: number; n: number }>(
        'SELECT relative_day, aar, n FROM tag_aggregate_days WHERE aggregate_id = $1',
        [a.aggregate_id],
      );
      for (const d of want.days) {
        const got = days.rows.find((x) => x.relative_day === d.relativeDay);
        expect({ day: d.relativeDay, n: got?.n }).toEqual({ day: d.relativeDay, n: d.n });
        close(got?.aar, d.aar, 12);
      }
    }

    const ff3 = await cli(['study', 'aggregate', '--tag', TAG, '--model', 'ff3', '--format', 'json']);
    expect(ff3.code).toBe(0);
    const tests = JSON.parse(ff3.out) as { model: string; window_start: number; window_end: number; caar: number }[];
    expect(tests.length).toBeGreaterThan(0);
    for (const t of tests) {
      expect(t.model).toBe('ff3');
      const w = fx.expected.ff3.aggregate.windows.find((x) => x.start === t.window_start && x.end === t.window_end);
      close(t.caar, w!.caar, 12);
    }
    // Filtered (computed now, not stored): still one model's studies, the same numbers.
    const filtered = await cli([
      'study',
      'aggregate',
      '--tag',
      TAG,
      '--model',
      'carhart',
      '--listing',
      'AA',
      '--format',
      'json',
    ]);
    const ftests = JSON.parse(filtered.out) as {
      model: string;
      window_start: number;
      window_end: number;
      caar: number;
    }[];
    expect(ftests.length).toBeGreaterThan(0);
    for (const t of ftests) {
      expect(t.model).toBe('carhart');
      const w = fx.expected.carhart.aggregate.windows.find((x) => x.start === t.window_start && x.end === t.window_end);
      close(t.caar, w!.caar, 12);
    }

    // study show: the model and every slope per study.
    const show = await cli(['study', 'show', '--listing', 'AA', '--format', 'json']);
    const shown = JSON.parse(show.out) as Record<string, string | number | null>[];
    expect(shown).toHaveLength(3 * fx.events.length);
    const carhart = shown.find((s) => s.model === 'carhart' && s.day0 === fx.events[0]!.day0)!;
    close(carhart.beta_mom as number, fx.expected.carhart.studies[0]!.betas!.mom!, 10);
    expect(carhart.beta_rmw).toBeNull();
  }, 300_000);
});
