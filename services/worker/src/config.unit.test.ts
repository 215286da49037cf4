import { WorkerConfigError, workerConfigFromEnv } from './config';

describe('workerConfigFromEnv: deployment isolation', () => {
  it('derives the alert topic and the Redis prefix from NEWSWINDOW_DEPLOYMENT', () => {
    const c = workerConfigFromEnv({ NEWSWINDOW_DEPLOYMENT: 'desk_a' });
    expect([c.deployment, c.alertsTopic, c.redisPrefix]).toEqual(['desk_a', 'desk_a.alerts.event-window', 'desk_a']);
  });

  it('gives two deployments disjoint topics and prefixes', () => {
    const a = workerConfigFromEnv({ NEWSWINDOW_DEPLOYMENT: 'demo_1' });
    const b = workerConfigFromEnv({ NEWSWINDOW_DEPLOYMENT: 'demo_2' });
    expect(a.alertsTopic).not.toBe(b.alertsTopic);
    expect(a.redisPrefix).not.toBe(b.redisPrefix);
  });

  it('gives two deployments their own task queue, trigger checkpoint and workflow ids; each can still be set alone', () => {
    const a = workerConfigFromEnv({ NEWSWINDOW_DEPLOYMENT: 'demo_1' });
    const b = workerConfigFromEnv({ NEWSWINDOW_DEPLOYMENT: 'demo_2' });
    expect([a.temporal.taskQueue, a.triggerSubscription, a.workflowIdPrefix]).toEqual([
      'demo_1.studies',
      'demo_1.workflow-triggers',
      'demo_1:',
    ]);
    expect(b.temporal.taskQueue).toBe('demo_2.studies');
    expect(
      workerConfigFromEnv({ NEWSWINDOW_DEPLOYMENT: 'demo_1', NEWSWINDOW_TASK_QUEUE: 'q' }).temporal.taskQueue,
    ).toBe('q');
  });

  it('defaults to the deployment local', () => {
    expect(workerConfigFromEnv({}).alertsTopic).toBe('local.alerts.event-window');
  });

  it('refuses the retired process-wide NEWSWINDOW_BENCHMARK_PROXIES and names the per-listing and per-backfill ways', () => {
    expect(() => workerConfigFromEnv({ NEWSWINDOW_BENCHMARK_PROXIES: '^GSPC=QQQ' })).toThrow(
      /NEWSWINDOW_BENCHMARK_PROXIES: no longer read: .*security master.*NEWSWINDOW_SECURITY_MASTER_FILE.*--benchmark/,
    );
  });

  it('logs in to Postgres as newswindow_worker, not as the owner in PGUSER (least privilege, issue 14)', () => {
    const owner = { PGUSER: 'postgres', PGPASSWORD: 'owner-secret', PGDATABASE: 'd', PGPORT: '6543' };
    expect(workerConfigFromEnv(owner).pg).toEqual({
      host: '127.0.0.1',
      port: 6543,
      user: 'newswindow_worker',
      database: 'd',
    });
    expect(
      workerConfigFromEnv({ ...owner, NEWSWINDOW_WORKER_PGUSER: 'w', NEWSWINDOW_WORKER_PGPASSWORD: 'w-secret' }).pg,
    ).toMatchObject({ user: 'w', password: 'w-secret' });
  });

  it('reads the user security-master file', () => {
    expect(workerConfigFromEnv({}).securityMasterFile).toBeNull();
    expect(workerConfigFromEnv({ NEWSWINDOW_SECURITY_MASTER_FILE: '/tmp/mine.jsonl' }).securityMasterFile).toBe(
      '/tmp/mine.jsonl',
    );
  });

  it.each(['NEWSWINDOW_ALERTS_TOPIC', 'NEWSWINDOW_REDIS_PREFIX'])('refuses the retired %s with a hint', (name) => {
    expect(() => workerConfigFromEnv({ [name]: 'x' })).toThrow(/NEWSWINDOW_DEPLOYMENT/);
  });

  it.each(['NEWSWINDOW_NEWS_TOPIC', 'NEWSWINDOW_BARS_TOPIC', 'NEWSWINDOW_TRIGGER_GROUP'])(
    'refuses the retired Kafka trigger setting %s and names the subscription',
    (name) => {
      expect(() => workerConfigFromEnv({ [name]: 'x' })).toThrow(/event store.*NEWSWINDOW_TRIGGER_SUBSCRIPTION/);
    },
  );

  it("takes Postgres' and Kafka's defaults and checks from their owners (store, ingest)", () => {
    const c = workerConfigFromEnv({});
    expect([c.pg.host, c.pg.port, c.pg.database, c.kafkaBrokers]).toEqual([
      '127.0.0.1',
      5432,
      'newswindow',
      ['127.0.0.1:9092'],
    ]);
    expect(() => workerConfigFromEnv({ PGPORT: 'x' })).toThrow(
      /^PGPORT: expected a whole number from 1 to 65535, got 'x'$/,
    );
    expect(() => workerConfigFromEnv({ KAFKA_BROKERS: 'nohost' })).toThrow(/^KAFKA_BROKERS: expected host:port/);
  });

  it('reads the log level and refuses an unknown one with the levels it takes', () => {
    expect(workerConfigFromEnv({}).logLevel).toBe('info');
    expect(workerConfigFromEnv({ NEWSWINDOW_LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(() => workerConfigFromEnv({ NEWSWINDOW_LOG_LEVEL: 'verbose' })).toThrow(
      /NEWSWINDOW_LOG_LEVEL: expected one of trace, debug, info, warn, error, fatal, silent, got 'verbose'/,
    );
  });

  it('reads the study policy: tagged stories about an issuer by default, every story with NEWSWINDOW_ALL_STORIES=1', () => {
    expect(workerConfigFromEnv({}).studyPolicy).toEqual({ minRelevance: 50, allStories: false });
    expect(
      workerConfigFromEnv({ NEWSWINDOW_ALL_STORIES: '1', NEWSWINDOW_STUDY_MIN_RELEVANCE: '70' }).studyPolicy,
    ).toEqual({ minRelevance: 70, allStories: true });
    expect(() => workerConfigFromEnv({ NEWSWINDOW_ALL_STORIES: 'yes' })).toThrow(
      /NEWSWINDOW_ALL_STORIES: expected 0 or 1/,
    );
    expect(() => workerConfigFromEnv({ NEWSWINDOW_STUDY_MIN_RELEVANCE: '150' })).toThrow(WorkerConfigError);
  });

  it('refuses a deployment name unfit for a topic or a key prefix', () => {
    expect(() => workerConfigFromEnv({ NEWSWINDOW_DEPLOYMENT: 'a:b' })).toThrow(WorkerConfigError);
  });
});

describe('workerConfigFromEnv: alert attempts', () => {
  it('leaves the workflow default unless NEWSWINDOW_ALERT_ATTEMPTS is set', () => {
    expect(workerConfigFromEnv({}).alertAttempts).toBeNull();
    expect(workerConfigFromEnv({ NEWSWINDOW_ALERT_ATTEMPTS: '3' }).alertAttempts).toBe(3);
  });

  it.each(['0', '2.5', 'many'])('refuses NEWSWINDOW_ALERT_ATTEMPTS=%s in one line', (raw) => {
    expect(() => workerConfigFromEnv({ NEWSWINDOW_ALERT_ATTEMPTS: raw })).toThrow(
      `NEWSWINDOW_ALERT_ATTEMPTS: expected a whole number >= 1, got '${raw}'`,
    );
  });
});

describe('workerConfigFromEnv: connection settings from their owners', () => {
  it("takes Redis' and Temporal's defaults: the local stack's addresses", () => {
    const c = workerConfigFromEnv({});
    expect([c.redisUrl, c.temporal.address, c.temporal.namespace, c.temporal.connectionOptions.address]).toEqual([
      'redis://127.0.0.1:6379',
      '127.0.0.1:7233',
      'default',
      '127.0.0.1:7233',
    ]);
  });

  it.each([
    ['REDIS_URL', '127.0.0.1:6379', "REDIS_URL: expected a redis or rediss URL, got '127.0.0.1:6379'"],
    ['TEMPORAL_ADDRESS', 'localhost', "TEMPORAL_ADDRESS: expected host:port, got 'localhost'"],
    ['NEWSWINDOW_HEALTH_PORT', '99999', "NEWSWINDOW_HEALTH_PORT: expected a whole number from 0 to 65535, got '99999'"],
    ['NEWSWINDOW_PROJECTION_INTERVAL_MS', 'soon', "NEWSWINDOW_PROJECTION_INTERVAL_MS: expected a number, got 'soon'"],
    ['NEWSWINDOW_ALERT_P_THRESHOLD', '5', "NEWSWINDOW_ALERT_P_THRESHOLD: expected a number in (0, 1), got '5'"],
  ])('stops at start on %s=%s with one line naming it', (name, raw, message) => {
    expect(() => workerConfigFromEnv({ [name]: raw })).toThrow(WorkerConfigError);
    expect(() => workerConfigFromEnv({ [name]: raw })).toThrow(message);
  });
});
