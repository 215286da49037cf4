import { Client } from 'pg';
import type { StackConfig } from './stack-config';
import { uniqueName } from './unique-name';

/** A database of its own for one spec file; `drop()` removes it (and any connections left on it). */
export interface TestDatabase {
  readonly name: string;
  readonly connection: { host: string; port: number; user: string; password?: string; database: string };
  drop(): Promise<void>;
}

/** A client on the maintenance database; a server restart or forced drop surfaces as a rejected query, not a crash. */
function adminClient(config: StackConfig): Client {
  const client = new Client({ ...config.pg, database: 'postgres' });
  client.on('error', () => undefined);
  return client;
}

/** Creates a uniquely named database on the stack's Postgres, as each integration spec file should. */
export async function createTestDatabase(config: StackConfig, prefix = 'nw_test'): Promise<TestDatabase> {
  const name = uniqueName(prefix).toLowerCase();
  const admin = adminClient(config);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    connection: { ...config.pg, database: name },
    drop: async () => {
      const c = adminClient(config);
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
