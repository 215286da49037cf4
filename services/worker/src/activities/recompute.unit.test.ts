import { recomputeModelOf } from './recompute';

describe('the model a correction recomputes a study under', () => {
  it("keeps the worker's own model, names another by its backfill choice, and refuses one no backfill can choose", () => {
    expect(recomputeModelOf('market_model', 'market_model')).toEqual({});
    expect(recomputeModelOf('ff3', 'market_model')).toEqual({ model: 'ff3' });
    expect(recomputeModelOf('carhart', 'ff3')).toEqual({ model: 'carhart' });
    expect(recomputeModelOf('market_model', 'ff5')).toEqual({ model: 'market' });
    expect(recomputeModelOf('mean_adjusted', 'market_model')).toBeNull();
    expect(recomputeModelOf('mean_adjusted', 'mean_adjusted')).toEqual({});
  });
});
