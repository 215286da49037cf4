import { loadTagModel, scoreTypes, topContributions, typeEvidence, typeProbabilities } from './tag-model';
import { defaultTagModel } from '../tag-story';
import { storyFeatures, storyFeatureVector, WORD_VECTOR_SCALE } from './features';
import type { Feature } from './features';
import { defaultWordVectors, meanOfRows } from './word-vectors';

// A two-type model small enough to score by hand.
const model = loadTagModel({
  version: 't',
  trainedOn: 'hand-made',
  featureBits: 18,
  types: ['earnings', 'guidance'],
  bias: [-1, 0.5],
  platt: [
    [2, 0],
    [1, -1],
  ],
  thresholds: [0.5, 0.5],
  weights: { earnings: [7, 1.5, 9, -0.5], guidance: [7, -2, 11, 0.25] },
});
const features: Feature[] = [
  { name: 'w:profit', index: 7, value: 1 },
  { name: 'w:loss', index: 9, value: 2 },
  { name: 'r:x', index: 11, value: 3 },
  { name: 'w:none', index: 12, value: 1 },
];
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('typeProbabilities / topContributions', () => {
  it('gives the Platt-scaled sum of bias and weights × values', () => {
    // earnings: z = -1 + 1.5·1 − 0.5·2 = −0.5, p = σ(2·(−0.5)); guidance: z = 0.5 − 2·1 + 0.25·3 = −0.75, p = σ(−0.75 − 1)
    const p = typeProbabilities(model, features);
    expect(p[0]).toBeCloseTo(sigmoid(-1), 12);
    expect(p[1]).toBeCloseTo(sigmoid(-1.75), 12);
    expect(scoreTypes(model, features).map((s) => s.probability)).toEqual([...p]);
    // net evidence: the score without the bias (1.5 − 1; −2 + 0.75)
    const net = typeEvidence(model, features);
    expect(net[0]).toBeCloseTo(0.5, 12);
    expect(net[1]).toBeCloseTo(-1.25, 12);
  });

  it('lists the positive contributions of one type, largest first', () => {
    expect(topContributions(model, features, 0)).toEqual([{ feature: 'w:profit', contribution: 1.5 }]);
    expect(topContributions(model, features, 1)).toEqual([{ feature: 'r:x', contribution: 0.75 }]);
  });
});

describe('mean word vectors in the model', () => {
  const lead = 'Qualcomm agrees to buy Alphawave for $2.4 billion';
  const rest = 'The chipmaker will pay cash; the deal needs approval from regulators.';
  const noSignals = { rules: new Map(), confidence: new Map(), inLead: new Set<never>(), roundUp: false };

  it('scores the words’ projections as the named mean-vector features score', () => {
    // The shipped model: its mean-vector weights through the per-word projections (the vector) and through the named
    // e:h…/e:w… features times their weights (the named list) must agree.
    const byRows = typeEvidence(defaultTagModel, storyFeatureVector(lead, rest, noSignals));
    const byNames = typeEvidence(defaultTagModel, storyFeatures(lead, rest, noSignals));
    byRows.forEach((z, t) => expect(z).toBeCloseTo(byNames[t]!, 9));
  });

  it('adds WORD_VECTOR_SCALE × the lead’s mean vector component a type weighs', () => {
    const unit = (d: number): number[] => Array.from({ length: 100 }, (_, k) => (k === d ? 1 : 0));
    const zeros = Array.from({ length: 100 }, () => 0);
    const probe = loadTagModel({
      version: 'p',
      trainedOn: 'hand-made',
      featureBits: 18,
      types: ['earnings', 'guidance'],
      bias: [0, 0],
      platt: [
        [1, 0],
        [1, 0],
      ],
      thresholds: [0.5, 0.5],
      weights: { earnings: [], guidance: [] },
      wordVectorWeights: { lead: [unit(3), zeros], story: [zeros, unit(7)] },
    });
    const v = storyFeatureVector(lead, rest, noSignals);
    const leadMean = meanOfRows(defaultWordVectors, v.wordRows!.lead);
    const storyMean = meanOfRows(defaultWordVectors, v.wordRows!.story);
    const z = typeEvidence(probe, v);
    expect(z[0]).toBeCloseTo(WORD_VECTOR_SCALE * leadMean[3]!, 12);
    expect(z[1]).toBeCloseTo(WORD_VECTOR_SCALE * storyMean[7]!, 12);
    expect(topContributions(probe, storyFeatures(lead, rest, noSignals), 0)).toEqual([]);
  });
});
