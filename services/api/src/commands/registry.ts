import type { CliCommand } from './command';

// Each command lives in its own file; add it here to expose it.
export const commands: readonly CliCommand[] = [];
