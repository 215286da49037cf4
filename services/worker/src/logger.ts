import type { LogLevel as TemporalLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/worker';
import type { logCreator } from 'kafkajs';
import { logLevel as KafkaLevel } from 'kafkajs';
import { pino, type Logger, type LevelWithSilent } from 'pino';
import { logLine, redactSecrets } from '@newswindow/schemas';

/** The levels `NEWSWINDOW_LOG_LEVEL` takes. */
export const LOG_LEVELS: readonly LevelWithSilent[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The worker's log: one JSON object a line on stderr (pino), with the level of each entry. */
export interface WorkerLog {
  readonly logger: Logger;
  readonly info: (line: string) => void;
  readonly warn: (line: string) => void;
  readonly error: (line: string) => void;
  /** The Temporal SDK's log (activity and workflow task failures) through the same logger. */
  readonly temporal: TemporalLogger;
  /** kafkajs' log through the same logger. */
  readonly kafka: logCreator;
}

const TEMPORAL_LEVELS: Record<TemporalLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * An error as a log field: name and message, plus the stack only at `debug` and below. A retried activity logs one
 * line with its reason, not a stack trace per attempt.
 */
export function errorField(err: Error, withStack: boolean): Record<string, string> {
  return {
    name: err.name,
    message: logLine(err.message),
    ...(withStack && err.stack !== undefined ? { stack: redactSecrets(err.stack) } : {}),
  };
}

/** Builds the worker's logger at `level` (messages pass through `logLine`: one line, no secret). */
export function createWorkerLog(
  level: LevelWithSilent,
  destination: NodeJS.WritableStream = process.stderr,
): WorkerLog {
  const logger = pino({ name: 'worker', level, base: { pid: process.pid } }, destination);
  const withStack = logger.isLevelEnabled('debug');
  const fields = (meta: LogMetadata | undefined): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(meta ?? {})) {
      // The task token is an opaque blob of a few hundred characters: noise in every activity line.
      if (k === 'taskToken') continue;
      out[k] = v instanceof Error ? errorField(v, withStack) : v;
    }
    return out;
  };
  const temporalLog = (level: TemporalLevel, message: string, meta?: LogMetadata): void => {
    logger[TEMPORAL_LEVELS[level]](fields(meta), logLine(message));
  };
  const temporal: TemporalLogger = {
    log: temporalLog,
    trace: (m, meta) => temporalLog('TRACE', m, meta),
    debug: (m, meta) => temporalLog('DEBUG', m, meta),
    info: (m, meta) => temporalLog('INFO', m, meta),
    warn: (m, meta) => temporalLog('WARN', m, meta),
    error: (m, meta) => temporalLog('ERROR', m, meta),
  };
  const kafka: logCreator =
    () =>
    ({ level: kafkaLevel, log }) => {
      const { message, ...rest } = log;
      const at = kafkaLevel <= KafkaLevel.ERROR ? 'error' : kafkaLevel === KafkaLevel.WARN ? 'warn' : 'debug';
      logger[at]({ kafka: rest }, logLine(message));
    };
  return {
    logger,
    info: (line) => logger.info(logLine(line)),
    warn: (line) => logger.warn(logLine(line)),
    error: (line) => logger.error(logLine(line)),
    temporal,
    kafka,
  };
}
