/**
 * Output written to a stream in large byte chunks, with backpressure. Text is encoded straight into the chunk; a hot
 * loop can also write bytes into it itself ({@link TextOut.reserve}) instead of building row strings to be
 * concatenated and encoded again. The caller flushes between rows.
 */
export interface TextOut {
  /** Appends text (UTF-8). */
  add(text: string): void;
  /**
   * Makes room for at least `n` more bytes and returns the chunk and the write position, for a hot loop that writes
   * bytes itself (see {@link putAscii}, {@link putBytes}) and then calls {@link TextOut.commit}.
   */
  reserve(n: number): { readonly buf: Buffer; readonly pos: number };
  /** Sets the write position after bytes were written into the chunk {@link TextOut.reserve} returned. */
  commit(pos: number): void;
  /** Hands the chunk to the stream once it is mostly full; resolves when the stream can take more (else undefined). */
  flush(): Promise<void> | undefined;
  /** Writes what is pending; with `close`, ends the stream and waits until it is finished. */
  end(): Promise<void>;
}

/** Size of the chunks handed to the stream. */
const CHUNK = 1 << 20;

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
  let buf: Buffer = Buffer.allocUnsafe(CHUNK);
  let pos = 0;
  let failed: Error | undefined;
  // A write error (disk full, closed pipe) is raised at the next flush instead of crashing the process.
  stream.on('error', (err: Error) => {
    failed ??= err;
  });
  // The stream keeps a chunk until it is written; written chunks come back to a free list, so a long output reuses a
  // few buffers instead of allocating (and garbage-collecting) one per megabyte.
  const free: Buffer[] = [];
  const write = (): Promise<void> | undefined => {
    if (failed !== undefined) throw failed;
    if (pos === 0) return undefined;
    const full = buf;
    const chunk = full.subarray(0, pos);
    buf = free.pop() ?? Buffer.allocUnsafe(CHUNK);
    pos = 0;
    const more = stream.write(chunk, (err) => {
      if (err == null && full.length === CHUNK && free.length < 16) free.push(full);
    });
    return more ? undefined : waitDrain(stream);
  };
  const ensure = (n: number): void => {
    if (pos + n <= buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, pos + n));
    buf.copy(bigger, 0, 0, pos);
    buf = bigger;
  };
  return {
    add(text) {
      ensure(text.length * 3);
      pos += buf.write(text, pos, 'utf8');
    },
    reserve(n) {
      ensure(n);
      return { buf, pos };
    },
    commit(next) {
      pos = next;
    },
    flush() {
      return pos >= CHUNK * 0.75 ? write() : undefined;
    },
    async end() {
      const pending = write();
      if (pending !== undefined) await pending;
      if (!options.close) return;
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => (failed === undefined ? resolve() : reject(failed)));
      });
    },
  };
}

/** Copies an ASCII string into `buf` at `pos`; returns the position after it. */
export function putAscii(buf: Buffer, pos: number, text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) buf[pos + i] = text.charCodeAt(i);
  return pos + n;
}

/** Copies bytes into `buf` at `pos`; returns the position after them. */
export function putBytes(buf: Buffer, pos: number, piece: Uint8Array): number {
  const n = piece.length;
  for (let i = 0; i < n; i++) buf[pos + i] = piece[i]!;
  return pos + n;
}
