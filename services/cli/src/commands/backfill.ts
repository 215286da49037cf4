import { Client, Connection, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { WorkflowHandle } from '@temporalio/client';
import type { BackfillFilter, BackfillInput, BackfillProgress, StudyModelChoice } from '@newswindow/workflows';
import {
  backfill,
  backfillProgressQuery,
  cancelBackfillSignal,
  pauseBackfillSignal,
  resumeBackfillSignal,
} from '@newswindow/workflows';
import { backfillIdOf } from '@newswindow/api';
import { settingsReader } from '@newswindow/schemas';
import type { TemporalConnectionOptions } from '@newswindow/temporal';
import { TEMPORAL_ADDRESS_DEFAULT, TEMPORAL_NAMESPACE_DEFAULT, temporalConnectionFromEnv } from '@newswindow/temporal';
import type { CliCommand, CliIo } from './command';
import { calendarDateOption, deploymentFromEnv, UsageError, parseCommandArgs } from './command';

const usage = `Usage: newswindow backfill --from YYYY-MM-DD --to YYYY-MM-DD [--tickers A,B] [--tags T1,T2] [--recompute] [--alerts]
                           [--benchmark SYMBOL] [--model market|ff3|carhart|ff5] [--all-stories] [--id ID] [--detach]
       newswindow backfill status|pause|resume|cancel --id ID

Starts the backfill workflow over the stored news published from --from to --to (inclusive), optionally only those
about --tickers or tagged --tags, and shows its progress on stderr until it ends. The workflow id derives from the
parameters (unless --id), so the same backfill started twice attaches to the running one, or reruns and writes
nothing new; outside the default deployment it starts with <NEWSWINDOW_DEPLOYMENT>: as the live study ids do. --recompute writes new versions of studies that already exist. --benchmark measures every listing
against SYMBOL instead of its benchmark from the security master (e.g. QQQ where ^GSPC has no stored closes); each
study records the benchmark it used. --model runs the backfill's studies under that model instead of the worker's
NEWSWINDOW_STUDY_MODEL: market (the market model on log returns), or the factor models ff3 (Fama–French 3), carhart
(Carhart 4), ff5 (Fama–French 5) on simple returns over the factor days of 'newswindow ingest factors' (a study
without factor data is skipped with the reason); each study records its model (and its id says it), so the studies of
one event under several models sit side by side; the workflow id ends in :model:<name>. --all-stories studies every story (untagged ones under 'other', every issuer it
is about or filed under) instead of the worker's study policy (a story with an event tag, for each issuer it is about
with relevance >= NEWSWINDOW_STUDY_MIN_RELEVANCE); its workflow id ends in :all-stories. --alerts raises alerts for the significant windows of the studies written (a backfill never alerts
otherwise). --detach returns once started;
Ctrl-C only stops watching: the backfill keeps running on the worker. Exit code 0 when the backfill is done,
1 when it was cancelled or failed.

  status   print the progress          pause    stop starting new batches (batches in flight finish)
  resume   continue a paused backfill  cancel   finish the batches in flight, then stop

Environment: TEMPORAL_ADDRESS (${TEMPORAL_ADDRESS_DEFAULT}), TEMPORAL_NAMESPACE (${TEMPORAL_NAMESPACE_DEFAULT}), TEMPORAL_PROFILE…,
             NEWSWINDOW_TASK_QUEUE (the worker's task queue; default newswindow-studies, or <NEWSWINDOW_DEPLOYMENT>.studies).`;

/** Where the backfill workflow runs; parsed once from the command's environment. */
export interface BackfillCliConfig {
  readonly address: string;
  readonly namespace: string;
  /** Temporal's environment configuration (`@newswindow/temporal`): address, TLS, API key. */
  readonly connectionOptions: TemporalConnectionOptions;
  readonly taskQueue: string;
  /** The deployment's workflow-id prefix, as its live study ids carry it (`<deployment>:`, none for `local`). */
  readonly workflowIdPrefix: string;
}

/** Temporal's settings from `@newswindow/temporal`, and `NEWSWINDOW_TASK_QUEUE` (default: the `NEWSWINDOW_DEPLOYMENT`'s queue). */
export function backfillConfigFromEnv(env: NodeJS.ProcessEnv): BackfillCliConfig {
  const { address, namespace, connectionOptions } = temporalConnectionFromEnv(env);
  return {
    address,
    namespace,
    connectionOptions,
    taskQueue: settingsReader(env).text('NEWSWINDOW_TASK_QUEUE') ?? deploymentFromEnv(env).taskQueue,
    workflowIdPrefix: deploymentFromEnv(env).workflowIdPrefix,
  };
}

/** A parsed `newswindow backfill …` command line. */
export type BackfillArgs =
  | {
      readonly kind: 'start';
      readonly filter: BackfillFilter;
      readonly recompute: boolean;
      readonly benchmark?: string;
      readonly model?: StudyModelChoice;
      readonly alerts: boolean;
      readonly allStories: boolean;
      readonly workflowId: string;
      readonly detach: boolean;
    }
  | { readonly kind: 'status' | 'pause' | 'resume' | 'cancel'; readonly workflowId: string };

const ACTIONS = ['status', 'pause', 'resume', 'cancel'] as const;
const MODELS: readonly StudyModelChoice[] = ['market', 'ff3', 'carhart', 'ff5'];
type Action = (typeof ACTIONS)[number];
const isAction = (s: string): s is Action => (ACTIONS as readonly string[]).includes(s);

const isoDate = (v: string | undefined, flag: string): string => {
  if (v === undefined) throw new UsageError(`${flag} is required`);
  return calendarDateOption(v, flag);
};

/** `--tickers A,B --tickers C` → `['A', 'B', 'C']`, deduplicated, empty items dropped. */
const list = (values: readonly string[] | undefined): string[] | undefined => {
  const items = [
    ...new Set(
      (values ?? [])
        .flatMap((v) => v.split(','))
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  return items.length === 0 ? undefined : items;
};

// The workflow id of a backfill: the filter's (with the benchmark), `:recompute` for a recompute. The web app derives
// the same one, so a backfill started from either joins one workflow.
export { backfillIdOf };

/**
 * Parses the command line; throws {@link UsageError} on a wrong one. A derived workflow id starts with
 * `workflowIdPrefix`, the deployment's (`<NEWSWINDOW_DEPLOYMENT>:`, none for the default deployment), as its live
 * study ids do; `--id` is taken as given.
 */
export function parseBackfillArgs(argv: readonly string[], workflowIdPrefix = ''): BackfillArgs {
  const { values, positionals } = parseCommandArgs(argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    tickers: { type: 'string', multiple: true },
    tags: { type: 'string', multiple: true },
    recompute: { type: 'boolean', default: false },
    benchmark: { type: 'string' },
    model: { type: 'string' },
    alerts: { type: 'boolean', default: false },
    'all-stories': { type: 'boolean', default: false },
    id: { type: 'string' },
    detach: { type: 'boolean', default: false },
  });
  const [action, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const id = values.id?.trim();
  if (id === '') throw new UsageError('--id must not be empty');
  if (action !== undefined) {
    if (!isAction(action)) throw new UsageError(`unknown action '${action}' (status, pause, resume or cancel)`);
    if (id === undefined) throw new UsageError(`${action} needs --id`);
    const stray = (['from', 'to', 'tickers', 'tags', 'benchmark', 'model'] as const).filter(
      (k) => values[k] !== undefined,
    );
    if (stray.length > 0 || values.recompute || values.alerts || values['all-stories'] || values.detach)
      throw new UsageError(`${action} takes only --id`);
    return { kind: action, workflowId: id };
  }
  const from = isoDate(values.from, '--from');
  const to = isoDate(values.to, '--to');
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  const tickers = list(values.tickers);
  const tags = list(values.tags);
  const benchmark = values.benchmark?.trim();
  if (benchmark !== undefined && !/^[A-Za-z0-9^][A-Za-z0-9.^=_/-]*$/.test(benchmark))
    throw new UsageError(`--benchmark must be a symbol like QQQ or ^GSPC, got '${values.benchmark ?? ''}'`);
  const model = values.model === undefined ? undefined : MODELS.find((m) => m === values.model);
  if (values.model !== undefined && model === undefined)
    throw new UsageError(`--model must be one of ${MODELS.join(', ')}, got '${values.model}'`);
  const filter: BackfillFilter = {
    from,
    to,
    ...(tickers === undefined ? {} : { tickers }),
    ...(tags === undefined ? {} : { tags }),
  };
  return {
    kind: 'start',
    filter,
    recompute: values.recompute,
    ...(benchmark === undefined ? {} : { benchmark }),
    ...(model === undefined ? {} : { model }),
    alerts: values.alerts,
    allStories: values['all-stories'],
    workflowId:
      id ??
      `${backfillIdOf(filter, values.recompute, benchmark, workflowIdPrefix, model)}${values['all-stories'] ? ':all-stories' : ''}`,
    detach: values.detach,
  };
}

/** `[#######-------]  45.0 %` for the share of news processed; an unknown total shows an empty bar. */
export function renderProgressBar(p: BackfillProgress, width = 30): string {
  const total = p.totalNews;
  const share = total === null ? 0 : total === 0 ? 1 : Math.min(1, p.newsProcessed / total);
  const filled = Math.floor(share * width);
  const pct = total === null ? '   ?  ' : `${(share * 100).toFixed(1).padStart(5)} %`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}`;
}

/** One line of progress: bar, news processed of total, studies written / existing / skipped, state. */
export function renderProgressLine(p: BackfillProgress, width = 30): string {
  const total = p.totalNews === null ? '?' : String(p.totalNews);
  return (
    `${renderProgressBar(p, width)}  ${p.newsProcessed}/${total} news · ${p.studiesWritten} written · ` +
    `${p.studiesExisting} existing · ${p.studiesSkipped} skipped · ${p.newsWithoutStudy} without study · ${p.state}`
  );
}

/** Final summary on stdout. */
export function renderSummary(workflowId: string, p: BackfillProgress, seconds: number): string {
  return [
    `backfill ${workflowId}: ${p.state}`,
    `  news processed     ${p.newsProcessed}${p.totalNews === null ? '' : ` of ${p.totalNews}`}`,
    `  studies written    ${p.studiesWritten}`,
    `  studies existing   ${p.studiesExisting} (already stored, not written again)`,
    `  studies skipped    ${p.studiesSkipped} (recorded with their reason)`,
    `  news without study ${p.newsWithoutStudy}`,
    `  pages ${p.pages}, runs ${p.runs}, ${seconds.toFixed(1)} s`,
    '',
  ].join('\n');
}

const isTty = (s: NodeJS.WritableStream): boolean => (s as Partial<NodeJS.WriteStream>).isTTY === true;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Shows the progress query on stderr until the workflow ends: a bar redrawn in place on a terminal, a plain line
 * every few seconds (when something changed) otherwise. Returns the workflow's result.
 */
async function follow(handle: WorkflowHandle<typeof backfill>, io: CliIo): Promise<BackfillProgress> {
  const tty = isTty(io.stderr);
  const everyMs = tty ? 250 : 5_000;
  let outcome: { ok: true; value: BackfillProgress } | { ok: false; error: unknown } | undefined;
  const result = handle.result().then(
    (value) => (outcome = { ok: true, value }),
    (error: unknown) => (outcome = { ok: false, error }),
  );
  let last = '';
  while (outcome === undefined) {
    const p = await handle.query(backfillProgressQuery).catch(() => undefined);
    if (p !== undefined) {
      const line = renderProgressLine(p);
      if (tty) io.stderr.write(`\r${line}\x1b[K`);
      else if (line !== last) io.stderr.write(`${new Date().toISOString()} ${line}\n`);
      last = line;
    }
    await Promise.race([result, delay(everyMs)]);
  }
  const done: typeof outcome = outcome;
  if (!done.ok) {
    if (tty && last !== '') io.stderr.write('\n');
    throw done.error;
  }
  if (tty) io.stderr.write(`\r${renderProgressLine(done.value)}\x1b[K\n`);
  else io.stderr.write(`${new Date().toISOString()} ${renderProgressLine(done.value)}\n`);
  return done.value;
}

async function runBackfill(argv: readonly string[], io: CliIo): Promise<number> {
  const config = backfillConfigFromEnv(io.env);
  const args = parseBackfillArgs(argv, config.workflowIdPrefix);
  const connection = await Connection.connect(config.connectionOptions);
  try {
    return await runWith(args, config, connection, io);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    io.stderr.write(`newswindow backfill: no backfill '${args.workflowId}' in namespace ${config.namespace}\n`);
    return 1;
  } finally {
    await connection.close();
  }
}

async function runWith(
  args: BackfillArgs,
  config: BackfillCliConfig,
  connection: Connection,
  io: CliIo,
): Promise<number> {
  const client = new Client({ connection, namespace: config.namespace });
  const handle = client.workflow.getHandle<typeof backfill>(args.workflowId);
  switch (args.kind) {
    case 'status': {
      const p = await handle.query(backfillProgressQuery);
      io.stdout.write(`${args.workflowId}\n${renderProgressLine(p)}\n`);
      return 0;
    }
    case 'pause':
    case 'resume':
    case 'cancel': {
      const signal = { pause: pauseBackfillSignal, resume: resumeBackfillSignal, cancel: cancelBackfillSignal }[
        args.kind
      ];
      await handle.signal(signal);
      io.stdout.write(`${args.kind} sent to ${args.workflowId}\n`);
      return 0;
    }
    case 'start': {
      const started = Date.now();
      const input: BackfillInput = {
        filter: args.filter,
        recompute: args.recompute,
        ...(args.benchmark === undefined ? {} : { benchmark: args.benchmark }),
        ...(args.model === undefined ? {} : { model: args.model }),
        ...(args.alerts ? { alerts: true } : {}),
        ...(args.allStories ? { allStories: true } : {}),
      };
      try {
        await client.workflow.start(backfill, {
          taskQueue: config.taskQueue,
          workflowId: args.workflowId,
          args: [input],
        });
        io.stderr.write(`started backfill ${args.workflowId} on task queue ${config.taskQueue}\n`);
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        io.stderr.write(`backfill ${args.workflowId} is already running: attaching to it\n`);
      }
      if (args.detach) {
        io.stdout.write(`${args.workflowId}\n`);
        io.stderr.write(`follow it with: newswindow backfill status --id '${args.workflowId}'\n`);
        return 0;
      }
      const p = await follow(handle, io);
      io.stdout.write(renderSummary(args.workflowId, p, (Date.now() - started) / 1000));
      return p.state === 'done' ? 0 : 1;
    }
    default: {
      const unknownKind: never = args;
      throw new Error(`unknown backfill command ${JSON.stringify(unknownKind)}`);
    }
  }
}

/** `newswindow backfill …` */
export const backfillCommand: CliCommand = {
  name: 'backfill',
  summary: 'studies over stored news in bulk (Temporal backfill workflow): start, status, pause, resume, cancel',
  usage,
  run: runBackfill,
};
