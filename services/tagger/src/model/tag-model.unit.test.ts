import { loadTagModel, scoreTypes, topContributions, typeEvidence, typeProbabilities } from './tag-model';
import type { Feature } from './features';

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
