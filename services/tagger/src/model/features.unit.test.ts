import { FEATURE_BITS, fnv1a, stemToken, storyFeatureVector, storyFeatures } from './features';
import type { RuleSignals } from './features';

const signals: RuleSignals = {
  rules: new Map([['earnings/earnings-word', 0.55]]),
  confidence: new Map([['earnings', 0.6]]),
  inLead: new Set(['earnings']),
  roundUp: false,
};

describe('storyFeatureVector: incremental hashes', () => {
  const lead = "Alibaba's Q3 revenue beats estimates; Qwen3-Max launch";
  const rest = 'The company reported revenue of $34.8 billion, up 5% from a year ago. Shares rose.';

  it('gives every feature the bucket of its name hashed in one go (FNV-1a of the whole name)', () => {
    const v = storyFeatureVector(lead, rest, signals);
    expect(v.index.length).toBeGreaterThan(50);
    v.index.forEach((bucket, k) => {
      expect(bucket).toBe(fnv1a(v.name(k)) & ((1 << FEATURE_BITS) - 1));
    });
  });

  it('builds the names of the documented kinds, each once', () => {
    const names = storyFeatures(lead, rest, signals).map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of [
      'h:alibaba',
      'hb:q0 revenue',
      'c:<qwe',
      'c:max>',
      'w:shares',
      'b:year ago',
      'sh:beat',
      'sw:report',
      'sw:estim',
      'r:earnings/earnings-word',
    ])
      expect(names).toContain(n);
    expect(names).toContain('rt:earnings');
    expect(names).toContain('rl:earnings');
    expect(names).not.toContain('ru');
  });

  it('L2-normalises the n-gram block to NGRAM_NORM and leaves the rule signals at 3x their weight', () => {
    const feats = storyFeatures(lead, rest, signals);
    const ngrams = feats.filter((f) => /^(h|hb|c|w|b|sh|sw):/.test(f.name));
    expect(ngrams.length).toBeGreaterThan(50);
    for (const f of ngrams) expect(f.value).toBeCloseTo(8 / Math.sqrt(ngrams.length), 12);
    expect(ngrams.reduce((s, f) => s + f.value * f.value, 0)).toBeCloseTo(64, 9);
    expect(feats.find((f) => f.name === 'r:earnings/earnings-word')?.value).toBeCloseTo(1.65, 12);
    expect(feats.find((f) => f.name === 'rt:earnings')?.value).toBeCloseTo(1.8, 12);
    expect(storyFeatures('', '', { ...signals, rules: new Map(), confidence: new Map(), inLead: new Set() })).toEqual(
      [],
    );
  });

  it('stems all-letter tokens with Porter2 and keeps the others', () => {
    // Expected stems as the Snowball English (Porter2) algorithm defines them; generously and skies are in its exception list.
    expect(
      ['launches', 'launched', 'launching', 'acquisition', 'acquires', 'generously', 'skies'].map(stemToken),
    ).toEqual(['launch', 'launch', 'launch', 'acquisit', 'acquir', 'generous', 'sky']);
    expect(['0', '$', "don't", 'q0'].map(stemToken)).toEqual(['0', '$', "don't", 'q0']);
  });

  it('matches FNV-1a reference values', () => {
    // Published FNV-1a 32-bit test vectors.
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});
