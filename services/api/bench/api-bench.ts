// npm run bench:api — GET /api/studies with filters at a fixed request rate over 100 000 studies, p50/p99 side by side
// with the same statement in plain SQL (pg, the read-only role), and the first load of the studies page in Chromium.
//
// The studies are generated straight into the read-model tables (studies, study_days, study_windows, news) of a
// scratch database by one SQL statement per table: this measures the read path, not the pipeline
// (bench:pipeline does that). Options: --studies N (100000), --rate R (200 req/s), --seconds S (20).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { chromium } from 'playwright-core';
import type { StudySummaryFilter } from '@newswindow/store';
import { createPool, migrate, pgConfigFromEnv, studySummariesStatement } from '@newswindow/store';

const { values } = parseArgs({
  options: {
    studies: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.studies);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const SYMBOLS = 500;
const TAGS = [
  'earnings',
  'ai_model_launch',
  'funding_round',
  'regulatory',
  'guidance',
  'analyst_rating',
  'product_launch',
  'mna',
  'litigation',
  'other',
];
const BENCHMARKS = ['^GSPC', '^HSI', '^NDX', '^STOXX50E', '^N225'];

/** Deterministic pseudo-random stream (the same queries on every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function generate(pool: pg.Pool): Promise<void> {
  await pool.query(
    `INSERT INTO news (news_id, source, headline, published_at_raw, published_at, published_date, date_only, language,
                       status, revision, first_position, last_position)
     SELECT 'bench-news-' || i, 'bench', 'Synthetic headline number ' || i, '2024-01-01', now(), DATE '2020-01-01' + (i % 2000),
            true, 'en', 'published', 1, i, i
     FROM generate_series(1, $1::int) AS i`,
    [N],
  );
  await pool.query(
    `INSERT INTO studies (study_id, event_key, news_ids, symbol, exchange, tags, day0, status, skip_reason, model,
                          estimation_start, estimation_end, event_windows, return_type, day0_rule, missing_data_rule,
                          market_index, calendar, min_estimation_returns, parameters, engine_version, alpha, beta, sigma,
                          estimation_length, r2, computed_at, position, final_windows)
     SELECT 'bench-study-' || lpad(i::text, 7, '0'),
            'nw1:issuer' || (i % $2::int) || ':' || ($3::text[])[1 + i % 10] || ':' || (DATE '2020-01-01' + (i * 7919) % 2000),
            ARRAY['bench-news-' || i], 'SYM' || (i % $2::int), 'XNYS',
            CASE WHEN i % 3 = 0 THEN ARRAY[($3::text[])[1 + i % 10], ($3::text[])[1 + (i / 10) % 10]]
                 ELSE ARRAY[($3::text[])[1 + i % 10]] END,
            DATE '2020-01-01' + (i * 7919) % 2000,
            CASE WHEN i % 20 = 0 THEN 'skipped' ELSE 'computed' END,
            CASE WHEN i % 20 = 0 THEN 'estimation window has 87 of 120 returns' END,
            'market_model', -250, -11, '[{"start":-1,"end":1},{"start":0,"end":0},{"start":0,"end":5}]', 'log',
            'first_close_after_public', 'missing_close_is_missing_day', ($4::text[])[1 + i % 5], 'XNYS', 120, '{}',
            'bench', 0.0001, 1.1, 0.015, 240, 0.4, now(), i,
            CASE WHEN i % 20 = 0 THEN '[]'::jsonb ELSE '[{"start":-1,"end":1},{"start":0,"end":0},{"start":0,"end":5}]'::jsonb END
     FROM generate_series(1, $1::int) AS i`,
    [N, SYMBOLS, TAGS, BENCHMARKS],
  );
  await pool.query(
    `INSERT INTO study_days (study_id, relative_day, session_date, return, market_return, expected_return,
                             abnormal_return, ar_t, ar_p)
     SELECT s.study_id, k, s.day0 + k, 0.01, 0.005, 0.0056, ar, ar / 0.015,
            least(1, 2 * (1 - (0.5 * (1 + tanh(0.7978845608 * (abs(ar / 0.015) + 0.044715 * abs(ar / 0.015) ^ 3))))))
     FROM studies s CROSS JOIN generate_series(-1, 5) AS k
     CROSS JOIN LATERAL (SELECT ((hashtext(s.study_id || k) % 1000) / 1000.0) * 0.05 AS ar) x
     WHERE s.status = 'computed'`,
  );
  await pool.query(
    `INSERT INTO study_windows (study_id, window_start, window_end, car, car_t, car_p, bhar, bhar_t, bhar_p, n_days, status)
     SELECT d.study_id, w.a, w.b, sum(d.abnormal_return), sum(d.abnormal_return) / (0.015 * sqrt(w.b - w.a + 1)),
            min(d.ar_p), sum(d.abnormal_return), null, null, count(*), 'computed'
     FROM study_days d JOIN (VALUES (-1, 1), (0, 0), (0, 5)) AS w(a, b) ON d.relative_day BETWEEN w.a AND w.b
     GROUP BY d.study_id, w.a, w.b`,
  );
  await pool.query('ANALYZE');
}

/** The filter mixes of the benchmark, each drawn with fresh values. */
function queries(): (() => { path: string; filter: StudySummaryFilter })[] {
  const r = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const year = () => 2020 + Math.floor(r() * 5);
  return [
    () => {
      const symbol = `SYM${Math.floor(r() * SYMBOLS)}`;
      return { path: `/api/studies?listing=${symbol}&limit=50`, filter: { symbol } };
    },
    () => {
      const tag = pick(TAGS);
      const y = year();
      return {
        path: `/api/studies?tag=${tag}&day0From=${y}-01-01&day0To=${y}-12-31&limit=50`,
        filter: { tag, day0From: `${y}-01-01`, day0To: `${y}-12-31` },
      };
    },
    () => {
      const benchmark = pick(BENCHMARKS);
      return {
        path: `/api/studies?benchmark=${encodeURIComponent(benchmark)}&pBelow=0.05&status=computed&limit=50`,
        filter: { benchmark, pBelow: 0.05, status: 'computed' },
      };
    },
    () => {
      const issuer = `issuer${Math.floor(r() * SYMBOLS)}`;
      const tag = pick(TAGS);
      return { path: `/api/studies?issuer=${issuer}&tag=${tag}&limit=50`, filter: { issuer, tag } };
    },
  ];
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/**
 * The same statements in plain SQL, paced like autocannon's `overallRate` over 20 connections: each of 20 workers
 * takes the next slot of a 1/RATE s schedule, waits for it if early, and times its statement from sending it.
 */
async function plainSql(pool: pg.Pool): Promise<{ p50: number; p99: number; n: number; rate: number }> {
  const mixes = queries();
  const latencies: number[] = [];
  const total = RATE * SECONDS;
  const start = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < total; i = next++) {
      const wait = start + (i * 1000) / RATE - performance.now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      const { filter } = mixes[i % mixes.length]!();
      const { text, values: params } = studySummariesStatement(filter, { key: 'day0', direction: 'desc' }, 50);
      const t0 = performance.now();
      await pool.query(text, params);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    n: latencies.length,
    rate: latencies.length / seconds,
  };
}

async function main(): Promise<void> {
  const base = pgConfigFromEnv(process.env);
  const dbName = `nw_bench_api_${Date.now()}`;
  const admin = new pg.Client({ ...base, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const owner = createPool({ ...base, database: dbName, max: 4 });
  // No connect timeout: an open-loop load queues requests behind a busy pool, which is what the latency should show.
  const analyst = createPool({
    ...base,
    database: dbName,
    user: 'newswindow_analyst',
    password: undefined,
    max: 10,
    connectionTimeoutMillis: 0,
  });
  let server: ReturnType<typeof spawn> | undefined;
  try {
    await migrate(owner);
    const t0 = performance.now();
    await generate(owner);
    const counts = await owner.query<{ s: string; d: string }>(
      'SELECT (SELECT count(*) FROM studies) AS s, (SELECT count(*) FROM study_days) AS d',
    );
    console.log(
      `generated ${counts.rows[0]?.s} studies (${counts.rows[0]?.d} study days) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // The server runs as `newswindow serve` in a process of its own, as in production (not sharing the load
    // generator's event loop).
    const repo = resolve(__dirname, '../../..');
    server = spawn(
      process.execPath,
      ['--conditions=newswindow-source', '--import', 'tsx', 'services/cli/src/cli.ts', 'serve', '--port', '0'],
      {
        cwd: repo,
        env: { ...process.env, PGDATABASE: dbName, NEWSWINDOW_API_RATE_LIMIT: '1000000000' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const url = await new Promise<string>((res, rej) => {
      let out = '';
      server?.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /http:\/\/\S+/.exec(out);
        if (m) res(m[0]);
      });
      server?.once('exit', (code) => rej(new Error(`newswindow serve exited with ${code}`)));
    });
    const api = { url };
    const mixes = queries();
    let k = 0;
    // Warm both paths (plans, pools) before measuring.
    for (let i = 0; i < 40; i += 1) await fetch(`${api.url}${mixes[i % mixes.length]!().path}`);
    console.log(`HTTP: ${RATE} requests/s for ${SECONDS} s …`);
    const http = await autocannon({
      url: api.url,
      connections: 20,
      overallRate: RATE,
      duration: SECONDS,
      requests: [{ setupRequest: (req) => ({ ...req, path: mixes[k++ % mixes.length]!().path }) }],
    });
    console.log(`plain SQL: ${RATE} statements/s for ${SECONDS} s …`);
    const sql = await plainSql(analyst);

    const browser = await chromium.launch({
      executablePath: process.env.NEWSWINDOW_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const loads: number[] = [];
    try {
      for (let i = 0; i < 5; i += 1) {
        const page = await (await browser.newContext()).newPage();
        const t = performance.now();
        await page.goto(`${api.url}/#/studies`);
        await page.waitForSelector('#studies-table tbody tr');
        loads.push(performance.now() - t);
        await page.context().close();
      }
    } finally {
      await browser.close();
    }

    const errors = http.errors + http.non2xx;
    console.log(
      `\nGET /api/studies with filters over ${N} studies, ${RATE} requests/s for ${SECONDS} s (4 filter mixes, limit 50)`,
    );
    console.log('| path | requests | p50 | p99 | errors |');
    console.log('| --- | --- | --- | --- | --- |');
    console.log(
      `| HTTP API (autocannon, 20 connections) | ${http.requests.total} | ${http.latency.p50} ms | ${http.latency.p99} ms | ${errors} |`,
    );
    console.log(
      `| same statement in plain SQL (pg, newswindow_analyst) | ${sql.n} | ${sql.p50.toFixed(1)} ms | ${sql.p99.toFixed(1)} ms | 0 |`,
    );
    console.log(
      `achieved rate: HTTP ${http.requests.average} req/s, SQL ${sql.rate.toFixed(1)} statements/s (target ${RATE})`,
    );
    console.log(
      `first load of the studies page (navigation → first row drawn, fresh context, 5 runs): ${loads.map((x) => x.toFixed(0)).join(', ')} ms`,
    );
  } finally {
    server?.kill('SIGTERM');
    await owner.end();
    await analyst.end();
    if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    else console.log(`kept database ${dbName}`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
