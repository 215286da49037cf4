import type { CliCommand } from './command';
import { tagCommand } from './tag';

// Each command lives in its own file; add it here to expose it.
export const commands: readonly CliCommand[] = [tagCommand];
