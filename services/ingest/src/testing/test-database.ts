import pg from 'pg';
import { createPool, migrate, pgConfigFromEnv } from '@newswindow/store';

/** A migrated database of its own for one spec file, dropped by `drop()`. */
export interface TestDatabase {
  readonly name: string;
  readonly pool: pg.Pool;
  drop(): Promise<void>;
}

export async function createTestDatabase(name: string): Promise<TestDatabase> {
  const config = pgConfigFromEnv(process.env);
  const admin = new pg.Client({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: 'postgres',
  });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const pool = createPool({ ...config, database: name, max: 4 });
  await migrate(pool);
  return {
    name,
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({
        host: config.host,
        port: config.port,
        user: config.user,
        password: config.password,
        database: 'postgres',
      });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
