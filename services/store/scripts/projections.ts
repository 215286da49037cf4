// Entry point: `npx tsx --conditions newswindow-source services/store/scripts/projections.ts run|rebuild [batchSize]`.
import { createPool, pgConfigFromEnv, rebuildProjections, runProjections } from '@newswindow/store';

async function main(): Promise<void> {
  const [command = 'run', batch] = process.argv.slice(2);
  if (command !== 'run' && command !== 'rebuild') throw new Error(`usage: projections.ts run|rebuild [batchSize]`);
  const pool = createPool(pgConfigFromEnv(process.env));
  try {
    const started = Date.now();
    const options = batch === undefined ? {} : { batchSize: Number(batch) };
    const result = command === 'run' ? await runProjections(pool, options) : await rebuildProjections(pool, options);
    const summary = Object.entries(result)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ');
    process.stdout.write(`projections ${command}: ${summary} events applied in ${Date.now() - started} ms\n`);
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`projections failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
