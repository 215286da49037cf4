"""Independent expected values for the cross-sectional CAR regression (issue 11, part 4): statsmodels OLS with the
classical, HC3 and issuer-clustered covariances on a seeded synthetic cross-section (CARs on relevance, novelty and a
tag dummy; 9 issuers). Written apart from the TypeScript engine.

Run:  python services/engine/scripts/regression_check.py > services/engine/src/__fixtures__/regression.json
"""

import json
import sys

import numpy as np
import statsmodels
import statsmodels.api as sm

rng = np.random.default_rng(11)
n = 45
issuer = [f"I{j % 9}" for j in range(n)]
relevance = np.round(rng.uniform(0, 1, n), 3)
novelty = np.round(rng.uniform(0, 1, n), 3)
earnings = (rng.uniform(0, 1, n) < 0.4).astype(float)
shock = {f"I{j}": rng.normal(0, 0.01) for j in range(9)}
car = 0.002 + 0.02 * relevance - 0.01 * novelty + 0.015 * earnings + np.array([shock[i] for i in issuer])
car += rng.normal(0, 0.02, n) * (1 + earnings)  # heteroskedastic
X = sm.add_constant(np.column_stack([relevance, novelty, earnings]))
ols = sm.OLS(car, X).fit()
hc3 = sm.OLS(car, X).fit(cov_type="HC3")
groups = np.array([int(i[1:]) for i in issuer])
cl = sm.OLS(car, X).fit(cov_type="cluster", cov_kwds={"groups": groups})
json.dump(
    {
        "generator": f"services/engine/scripts/regression_check.py (numpy {np.__version__}, statsmodels {statsmodels.__version__})",
        "y": car.tolist(),
        "x": {"relevance": relevance.tolist(), "novelty": novelty.tolist(), "earnings": earnings.tolist()},
        "issuer": issuer,
        "estimate": ols.params.tolist(),
        "se_ols": ols.bse.tolist(),
        "p_ols": ols.pvalues.tolist(),
        "se_hc3": hc3.bse.tolist(),
        "se_cluster": cl.bse.tolist(),
        "r2": ols.rsquared,
        "adj_r2": ols.rsquared_adj,
    },
    sys.stdout,
    indent=2,
)
sys.stdout.write("\n")
