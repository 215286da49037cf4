import { createEventStore, createPool, migrate, pgConfigFromEnv } from '@newswindow/store';
import { createTestDatabase, stackConfigFromEnv, type TestDatabase } from '@newswindow/testkit';
import { runCli } from '../cli-main';
import { captureIo } from './__tests__/capture-io';
import { commands } from './registry';

// Issue 14: one stored story dated 0000-01-01 made `newswindow db projections run` exit 1 (and stopped the news and
// studies projections for good). Now, as the operator runs it, on a real database: the run goes past the event with a
// warning and exit 0, `failures` lists it with its position, `skip` clears it, and the next run has nothing to do.
describe('newswindow db projections past a bad event (real Postgres)', () => {
  const stack = stackConfigFromEnv(process.env);
  let db: TestDatabase;
  let env: Record<string, string>;
  let bad: number;

  beforeAll(async () => {
    db = await createTestDatabase(stack, 'nw_cli_proj_fail');
    env = {
      PGHOST: stack.pg.host,
      PGPORT: String(stack.pg.port),
      PGUSER: stack.pg.user,
      PGDATABASE: db.name,
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      REDIS_URL: stack.redisUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
    };
    const pool = createPool(pgConfigFromEnv(env));
    try {
      await migrate(pool);
      const story = (id: string, publishedAt: string) => ({
        type: 'NewsPublished' as const,
        data: { id, source: 'test', headline: `story ${id}`, publishedAt, language: 'en' },
        streamId: `news-${id}`,
        idempotencyKey: `NewsPublished:test:${id}`,
      });
      // Stored before validation bounded dates (the store itself accepts what it is given).
      const { positions } = await createEventStore(pool).appendIdempotent([
        story('a', '2025-09-08T09:00:00Z'),
        story('year0', '0000-01-01'),
        story('b', '2025-09-08T10:00:00Z'),
      ]);
      bad = positions[1]!;
    } finally {
      await pool.end();
    }
  });
  afterAll(async () => {
    await db?.drop();
  });

  const run = async (argv: string[]) => {
    const cap = captureIo();
    const code = await runCli(argv, { ...cap.io, env }, commands);
    return { code, out: cap.out(), err: cap.err() };
  };

  it('runs past it (exit 0, a warning), lists it, status fails on it, skips it', async () => {
    const first = await run(['db', 'projections', 'run']);
    expect(first.code).toBe(0);
    expect(first.err).toContain(`position ${bad}`);
    expect(first.err).toMatch(/could not be projected and were recorded/);

    const listed = await run(['db', 'projections', 'failures']);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(new RegExp(`^failed .*position ${bad}\\b.*news-year0`, 'm'));

    // The alert a supervisor sees: `status` fails on Postgres while a failure is open.
    const status = await run(['status']);
    expect(status.code).toBe(1);
    expect(status.out).toMatch(/^FAIL postgres .*1 projection failure\(s\): newswindow db projections failures$/m);

    const skipped = await run(['db', 'projections', 'skip', '--position', String(bad)]);
    expect(skipped).toMatchObject({ code: 0, out: expect.stringContaining(`skipped position ${bad}`) as string });
    expect((await run(['db', 'projections', 'failures'])).out).toBe('no projection failures\n');
    const again = await run(['db', 'projections', 'run']);
    expect(again.code).toBe(0);
    expect(again.err).not.toContain('warning');
    expect((await run(['status'])).out).toMatch(/^ok +postgres .*: up$/m);
  });
});
