import type pg from 'pg';
import {
  createPool,
  listProjectionFailures,
  migrate,
  NoProjectionFailureError,
  rebuildProjections,
  replayProjectionFailure,
  runProjections,
  skipProjectionFailure,
  type ProjectionFailure,
} from '@newswindow/store';
import { operatorPgConfig } from '../operator-roles';
import type { CliCommand, CliIo } from './command';
import { UsageError } from './command';

const usage = `Usage: newswindow db migrate
       newswindow db projections run|rebuild [--batch-size N]
       newswindow db projections failures [--all]
       newswindow db projections skip|replay --position N [--projection NAME]

  migrate                 apply the SQL migrations of @newswindow/store (safe to run from several processes at once)
  projections run         catch the read models (news, tags, listings, daily bars, studies) up with the event log
  projections rebuild     truncate the read models and replay them from the whole log (gives identical tables)
  projections failures    list the events a projection could not apply (recorded with their log position and error;
                          the projection went on past them); --all also lists the skipped and replayed ones
  projections skip        mark the failure at log position N as skipped: the read model stays without that event
  projections replay      apply the event at log position N again (after fixing its cause); exit 1 if it fails again
                          (a trigger:<subscription> failure, a story Temporal rejected: marks it requested and the
                          worker running that subscription hands the story over again at its next round)
                          --projection NAME limits skip/replay to one projection (default: every one that failed on N)

A run never stops at one bad event: it records it (see failures), prints a warning and goes on.

Roles: migrate logs in as the database owner (PGUSER, PGPASSWORD); projections failures as the read-only analyst role
(NEWSWINDOW_ANALYST_PGUSER, default newswindow_analyst); run, rebuild, skip and replay as the worker's role
(NEWSWINDOW_WORKER_PGUSER, default newswindow_worker: writes read models, never changes a stored event). Each role's
password: NEWSWINDOW_ANALYST_PGPASSWORD, NEWSWINDOW_WORKER_PGPASSWORD.

Environment: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, NEWSWINDOW_ANALYST_PGUSER, NEWSWINDOW_ANALYST_PGPASSWORD,
NEWSWINDOW_WORKER_PGUSER, NEWSWINDOW_WORKER_PGPASSWORD.
`;

const optionValue = (rest: readonly string[], name: string): string | undefined => {
  const at = rest.indexOf(name);
  return at === -1 ? undefined : (rest[at + 1] ?? '');
};

const parsePosition = (rest: readonly string[]): number => {
  const raw = optionValue(rest, '--position');
  const value = Number(raw);
  if (raw === undefined || !Number.isSafeInteger(value) || value <= 0)
    throw new UsageError(`--position must be a positive integer (a log position), got '${raw ?? ''}'`);
  return value;
};

const failureLine = (f: Pick<ProjectionFailure, 'projection' | 'position' | 'eventType' | 'streamId' | 'error'>) =>
  `${f.projection} position ${f.position} (${f.eventType} ${JSON.stringify(f.streamId)}): ${JSON.stringify(f.error)}`;

async function failuresAction(
  pool: pg.Pool,
  sub: 'failures' | 'skip' | 'replay',
  rest: readonly string[],
  io: CliIo,
): Promise<number> {
  if (sub === 'failures') {
    const rows = await listProjectionFailures(pool, { all: rest.includes('--all') });
    if (rows.length === 0) io.stdout.write('no projection failures\n');
    for (const r of rows) io.stdout.write(`${r.status} ${failureLine(r)} attempts ${r.attempts} at ${r.failedAt}\n`);
    return 0;
  }
  const position = parsePosition(rest);
  const projection = optionValue(rest, '--projection');
  try {
    if (sub === 'skip') {
      const names = await skipProjectionFailure(pool, position, projection);
      io.stdout.write(`skipped position ${position} in ${names.join(', ')}\n`);
      return 0;
    }
    const outcomes = await replayProjectionFailure(pool, position, projection);
    for (const o of outcomes)
      io.stdout.write(
        o.requested === true
          ? `replay of position ${position} requested from ${o.projection} (its worker hands the story over again)\n`
          : o.ok
            ? `replayed position ${position} into ${o.projection}\n`
            : `position ${position} failed again in ${o.projection}: ${JSON.stringify(o.error ?? '')}\n`,
      );
    return outcomes.every((o) => o.ok) ? 0 : 1;
  } catch (err) {
    if (err instanceof NoProjectionFailureError) {
      io.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

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
    const subs = ['run', 'rebuild', 'failures', 'skip', 'replay'] as const;
    if (action === 'projections' && !(subs as readonly (string | undefined)[]).includes(sub)) {
      throw new UsageError(`projections needs 'run' or 'rebuild' (or failures, skip, replay), got '${sub ?? ''}'`);
    }
    if (sub === 'skip' || sub === 'replay') parsePosition(rest);
    const batchSize = parseBatchSize(action === 'projections' ? rest : []);
    const config = operatorPgConfig(io.env, action === 'migrate' ? 'owner' : sub === 'failures' ? 'read' : 'maintain');
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
      if (sub === 'failures' || sub === 'skip' || sub === 'replay') return await failuresAction(pool, sub, rest, io);
      let failed = 0;
      const options = {
        ...(batchSize === undefined ? {} : { batchSize }),
        onFailure: (f: ProjectionFailure) => {
          failed += 1;
          io.stderr.write(`warning: ${failureLine(f)}\n`);
        },
      };
      const result = sub === 'run' ? await runProjections(pool, options) : await rebuildProjections(pool, options);
      if (failed > 0)
        io.stderr.write(
          `warning: ${failed} event(s) could not be projected and were recorded; see \`newswindow db projections failures\`, then skip or replay them by --position\n`,
        );
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
