import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { EventWindowAlertDataV1, TagAggregateComputedData } from '@newswindow/schemas';
import { writeTagAggregates } from '@newswindow/store';
import { waitFor } from '@newswindow/testkit';
import { startAppStack } from '../test/app-stack';
import type { AppStack } from '../test/app-stack';
import { apiConfigFromEnv, startApiServer } from './index';

// The API and the web app on the real stack: a database seeded by the real backfill path from infra/demo-data, a real
// worker process, Temporal, Kafka; the browser is Debian's Chromium driven by playwright-core (no browser download).

const ARTIFACTS = resolve(__dirname, '../test-artifacts');
const CHROMIUM = process.env.NEWSWINDOW_CHROMIUM ?? '/usr/bin/chromium';

type Json = Record<string, unknown>;
interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
}

let stack: AppStack;
let doc: OpenApi;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** Fetches `url` and validates the JSON body against the OpenAPI response schema of `template` for its status. */
async function call(
  template: string,
  url: string,
  init: RequestInit & { method?: string } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${stack.url}${url}`, init);
  const type = res.headers.get('content-type') ?? '';
  const body = (type.includes('json') ? await res.json() : { text: await res.text() }) as Json;
  const op = doc.paths[template]?.[(init.method ?? 'get').toLowerCase()];
  if (op === undefined) throw new Error(`${template} is not in /openapi.json`);
  const response = op.responses[String(res.status)] ?? op.responses[`${String(res.status)[0]}XX`];
  if (response === undefined) throw new Error(`${template} documents no ${res.status} response`);
  const schema =
    response.content?.['application/json']?.schema ?? response.content?.['application/problem+json']?.schema;
  if (schema !== undefined && type.includes('json')) {
    const validate = ajv.compile(schema);
    if (!validate(body))
      throw new Error(`${url}: ${res.status} body does not match the schema: ${ajv.errorsText(validate.errors)}`);
  }
  return { status: res.status, body, headers: res.headers };
}

const STUDY_FILTERS = [
  'listing',
  'exchange',
  'issuer',
  'tag',
  'day0',
  'day0From',
  'day0To',
  'status',
  'benchmark',
  'model',
  'pBelow',
  'sort',
  'cursor',
  'limit',
];
const INJECTIONS = [
  "' OR '1'='1",
  "9988.HK'; DROP TABLE studies; --",
  '1) OR (1=1',
  "2025-09-08' OR 'x'='x",
  '0.05; DELETE FROM news',
];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startAppStack('api-e2e');
  doc = (await (await fetch(`${stack.url}/openapi.json`)).json()) as OpenApi;
}, 600_000);

afterAll(async () => {
  await stack?.stop();
}, 120_000);

describe('HTTP API (responses validated against /openapi.json)', () => {
  it('documents every endpoint in OpenAPI 3.1 and serves the docs page from local assets', async () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/studies',
      '/api/studies/export',
      '/api/studies/{studyId}',
      '/api/studies/{studyId}/days',
      '/api/studies/{studyId}/windows',
      '/api/news',
      '/api/news/{newsId}',
      '/api/tags',
      '/api/tags/{tag}',
      '/api/tags/{tag}/days',
      '/api/tags/{tag}/tests',
      '/api/backfills',
      '/api/backfills/{id}',
      '/api/backfills/{id}/pause',
      '/api/backfills/{id}/resume',
      '/api/backfills/{id}/cancel',
      '/api/alerts',
      '/api/alerts/stream',
      '/healthz',
      '/readyz',
      '/metrics',
    ])
      expect({ path, documented: path in doc.paths }).toEqual({ path, documented: true });
    const docs = await fetch(`${stack.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).not.toMatch(/https?:\/\/(cdn|unpkg)/);
  });

  it('GET /api/studies?listing=9988.HK&day0=2025-09-08 returns that study, its AR equal to the closes and the fit', async () => {
    const { status, body } = await call('/api/studies', '/api/studies?listing=9988.HK&day0=2025-09-08');
    expect(status).toBe(200);
    const items = body.items as Json[];
    expect(items).toHaveLength(1);
    const s = items[0]!;
    expect(s).toMatchObject({
      listing: { symbol: '9988.HK', exchange: 'XHKG' },
      day0: '2025-09-08',
      benchmark: '^HSI',
    });
    expect((s.day0Ar as number) * 100).toBeCloseTo(2.91, 2);
    // Second way: log returns from the stored closes, minus the market model's expectation.
    const closes = await stack.pool.query<{ symbol: string; session_date: string; close: number }>(
      `SELECT symbol, to_char(session_date, 'YYYY-MM-DD') AS session_date, close FROM daily_bars
       WHERE symbol IN ('9988.HK', '^HSI') AND session_date BETWEEN '2025-09-01' AND '2025-09-08' ORDER BY session_date`,
    );
    const last2 = (sym: string) => closes.rows.filter((r) => r.symbol === sym).slice(-2);
    const [p0, p1] = last2('9988.HK');
    const [m0, m1] = last2('^HSI');
    expect(p1!.session_date).toBe('2025-09-08');
    const r = Math.log(p1!.close / p0!.close);
    const rm = Math.log(m1!.close / m0!.close);
    expect(s.day0Return as number).toBeCloseTo(r, 12);
    expect(s.day0Ar as number).toBeCloseTo(r - ((s.alpha as number) + (s.beta as number) * rm), 12);
  });

  it('pages every sort by cursor with no row lost or repeated', async () => {
    const all = (await call('/api/studies', '/api/studies?limit=500')).body.items as Json[];
    expect(all.length).toBeGreaterThan(10);
    for (const sort of ['-day0', 'day0', 'symbol', '-symbol', 'minP', '-minP', 'day0Ar', '-day0Ar']) {
      const full = ((await call('/api/studies', `/api/studies?limit=500&sort=${sort}`)).body.items as Json[]).map(
        (x) => x.studyId,
      );
      const paged: unknown[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `/api/studies?limit=3&sort=${sort}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
        const page = (await call('/api/studies', q)).body;
        paged.push(...(page.items as Json[]).map((x) => x.studyId));
        cursor = page.nextCursor as string | null;
      } while (cursor !== null);
      expect({ sort, paged }).toEqual({ sort, paged: full });
      expect(new Set(paged).size).toBe(all.length);
    }
    const foreign = (await call('/api/studies', '/api/studies?limit=3&sort=day0')).body.nextCursor as string;
    const wrong = await call('/api/studies', `/api/studies?sort=symbol&cursor=${encodeURIComponent(foreign)}`);
    expect(wrong.status).toBe(400);
  });

  it('filters like the same query in SQL', async () => {
    const count = async (where: string, params: unknown[]) =>
      Number(
        (await stack.pool.query<{ n: string }>(`SELECT count(*) AS n FROM v_study_summaries WHERE ${where}`, params))
          .rows[0]!.n,
      );
    const cases: [string, string, unknown[]][] = [
      ['tag=ai_model_launch', `tags @> ARRAY['ai_model_launch']`, []],
      ['issuer=alibaba', `issuer_id = 'alibaba'`, []],
      ['pBelow=0.05', 'min_p < 0.05', []],
      ['day0From=2025-09-01&day0To=2025-09-30', `day0 BETWEEN '2025-09-01' AND '2025-09-30'`, []],
      ['benchmark=%5EHSI', `benchmark = '^HSI'`, []],
      ['status=computed&model=market_model', `status = 'computed' AND model = 'market_model'`, []],
      ['listing=BABA&exchange=XNYS', `symbol = 'BABA' AND exchange = 'XNYS'`, []],
    ];
    for (const [q, where, params] of cases) {
      const items = (await call('/api/studies', `/api/studies?limit=500&${q}`)).body.items as Json[];
      const expected = await count(where, params);
      expect({ q, n: items.length }).toEqual({ q, n: expected });
      expect(expected).toBeGreaterThan(0);
    }
    const significant = (await call('/api/studies', '/api/studies?limit=500&pBelow=0.05')).body.items as Json[];
    expect(significant.every((s) => (s.minP as number) < 0.05)).toBe(true);
  });

  it('answers SQL-injection attempts in every filter with a 400 problem or no rows, and changes nothing', async () => {
    const before = await stack.pool.query<{ s: string; n: string }>(
      `SELECT (SELECT count(*) FROM studies) AS s, (SELECT count(*) FROM news) AS n`,
    );
    for (const name of STUDY_FILTERS) {
      for (const attempt of INJECTIONS) {
        const r = await call('/api/studies', `/api/studies?${name}=${encodeURIComponent(attempt)}`);
        if (r.status === 200)
          expect({ name, attempt, rows: (r.body.items as Json[]).length }).toEqual({ name, attempt, rows: 0 });
        else {
          expect({ name, attempt, status: r.status }).toEqual({ name, attempt, status: 400 });
          expect(r.headers.get('content-type')).toContain('application/problem+json');
        }
      }
    }
    for (const name of ['from', 'to', 'tag', 'listing', 'cursor']) {
      for (const attempt of INJECTIONS) {
        const r = await call('/api/news', `/api/news?${name}=${encodeURIComponent(attempt)}`);
        expect([200, 400]).toContain(r.status);
        if (r.status === 200) expect((r.body.items as Json[]).length).toBe(0);
      }
    }
    for (const attempt of INJECTIONS) {
      expect((await call('/api/studies/{studyId}', `/api/studies/${encodeURIComponent(attempt)}`)).status).toBe(404);
      expect([400, 404]).toContain((await call('/api/tags/{tag}', `/api/tags/${encodeURIComponent(attempt)}`)).status);
      expect((await call('/api/news/{newsId}', `/api/news/${encodeURIComponent(attempt)}`)).status).toBe(404);
    }
    const after = await stack.pool.query<{ s: string; n: string }>(
      `SELECT (SELECT count(*) FROM studies) AS s, (SELECT count(*) FROM news) AS n`,
    );
    expect(after.rows).toEqual(before.rows);
  });

  it('serves a study with its daily AR / CAR, σ band and stories with evidence', async () => {
    const [s] = (await call('/api/studies', '/api/studies?listing=9988.HK&day0=2025-09-08')).body.items as Json[];
    const { body } = await call('/api/studies/{studyId}', `/api/studies/${encodeURIComponent(s!.studyId as string)}`);
    const days = body.days as Json[];
    const windows = body.windows as Json[];
    const sigma = body.sigma as number;
    expect(body.eventWindow).toEqual({ start: -1, end: 5 });
    expect(days.map((d) => d.relativeDay)).toEqual([-1, 0, 1, 2, 3, 4, 5]);
    // The series' CAR at +1 is the engine's CAR[-1,+1]; the sum of the ARs from 0 to +5 is its CAR[0,+5].
    const w = (a: number, b: number) => windows.find((x) => x.start === a && x.end === b)!;
    expect(days[2]!.CAR as number).toBeCloseTo(w(-1, 1).CAR as number, 12);
    const sum05 = days.slice(1).reduce((acc, d) => acc + (d.AR as number), 0);
    expect(sum05).toBeCloseTo(w(0, 5).CAR as number, 12);
    days.forEach((d, i) => expect(d.carBand as number).toBeCloseTo(1.96 * sigma * Math.sqrt(i + 1), 12));
    const news = body.news as Json[];
    expect(news.length).toBeGreaterThan(0);
    const tags = news[0]!.tags as { tag: string; evidence: { phrase: string }[] }[];
    expect(tags.some((t) => t.tag === 'ai_model_launch' && t.evidence.length > 0)).toBe(true);
    expect((news[0]!.studies as Json[]).some((x) => x.studyId === s!.studyId)).toBe(true);
  });

  it('serves per-tag aggregates whose CAAR is the mean of the studies\u2019 CARs, with the band from their spread', async () => {
    const { body } = await call('/api/tags/{tag}', '/api/tags/ai_model_launch');
    const [a] = body.aggregates as Json[];
    const studyIds = a!.studyIds as string[];
    const series = await Promise.all(
      studyIds.map(
        async (id) =>
          (await call('/api/studies/{studyId}', `/api/studies/${encodeURIComponent(id)}`)).body.days as Json[],
      ),
    );
    for (const d of a!.days as Json[]) {
      const cars = series.map((days) => days.find((x) => x.relativeDay === d.relativeDay)?.CAR as number);
      const mean = cars.reduce((x, y) => x + y, 0) / cars.length;
      const sd = Math.sqrt(cars.reduce((x, y) => x + (y - mean) ** 2, 0) / (cars.length - 1));
      expect(d.CAAR as number).toBeCloseTo(mean, 12);
      expect(d.bandHigh as number).toBeCloseTo(mean + (1.96 * sd) / Math.sqrt(cars.length), 12);
      expect(d.bandLow as number).toBeCloseTo(mean - (1.96 * sd) / Math.sqrt(cars.length), 12);
    }
    const tests = (a!.windows as Json[]).flatMap((w) => w.tests as Json[]);
    expect(tests.length).toBeGreaterThan(3);
    expect(tests.every((t) => typeof t.test === 'string' && 'p' in t)).toBe(true);
    expect((await call('/api/tags/{tag}', '/api/tags/no_such_tag')).status).toBe(404);
  });

  it('downloads CSV and JSON with the peers\u2019 column names', async () => {
    const csv = await fetch(`${stack.url}/api/studies/export?listing=9988.HK&format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('studies.csv');
    const [header, ...lines] = (await csv.text()).trim().split('\n');
    expect(header).toBe(
      'study_id,event_key,issuer,symbol,exchange,benchmark,tags,day0,status,skip_reason,model,alpha,beta,beta_mkt_rf,beta_smb,beta_hml,beta_mom,beta_rmw,beta_cma,sigma,L,R2,R,AR,t,p,min_p,headline',
    );
    expect(lines.length).toBeGreaterThan(0);
    const [s] = (await call('/api/studies', '/api/studies?listing=9988.HK&day0=2025-09-08')).body.items as Json[];
    const id = encodeURIComponent(s!.studyId as string);
    const days = await (await fetch(`${stack.url}/api/studies/${id}/days?format=csv`)).text();
    expect(days.split('\n')[0]).toBe('relative_day,date,R,Rm,ER,AR,t,p,CAR');
    const json = (await (await fetch(`${stack.url}/api/studies/${id}/days?format=json`)).json()) as Json[];
    expect(Object.keys(json[0]!)).toEqual(['relative_day', 'date', 'R', 'Rm', 'ER', 'AR', 't', 'p', 'CAR']);
    const tagDays = await (await fetch(`${stack.url}/api/tags/ai_model_launch/days`)).text();
    expect(tagDays.split('\n')[0]).toBe('aggregate_id,relative_day,N,AAR,CAAR,t,p,CAAR_se,CAAR_low95,CAAR_high95');
    const tagTests = await (await fetch(`${stack.url}/api/tags/ai_model_launch/tests`)).text();
    expect(tagTests.split('\n')[0]).toBe('aggregate_id,window,N,CAAR,test,statistic,p');
  });

  it('needs the bearer token for every write and answers problems as application/problem+json', async () => {
    const body = JSON.stringify({ from: '2025-01-01', to: '2025-01-02' });
    const headers = { 'content-type': 'application/json' };
    for (const auth of [undefined, 'Bearer wrong-token-0123456789', `Basic ${stack.token}`]) {
      const r = await call('/api/backfills', '/api/backfills', {
        method: 'POST',
        body,
        headers: auth === undefined ? headers : { ...headers, authorization: auth },
      });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.headers.get('www-authenticate')).toContain('Bearer');
    }
    for (const action of ['pause', 'resume', 'cancel'])
      expect(
        (await call(`/api/backfills/{id}/${action}`, `/api/backfills/x/${action}`, { method: 'POST' })).status,
      ).toBe(401);
    const big = JSON.stringify({ from: '2025-01-01', to: '2025-01-02', tags: ['x'.repeat(40_000)] });
    const tooLarge = await fetch(`${stack.url}/api/backfills`, {
      method: 'POST',
      body: big,
      headers: { ...headers, authorization: `Bearer ${stack.token}` },
    });
    expect(tooLarge.status).toBe(413);
    const missing = await fetch(`${stack.url}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(await missing.text()).not.toMatch(/\bat .*\.(ts|js):\d+/);
    const bad = await call('/api/studies', '/api/studies?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 400, title: 'Bad Request' });
  });

  it('rate-limits, and keeps CORS off and the server on loopback by default', async () => {
    const limited = await startApiServer(
      apiConfigFromEnv(
        {
          ...process.env,
          PGDATABASE: stack.db.name,
          NEWSWINDOW_API_RATE_LIMIT: '3',
          NEWSWINDOW_TASK_QUEUE: stack.taskQueue,
          NEWSWINDOW_DEPLOYMENT: stack.alertsTopic.split('.')[0],
        },
        { port: 0 },
      ),
    );
    try {
      expect(limited.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await fetch(`${limited.url}/healthz`)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const cors = await fetch(`${stack.url}/api/tags`, { headers: { origin: 'https://evil.example' } });
      expect(cors.headers.get('access-control-allow-origin')).toBeNull();
      const noToken = await fetch(`${limited.url}/api/backfills`, { method: 'POST' });
      expect([403, 429]).toContain(noToken.status);
    } finally {
      await limited.close();
    }
  }, 60_000);

  it('serves health, readiness and Prometheus metrics', async () => {
    expect((await call('/healthz', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call('/readyz', '/readyz')).body).toEqual({
      status: 'ready',
      checks: { database: true, alerts: true },
    });
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(metrics).toContain('newswindow_api_http_requests_total{route="/api/studies",method="GET",status="200"}');
    expect(metrics).toContain('newswindow_api_http_request_duration_seconds_bucket');
  });
});

describe('web app in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
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
    // A fresh profile per suite: playwright's launch gives each browser a temporary --user-data-dir of its own.
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('opens the 9988.HK 2025-09-08 study: chart drawn, AR +2.91 %, evidence highlighted; then its tag page', async () => {
    await page.goto(`${stack.url}/#/studies?listing=9988.HK`);
    const row = page.locator('#studies-table a', { hasText: '2025-09-08' });
    await row.first().click();
    await page.waitForSelector('#study-chart[data-drawn="true"] canvas');
    expect(await page.locator('#ar-day0').textContent()).toBe('+2.91 %');
    // The canvas has more than one colour: bars, line and band were drawn.
    const colours = await page.$eval('#study-chart canvas', (c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<string>();
      for (let i = 0; i < data.length; i += 4 * 97) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(3);
    expect(await page.locator('#stories mark').count()).toBeGreaterThan(0);
    await shot('study-9988HK-2025-09-08');

    await page.locator('a.tag', { hasText: 'ai_model_launch' }).first().click();
    await page.waitForSelector('#caar-chart[data-drawn="true"] canvas');
    expect(page.url()).toContain('#/tag/ai_model_launch');
    expect(await page.locator('.tests-table tbody tr').count()).toBeGreaterThan(3);
    await shot('tag-ai_model_launch');

    await page.goto(`${stack.url}/#/studies`);
    await page.waitForSelector('#studies-table tbody tr');
    await shot('studies');
  }, 60_000);

  it('chooses the model on a tag page: only that model\u2019s aggregate, its downloads, and a message for a model without one', async () => {
    // A stored ff3 aggregate of the tag beside the worker's market-model one (no factor data in this stack to backfill).
    const ff3: TagAggregateComputedData = {
      aggregateId: `ai_model_launch|e2e-ff3-${stack.taskQueue}`,
      tag: 'ai_model_launch',
      parameters: {
        model: 'ff3',
        estimationWindow: { start: -250, end: -11 },
        eventWindows: [{ start: 0, end: 1 }],
        returnType: 'simple',
        day0Rule: 'first_close_after_public',
        missingDataRule: 'missing_close_is_missing_day',
        marketIndex: null,
        calendar: 'XHKG',
        minEstimationReturns: 120,
      },
      engineVersion: 'e2e',
      nEvents: 3,
      studyIds: [],
      days: [0, 1].map((k) => ({ relativeDay: k, aar: 0.01, caar: 0.01 * (k + 1), n: 3, t: 1.2, p: 0.3 })),
      windows: [
        { start: 0, end: 1, caar: 0.02, n: 3, tests: [{ name: 'e2e_ff3_test', statistic: 1.7, pValue: 0.09 }] },
      ],
      computedAt: new Date().toISOString(),
    };
    await writeTagAggregates(stack.pool, [ff3]);
    // Projected by this call or, when the worker's projection runner holds the studies projection, by that runner.
    await waitFor(async () => (await call('/api/tags/{tag}', '/api/tags/ai_model_launch?model=ff3')).status === 200, {
      timeoutMs: 10_000,
      intervalMs: 100,
      description: 'the ff3 aggregate served',
    });
    const section = (id: string) => `section[data-aggregate-id="${id}"]`;
    const sectionIds = () =>
      page.$$eval('section[data-aggregate-id]', (all) => all.map((x) => x.getAttribute('data-aggregate-id')));

    await page.goto(`${stack.url}/#/tag/ai_model_launch`);
    await page.waitForSelector(section(ff3.aggregateId));
    expect((await sectionIds()).length).toBe(2);

    await page.selectOption('#tag-model select[name=model]', 'ff3');
    await page.waitForFunction(() => document.querySelectorAll('section[data-aggregate-id]').length === 1);
    expect(page.url()).toContain('#/tag/ai_model_launch?model=ff3');
    expect(await sectionIds()).toEqual([ff3.aggregateId]);
    await page.waitForSelector('#caar-chart[data-drawn="true"] canvas');
    expect(await page.locator('.tests-table tbody tr').allTextContents()).toEqual([
      expect.stringContaining('e2e_ff3_test') as string,
    ]);
    expect(await page.locator('p.downloads a').first().getAttribute('href')).toBe(
      '/api/tags/ai_model_launch/days?model=ff3&format=csv',
    );
    await shot('tag-ai_model_launch-ff3');

    await page.selectOption('#tag-model select[name=model]', 'market');
    await page.waitForFunction(
      (id) => document.querySelector('section[data-aggregate-id]')?.getAttribute('data-aggregate-id') !== id,
      ff3.aggregateId,
    );
    const market = await sectionIds();
    expect(market.length).toBe(1);
    expect(market[0]).not.toBe(ff3.aggregateId);

    await page.selectOption('#tag-model select[name=model]', 'carhart');
    await page.waitForSelector('#tag-error');
    expect(await page.locator('#tag-error').textContent()).toBe(
      "no aggregate for tag 'ai_model_launch' under the carhart model",
    );
    expect(await page.locator('#tag-model select[name=model]').inputValue()).toBe('carhart');
  }, 60_000);

  it('starts a backfill, pauses and resumes it, and shows its progress move to 100 %', async () => {
    await page.goto(`${stack.url}/#/backfills`);
    await page.fill('input[name=from]', '2025-01-01');
    await page.fill('input[name=to]', '2025-12-31');
    // 9988.HK and BABA are what every story is about; the third ticker matches nothing and makes the id this run's.
    await page.fill('input[name=tickers]', `9988.HK,BABA,${stack.taskQueue}`);
    await page.fill('input[name=batchSize]', '1');
    await page.selectOption('#backfill-form select[name=model]', 'market');
    await page.check('input[name=recompute]');
    await page.fill('#api-token', stack.token);
    await page.click('#start-backfill');
    await page.waitForSelector('#backfill-pause:not([disabled])');
    const id = await page.locator('#backfill-id').textContent();
    stack.workflowIds.push(id ?? '');
    // The chosen model is part of the request, so of the workflow id (as `newswindow backfill --model market`).
    expect(id).toMatch(/:model:market:recompute$/);
    await page.click('#backfill-pause');
    await page.waitForSelector('#backfill-progress[data-state="paused"]', { timeout: 30_000 });
    const processed = async () => Number(await page.locator('#backfill-line').getAttribute('data-news-processed'));
    const atPause = await processed();
    await shot('backfill-paused');
    await page.click('#backfill-resume');
    await page.waitForSelector('#backfill-progress[data-state="done"]', { timeout: 120_000 });
    const atEnd = await processed();
    expect(atEnd).toBeGreaterThan(atPause);
    expect(await page.locator('#backfill-progress').getAttribute('aria-valuenow')).toBe('100.0');
    await shot('backfill-done');
  }, 180_000);

  it('shows an alert published to the alerts topic live, without a reload', async () => {
    await page.goto(`${stack.url}/#/studies`);
    await page.waitForFunction(() => document.getElementById('alerts-status')?.textContent === 'live');
    const [s] = (await call('/api/studies', '/api/studies?listing=9988.HK&day0=2025-09-08')).body.items as Json[];
    // A v1 message (no schemaVersion) as an older worker publishes it: the feed upcasts it to the v2 document.
    const alert: EventWindowAlertDataV1 = {
      alertId: `e2e-live-${Date.now()}`,
      studyId: s!.studyId as string,
      eventKey: s!.eventKey as string,
      newsIds: s!.newsIds as string[],
      listing: { symbol: '9988.HK', exchange: 'XHKG' },
      tags: ['ai_model_launch'],
      day0: '2025-09-08',
      window: { start: 0, end: 5 },
      statistic: 'car',
      value: 0.1047,
      t: 2.75,
      p: 0.0064,
      threshold: 0.05,
      headline: 'live alert from the e2e test',
      raisedAt: new Date().toISOString(),
    };
    await stack.producer.send({
      topic: stack.alertsTopic,
      messages: [{ key: '9988.HK', value: JSON.stringify({ type: 'EventWindowAlert', data: alert }) }],
    });
    await page.waitForSelector(`#alerts-list li[data-alert-id="${alert.alertId}"]`, { timeout: 30_000 });
    await shot('alerts-live');
    const recent = await waitFor(
      async () => {
        const items = (await call('/api/alerts', '/api/alerts')).body.items as Json[];
        return items.some((a) => a.alertId === alert.alertId) && items;
      },
      { timeoutMs: 10_000, intervalMs: 100, description: 'the alert in /api/alerts' },
    );
    expect(recent[0]).toMatchObject({ alertId: alert.alertId });
  }, 60_000);
});
