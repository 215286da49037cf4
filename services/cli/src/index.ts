export { runCli } from './cli-main';
export { UsageError } from './commands/command';
export type { CliCommand, CliEntry, CliIo, LazyCliCommand } from './commands/command';
export { commands } from './commands/registry';
