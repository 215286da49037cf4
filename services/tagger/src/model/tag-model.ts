import { EVENT_TYPES } from '../types';
import type { EventType, FeatureContribution } from '../types';
import type { Feature, FeatureVector } from './features';
import { FEATURE_BITS, WORD_VECTOR_SCALE } from './features';
import { defaultWordVectors } from './word-vectors';

/** Thrown when a model file does not match the documented format; `path` points at the offending field. */
export class TagModelError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'TagModelError';
  }
}

/** The model's verdict on one event type. */
export interface TypeScore {
  readonly type: EventType;
  /** Calibrated probability (Platt scaling fitted on cross-validated scores). */
  readonly probability: number;
  /** At or above this probability the type is emitted. */
  readonly threshold: number;
  /** The strongest positive contributions, largest first. */
  readonly top: readonly FeatureContribution[];
}

/** A loaded one-vs-rest linear model over hashed features. Build it with {@link loadTagModel}. */
export interface TagModel {
  readonly version: string;
  /** What it was trained on (corpus file, items, its sha256). */
  readonly trainedOn: string;
  readonly types: readonly EventType[];
  readonly bias: readonly number[];
  readonly platt: readonly (readonly [number, number])[];
  readonly thresholds: readonly number[];
  /** Hash bucket → [type index, weight] pairs. */
  readonly weights: ReadonlyMap<number, readonly (readonly [number, number])[]>;
  /** Per type, the weights of the lead's and of the story's mean word vector (`e:h…`, `e:w…`); absent in older models. */
  readonly wordVectorWeights?: {
    readonly lead: readonly (readonly number[])[];
    readonly story: readonly (readonly number[])[];
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const numList = (v: unknown, n: number | undefined, path: string): number[] => {
  if (!Array.isArray(v) || (n !== undefined && v.length !== n) || !v.every((x) => typeof x === 'number'))
    throw new TagModelError(`expected ${n ?? 'an array of'} numbers`, path);
  return v;
};

/**
 * Validates a model file (`data/tag-model.json`, written by `training/train_model.py`).
 * @throws TagModelError when a field is missing or malformed.
 */
export function loadTagModel(json: unknown): TagModel {
  if (!isObj(json)) throw new TagModelError('expected an object', '$');
  if (json.featureBits !== FEATURE_BITS)
    throw new TagModelError(`expected ${FEATURE_BITS} (the features this build hashes)`, '$.featureBits');
  const types = json.types;
  if (!Array.isArray(types) || !types.every((t): t is EventType => (EVENT_TYPES as readonly unknown[]).includes(t)))
    throw new TagModelError('expected event types', '$.types');
  const n = types.length;
  const platt = json.platt;
  if (!Array.isArray(platt) || platt.length !== n) throw new TagModelError(`expected ${n} [a, b] pairs`, '$.platt');
  const weights = new Map<number, [number, number][]>();
  const w = json.weights;
  if (!isObj(w)) throw new TagModelError('expected an object of per-type weights', '$.weights');
  types.forEach((type, ti) => {
    const flat = numList(w[type], undefined, `$.weights.${type}`);
    if (flat.length % 2 !== 0) throw new TagModelError('expected [bucket, weight] pairs', `$.weights.${type}`);
    for (let i = 0; i < flat.length; i += 2) {
      const bucket = flat[i]!;
      const list = weights.get(bucket) ?? [];
      list.push([ti, flat[i + 1]!]);
      weights.set(bucket, list);
    }
  });
  const wordVectorWeights =
    json.wordVectorWeights === undefined ? undefined : wordVectorWeightsOf(json.wordVectorWeights, n);
  if (typeof json.version !== 'string') throw new TagModelError('expected a string', '$.version');
  if (typeof json.trainedOn !== 'string') throw new TagModelError('expected a string', '$.trainedOn');
  return {
    version: json.version,
    trainedOn: json.trainedOn,
    types,
    bias: numList(json.bias, n, '$.bias'),
    platt: platt.map((p, i) => {
      const [a, b] = numList(p, 2, `$.platt[${i}]`);
      return [a!, b!] as const;
    }),
    thresholds: numList(json.thresholds, n, '$.thresholds'),
    weights,
    ...(wordVectorWeights === undefined ? {} : { wordVectorWeights }),
  };
}

function wordVectorWeightsOf(json: unknown, types: number): NonNullable<TagModel['wordVectorWeights']> {
  if (!isObj(json)) throw new TagModelError('expected {lead, story}', '$.wordVectorWeights');
  const perType = (key: 'lead' | 'story'): number[][] => {
    const v = json[key];
    const path = `$.wordVectorWeights.${key}`;
    if (!Array.isArray(v) || v.length !== types) throw new TagModelError(`expected ${types} weight lists`, path);
    return v.map((w, ti) => numList(w, defaultWordVectors.dimensions, `${path}[${ti}]`));
  };
  return { lead: perType('lead'), story: perType('story') };
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The weights as flat arrays (bucket → slice of `types`/`weights`), built once per model: no Map or tuple per lookup. */
interface CompiledModel {
  /** `offsets[b]` … `offsets[b + 1]` is bucket b's slice. */
  readonly offsets: Int32Array;
  readonly types: Uint8Array;
  readonly weights: Float64Array;
  /** A mean vector's score is the mean of its words' projections: 12 numbers a word instead of 100. */
  readonly leadProjection?: Projection;
  readonly storyProjection?: Projection;
}

/**
 * Each word's projection on each type's mean-vector weights (× the table's scale and WORD_VECTOR_SCALE), computed the
 * first time a story has the word: all 50 000 up front took a quarter of a second before the first story.
 */
class Projection {
  private readonly values: Float64Array;

  constructor(private readonly perType: readonly (readonly number[])[]) {
    this.values = new Float64Array(defaultWordVectors.words.length * perType.length).fill(Number.NaN);
  }

  /** Adds the mean projection of the rows to z (one entry per type). */
  addMean(z: Float64Array, rows: readonly number[]): void {
    if (rows.length === 0) return;
    const types = this.perType.length;
    for (const row of rows) if (Number.isNaN(this.values[row * types])) this.compute(row);
    for (let t = 0; t < types; t++) {
      let sum = 0;
      for (const row of rows) sum += this.values[row * types + t]!;
      z[t] = z[t]! + sum / rows.length;
    }
  }

  private compute(row: number): void {
    const { dimensions, values, scale } = defaultWordVectors;
    const types = this.perType.length;
    for (let t = 0; t < types; t++) {
      const w = this.perType[t]!;
      let z = 0;
      for (let d = 0; d < dimensions; d++) z += w[d]! * values[row * dimensions + d]!;
      this.values[row * types + t] = z * scale * WORD_VECTOR_SCALE;
    }
  }
}

const compiledCache = new WeakMap<TagModel, CompiledModel>();

function compiled(model: TagModel): CompiledModel {
  const cached = compiledCache.get(model);
  if (cached !== undefined) return cached;
  const size = 1 << FEATURE_BITS;
  const offsets = new Int32Array(size + 1);
  let total = 0;
  for (const [bucket, list] of model.weights) {
    offsets[bucket + 1] = list.length;
    total += list.length;
  }
  for (let b = 0; b < size; b++) offsets[b + 1] = offsets[b + 1]! + offsets[b]!;
  const types = new Uint8Array(total);
  const weights = new Float64Array(total);
  for (const [bucket, list] of model.weights) {
    let at = offsets[bucket]!;
    for (const [ti, w] of list) {
      types[at] = ti;
      weights[at] = w;
      at++;
    }
  }
  const wv = model.wordVectorWeights;
  const out = {
    offsets,
    types,
    weights,
    ...(wv === undefined ? {} : { leadProjection: new Projection(wv.lead), storyProjection: new Projection(wv.story) }),
  };
  compiledCache.set(model, out);
  return out;
}

/** Named features as a {@link FeatureVector}. */
const asVector = (features: readonly Feature[]): FeatureVector => ({
  index: features.map((f) => f.index),
  value: features.map((f) => f.value),
  name: (k) => features[k]!.name,
});

const WORD_VECTOR_FEATURE = /^e:([hw])(\d+)$/;

const isVector = (f: readonly Feature[] | FeatureVector): f is FeatureVector => !Array.isArray(f);

/**
 * The story's net evidence per type (same order as `model.types`): the linear score minus the bias, i.e. how far the
 * story's features move each type's score from the prior of an empty story.
 */
export function typeEvidence(model: TagModel, features: readonly Feature[] | FeatureVector): Float64Array {
  const vector = isVector(features) ? features : asVector(features);
  const { index, value, name, wordRows } = vector;
  const compiledModel = compiled(model);
  const { offsets, types, weights } = compiledModel;
  const z = new Float64Array(model.types.length);
  if (wordRows !== undefined) {
    compiledModel.leadProjection?.addMean(z, wordRows.lead);
    compiledModel.storyProjection?.addMean(z, wordRows.story);
  }
  for (let f = 0; f < index.length; f++) {
    const bucket = index[f]!;
    const v = value[f]!;
    if (bucket < 0) {
      // A mean-word-vector component given by name (storyFeatures): its weight is kept apart from the buckets.
      const m = WORD_VECTOR_FEATURE.exec(name(f));
      const wv = model.wordVectorWeights;
      if (m === null || wv === undefined) continue;
      const perType = m[1] === 'h' ? wv.lead : wv.story;
      for (let t = 0; t < z.length; t++) z[t] = z[t]! + perType[t]![Number(m[2])]! * v;
      continue;
    }
    const end = offsets[bucket + 1]!;
    for (let k = offsets[bucket]!; k < end; k++) {
      const t = types[k]!;
      z[t] = z[t]! + weights[k]! * v;
    }
  }
  return z;
}

/** Calibrated probabilities (Platt) of net evidence from {@link typeEvidence}. */
export function probabilitiesOfEvidence(model: TagModel, evidence: Float64Array): Float64Array {
  const p = new Float64Array(evidence.length);
  for (let ti = 0; ti < evidence.length; ti++) {
    const [a, b] = model.platt[ti]!;
    p[ti] = sigmoid(a * (model.bias[ti]! + evidence[ti]!) + b);
  }
  return p;
}

/** Calibrated probability per type of the model (same order as `model.types`). */
export function typeProbabilities(model: TagModel, features: readonly Feature[] | FeatureVector): Float64Array {
  return probabilitiesOfEvidence(model, typeEvidence(model, features));
}

let scratchBuffer = new Float64Array(1024);

/** A reused buffer of at least n numbers (contents undefined). */
function scratch(n: number): Float64Array {
  if (scratchBuffer.length < n) scratchBuffer = new Float64Array(Math.max(n, scratchBuffer.length * 2));
  return scratchBuffer;
}

/** The strongest positive feature contributions to one type's score, largest first (ties by feature name). */
export function topContributions(
  model: TagModel,
  features: readonly Feature[] | FeatureVector,
  typeIndex: number,
  topN = 5,
): FeatureContribution[] {
  const { index, value, name } = isVector(features) ? features : asVector(features);
  const { offsets, types, weights } = compiled(model);
  // Features without a bucket (the mean word vectors' components) say nothing to a reader: never evidence.
  // One pass keeps each feature's contribution and the N largest (a story has hundreds of positive contributions:
  // sorting them all, and building their names, was a tenth of the tagger's time); the names are built only for the
  // candidates of the top N, every contribution at or above the N-th largest.
  const contribution = scratch(index.length);
  const top = new Float64Array(topN).fill(Number.NEGATIVE_INFINITY);
  for (let f = 0; f < index.length; f++) {
    contribution[f] = 0;
    const bucket = index[f]!;
    if (bucket < 0) continue;
    const end = offsets[bucket + 1]!;
    for (let k = offsets[bucket]!; k < end; k++) {
      if (types[k] !== typeIndex) continue;
      const c = weights[k]! * value[f]!;
      if (c <= 0) break;
      contribution[f] = c;
      if (c <= top[topN - 1]!) break;
      let at = topN - 1;
      for (; at > 0 && top[at - 1]! < c; at--) top[at] = top[at - 1]!;
      top[at] = c;
      break;
    }
  }
  // Fewer than N positive contributions: every one is a candidate.
  const cutoff = top[topN - 1] === Number.NEGATIVE_INFINITY ? 0 : top[topN - 1]!;
  const candidates: FeatureContribution[] = [];
  for (let f = 0; f < index.length; f++) {
    const c = contribution[f]!;
    if (c > 0 && c >= cutoff) candidates.push({ feature: name(f), contribution: c });
  }
  return candidates
    .sort((x, y) => y.contribution - x.contribution || (x.feature < y.feature ? -1 : 1))
    .slice(0, topN)
    .map((c) => ({ feature: c.feature, contribution: Math.round(c.contribution * 1000) / 1000 }));
}

/** Scores a story's features under every event type of the model (pure, deterministic). */
export function scoreTypes(model: TagModel, features: readonly Feature[], topN = 5): TypeScore[] {
  const p = typeProbabilities(model, features);
  return model.types.map((type, ti) => ({
    type,
    probability: p[ti]!,
    threshold: model.thresholds[ti]!,
    top: topContributions(model, features, ti, topN),
  }));
}
