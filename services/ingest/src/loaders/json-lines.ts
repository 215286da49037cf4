import { StringDecoder } from 'node:string_decoder';
import type { Loaded } from './load-result';
import { RowRejectedError } from './load-result';

/** Maps one parsed JSON value (one line) to a message; throws `RowRejectedError` (via `reject`) to reject it. */
export type JsonMapper<T> = (value: unknown) => T;

class JsonLineState<T> {
  private rest = '';
  private line = 0;
  constructor(private readonly mapper: JsonMapper<T>) {}

  *push(chunk: string): Generator<Loaded<T>> {
    const text = this.rest + chunk;
    const parts = text.split('\n');
    this.rest = parts.pop() ?? '';
    for (const part of parts) yield* this.one(part);
  }

  *end(): Generator<Loaded<T>> {
    if (this.rest !== '') yield* this.one(this.rest);
    this.rest = '';
  }

  private *one(raw: string): Generator<Loaded<T>> {
    this.line += 1;
    const text = raw.replace(/\r$/, '').trim();
    if (text === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { ok: false, line: this.line, reason: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
      return;
    }
    try {
      yield { ok: true, line: this.line, value: this.mapper(value) };
    } catch (err) {
      if (err instanceof RowRejectedError) yield { ok: false, line: this.line, reason: err.message };
      else throw err;
    }
  }
}

/** Parses JSON Lines text (one JSON value per line; blank lines skipped). */
export function* parseJsonLines<T>(text: string, mapper: JsonMapper<T>): Generator<Loaded<T>> {
  const state = new JsonLineState(mapper);
  yield* state.push(text);
  yield* state.end();
}

/** Parses JSON Lines from a stream of chunks. */
export async function* parseJsonLinesStream<T>(
  chunks: AsyncIterable<string | Buffer>,
  mapper: JsonMapper<T>,
): AsyncGenerator<Loaded<T>> {
  const state = new JsonLineState(mapper);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield* state.push(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  yield* state.push(decoder.end());
  yield* state.end();
}
