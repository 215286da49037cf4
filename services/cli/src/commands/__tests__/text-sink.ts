import { Writable } from 'node:stream';

/** A writable stream that keeps everything written to it, for a command's stdout or stderr in unit tests. */
export interface TextSink {
  readonly stream: Writable;
  /** All text written so far. */
  text(): string;
}

/** Creates an empty {@link TextSink}. */
export function textSink(): TextSink {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}
