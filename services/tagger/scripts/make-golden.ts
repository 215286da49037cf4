// Writes the golden outputs of the current tagger (test-fixtures/golden-*.jsonl) for src/tag-story.golden.unit.test.ts.
// Run only with the implementation the golden should pin (it was produced by the pre-optimisation tagger).
// Usage: node --conditions=newswindow-source --import tsx services/tagger/scripts/make-golden.ts
import { writeFileSync } from 'node:fs';
import { defaultReferenceData, tagStory } from '@newswindow/tagger';
import {
  GOLDEN_FULL,
  GOLDEN_HASHES,
  canonical,
  devSetInputs,
  fnspidInputs,
  keepFull,
  outputHash,
} from './golden-inputs';

async function main(): Promise<void> {
  const inputs = [...devSetInputs(), ...(await fnspidInputs())];
  const hashes: string[] = [];
  const full: string[] = [];
  inputs.forEach((input, i) => {
    const out = tagStory(input, defaultReferenceData);
    hashes.push(JSON.stringify({ id: input.id, h: outputHash(out) }));
    if (keepFull(i)) full.push(canonical(out));
  });
  writeFileSync(GOLDEN_HASHES, `${hashes.join('\n')}\n`);
  writeFileSync(GOLDEN_FULL, `${full.join('\n')}\n`);
  process.stdout.write(`${hashes.length} hashes, ${full.length} full outputs\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`make-golden: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
