import expected from './__fixtures__/regression.json';
import { regress, RegressionError } from './regression';

// Expected values: statsmodels OLS (classical, HC3, cluster) in scripts/regression_check.py, not this engine.
describe('cross-sectional regression of CARs against statsmodels', () => {
  const names = Object.keys(expected.x) as (keyof typeof expected.x)[];
  const fit = regress(
    expected.y,
    names.map((name) => ({ name, values: expected.x[name] })),
    expected.issuer,
  );

  it('estimates, R² and the three standard errors', () => {
    expect(fit.n).toBe(45);
    expect(fit.k).toBe(4);
    expect(fit.clusters).toBe(9);
    expect(fit.r2).toBeCloseTo(expected.r2, 12);
    expect(fit.adjustedR2).toBeCloseTo(expected.adj_r2, 12);
    fit.coefficients.forEach((c, j) => {
      expect(c.estimate).toBeCloseTo(expected.estimate[j]!, 12);
      expect(c.ols.se).toBeCloseTo(expected.se_ols[j]!, 12);
      expect(c.ols.p).toBeCloseTo(expected.p_ols[j]!, 10);
      expect(c.hc3.se).toBeCloseTo(expected.se_hc3[j]!, 12);
      expect(c.cluster.se).toBeCloseTo(expected.se_cluster[j]!, 12);
    });
    expect(fit.coefficients.map((c) => c.name)).toEqual(['(intercept)', 'relevance', 'novelty', 'earnings']);
  });

  it('incomplete rows are left out; collinear regressors are an error', () => {
    const y = [...expected.y];
    y[0] = Number.NaN;
    expect(regress(y, [{ name: 'r', values: expected.x.relevance }]).n).toBe(44);
    expect(() =>
      regress(expected.y, [
        { name: 'a', values: expected.x.relevance },
        { name: 'b', values: expected.x.relevance.map((v) => 2 * v) },
      ]),
    ).toThrow(RegressionError);
  });
});
