export { runCli } from './cli-main';
export { UsageError } from './commands/command';
export type { CliCommand, CliIo } from './commands/command';
export { commands } from './commands/registry';
