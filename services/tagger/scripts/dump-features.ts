// Writes the model features of every dev-set item, as tagStory computes them, for training/train_model.py.
// Each item is dumped as given and, when it has a headline, as text only ("headline. text", no headline field: the
// form the held-out evaluation uses) and as its body alone (no headline anywhere), all in the item's cross-validation
// group.
// Usage: node --conditions=newswindow-source --import tsx services/tagger/scripts/dump-features.ts [out.jsonl]
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultReferenceData, storyModelFeatures } from '@newswindow/tagger';
import type { StoryInput } from '@newswindow/tagger';

interface Item {
  id: string;
  headline?: string;
  text?: string;
  text_path?: string;
  published_at?: string;
  labels: string[];
}

const repoRoot = resolve(__dirname, '../../..');
const out = resolve(process.cwd(), process.argv[2] ?? '/tmp/tagger-features.jsonl');
const items = readFileSync(resolve(repoRoot, 'test/fixtures/tagger/devset.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Item);

const lines: string[] = [];
for (const item of items) {
  const text = item.text ?? readFileSync(resolve(repoRoot, item.text_path!), 'utf8');
  const base = { id: item.id, ...(item.published_at === undefined ? {} : { publishedAt: item.published_at }) };
  const variants: [string, StoryInput][] = [];
  const headline = item.headline?.trim() ?? '';
  if (headline !== '') {
    variants.push(['given', { ...base, headline, text }]);
    variants.push(['textonly', { ...base, text: text === '' ? headline : `${headline}. ${text}` }]);
    // The body alone, for feeds that pass no headline at all (the first sentence of the body is then the lead).
    if (text.trim() !== '') variants.push(['bodyonly', { ...base, text }]);
  } else {
    variants.push(['textonly', { ...base, text }]);
  }
  for (const [variant, input] of variants) {
    const feats = storyModelFeatures(input, defaultReferenceData).map((f) => [f.index, f.value, f.name]);
    lines.push(JSON.stringify({ id: item.id, variant, labels: item.labels, feats }));
  }
}
writeFileSync(out, lines.join('\n') + '\n');
console.log(`${lines.length} feature rows of ${items.length} items -> ${out}`);
