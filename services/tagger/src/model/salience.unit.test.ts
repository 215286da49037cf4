import { defaultReferenceData } from '../reference-data';
import { tagStory } from '../tag-story';
import type { IssuerMention } from '../types';
import { SalienceModelError, loadSalienceModel, salienceFeatures, salienceProbability } from './salience';
import type { SalienceInput } from './salience';

const mention = (issuerId: string, start: number, phrase: string): IssuerMention => ({
  issuerId,
  field: 'text',
  start,
  end: start + phrase.length,
  phrase,
  kind: 'name',
});

describe('salienceFeatures', () => {
  // "Hon Hai shares climb on hopes for Apple orders; Tesla too." Apple at 34, Tesla at 49.
  const lead = 'Hon Hai shares climb on hopes for Apple orders; Tesla too.';
  const input: SalienceInput = {
    lead,
    leadField: 'text',
    mentions: [mention('apple', 34, 'Apple'), mention('tesla', 48, 'Tesla'), mention('apple', 80, 'Apple')],
    candidates: [
      { issuerId: 'apple', relevance: 75, about: true },
      { issuerId: 'tesla', relevance: 40, about: false },
    ],
    roundUp: false,
  };

  it('describes an issuer by its place in the lead, the words around it and the other issuers', () => {
    const f = salienceFeatures(input, 'apple');
    expect(Object.fromEntries(f)).toMatchObject({
      bias: 1,
      rel: 0.75,
      rule_about: 1,
      'relb=7': 1,
      roundup: 0,
      'nlead=2': 1,
      'inlead=True': 1,
      'nment=2': 1,
      'ord=0': 1,
      'pos=2': 1,
      'kind=name': 1,
      'b0:for': 1,
      'b1:hopes': 1,
      'b2:on': 1,
      'bb:hopes': 1,
      'a0:orders': 1,
      'a1:tesla': 1,
      'a2:too': 1,
      'bbig:for_orders': 1,
      'L:hai': 0.3,
      max_other_rel: 0.4,
      n_other_about: 0,
      'rank=0': 1,
    });
    expect(f.has('lead_start')).toBe(false);
  });

  it('marks the second issuer of the lead as such and a name opening the lead as its start', () => {
    const tesla = salienceFeatures(input, 'tesla');
    expect(tesla.get('ord=1')).toBe(1);
    expect(tesla.get('rank=1')).toBe(1);
    expect(tesla.get('n_other_about')).toBe(1);
    const opening = salienceFeatures(
      { ...input, lead: 'Apple sinks.', mentions: [mention('apple', 0, 'Apple')] },
      'apple',
    );
    expect(opening.get('lead_start')).toBe(1);
    expect(opening.get('a0:sinks')).toBe(1);
  });

  it('has no lead features for an issuer named only after the lead', () => {
    const f = salienceFeatures({ ...input, mentions: [mention('apple', 80, 'Apple')] }, 'apple');
    expect(f.get('inlead=False')).toBe(1);
    expect([...f.keys()].some((k) => k.startsWith('ord=') || k.startsWith('L:'))).toBe(false);
  });
});

describe('salienceProbability', () => {
  it('is the logistic of the bias plus the weighted features, unknown names weighing nothing', () => {
    const model = loadSalienceModel({ version: 'v', trainedOn: 't', bias: -1, weights: { x: 2, y: -3 } });
    // z = -1 + 2 * 1 + 0 (unknown) = 1; 1 / (1 + e^-1) = 0.7310585786300049
    expect(
      salienceProbability(
        model,
        new Map([
          ['x', 1],
          ['unknown', 5],
        ]),
      ),
    ).toBeCloseTo(0.7310585786, 9);
    // z = -1 - 3 * 0.5 = -2.5; 1 / (1 + e^2.5) = 0.07585818002124355
    expect(salienceProbability(model, new Map([['y', 0.5]]))).toBeCloseTo(0.07585818, 7);
  });
});

describe('loadSalienceModel', () => {
  it.each([
    [null, '$'],
    [{ trainedOn: 't', bias: 0, weights: {} }, '$.version'],
    [{ version: 'v', bias: 0, weights: {} }, '$.trainedOn'],
    [{ version: 'v', trainedOn: 't', bias: '0', weights: {} }, '$.bias'],
    [{ version: 'v', trainedOn: 't', bias: 0, weights: [] }, '$.weights'],
    [{ version: 'v', trainedOn: 't', bias: 0, weights: { 'b0:for': 'x' } }, '$.weights.b0:for'],
  ])('rejects %j at %s', (json, path) => {
    expect(() => loadSalienceModel(json)).toThrow(SalienceModelError);
    try {
      loadSalienceModel(json);
    } catch (e) {
      expect((e as SalienceModelError).path).toBe(path);
    }
  });
});

describe('the salience veto in tagStory', () => {
  const vetoAll = loadSalienceModel({ version: 'v', trainedOn: 't', bias: -10, weights: {} });
  const keepAll = loadSalienceModel({ version: 'v', trainedOn: 't', bias: 10, weights: {} });

  it('lowers a subject to the model probability × 100', () => {
    const r = tagStory({ id: 't', text: 'Apple unveils a new iPhone.' }, defaultReferenceData, {
      salienceModel: vetoAll,
    });
    expect(r.relevance).toEqual([expect.objectContaining({ issuerId: 'apple', relevance: 0, about: false })]);
    expect(r.about).toEqual([]);
  });

  it('never raises an issuer above the rules: a broker stays a mention', () => {
    const text = 'Citigroup downgrades Tesla to sell.';
    const rules = tagStory({ id: 't', text }, defaultReferenceData, { salienceModel: null });
    const kept = tagStory({ id: 't', text }, defaultReferenceData, { salienceModel: keepAll });
    expect(kept.relevance).toEqual(rules.relevance);
    expect(kept.relevance.find((x) => x.issuerId === 'citigroup')?.about).toBe(false);
  });

  it("keeps the rules' score of an issuer known only from the source's tickers", () => {
    const r = tagStory({ id: 't', text: 'Shares moved.', tickers: ['AAPL'] }, defaultReferenceData, {
      salienceModel: vetoAll,
    });
    const rules = tagStory({ id: 't', text: 'Shares moved.', tickers: ['AAPL'] }, defaultReferenceData, {
      salienceModel: null,
    });
    expect(r.relevance).toEqual(rules.relevance);
  });
});
