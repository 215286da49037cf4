import type pg from 'pg';
import { createPool, migrate, pgConfigFromEnv } from '@newswindow/store';
import { createTestDatabase as createStackDatabase, stackConfigFromEnv } from '@newswindow/testkit';

/** A migrated database of its own for one spec file or bench run, dropped by `drop()`. Test-only: reads `PG*`. */
export interface TestDatabase {
  readonly name: string;
  readonly pool: pg.Pool;
  drop(): Promise<void>;
}

/** Creates a uniquely named database (testkit's), migrates it and returns a pool on it. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const db = await createStackDatabase(stackConfigFromEnv(process.env), prefix);
  const pool = createPool({ ...pgConfigFromEnv(process.env), database: db.name, max: 4 });
  await migrate(pool);
  return {
    name: db.name,
    pool,
    async drop() {
      await pool.end();
      await db.drop();
    },
  };
}
