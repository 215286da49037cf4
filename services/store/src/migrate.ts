import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { MigrationError } from './errors';

/** Folder of the numbered `NNN_name.sql` migrations shipped with the package. */
export const MIGRATIONS_DIR = path.resolve(__dirname, '..', 'migrations');

/** Advisory lock key that serializes migrations across processes (`hashtext('newswindow.migrate')` style constant). */
const MIGRATION_LOCK_KEY = 7_314_159_265;

/** One migration file. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** Outcome of {@link migrate}. */
export interface MigrateResult {
  /** Names of the migrations this call applied (empty when the schema was up to date). */
  readonly applied: readonly string[];
  /** Migrations already in place before this call. */
  readonly alreadyApplied: number;
}

/** Reads and orders the migrations of `dir`. Pure apart from the file reads. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_[\w-]+\.sql$/.test(f)).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const sql = await readFile(path.join(dir, file), 'utf8');
    migrations.push({
      version: Number(file.slice(0, file.indexOf('_'))),
      name: file,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  const versions = new Set(migrations.map((m) => m.version));
  if (versions.size !== migrations.length) throw new MigrationError(dir, 'two migration files share a number');
  return migrations;
}

/**
 * Applies the pending migrations, each in its own transaction, under a session advisory lock so that several
 * processes may call it at once (the others wait, then find nothing to do).
 *
 * @throws {MigrationError} when a migration fails (it is rolled back) or an applied file was changed since.
 */
export async function migrate(pool: pg.Pool, options: { readonly directory?: string } = {}): Promise<MigrateResult> {
  const migrations = await loadMigrations(options.directory);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations',
      );
      const done = new Map(rows.map((r) => [r.version, r]));
      const applied: string[] = [];
      for (const m of migrations) {
        const previous = done.get(m.version);
        if (previous !== undefined) {
          if (previous.checksum !== m.checksum)
            throw new MigrationError(m.name, 'was changed after it was applied; add a new migration instead');
          continue;
        }
        try {
          await client.query('BEGIN');
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            m.checksum,
          ]);
          await client.query('COMMIT');
        } catch (err) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          }
          throw new MigrationError(m.name, err instanceof Error ? err.message : String(err), { cause: err });
        }
        applied.push(m.name);
      }
      return { applied, alreadyApplied: done.size };
    } finally {
      if (broken === undefined) await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release(broken);
  }
}

/**
 * Checks, as the pool's own role, that the schema is there and that role may read `tables` (default: the event store
 * and the inbox), without migrating: a component that logs in as its own role cannot run migrations. Throws the
 * Postgres error (42P01 undefined table, 42501 insufficient privilege, 28000 unknown role) for the caller to explain.
 */
export async function assertSchemaReadable(
  pool: pg.Pool,
  tables: readonly string[] = ['events', 'inbox_offsets'],
): Promise<void> {
  for (const table of tables) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new RangeError(`not a table name: ${JSON.stringify(table)}`);
    await pool.query(`SELECT 1 FROM "${table}" LIMIT 0`);
  }
}
