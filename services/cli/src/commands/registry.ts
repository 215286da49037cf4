import { alertsCommand } from './alerts';
import { backfillCommand } from './backfill';
import { calendarCommand } from './calendar';
import type { CliCommand } from './command';
import { consumeCommand } from './consume';
import { dbCommand } from './db';
import { ingestCommand } from './ingest';
import { serveCommand } from './serve';
import { statusCommand } from './status';
import { studyCommand } from './study';
import { tagCommand } from './tag';

// Each command lives in its own file; add it here to expose it.
export const commands: readonly CliCommand[] = [
  tagCommand,
  ingestCommand,
  consumeCommand,
  studyCommand,
  backfillCommand,
  alertsCommand,
  calendarCommand,
  serveCommand,
  dbCommand,
  statusCommand,
];
