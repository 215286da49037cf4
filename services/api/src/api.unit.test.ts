import type { EventWindowAlertData } from '@newswindow/schemas';
import { createAlertBuffer } from './alerts-feed';
import { backfillIdOf } from './backfills';
import { ApiConfigError, apiConfigFromEnv } from './config';
import { decodeCursor, encodeCursor, parseSort } from './cursor';
import { HttpProblem, problemOf, schemaErrorMessage } from './problem';
import { progressBody } from './routes/backfills';
import { bearerAuth } from './server';
import { caarBand, eventWindowSpan, studySeries } from './study-series';

describe('studySeries', () => {
  // Worked by hand: σ = 0.02, window [-1, +1]; CAR = running sum of AR, band = 1.96 × 0.02 × √k.
  const days = [
    { relativeDay: 1, date: '2025-09-09', return: 0.01, marketReturn: 0, expectedReturn: 0, abnormalReturn: 0.01 },
    { relativeDay: -1, date: '2025-09-05', return: 0.02, marketReturn: 0, expectedReturn: 0, abnormalReturn: -0.005 },
    { relativeDay: 0, date: '2025-09-08', return: 0.04, marketReturn: 0, expectedReturn: 0, abnormalReturn: 0.03 },
    { relativeDay: 5, date: '2025-09-15', return: 0.01, marketReturn: 0, expectedReturn: 0, abnormalReturn: 0.5 },
  ];
  it('cumulates the ARs in day order over the span and widens the band with √k', () => {
    const s = studySeries(days, { start: -1, end: 1 }, 0.02);
    expect(s.map((d) => d.relativeDay)).toEqual([-1, 0, 1]);
    expect(s[0]!.CAR).toBeCloseTo(-0.005, 15);
    expect(s[1]!.CAR).toBeCloseTo(0.025, 15);
    expect(s[2]!.CAR).toBeCloseTo(0.035, 15);
    expect(s[0]!.carBand).toBeCloseTo(0.0392, 15);
    expect(s[1]!.carBand).toBeCloseTo(0.05543717164, 10);
    expect(s[2]!.carBand).toBeCloseTo(0.06789639165, 10);
  });
  it('stops the CAR at a missing AR and gives no band without σ', () => {
    const s = studySeries([days[1]!, { ...days[2]!, abnormalReturn: null }, days[0]!], { start: -1, end: 1 }, null);
    expect(s.map((d) => d.CAR)).toEqual([-0.005, null, null]);
    expect(s.every((d) => d.carBand === null)).toBe(true);
  });
  it('spans the widest window', () => {
    expect(
      eventWindowSpan([
        { start: -1, end: 1 },
        { start: 0, end: 0 },
        { start: 0, end: 5 },
      ]),
    ).toEqual({ start: -1, end: 5 });
  });
});

describe('caarBand', () => {
  it('is CAAR ± 1.96 sd / √N', () => {
    // sd 0.04, N 4 → se 0.02 → ±0.0392
    const b = caarBand(0.01, 0.04, 4);
    expect(b.se).toBeCloseTo(0.02, 15);
    expect(b.low).toBeCloseTo(-0.0292, 15);
    expect(b.high).toBeCloseTo(0.0492, 15);
    expect(caarBand(0.01, null, 4)).toEqual({ se: null, low: null, high: null });
    expect(caarBand(0.01, 0.04, 1)).toEqual({ se: null, low: null, high: null });
  });
});

describe('cursors', () => {
  it('round-trip and refuse another sort, garbage and wrong value types', () => {
    const sort = parseSort('-day0');
    expect(sort).toEqual({ key: 'day0', direction: 'desc' });
    const c = encodeCursor(sort, { value: '2025-09-08', studyId: "x'; DROP TABLE studies; --" });
    expect(decodeCursor(c, sort)).toEqual({ value: '2025-09-08', studyId: "x'; DROP TABLE studies; --" });
    expect(() => decodeCursor(c, parseSort('day0'))).toThrow(HttpProblem);
    expect(() => decodeCursor('not-base64-json', sort)).toThrow(HttpProblem);
    const bad = Buffer.from(JSON.stringify(['day0', 'desc', "'; select 1", 'id'])).toString('base64url');
    expect(() => decodeCursor(bad, sort)).toThrow(/wrong type/);
    expect(decodeCursor(encodeCursor(parseSort('minP'), { value: null, studyId: 'a' }), parseSort('minP'))).toEqual({
      value: null,
      studyId: 'a',
    });
  });
});

describe('apiConfigFromEnv', () => {
  it('binds loopback, reads as newswindow_analyst without the owner password, CORS off, writes off', () => {
    const c = apiConfigFromEnv({ PGDATABASE: 'db1', PGUSER: 'postgres', PGPASSWORD: 'owner-secret' });
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(8080);
    expect(c.readDb).toMatchObject({ user: 'newswindow_analyst', database: 'db1' });
    expect(c.readDb.password).toBeUndefined();
    expect(c.corsOrigins).toEqual([]);
    expect(c.writeToken).toBeUndefined();
    expect(c.kafka.alertsTopic).toBe('local.alerts.event-window');
    expect(apiConfigFromEnv({ NEWSWINDOW_DEPLOYMENT: 'demo1' }).kafka.alertsTopic).toBe('demo1.alerts.event-window');
  });
  it("starts backfills under the deployment's workflow-id prefix (the default deployment's ids keep their names)", () => {
    expect(apiConfigFromEnv({}).temporal.workflowIdPrefix).toBe('');
    expect(apiConfigFromEnv({ NEWSWINDOW_DEPLOYMENT: 'demo1' }).temporal).toMatchObject({
      taskQueue: 'demo1.studies',
      workflowIdPrefix: 'demo1:',
    });
    const filter = { from: '2025-01-01', to: '2025-01-31' };
    expect(backfillIdOf(filter, false)).toBe('backfill:2025-01-01:2025-01-31:*:*');
    expect(backfillIdOf(filter, true, 'QQQ', 'demo1:')).toBe(
      'demo1:backfill:2025-01-01:2025-01-31:*:*:vs:QQQ:recompute',
    );
  });
  it('lets the flags win and rejects bad values with the setting named', () => {
    expect(apiConfigFromEnv({ NEWSWINDOW_API_PORT: '9000' }, { port: 0, host: '0.0.0.0' })).toMatchObject({
      port: 0,
      host: '0.0.0.0',
    });
    expect(() => apiConfigFromEnv({ NEWSWINDOW_API_PORT: 'eighty' })).toThrow(ApiConfigError);
    expect(() => apiConfigFromEnv({ NEWSWINDOW_API_TOKEN: 'short' })).toThrow(/NEWSWINDOW_API_TOKEN/);
    expect(() => apiConfigFromEnv({ KAFKA_BROKERS: 'nohostport' })).toThrow(/KAFKA_BROKERS/);
    expect(() => apiConfigFromEnv({ NEWSWINDOW_DEPLOYMENT: 'a b' })).toThrow(/NEWSWINDOW_DEPLOYMENT/);
    expect(() => apiConfigFromEnv({ NEWSWINDOW_API_PORT: '70000' })).toThrow(
      "NEWSWINDOW_API_PORT: expected a whole number from 1 to 65535, got '70000'",
    );
    expect(() => apiConfigFromEnv({ TEMPORAL_ADDRESS: 'nohostport' })).toThrow(ApiConfigError);
    expect(() => apiConfigFromEnv({ TEMPORAL_ADDRESS: 'nohostport' })).toThrow(/^TEMPORAL_ADDRESS: expected host:port/);
  });
  it("takes Temporal's and Kafka's defaults from their owners", () => {
    const c = apiConfigFromEnv({});
    expect([c.temporal.address, c.temporal.namespace, c.temporal.connectionOptions.address, c.kafka.brokers]).toEqual([
      '127.0.0.1:7233',
      'default',
      '127.0.0.1:7233',
      ['127.0.0.1:9092'],
    ]);
  });
});

describe('problems', () => {
  it('hide server internals and keep client errors', () => {
    const internal = problemOf(new Error('connect ECONNREFUSED 10.0.0.1:5432 at Pool.query (/srv/x.js:1:1)'), '/api/x');
    expect(internal.problem).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'the request failed on the server; it was logged',
      instance: '/api/x',
    });
    expect(JSON.stringify(internal)).not.toMatch(/ECONNREFUSED|\.js/);
    const client = problemOf(Object.assign(new Error('body/from must match pattern'), { statusCode: 400 }), '/api/b');
    expect(client.problem).toMatchObject({ status: 400, title: 'Bad Request', detail: 'body/from must match pattern' });
  });

  it('word a schema failure as Fastify does, with the allowed values of an enum listed', () => {
    const enumError = {
      keyword: 'enum',
      instancePath: '/model',
      schemaPath: '#/properties/model/enum',
      params: { allowedValues: ['market', 'ff3'] },
      message: 'must be equal to one of the allowed values',
    };
    const limit = {
      keyword: 'maximum',
      instancePath: '/limit',
      schemaPath: '#/properties/limit/maximum',
      params: { comparison: '<=', limit: 500 },
      message: 'must be <= 500',
    };
    expect(schemaErrorMessage([enumError, limit], 'querystring').message).toBe(
      'querystring/model must be equal to one of the allowed values: market, ff3, querystring/limit must be <= 500',
    );
  });
});

describe('bearerAuth', () => {
  const req = (authorization?: string) =>
    ({ headers: authorization === undefined ? {} : { authorization } }) as Parameters<ReturnType<typeof bearerAuth>>[0];
  it('accepts the token only', async () => {
    const auth = bearerAuth('0123456789abcdef0123');
    await expect(auth(req('Bearer 0123456789abcdef0123'))).resolves.toBeUndefined();
    await expect(auth(req('Bearer 0123456789abcdef0124'))).rejects.toMatchObject({ status: 401 });
    await expect(auth(req())).rejects.toMatchObject({ status: 401 });
    await expect(bearerAuth(undefined)(req('Bearer anything'))).rejects.toMatchObject({ status: 403 });
  });
});

describe('alert buffer', () => {
  const alert = (id: string): EventWindowAlertData => ({
    alertId: id,
    ruleId: 'desk-default',
    studyId: 's',
    eventKey: 'e',
    newsIds: [],
    listing: { symbol: 'X', exchange: 'XNYS' },
    issuer: null,
    benchmark: '^GSPC',
    model: 'market_model',
    window: { start: 0, end: 0 },
    finalWindows: [{ start: 0, end: 0 }],
    day0: '2025-01-02',
    day0ClosesAt: '2025-01-02T21:00:00.000Z',
    statistic: 'ar_day0',
    rawReturn: 0.11,
    value: 0.1,
    t: 3,
    p: 0.001,
    test: 'student_t two-sided, 238 df',
    threshold: 0.05,
    tags: [],
    relevance: null,
    novelty: null,
    headline: null,
    sourceUrl: null,
    studyUrl: null,
    text: 'X AR day 0 +10.00%',
    raisedAt: '2025-01-02T00:00:00.000Z',
  });
  it('keeps the newest, drops redeliveries, tells listeners', () => {
    const b = createAlertBuffer(2);
    const heard: string[] = [];
    const off = b.subscribe((a) => heard.push(a.alertId));
    for (const id of ['a', 'b', 'a', 'c']) b.push(alert(id));
    off();
    b.push(alert('d'));
    expect(heard).toEqual(['a', 'b', 'c']);
    expect(b.recent(10).map((a) => a.alertId)).toEqual(['d', 'c']);
  });
});

describe('progressBody', () => {
  it('reports the fraction of news processed, 1 when done, zeros for a failed workflow', () => {
    const base = {
      id: 'b',
      studiesWritten: 1,
      studiesExisting: 0,
      studiesSkipped: 0,
      newsWithoutStudy: 0,
      pages: 1,
      runs: 1,
    };
    expect(progressBody({ ...base, state: 'running', totalNews: 8, newsProcessed: 2 }).fraction).toBe(0.25);
    expect(progressBody({ ...base, state: 'done', totalNews: null, newsProcessed: 2 }).fraction).toBe(1);
    expect(progressBody({ id: 'b', state: 'failed' })).toMatchObject({
      state: 'failed',
      newsProcessed: 0,
      fraction: null,
    });
  });
});
