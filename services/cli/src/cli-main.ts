import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliEntry, CliIo } from './commands/command';
import { resolveCommand, UsageError } from './commands/command';
import { describeError } from './describe-error';

/** The CLI package's version (read from its package.json, which sits one folder above both src/ and dist/). */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(__dirname, '../package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

const topLevelHelp = (commands: readonly CliEntry[]): string =>
  [
    'newswindow: news-to-price event-window studies',
    '',
    'Usage: newswindow <command> [options]   (newswindow <command> --help for details; newswindow --version)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`),
    '',
  ].join('\n');

/** Dispatches argv to a command; returns the exit code. Kept apart from process handling so tests can call it. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliEntry[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(topLevelHelp(commands));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`newswindow ${cliVersion()}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (entry === undefined) {
    io.stderr.write(`newswindow: unknown command '${name}'\n\n${topLevelHelp(commands)}`);
    return 2;
  }
  const command = await resolveCommand(entry);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${(command.usageFor?.(rest) ?? command.usage).trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      const usage = command.usageFor?.(rest) ?? command.usage;
      io.stderr.write(`newswindow ${name}: ${err.message}\n\n${usage.trimEnd()}\n`);
      return 2;
    }
    // One line a person can act on; the stack only on request (it helps us, rarely the user).
    io.stderr.write(`newswindow ${name}: ${describeError(err, io.env)}\n`);
    if (io.env.NEWSWINDOW_DEBUG === '1' && err instanceof Error && err.stack !== undefined) {
      io.stderr.write(`${err.stack}\n`);
    }
    return 1;
  }
}
