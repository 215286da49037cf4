import { createPool, migrate, pgConfigFromEnv, rebuildProjections, runProjections } from '@newswindow/store';
import type { CliCommand } from './command';
import { UsageError } from './command';

const usage = `Usage: newswindow db migrate
       newswindow db projections run|rebuild [--batch-size N]

  migrate                 apply the SQL migrations of @newswindow/store (safe to run from several processes at once)
  projections run         catch the read models (news, tags, listings, daily bars, studies) up with the event log
  projections rebuild     truncate the read models and replay them from the whole log (gives identical tables)

Environment: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE.
`;

const parseBatchSize = (rest: readonly string[]): number | undefined => {
  const at = rest.indexOf('--batch-size');
  if (at === -1) return undefined;
  const value = Number(rest[at + 1]);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`--batch-size must be a positive integer, got '${rest[at + 1] ?? ''}'`);
  return value;
};

export const dbCommand: CliCommand = {
  name: 'db',
  summary: 'apply migrations; run or rebuild the projections (read models)',
  usage,
  async run(argv, io) {
    const [action, sub, ...rest] = argv;
    if (action !== 'migrate' && action !== 'projections') throw new UsageError(`unknown action '${action ?? ''}'`);
    if (action === 'projections' && sub !== 'run' && sub !== 'rebuild') {
      throw new UsageError(`projections needs 'run' or 'rebuild', got '${sub ?? ''}'`);
    }
    const batchSize = parseBatchSize(action === 'projections' ? rest : []);
    const config = pgConfigFromEnv(io.env);
    const pool = createPool(config);
    const target = `${config.host}:${config.port}/${config.database}`;
    try {
      const started = Date.now();
      if (action === 'migrate') {
        const result = await migrate(pool);
        const summary =
          result.applied.length === 0
            ? `schema up to date (${result.alreadyApplied} migrations)`
            : `applied ${result.applied.join(', ')}`;
        io.stdout.write(`db migrate ${target}: ${summary}\n`);
        return 0;
      }
      const options = batchSize === undefined ? {} : { batchSize };
      const result = sub === 'run' ? await runProjections(pool, options) : await rebuildProjections(pool, options);
      const summary = Object.entries(result)
        .map(([name, n]) => `${name} ${String(n)}`)
        .join(', ');
      io.stdout.write(
        `db projections ${sub ?? ''} ${target}: ${summary} events applied in ${Date.now() - started} ms\n`,
      );
      return 0;
    } finally {
      await pool.end();
    }
  },
};
