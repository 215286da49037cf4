import wordVectorsJson from '../../data/word-vectors.json';

/**
 * Word vectors (GloVe 100d of the 50 000 most frequent words, 8-bit; `scripts/make-word-vectors.ts` writes the table
 * with its provenance). A story's mean vector places it among words the tag model never saw in training.
 */
export interface WordVectors {
  readonly dimensions: number;
  /** The words, most frequent first; word i is row i of `values` (looked up by hash: {@link RowsByHash}). */
  readonly words: readonly string[];
  /** Row-major quantised components; multiply by `scale` for the unit vector's. */
  readonly values: Int8Array;
  readonly scale: number;
}

/** Thrown when a word-vector file does not match the documented format. */
export class WordVectorsError extends Error {
  constructor(message: string) {
    super(`word vectors: ${message}`);
    this.name = 'WordVectorsError';
  }
}

/**
 * Validates a word-vector table (`data/word-vectors.json`).
 * @throws WordVectorsError when a field is missing or the vectors do not fill the words × dimensions.
 */
export function loadWordVectors(json: unknown): WordVectors {
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const { dimensions, scale, words, vectors } = o;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions <= 0)
    throw new WordVectorsError('expected a positive integer `dimensions`');
  if (typeof scale !== 'number') throw new WordVectorsError('expected a number `scale`');
  if (!Array.isArray(words) || !words.every((w): w is string => typeof w === 'string'))
    throw new WordVectorsError('expected `words`, an array of strings');
  if (typeof vectors !== 'string') throw new WordVectorsError('expected `vectors`, base64 text');
  const bytes = Buffer.from(vectors, 'base64');
  if (bytes.length !== words.length * dimensions)
    throw new WordVectorsError(`expected ${words.length} × ${dimensions} bytes of vectors, got ${bytes.length}`);
  return {
    dimensions,
    words,
    values: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length),
    scale,
  };
}

export const defaultWordVectors: WordVectors = loadWordVectors(wordVectorsJson);

/**
 * Rows of the table by a 32-bit hash of each word (open addressing): a token's hash is already computed for its word
 * feature, and looking a fresh token string up in a Map hashed it again (a tenth of the tagger's time). Words are told
 * apart by their hash, as the model's features are; of two table words with one hash the more frequent keeps it.
 */
export class RowsByHash {
  private readonly keys: Uint32Array;
  private readonly rows: Int32Array;
  private readonly mask: number;

  constructor(table: WordVectors, hashOf: (word: string) => number) {
    let size = 1;
    while (size < 2 * table.words.length) size *= 2;
    this.keys = new Uint32Array(size);
    this.rows = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    table.words.forEach((word, row) => {
      const h = hashOf(word) >>> 0;
      const at = this.slot(h);
      if (this.rows[at] === -1) {
        this.keys[at] = h;
        this.rows[at] = row;
      }
    });
  }

  /** The row of the word with this hash, or −1 when none has a vector. */
  get(hash: number): number {
    return this.rows[this.slot(hash >>> 0)]!;
  }

  private slot(h: number): number {
    let i = Math.imul(h, 0x9e3779b1) >>> 0;
    for (; ; i++) {
      const at = i & this.mask;
      if (this.rows[at] === -1 || this.keys[at] === h) return at;
    }
  }
}

/** The mean of the rows' unit vectors (zeros when there is none). */
export function meanOfRows(table: WordVectors, rows: readonly number[]): Float64Array {
  const { dimensions, values, scale } = table;
  const sum = new Int32Array(dimensions);
  for (const row of rows)
    for (let d = 0, at = row * dimensions; d < dimensions; d++, at++) sum[d] = sum[d]! + values[at]!;
  return Float64Array.from(sum, (x) => (rows.length === 0 ? 0 : (x * scale) / rows.length));
}
