import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool, migrate } from '@newswindow/store';
import { createTestDatabase, stackConfigFromEnv, type TestDatabase } from '@newswindow/testkit';
import { runCli } from './cli-main';
import { captureIo } from './commands/__tests__/capture-io';
import { commands } from './commands/registry';

/**
 * Real failures of the systems the CLI talks to (a closed port, a missing database, a database without migrations)
 * must each end in one line that names the system, its address and what to do: never a stack trace.
 */
const stack = stackConfigFromEnv(process.env);
const baseEnv = {
  PGHOST: stack.pg.host,
  PGPORT: String(stack.pg.port),
  PGUSER: stack.pg.user,
  KAFKA_BROKERS: stack.kafkaBrokers.join(','),
  REDIS_URL: stack.redisUrl,
  TEMPORAL_ADDRESS: stack.temporalAddress,
};
/** Nothing listens on port 1 of the loopback: connecting is refused at once. */
const CLOSED = '127.0.0.1:1';

async function run(argv: string[], env: Record<string, string>): Promise<{ code: number; err: string }> {
  const cap = captureIo();
  const code = await runCli(argv, { ...cap.io, env: { ...baseEnv, ...env } }, commands);
  return { code, err: cap.err() };
}

const oneLine = (text: string): string[] => text.trimEnd().split('\n');

describe('errors a person can act on', () => {
  let unmigrated: TestDatabase;
  beforeAll(async () => {
    unmigrated = await createTestDatabase(stack, 'nw_cli_unmigrated');
    // The component roles are cluster-wide and made by `db migrate`: migrate a scratch database so this file does not
    // depend on another suite having migrated first (on a fresh cluster the commands would fail on the missing role).
    const scratch = await createTestDatabase(stack, 'nw_cli_roles');
    const pool = createPool(scratch.connection);
    try {
      await migrate(pool);
    } finally {
      await pool.end();
      await scratch.drop();
    }
  });
  afterAll(async () => {
    await unmigrated.drop();
  });

  it('Postgres down: names Postgres, its address and the variables', async () => {
    const { code, err } = await run(['study', 'show'], { PGPORT: '1', PGDATABASE: 'newswindow' });
    expect(code).toBe(1);
    expect(oneLine(err)).toEqual([expect.stringContaining(`Postgres is not reachable at ${CLOSED} (PGHOST/PGPORT)`)]);
  });

  it('a database that does not exist: says so and how to create it', async () => {
    const { code, err } = await run(['study', 'show'], { PGDATABASE: 'nw_no_such_database_here' });
    expect(code).toBe(1);
    expect(oneLine(err)).toEqual([expect.stringContaining('database "nw_no_such_database_here" does not exist')]);
  });

  it('operator commands log in as the least role that suffices, not PGUSER: a missing role is named with its variables', async () => {
    const read = await run(['study', 'show'], { NEWSWINDOW_ANALYST_PGUSER: 'nw_no_such_reader' });
    expect(read.code).toBe(1);
    expect(oneLine(read.err)).toEqual([expect.stringContaining('refused role "nw_no_such_reader"')]);
    const write = await run(['db', 'projections', 'run'], { NEWSWINDOW_WORKER_PGUSER: 'nw_no_such_writer' });
    expect(write.code).toBe(1);
    expect(oneLine(write.err)).toEqual([expect.stringContaining('refused role "nw_no_such_writer"')]);
  });

  it('a database without migrations: says to run newswindow db migrate', async () => {
    const { code, err } = await run(['study', 'show'], { PGDATABASE: unmigrated.name });
    expect(code).toBe(1);
    expect(oneLine(err)).toEqual([expect.stringContaining('run `newswindow db migrate`')]);
  });

  it('consume on a database without migrations: logs in as its own role and says to run newswindow db migrate', async () => {
    const { code, err } = await run(['consume', '--topics', 'news'], { PGDATABASE: unmigrated.name });
    expect(code).toBe(1);
    expect(oneLine(err)).toEqual([expect.stringContaining('run `newswindow db migrate`')]);
  });

  it('Temporal down: names Temporal and its address', async () => {
    const { code, err } = await run(['backfill', '--from', '2025-01-01', '--to', '2025-01-02'], {
      PGDATABASE: unmigrated.name,
      TEMPORAL_ADDRESS: CLOSED,
    });
    expect(code).toBe(1);
    expect(oneLine(err)).toEqual([
      expect.stringContaining(`Temporal is not reachable at ${CLOSED} (TEMPORAL_ADDRESS)`),
    ]);
  }, 60_000);

  it('Kafka down: names Kafka and its address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-cli-errors-'));
    const file = join(dir, 'one.jsonl');
    writeFileSync(file, '{"id":"x","url":"https://example.com/x","headline":"h","published_at":"2025-01-01"}\n');
    const { code, err } = await run(['ingest', 'news', '--file', file, '--topic', 'nw-cli-errors'], {
      KAFKA_BROKERS: CLOSED,
      // ingest rides out broker outages (5 min by default); two seconds are enough to prove what it says at the end.
      NEWSWINDOW_INGEST_MAX_OUTAGE_MS: '2000',
    });
    expect(code).toBe(1);
    expect(err).toContain(`Kafka is not reachable at ${CLOSED} (KAFKA_BROKERS)`);
    expect(err).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('usage', () => {
  it('a bad date exits 2 with that subcommand’s help only', async () => {
    const { code, err } = await run(['study', 'show', '--day0', '2025-13-01'], {});
    expect(code).toBe(2);
    expect(err).toContain("--day0 must be a date YYYY-MM-DD, got '2025-13-01'");
    expect(err).toContain('Usage: newswindow study show');
    expect(err).not.toContain('Usage: newswindow study --prices');
  });

  it('--version prints the package version', async () => {
    const cap = captureIo();
    expect(await runCli(['--version'], cap.io, commands)).toBe(0);
    expect(cap.out()).toMatch(/^newswindow \d+\.\d+\.\d+\n$/);
  });
});
