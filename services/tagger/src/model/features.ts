import { porter2 } from './porter2';
import { defaultWordVectors, meanOfRows, RowsByHash } from './word-vectors';
import type { EventType } from '../types';

/** Features are hashed into 2^FEATURE_BITS buckets (FNV-1a of the feature's name). */
export const FEATURE_BITS = 18;
const MASK = (1 << FEATURE_BITS) - 1;

/** 32-bit FNV-1a over UTF-16 code units: cheap, deterministic, identical in the training dump and at inference. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;

/**
 * Lower-cased word tokens; digit runs become `0` so that "q3"/"q4" and "2019"/"2023" share a feature. A token is a run
 * of `[a-z0-9]` with an optional `'`/`’` + letters suffix (a possessive `'s` is dropped), or `$`, or `%`; one pass over
 * the characters (the same tokens as the pattern `[a-z0-9]+(?:['’][a-z]+)?|\$|%` with those replacements).
 */
export function tokens(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    const c = lower.charCodeAt(i);
    if (!isAlnum(c)) {
      if (c === 36) out.push('$');
      else if (c === 37) out.push('%');
      i++;
      continue;
    }
    let token = '';
    let j = i;
    while (j < n) {
      const d = lower.charCodeAt(j);
      if (isDigit(d)) {
        token += '0';
        j++;
        while (j < n && isDigit(lower.charCodeAt(j))) j++;
      } else if (isLower(d)) {
        const start = j;
        while (j < n && isLower(lower.charCodeAt(j))) j++;
        token += lower.slice(start, j);
      } else break;
    }
    const q = j < n ? lower.charCodeAt(j) : 0;
    if ((q === APOSTROPHE || q === RIGHT_QUOTE) && j + 1 < n && isLower(lower.charCodeAt(j + 1))) {
      let k = j + 1;
      while (k < n && isLower(lower.charCodeAt(k))) k++;
      if (!(k === j + 2 && lower.charCodeAt(j + 1) === 115)) token += lower.slice(j, k);
      j = k;
    }
    out.push(token);
    i = j;
  }
  return out;
}

/** What the rule engine found in a story, as model inputs. */
export interface RuleSignals {
  /** Strongest context-adjusted weight per rule name. */
  readonly rules: ReadonlyMap<string, number>;
  /** The rules' own confidence per event type (noisy-OR of the strongest phrases). */
  readonly confidence: ReadonlyMap<EventType, number>;
  /** Event types with a rule match in the lead (headline or first sentence). */
  readonly inLead: ReadonlySet<EventType>;
  readonly roundUp: boolean;
}

/**
 * Rule signals enter the model at 3× their value: with thousands of n-gram features under one L2 penalty, unscaled rule
 * features were shrunk too hard (cross-validated micro-F1 0.805 unscaled, 0.833 at 3×, no gain at 6× or 12×).
 */
export const RULE_FEATURE_SCALE = 3;

/**
 * The n-gram features of a story share a total (L2) weight of NGRAM_NORM: each present n-gram is NGRAM_NORM / √n for n
 * present n-grams. 8 was the best of 5 / 8 / 12 by cross-validated micro-F1 (0.844 / 0.849 / 0.847; unnormalised 0.844).
 */
export const NGRAM_NORM = 8;

/**
 * The mean word vectors enter the model at 8× their value (cross-validated micro-F1 on 5 276 items, text only: without
 * them 0.859; at 1×, 3×, 8×, 15×, 30×: 0.860, 0.864, 0.869, 0.866, 0.861).
 */
export const WORD_VECTOR_SCALE = 8;

/** A named feature: `name` is what an analyst sees as evidence, `index` its hash bucket. */
export interface Feature {
  readonly name: string;
  readonly index: number;
  readonly value: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a state after `s`, continuing from `h` (so `fnv1a(a + b) === more(more(FNV_OFFSET, a), b) >>> 0`). */
function more(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

const H = more(FNV_OFFSET, 'h:');
const HB = more(FNV_OFFSET, 'hb:');
const C = more(FNV_OFFSET, 'c:');
const W = more(FNV_OFFSET, 'w:');
const B = more(FNV_OFFSET, 'b:');
const SH = more(FNV_OFFSET, 'sh:');
const SW = more(FNV_OFFSET, 'sw:');
const SPACE = 32;

const ALL_LETTERS = /^[a-z]+$/;
const stemCache = new Map<string, string>();
/** Bounds the memo in a long-running worker; cleared when full (a stem does not depend on the cache). */
const STEM_CACHE_MAX = 50_000;

/**
 * The Porter2 stem of an all-letter token (wink-porter2-stemmer: "launches"/"launched" → "launch"), other tokens
 * ("0", "$", "don't") as they are. Memoised: most tokens of a feed repeat.
 */
export function stemToken(token: string): string {
  let s = stemCache.get(token);
  if (s === undefined) {
    s = ALL_LETTERS.test(token) ? porter2(token) : token;
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(token, s);
  }
  return s;
}

/**
 * A set of 32-bit hashes for one story at a time (open addressing, cleared by a generation stamp): a `Set<number>` of
 * values past 2^31 boxes each one, and the set was a sixth of the tagger's time.
 */
class HashSet32 {
  private keys = new Uint32Array(4096);
  private stamps = new Uint32Array(4096);
  private generation = 0;
  private size = 0;

  reset(): this {
    this.size = 0;
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
    return this;
  }

  /** Adds `h`; false when it was already there. */
  add(h: number): boolean {
    if (2 * (this.size + 1) > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    for (let i = (Math.imul(h, 0x9e3779b1) >>> 0) & mask; ; i = (i + 1) & mask) {
      if (this.stamps[i] !== this.generation) {
        this.stamps[i] = this.generation;
        this.keys[i] = h;
        this.size++;
        return true;
      }
      if (this.keys[i] === h) return false;
    }
  }

  private grow(): void {
    const { keys, stamps, generation } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.stamps = new Uint32Array(keys.length * 2);
    this.generation = 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (stamps[i] === generation) this.add(keys[i]!);
  }
}

/** Reused by every story: feature extraction is synchronous, so one story at a time holds it. */
const seenHashes = new HashSet32();
/** Word vector rows by the hash of the word's `w:` feature. */
const VECTOR_ROWS = new RowsByHash(defaultWordVectors, (word) => fnv1a(`w:${word}`));

/**
 * The features of a story as parallel arrays (bucket, value) with the names built only on demand: the names are what
 * an analyst sees as evidence, needed for the few features behind an emitted tag.
 */
export interface FeatureVector {
  readonly index: readonly number[];
  readonly value: readonly number[];
  /** The name of feature k (`h:qwen`, `b:price target`, `r:analyst-upgrade`…). */
  readonly name: (k: number) => string;
  /**
   * The word-vector rows of the lead's and of the whole story's distinct words (words without a vector left out): the
   * model scores their mean vectors (see {@link wordVectorFeatures}).
   */
  readonly wordRows?: { readonly lead: readonly number[]; readonly story: readonly number[] };
}

/**
 * The model's features of one story: word unigrams and bigrams of the lead (`h:`/`hb:`) and of the whole story
 * (`w:`/`b:`), their words' Porter2 stems (`sh:`/`sw:`, beside the words: "launched" and "launches" share `sw:launch`;
 * cross-validated micro-F1 +0.005 over three fold splits, replacing the words instead lost 0.006), character 4-grams of
 * the lead's words (`c:`), and the rule engine's signals (`r:` rule, `rt:` rule
 * confidence per type, `rl:` rule match in the lead, `ru` round-up). Present n-grams weigh NGRAM_NORM / √(number of
 * n-grams); rule features carry their weight. One feature per name (names are told apart by their 32-bit FNV-1a hash).
 *
 * Hashes are computed incrementally over the tokens, without building each name: the names are made only when asked
 * for, by {@link FeatureVector.name}.
 */
export function storyFeatureVector(lead: string, rest: string, signals: RuleSignals): FeatureVector {
  const index: number[] = [];
  const value: number[] = [];
  // How to rebuild feature k's name: [kind, a, b] with a/b token positions (or a character offset for `c:`).
  const kind: number[] = [];
  const argA: number[] = [];
  const argB: number[] = [];
  const seen = seenHashes.reset();
  const push = (h: number, v: number, k: number, a: number, b: number): boolean => {
    const full = h >>> 0;
    if (!seen.add(full)) return false;
    index.push(full & MASK);
    value.push(v);
    kind.push(k);
    argA.push(a);
    argB.push(b);
    return true;
  };
  // The mean vectors are over distinct words, as the word features are (a lead word is new to the lead when its `h:`
  // feature is, new to the story when its `w:` feature is).
  const newInLead: boolean[] = [];
  const wordRows = { lead: [] as number[], story: [] as number[] };
  const leadTokens = tokens(lead);
  const restTokens = tokens(rest);
  const all = leadTokens.concat(restTokens);
  // The lead's tokens are the first of `all`: one stem per token serves both blocks.
  const stems = all.map(stemToken);
  for (let i = 0; i < leadTokens.length; i++) {
    const t = leadTokens[i]!;
    newInLead.push(push(more(H, t), 1, 0, i, 0));
    push(more(SH, stems[i]!), 1, 5, i, 0);
    if (i + 1 < leadTokens.length)
      push(more(Math.imul(more(HB, t) ^ SPACE, FNV_PRIME), leadTokens[i + 1]!), 1, 1, i, 0);
    // character 4-grams of "<token>"
    const n = t.length + 2;
    if (n > 4)
      for (let k = 0; k + 4 <= n; k++) {
        let h = C;
        for (let j = k; j < k + 4; j++) {
          const code = j === 0 ? 60 : j === n - 1 ? 62 : t.charCodeAt(j - 1);
          h = Math.imul(h ^ code, FNV_PRIME);
        }
        push(h, 1, 2, i, k);
      }
  }
  for (let i = 0; i < all.length; i++) {
    const t = all[i]!;
    const h = more(W, t);
    const newInStory = push(h, 1, 3, i, 0);
    if (newInStory || newInLead[i] === true) {
      const row = VECTOR_ROWS.get(h);
      if (row >= 0 && newInStory) wordRows.story.push(row);
      if (row >= 0 && newInLead[i] === true) wordRows.lead.push(row);
    }
    push(more(SW, stems[i]!), 1, 6, i, 0);
    if (i + 1 < all.length) push(more(Math.imul(more(B, t) ^ SPACE, FNV_PRIME), all[i + 1]!), 1, 4, i, 0);
  }
  // The n-gram block is L2-normalised (each present n-gram weighs NGRAM_NORM / √count): long stories no longer outweigh
  // short ones by their number of features alone (cross-validated micro-F1 +0.007 over three fold splits, issue 10).
  const ngramScale = index.length === 0 ? 0 : NGRAM_NORM / Math.sqrt(index.length);
  for (let f = 0; f < index.length; f++) value[f] = ngramScale;
  const named: string[] = [];
  const addNamed = (name: string, v: number): void => {
    const h = fnv1a(name);
    if (!seen.add(h)) return;
    index.push(h & MASK);
    value.push(v);
    kind.push(7);
    argA.push(named.length);
    argB.push(0);
    named.push(name);
  };
  const k = RULE_FEATURE_SCALE;
  for (const [rule, w] of signals.rules) addNamed(`r:${rule}`, k * w);
  for (const [type, c] of signals.confidence) addNamed(`rt:${type}`, k * c);
  for (const type of signals.inLead) addNamed(`rl:${type}`, k);
  if (signals.roundUp) addNamed('ru', k);
  const name = (f: number): string => {
    const a = argA[f]!;
    switch (kind[f]) {
      case 0:
        return `h:${leadTokens[a]!}`;
      case 1:
        return `hb:${leadTokens[a]!} ${leadTokens[a + 1]!}`;
      case 2:
        return `c:${`<${leadTokens[a]!}>`.slice(argB[f], argB[f]! + 4)}`;
      case 3:
        return `w:${all[a]!}`;
      case 4:
        return `b:${all[a]!} ${all[a + 1]!}`;
      case 5:
        return `sh:${stemToken(leadTokens[a]!)}`;
      case 6:
        return `sw:${stemToken(all[a]!)}`;
      default:
        return named[a]!;
    }
  };
  return { index, value, name, wordRows };
}

/**
 * The mean word vectors of a story as named features (`e:h0`… of the lead's words, `e:w0`… of all its words, each
 * component × WORD_VECTOR_SCALE), with no hash bucket (index −1): the model keeps their weights apart, as
 * `wordVectorWeights`, and scores them from the rows ({@link FeatureVector.wordRows}) without building them.
 */
export function wordVectorFeatures(wordRows: NonNullable<FeatureVector['wordRows']>): Feature[] {
  const out: Feature[] = [];
  for (const [prefix, rows] of [
    ['e:h', wordRows.lead],
    ['e:w', wordRows.story],
  ] as const) {
    meanOfRows(defaultWordVectors, rows).forEach((m, d) => {
      if (m !== 0) out.push({ name: `${prefix}${d}`, index: -1, value: WORD_VECTOR_SCALE * m });
    });
  }
  return out;
}

/** A feature vector as named objects: every name built, the mean word vectors' components after the hashed ones. */
export function namedFeatures(v: FeatureVector): Feature[] {
  return v.index
    .map((index, k) => ({ name: v.name(k), index, value: v.value[k]! }))
    .concat(v.wordRows === undefined ? [] : wordVectorFeatures(v.wordRows));
}

/** The features of one story as named objects ({@link storyFeatureVector} with every name built). */
export const storyFeatures = (lead: string, rest: string, signals: RuleSignals): Feature[] =>
  namedFeatures(storyFeatureVector(lead, rest, signals));
