import type { EvidenceField } from './types';

/** A sentence of one input field with its offsets. */
export interface Sentence {
  readonly field: EvidenceField;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Position among the sentences of the story (headline sentences first). */
  readonly index: number;
}

const SENTENCE_END = /[.!?]["'”’)]?\s+(?=["'“‘(]?[A-Z0-9$])|\n\s*\n|\n(?=[A-Z])/g;

// Abbreviations that end with a period but do not end a sentence.
const NO_BREAK =
  /\b(?:Inc|Corp|Co|Ltd|Mr|Ms|Mrs|Dr|St|U\.S|U\.K|vs|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est|e\.g|i\.e)\.$/;

/** Splits a field into sentences, keeping offsets into the original string. */
export function splitSentences(value: string, field: EvidenceField, firstIndex = 0): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number): void => {
    const raw = value.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text !== '') {
      out.push({ field, start: start + lead, end: start + lead + text.length, text, index: firstIndex + out.length });
    }
  };
  for (const m of value.matchAll(SENTENCE_END)) {
    const cut = m.index + m[0].trimEnd().length;
    if (NO_BREAK.test(value.slice(Math.max(0, cut - 8), cut))) continue;
    push(cut);
    start = cut;
  }
  push(value.length);
  return out;
}
