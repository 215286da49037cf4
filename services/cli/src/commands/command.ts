import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { deploymentFromEnv as namesOfDeployment, isIsoDate } from '@newswindow/schemas';
import type { DeploymentNames } from '@newswindow/schemas';
/** What a CLI command may touch: its streams, environment and working directory (injected so tests can run commands in-process). */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** One `newswindow <name> …` command. `run` resolves to the process exit code. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** The help for a subcommand (`newswindow study show --help`); falls back to `usage`. */
  usageFor?(argv: readonly string[]): string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/**
 * A command known by name and summary whose module is loaded only when it is run or asked for its help: loading
 * every command's dependencies (Temporal, Kafka, Fastify, pg) cost each `newswindow` process about a second of CPU.
 */
export interface LazyCliCommand {
  readonly name: string;
  readonly summary: string;
  load(): Promise<CliCommand>;
}

/** What the CLI dispatches to: a command, or one loaded on demand. */
export type CliEntry = CliCommand | LazyCliCommand;

/** The command behind an entry (loading its module when it is lazy). */
export async function resolveCommand(entry: CliEntry): Promise<CliCommand> {
  return 'load' in entry ? entry.load() : entry;
}

/** Thrown when the command line is wrong; the CLI prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The names of `NEWSWINDOW_DEPLOYMENT` (default `local`), or a {@link UsageError} naming the variable. */
export function deploymentFromEnv(env: NodeJS.ProcessEnv): DeploymentNames {
  return namesOfDeployment(env, (variable, message) => new UsageError(`${variable}: ${message}`));
}

/** `value` as a real `YYYY-MM-DD` date (`2025-13-01` and `2025-02-30` are not), or a {@link UsageError} naming the flag. */
export function calendarDateOption(value: string, flag: string): string {
  if (!isIsoDate(value)) throw new UsageError(`${flag} must be a date YYYY-MM-DD, got '${value}'`);
  return value;
}

/** Runs node's parseArgs, turning its errors (unknown option, missing value) into usage errors. */
export function usageErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

type CommandOptions = NonNullable<ParseArgsConfig['options']>;
type CommandArgs<O extends CommandOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>
>;

/**
 * A command's argv parsed strictly by node's parseArgs; a wrong option (unknown, missing value) is a
 * {@link UsageError}, and so is a positional argument when `positionals` is false.
 */
export function parseCommandArgs<const O extends CommandOptions>(
  argv: readonly string[],
  options: O,
  { positionals = true }: { positionals?: boolean } = {},
): CommandArgs<O> {
  return usageErrors(() => parseArgs({ args: [...argv], allowPositionals: positionals, strict: true, options }));
}
