import { createTestDatabase, stackConfigFromEnv } from '@newswindow/testkit';
import type pg from 'pg';
import { createPool, pgConfigFromEnv, type PgConfig } from '../src/config';
import { migrate } from '../src/migrate';

/** A migrated database of its own for one integration spec file. Test-only: reads `process.env` (PG*). */
export interface TestDb {
  readonly pool: pg.Pool;
  readonly config: PgConfig;
  drop(): Promise<void>;
}

/** Creates a uniquely named database on the stack's Postgres, migrates it, and returns a pool on it. */
export async function createTestDb(prefix = 'nw_store'): Promise<TestDb> {
  const db = await createTestDatabase(stackConfigFromEnv(process.env), prefix);
  const config: PgConfig = { ...pgConfigFromEnv(process.env), database: db.name, max: 6 };
  const pool = createPool(config);
  await migrate(pool);
  return {
    pool,
    config,
    drop: async () => {
      await pool.end();
      await db.drop();
    },
  };
}
