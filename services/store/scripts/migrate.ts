// Entry point: `npx tsx services/store/scripts/migrate.ts` (exposed as `newswindow db migrate`).
import { createPool, migrate, pgConfigFromEnv } from '@newswindow/store';

async function main(): Promise<void> {
  const config = pgConfigFromEnv(process.env);
  const pool = createPool(config);
  try {
    const result = await migrate(pool);
    const summary =
      result.applied.length === 0
        ? `schema up to date (${result.alreadyApplied} migrations)`
        : `applied ${result.applied.join(', ')}`;
    process.stdout.write(`db migrate ${config.host}:${config.port}/${config.database}: ${summary}\n`);
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`db migrate failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
