import { devSetInputs } from '../scripts/golden-inputs';
import { RULE_KEYWORDS, RULES } from './rules';
import { splitSentences } from './text';

// RULE_KEYWORDS lets tagStory skip a rule in a sentence that contains none of its keywords: sound only if every match
// of the rule contains one. Checked on every dev-set sentence (and a lower-cased copy) plus phrases written to hit
// each rule, so that a pattern edited without its keywords shows up here.
describe('RULE_KEYWORDS', () => {
  const sentences = devSetInputs().flatMap((i) => [
    ...(i.headline === undefined ? [] : splitSentences(i.headline, 'headline')),
    ...splitSentences(i.text, 'text'),
  ]);
  const extra = [
    'Alibaba unveils Qwen3-Max, a trillion-parameter model; OpenAI released GPT-4o and new AI chatbots.',
    'The company raised its full-year guidance and sees Q1 sales rising; it will not meet its 2024 targets.',
    'It agreed to buy a 20% stake, completed the spin-off and will be sold to a rival; offer price of $10.',
    'The FDA approval, an import ban, EU rules, tariffs, a probe and a consent decree; Beijing ordered curbs.',
    'Shares rose after an upgrade to overweight with a price target of $200; analysts raised estimates.',
    'The board declared a quarterly dividend and a share repurchase; shareholders of record on May 1.',
    'The company named John Smith its new chief financial officer as the CEO resigned.',
    'The Dow and S&P 500 fell as the Fed raised interest rates, oil prices rose and the dollar slid.',
    'A class-action lawsuit, a court ruling and a patent infringement case were settled.',
    'xAI closed a $6 billion Series C; Microsoft invested $16 million in Mistral AI and will issue a EUR 40 million bond.',
    'It is financed with a EUR40m loan granted by a bank; Alcoa completed the sale of its mill after the planned separation of its units.',
  ].flatMap((t) => splitSentences(t, 'text'));

  it('has keywords of at least two characters (tagStory indexes them by their first two)', () => {
    expect([...RULE_KEYWORDS.values()].flat().filter((k) => k.length < 2)).toEqual([]);
  });

  it.each(RULES.map((r) => [r.name, r] as const))('%s: every match contains one of its keywords', (_name, rule) => {
    const keywords = RULE_KEYWORDS.get(rule.name);
    expect(keywords).toBeDefined();
    const missing: string[] = [];
    for (const s of [...sentences, ...extra])
      for (const m of s.text.matchAll(rule.re)) {
        const phrase = m[0].toLowerCase();
        if (!keywords!.some((k) => phrase.includes(k))) missing.push(m[0]);
      }
    expect(missing).toEqual([]);
  });
});
