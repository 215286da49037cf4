import wordVectorsJson from '../../data/word-vectors.json';
import { fnv1a } from './features';
import { defaultWordVectors, loadWordVectors, meanOfRows, RowsByHash, WordVectorsError } from './word-vectors';

const json = wordVectorsJson as { words: string[]; vectors: string; scale: number; dimensions: number };
/** A word's unit vector decoded straight from the file (base64 → signed bytes × scale), not through the module. */
const fileBytes = Buffer.from(json.vectors, 'base64');
function decoded(word: string): number[] {
  const row = json.words.indexOf(word);
  const bytes = fileBytes.subarray(row * json.dimensions, (row + 1) * json.dimensions);
  return [...bytes].map((b) => (b > 127 ? b - 256 : b) * json.scale);
}
const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
const cosine = (a: string, b: string): number => {
  const [u, v] = [decoded(a), decoded(b)];
  return dot(u, v) / Math.sqrt(dot(u, u) * dot(v, v));
};

describe('word vectors (GloVe 100d, 8-bit)', () => {
  it('holds 50 000 words of the tokenizer, unit length within the quantisation', () => {
    expect(defaultWordVectors.words.length).toBe(50_000);
    expect(defaultWordVectors.dimensions).toBe(100);
    for (const w of ['the', 'acquires', 'earnings', 'regulator', '$', '%'])
      expect(defaultWordVectors.words).toContain(w);
    expect(defaultWordVectors.words).not.toContain('Apple');
    for (const w of ['the', 'acquisition', 'smartphone'])
      expect(Math.sqrt(dot(decoded(w), decoded(w)))).toBeCloseTo(1, 1);
  });

  it('places words of one event near each other', () => {
    expect(cosine('acquires', 'buys')).toBeGreaterThan(cosine('acquires', 'rain'));
    expect(cosine('dividend', 'buyback')).toBeGreaterThan(cosine('dividend', 'football'));
    expect(cosine('lawsuit', 'sued')).toBeGreaterThan(cosine('lawsuit', 'smartphone'));
  });

  it('finds each word by the hash of its w: feature, and nothing for other words', () => {
    const byHash = new RowsByHash(defaultWordVectors, (w) => fnv1a(`w:${w}`));
    const misplaced = defaultWordVectors.words.filter((word, row) => byHash.get(fnv1a(`w:${word}`)) !== row);
    expect(misplaced).toEqual([]);
    expect(byHash.get(fnv1a('w:qwen0'))).toBe(-1);
    expect(byHash.get(fnv1a('h:the'))).toBe(-1);
  });

  it('averages the rows as the decoded vectors average', () => {
    const words = ['acquires', 'stake', 'acquires'];
    const mean = meanOfRows(
      defaultWordVectors,
      words.map((w) => defaultWordVectors.words.indexOf(w)),
    );
    const expected = decoded('acquires').map((x, d) => (2 * x + decoded('stake')[d]!) / 3);
    expected.forEach((x, d) => expect(mean[d]).toBeCloseTo(x, 12));
    expect([...meanOfRows(defaultWordVectors, [])].every((x) => x === 0)).toBe(true);
  });

  it('rejects a table whose vectors do not fill words × dimensions, naming the sizes', () => {
    const bad = { dimensions: 2, scale: 0.01, words: ['a', 'b'], vectors: Buffer.from([1, 2, 3]).toString('base64') };
    expect(() => loadWordVectors(bad)).toThrow(new WordVectorsError('expected 2 × 2 bytes of vectors, got 3'));
    expect(() => loadWordVectors({ ...bad, dimensions: 0 })).toThrow(WordVectorsError);
    expect(() => loadWordVectors({ ...bad, words: 'a b' })).toThrow(/`words`/);
  });
});
