import { createTestDb, type TestDb } from '../test/test-db';
import { type Component, componentPgConfigFromEnv, createPool } from './config';

// Issue 14: every component and reader was the postgres superuser. Each role may do its job and nothing more; checked
// by acting as the role (SET ROLE) on a migrated database, not by reading the grants back.
describe('component roles (real Postgres)', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb('nw_roles');
  });
  afterAll(async () => {
    await db.drop();
  });

  const as = async (role: string, sql: string): Promise<string> => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL ROLE ${role}`);
      await client.query(sql);
      return 'ok';
    } catch (err) {
      return (err as { code?: string }).code ?? String(err);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  };
  const append = `INSERT INTO events (stream_id, version, type, schema_version, data, metadata, idempotency_key)
    VALUES ('news-x', 1, 'NewsPublished', 2, '{}', '{}', 'k-x')`;

  it('lets ingest append events and record offsets, and nothing else', async () => {
    expect(await as('newswindow_ingest', append)).toBe('ok');
    expect(
      await as(
        'newswindow_ingest',
        `INSERT INTO inbox_offsets (consumer_group, topic, partition, next_offset) VALUES ('g', 't', 0, 1)`,
      ),
    ).toBe('ok');
    expect(await as('newswindow_ingest', 'UPDATE events SET type = type')).toBe('42501');
    expect(await as('newswindow_ingest', 'DELETE FROM news')).toBe('42501');
    expect(await as('newswindow_ingest', 'SELECT * FROM studies')).toBe('42501');
  });

  it('lets the worker append events and write read models, never change a stored event', async () => {
    expect(await as('newswindow_worker', append)).toBe('ok');
    expect(await as('newswindow_worker', 'DELETE FROM studies')).toBe('ok');
    expect(await as('newswindow_worker', 'UPDATE projection_checkpoints SET position = 0')).toBe('ok');
    expect(await as('newswindow_worker', 'UPDATE events SET type = type')).toBe('42501');
    expect(await as('newswindow_worker', 'DELETE FROM events')).toBe('42501');
    expect(await as('newswindow_worker', 'TRUNCATE events')).toBe('42501');
  });

  it('lets the analyst read views only', async () => {
    expect(await as('newswindow_analyst', 'SELECT * FROM v_studies')).toBe('ok');
    expect(await as('newswindow_analyst', 'SELECT * FROM events')).toBe('42501');
    expect(await as('newswindow_analyst', append)).toBe('42501');
  });

  it('gives no component role superuser or role-creation rights', async () => {
    const { rows } = await db.pool.query<{ rolname: string; rolsuper: boolean; rolcreaterole: boolean }>(
      `SELECT rolname, rolsuper, rolcreaterole FROM pg_roles WHERE rolname LIKE 'newswindow\\_%' ORDER BY rolname`,
    );
    expect(
      rows.filter((r) => ['newswindow_analyst', 'newswindow_ingest', 'newswindow_worker'].includes(r.rolname)),
    ).toEqual([
      { rolname: 'newswindow_analyst', rolsuper: false, rolcreaterole: false },
      { rolname: 'newswindow_ingest', rolsuper: false, rolcreaterole: false },
      { rolname: 'newswindow_worker', rolsuper: false, rolcreaterole: false },
    ]);
  });

  // What each component process actually does: log in as the role its configuration names by default (the owner's
  // PGUSER set as on the local stack must not leak into it), then try to write where it may not.
  const loggedInAs = async (component: Component, sql: string): Promise<{ user: string; result: string }> => {
    const pool = createPool(
      componentPgConfigFromEnv({ ...process.env, PGUSER: 'postgres', PGDATABASE: db.config.database }, component),
    );
    try {
      const { rows } = await pool.query<{ user: string }>('SELECT current_user AS user');
      const result = await pool.query(sql).then(
        () => 'ok',
        (err: Error & { code?: string }) => err.code ?? err.message,
      );
      return { user: rows[0]!.user, result };
    } finally {
      await pool.end();
    }
  };

  it('logs each component in as its own role: a reader cannot write, ingest cannot touch studies', async () => {
    // The analyst's sessions are read-only (25006); asking for a read-write transaction still meets the grants (42501).
    expect(await loggedInAs('analyst', append)).toEqual({ user: 'newswindow_analyst', result: '25006' });
    expect(await loggedInAs('analyst', `BEGIN READ WRITE; ${append}; COMMIT`)).toEqual({
      user: 'newswindow_analyst',
      result: '42501',
    });
    expect(await loggedInAs('analyst', 'BEGIN READ WRITE; DELETE FROM studies; COMMIT')).toEqual({
      user: 'newswindow_analyst',
      result: '42501',
    });
    expect(await loggedInAs('analyst', 'SELECT count(*) FROM v_studies')).toEqual({
      user: 'newswindow_analyst',
      result: 'ok',
    });
    expect(await loggedInAs('ingest', 'DELETE FROM studies')).toEqual({ user: 'newswindow_ingest', result: '42501' });
    expect(await loggedInAs('ingest', 'SELECT count(*) FROM events')).toEqual({
      user: 'newswindow_ingest',
      result: 'ok',
    });
    expect(await loggedInAs('worker', 'DELETE FROM events')).toEqual({ user: 'newswindow_worker', result: '42501' });
    expect(await loggedInAs('worker', 'DELETE FROM study_windows')).toEqual({
      user: 'newswindow_worker',
      result: 'ok',
    });
  });
});
