import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../command';

/** Options of {@link captureIo}. */
export interface CaptureIoOptions {
  /** The command's working directory (default `/`). */
  readonly cwd?: string;
  /** Text the command reads on stdin; without it the io has no stdin. */
  readonly stdinText?: string;
}

/** A command's io with stdout and stderr captured as text. */
export interface CapturedIo {
  readonly io: CliIo & { stdin?: NodeJS.ReadableStream };
  /** Everything written to stdout so far. */
  out(): string;
  /** Everything written to stderr so far. */
  err(): string;
}

/** Io for running a CLI command in a unit test: empty env, captured stdout and stderr, optional stdin. */
export function captureIo(options: CaptureIoOptions = {}): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const io: CapturedIo['io'] = {
    stdout,
    stderr,
    env: {},
    cwd: options.cwd ?? '/',
    ...(options.stdinText === undefined ? {} : { stdin: Readable.from([options.stdinText]) }),
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}
