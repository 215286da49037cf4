/** Text written to a stream in large chunks, with backpressure: rows are added synchronously, flushed by the caller. */
export interface TextOut {
  /** Appends text to the pending chunk. */
  add(text: string): void;
  /** Hands the pending chunk to the stream once it is large; resolves when the stream can take more (else undefined). */
  flush(): Promise<void> | undefined;
  /** Writes what is pending; with `close`, ends the stream and waits until it is finished. */
  end(): Promise<void>;
}

/** Size of the chunks handed to the stream (characters). */
const CHUNK = 1 << 18;

function waitDrain(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      stream.removeListener('drain', onDrain);
      stream.removeListener('error', done);
      if (err === undefined) resolve();
      else reject(err);
    };
    const onDrain = (): void => done();
    stream.once('drain', onDrain);
    stream.once('error', done);
  });
}

/**
 * A {@link TextOut} over `stream`. With `close`, `end()` ends the stream (a file); without, it only writes what is
 * pending (stdout is not ours to end).
 */
export function textOut(stream: NodeJS.WritableStream, options: { readonly close: boolean }): TextOut {
  let pending = '';
  let failed: Error | undefined;
  // A write error (disk full, closed pipe) is raised at the next flush instead of crashing the process.
  stream.on('error', (err: Error) => {
    failed ??= err;
  });
  const write = (): Promise<void> | undefined => {
    if (failed !== undefined) throw failed;
    const text = pending;
    pending = '';
    return stream.write(text) ? undefined : waitDrain(stream);
  };
  return {
    add(text) {
      pending += text;
    },
    flush() {
      return pending.length >= CHUNK ? write() : undefined;
    },
    async end() {
      if (pending.length > 0) await write();
      if (!options.close) return;
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => (failed === undefined ? resolve() : reject(failed)));
      });
    },
  };
}
