/**
 * A logger for the Temporal workflow bundler and runtime in tests: webpack's progress chatter is dropped,
 * warnings and errors still reach stderr.
 */
export const quietLogger = {
  log: (): undefined => undefined,
  trace: (): undefined => undefined,
  debug: (): undefined => undefined,
  info: (): undefined => undefined,
  warn: (message: string): void => {
    process.stderr.write(`${message}\n`);
  },
  error: (message: string): void => {
    process.stderr.write(`${message}\n`);
  },
};
