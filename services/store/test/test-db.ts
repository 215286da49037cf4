import { uniqueName } from '@newswindow/testkit';
import pg from 'pg';
import { createPool, pgConfigFromEnv, type PgConfig } from '../src/config';
import { migrate } from '../src/migrate';

/** A migrated database of its own for one integration spec file. Test-only: reads `process.env` (PG*). */
export interface TestDb {
  readonly pool: pg.Pool;
  readonly config: PgConfig;
  drop(): Promise<void>;
}

const adminQuery = async (config: PgConfig, sql: string): Promise<void> => {
  const admin = new pg.Client({ ...config, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
};

/** Creates a uniquely named database on the stack's Postgres, migrates it, and returns a pool on it. */
export async function createTestDb(prefix = 'nw_store'): Promise<TestDb> {
  const base = pgConfigFromEnv(process.env);
  const name = uniqueName(prefix).toLowerCase();
  await adminQuery(base, `CREATE DATABASE "${name}"`);
  const config: PgConfig = { ...base, database: name, max: 6 };
  const pool = createPool(config);
  await migrate(pool);
  return {
    pool,
    config,
    drop: async () => {
      await pool.end();
      await adminQuery(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
