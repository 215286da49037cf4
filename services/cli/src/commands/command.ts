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

/** Thrown when the command line is wrong; the CLI prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** True for a real calendar date written `YYYY-MM-DD` (`2025-13-01` and `2025-02-30` are not). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** `value` as a `YYYY-MM-DD` date, or a {@link UsageError} naming the flag. */
export function calendarDateOption(value: string, flag: string): string {
  if (!isCalendarDate(value)) throw new UsageError(`${flag} must be a date YYYY-MM-DD, got '${value}'`);
  return value;
}
