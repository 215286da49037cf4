// Pins tagStory's outputs to those of the previous (pre-optimisation) implementation, which produced the golden files
// with scripts/make-golden.ts: a hash of every output on the dev set, its lower-cased copy and the FNSPID news, and the
// full output of every 20th story. A rule change that is meant to change outputs regenerates the golden files.
import { readFileSync } from 'node:fs';
import {
  GOLDEN_FULL,
  GOLDEN_HASHES,
  canonical,
  devSetInputs,
  fnspidAvailable,
  fnspidInputs,
  keepFull,
  outputHash,
} from '../scripts/golden-inputs';
import { defaultReferenceData } from './reference-data';
import { tagStory } from './tag-story';
import type { StoryInput } from './types';

const golden = readFileSync(GOLDEN_HASHES, 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as { id: string; h: string });
const full = readFileSync(GOLDEN_FULL, 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as { id: string });

describe('tagStory outputs equal the golden outputs of the previous implementation', () => {
  let inputs: StoryInput[] = [];
  beforeAll(async () => {
    inputs = [...devSetInputs(), ...(fnspidAvailable() ? await fnspidInputs() : [])];
  }, 60_000);

  it('gives the same full output on every 20th story', () => {
    const byId = new Map(full.map((f) => [f.id, f]));
    let compared = 0;
    inputs.forEach((input, i) => {
      if (!keepFull(i)) return;
      const expected = byId.get(input.id);
      if (expected === undefined) return;
      expect(JSON.parse(canonical(tagStory(input, defaultReferenceData)))).toEqual(expected);
      compared++;
    });
    expect(compared).toBeGreaterThanOrEqual(fnspidAvailable() ? full.length : 50);
  });

  it('gives the same output hash on every story', () => {
    const expected = new Map(golden.map((g) => [g.id, g.h]));
    const differing: string[] = [];
    for (const input of inputs) {
      const h = expected.get(input.id);
      expect(h).toBeDefined();
      if (outputHash(tagStory(input, defaultReferenceData)) !== h) differing.push(input.id);
    }
    expect(differing).toEqual([]);
    expect(inputs.length).toBe(fnspidAvailable() ? golden.length : 1120);
  }, 120_000);
});
