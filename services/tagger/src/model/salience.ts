import { isCommonWord } from '../linking';
import type { IssuerMention } from '../types';

/**
 * The learned salience layer: whether a story is about an issuer the rules scored, from the issuer's place in the
 * lead (order, offset, the words around its first mention), its mentions and the rules' relevance of it and of the
 * other issuers. Trained by `training/train_salience.py` on the dev set's gold subjects; it only vetoes (the story's
 * relevance of an issuer is the lower of the rules' and the model's), so every side role the rules cap stays capped.
 */
export interface SalienceModel {
  readonly version: string;
  readonly trainedOn: string;
  readonly bias: number;
  readonly weights: ReadonlyMap<string, number>;
}

/** Thrown when a salience model file does not match the documented format; `path` points at the offending field. */
export class SalienceModelError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'SalienceModelError';
  }
}

/**
 * Validates a salience model file (`data/salience-model.json`).
 * @throws SalienceModelError when a field is missing or malformed.
 */
export function loadSalienceModel(json: unknown): SalienceModel {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new SalienceModelError('expected an object', '$');
  const o = json as Record<string, unknown>;
  if (typeof o.version !== 'string') throw new SalienceModelError('expected a string', '$.version');
  if (typeof o.trainedOn !== 'string') throw new SalienceModelError('expected a string', '$.trainedOn');
  if (typeof o.bias !== 'number') throw new SalienceModelError('expected a number', '$.bias');
  const w = o.weights;
  if (typeof w !== 'object' || w === null || Array.isArray(w))
    throw new SalienceModelError('expected an object of feature weights', '$.weights');
  const weights = new Map<string, number>();
  for (const [name, value] of Object.entries(w)) {
    if (typeof value !== 'number') throw new SalienceModelError('expected a number', `$.weights.${name}`);
    weights.set(name, value);
  }
  return { version: o.version, trainedOn: o.trainedOn, bias: o.bias, weights };
}

/** One issuer the rules scored, as the salience features read it. */
export interface SalienceCandidate {
  readonly issuerId: string;
  /** The rules' relevance, 0–100. */
  readonly relevance: number;
  /** The rules' verdict (relevance at or above the `about` threshold). */
  readonly about: boolean;
}

/** What the salience features of a story are computed from: its lead, its mentions and the rules' candidates. */
export interface SalienceInput {
  /** The headline, or the text's first sentence when there is none. */
  readonly lead: string;
  readonly leadField: 'headline' | 'text';
  readonly mentions: readonly IssuerMention[];
  readonly candidates: readonly SalienceCandidate[];
  readonly roundUp: boolean;
}

const WORD = /[a-z0-9]+|[$%&]/g;
const words = (s: string): string[] => s.toLowerCase().match(WORD) ?? [];
/** The lead's words weigh less than the context words: one lead carries many, and they are shared by its issuers. */
const LEAD_WORD_WEIGHT = 0.3;

/**
 * The named features of each candidate of one story (name → value), the exact names `training/train_salience.py`
 * learned. What the candidates share (the lead's issuer order and words, the ranked relevances) is computed once.
 */
export function salienceFeaturesOf(input: SalienceInput): (issuerId: string) => Map<string, number> {
  const { lead, leadField, mentions, candidates } = input;
  const inLead = (m: IssuerMention): boolean => m.field === leadField && m.end <= lead.length;
  const leadOrder: string[] = [];
  for (const m of mentions.filter(inLead).sort((a, b) => a.start - b.start))
    if (!leadOrder.includes(m.issuerId)) leadOrder.push(m.issuerId);
  const leadWords = new Set(words(lead));
  const ranked = candidates.map((c) => c.relevance).sort((a, b) => b - a);
  return (issuerId) => {
    const own = mentions.filter((m) => m.issuerId === issuerId);
    const leadOwn = own.filter(inLead);
    const self = candidates.find((c) => c.issuerId === issuerId);
    const relevance = self?.relevance ?? 0;
    const f = new Map<string, number>([
      ['bias', 1],
      ['rel', relevance / 100],
      ['rule_about', self?.about === true ? 1 : 0],
      [`relb=${Math.floor(relevance / 10)}`, 1],
      ['roundup', input.roundUp ? 1 : 0],
      [`nlead=${Math.min(leadOrder.length, 4)}`, 1],
      [`inlead=${leadOwn.length > 0 ? 'True' : 'False'}`, 1],
      [`nment=${Math.min(own.length, 4)}`, 1],
    ]);
    const first = leadOwn.reduce<IssuerMention | undefined>(
      (a, m) => (a === undefined || m.start < a.start ? m : a),
      undefined,
    );
    if (first === undefined) return f;
    f.set(`ord=${Math.min(leadOrder.indexOf(issuerId), 3)}`, 1);
    f.set(`pos=${Math.min(Math.floor(first.start / 15), 4)}`, 1);
    f.set(`kind=${first.kind}`, 1);
    // A name that is also a word ("Target", "Li Auto") is a company less often than a distinctive one.
    if (first.kind === 'name' && isOrdinaryWords(first.phrase)) f.set('wordname', 1);
    const before = words(lead.slice(Math.max(0, first.start - 60), first.start)).slice(-3);
    const after = words(lead.slice(first.end, first.end + 60)).slice(0, 3);
    [...before].reverse().forEach((w, i) => {
      f.set(`b${i}:${w}`, 1);
      f.set(`bb:${w}`, 1);
    });
    after.forEach((w, i) => {
      f.set(`a${i}:${w}`, 1);
      f.set(`aa:${w}`, 1);
    });
    if (before.length > 0) f.set(`bbig:${before[before.length - 1]!}_${after[0] ?? ''}`, 1);
    else f.set('lead_start', 1);
    for (const w of leadWords) f.set(`L:${w}`, LEAD_WORD_WEIGHT);
    const others = candidates.filter((c) => c.issuerId !== issuerId);
    f.set('max_other_rel', Math.max(0, ...others.map((c) => c.relevance)) / 100);
    f.set('n_other_about', others.filter((c) => c.about).length);
    f.set(`rank=${Math.min(ranked.indexOf(relevance), 3)}`, 1);
    return f;
  };
}

/** Whether a name is made of English words only ("Target", "Li Auto", "General Electric"). */
function isOrdinaryWords(name: string): boolean {
  const words = name.toLowerCase().split(/\s+/);
  // A letter or two beside words ("Li Auto") is a word too; alone ("GE", "3M") it is an initialism.
  return words.every((w) => isCommonWord(w) || (words.length > 1 && w.length <= 2));
}

/** The named features of one candidate ({@link salienceFeaturesOf} for a single issuer). */
export const salienceFeatures = (input: SalienceInput, issuerId: string): Map<string, number> =>
  salienceFeaturesOf(input)(issuerId);

/** The model's probability that the story is about the candidate (logistic; unknown feature names weigh nothing). */
export function salienceProbability(model: SalienceModel, features: ReadonlyMap<string, number>): number {
  let z = model.bias;
  for (const [name, value] of features) z += (model.weights.get(name) ?? 0) * value;
  return 1 / (1 + Math.exp(-z));
}
