import { createTestDb, type TestDb } from '../test/test-db';

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
});
