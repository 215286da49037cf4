import { EVENT_TYPES } from '../types';
import type { EventType, FeatureContribution } from '../types';
import type { Feature } from './features';
import { FEATURE_BITS } from './features';

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
  };
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Scores a story's features under every event type of the model (pure, deterministic). */
export function scoreTypes(model: TagModel, features: readonly Feature[], topN = 5): TypeScore[] {
  const n = model.types.length;
  const z = [...model.bias];
  const contributions: FeatureContribution[][] = model.types.map(() => []);
  for (const f of features) {
    const list = model.weights.get(f.index);
    if (list === undefined) continue;
    for (const [ti, w] of list) {
      const c = w * f.value;
      z[ti] = z[ti]! + c;
      if (c > 0) contributions[ti]!.push({ feature: f.name, contribution: c });
    }
  }
  const out: TypeScore[] = [];
  for (let ti = 0; ti < n; ti++) {
    const [a, b] = model.platt[ti]!;
    const top = contributions[ti]!.sort((x, y) => y.contribution - x.contribution || (x.feature < y.feature ? -1 : 1))
      .slice(0, topN)
      .map((c) => ({ feature: c.feature, contribution: Math.round(c.contribution * 1000) / 1000 }));
    out.push({
      type: model.types[ti]!,
      probability: sigmoid(a * z[ti]! + b),
      threshold: model.thresholds[ti]!,
      top,
    });
  }
  return out;
}
