import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { componentPgConfigFromEnv, createPool } from './config';
import { migrate } from './migrate';

// Issue 14 §4: "password (SCRAM) auth available". The shared stack trusts every loopback login, so a password is never
// checked there; this test starts a Postgres cluster of its own whose pg_hba.conf requires scram-sha-256 for every
// connection, migrates it as the owner, gives the worker's role a password and logs in as the worker the way the
// worker process builds its connection (componentPgConfigFromEnv): the right password gets in, a wrong one and the
// owner's password (which must never reach a component) are refused with 28P01. The cluster listens on a Unix socket
// in its own folder only (no TCP port), so it can collide with no other stack on the machine.

const OWNER_PASSWORD = 'owner-pw-1e9c';
const WORKER_PASSWORD = 'worker-pw-5b2d';
// Only names the socket file (.s.PGSQL.5432) inside the test's own folder.
const PORT = 5432;

const pgBinDir = (): string => {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  const latest = versions[versions.length - 1];
  if (latest === undefined) throw new Error('no Postgres under /usr/lib/postgresql (infra/stack.sh installs it)');
  return join('/usr/lib/postgresql', latest, 'bin');
};

// initdb and postgres refuse to run as root; as root they run as the Debian package's postgres user (as in stack.sh).
const asRoot = process.getuid?.() === 0;
const postgresUid = (): number => Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
const pgTool = (tool: string, args: readonly string[]): void => {
  const bin = join(pgBinDir(), tool);
  const r = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8', cwd: '/' })
    : spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} failed (${r.status}): ${r.stderr}${r.stdout}`);
};

describe('component logins with a SCRAM password (a private Postgres cluster, scram-sha-256 only)', () => {
  let dir: string;
  let started = false;
  const env = (extra: Record<string, string>) => ({
    PGHOST: dir,
    PGPORT: String(PORT),
    PGDATABASE: 'postgres',
    PGUSER: 'postgres',
    PGPASSWORD: OWNER_PASSWORD,
    ...extra,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-scram-'));
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${OWNER_PASSWORD}\n`);
    if (asRoot) {
      chownSync(dir, postgresUid(), -1);
      chownSync(pwfile, postgresUid(), -1);
    }
    chmodSync(dir, 0o700);
    const data = join(dir, 'data');
    pgTool('initdb', ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8']);
    pgTool('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'postgres.log'),
      '-w',
      '-t',
      '120',
      '-o',
      `-c listen_addresses= -p ${PORT} -k ${dir} -c max_connections=20`,
      'start',
    ]);
    started = true;
    const owner = createPool({
      ...componentPgConfigFromEnv(env({}), 'worker'),
      user: 'postgres',
      password: OWNER_PASSWORD,
    });
    try {
      await migrate(owner);
      await owner.query(`ALTER ROLE newswindow_worker PASSWORD '${WORKER_PASSWORD}'`);
    } finally {
      await owner.end();
    }
  }, 180_000);

  afterAll(() => {
    if (started) pgTool('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  });

  const loginAs = async (extra: Record<string, string>): Promise<string> => {
    const client = new Client(componentPgConfigFromEnv(env(extra), 'worker'));
    try {
      await client.connect();
      const { rows } = await client.query<{ user: string }>('SELECT current_user AS user');
      return rows[0]?.user ?? '';
    } catch (err) {
      return (err as { code?: string }).code ?? String(err);
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  it('stores the password as a SCRAM-SHA-256 verifier and lets the worker in with it', async () => {
    const owner = new Client({
      host: dir,
      port: PORT,
      user: 'postgres',
      password: OWNER_PASSWORD,
      database: 'postgres',
    });
    await owner.connect();
    try {
      const { rows } = await owner.query<{ verifier: string }>(
        `SELECT rolpassword AS verifier FROM pg_authid WHERE rolname = 'newswindow_worker'`,
      );
      expect(rows[0]?.verifier.startsWith('SCRAM-SHA-256$')).toBe(true);
    } finally {
      await owner.end();
    }
    expect(await loginAs({ NEWSWINDOW_WORKER_PGPASSWORD: WORKER_PASSWORD })).toBe('newswindow_worker');
  });

  it('refuses a wrong password, and never hands the owner’s PGPASSWORD to the worker', async () => {
    expect(await loginAs({ NEWSWINDOW_WORKER_PGPASSWORD: 'not-the-password' })).toBe('28P01');
    // Only the owner's password in the worker's environment: no password reaches the login at all (pg says so before
    // the server is asked; had the owner's been passed on, the server would answer 28P01). pg falls back to this
    // process's own PGPASSWORD when given none, so that is cleared for the call.
    const saved = process.env['PGPASSWORD'];
    delete process.env['PGPASSWORD'];
    try {
      expect(await loginAs({})).toMatch(/client password must be a string/);
    } finally {
      if (saved !== undefined) process.env['PGPASSWORD'] = saved;
    }
  });
});
