import type { CliCommand, CliIo } from './commands/command';
import { UsageError } from './commands/command';

const topLevelHelp = (commands: readonly CliCommand[]): string =>
  [
    'newswindow: news-to-price event-window studies',
    '',
    'Usage: newswindow <command> [options]   (newswindow <command> --help for details)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`),
    '',
  ].join('\n');

/** Dispatches argv to a command; returns the exit code. Kept apart from process handling so tests can call it. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(topLevelHelp(commands));
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr.write(`newswindow: unknown command '${name}'\n\n${topLevelHelp(commands)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${(command.usageFor?.(rest) ?? command.usage).trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`newswindow ${name}: ${err.message}\n\n${command.usage.trimEnd()}\n`);
      return 2;
    }
    throw err;
  }
}
