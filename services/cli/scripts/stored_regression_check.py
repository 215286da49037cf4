"""Independent expected values for `newswindow study regress --stored` (issue 11, part 4): a seeded cross-section of
stored studies (CAR[-1,+1] of 60 studies on 6 listings of 5 issuers, with the tagger's relevance and novelty and an
earnings tag), and statsmodels OLS of the CAR on relevance, novelty, the earnings dummy and listing dummies with the
classical, HC3 and issuer-clustered covariances. Written apart from the TypeScript engine and CLI; the integration
test stores these studies (with their stories and tagger links) in Postgres and compares the CLI's output.

The listing BIDU has no issuer link: its studies form their own cluster (the CLI clusters such a study by listing).

Run:  ~/.cache/newswindow/venv-stats/bin/python services/cli/scripts/stored_regression_check.py \
        > services/cli/src/commands/__fixtures__/stored-regression.json
"""

import json

import numpy as np
import statsmodels
import statsmodels.api as sm

rng = np.random.default_rng(2026)
# (exchange, symbol, issuer or None); the first in sorted EXCHANGE:SYMBOL order is the base of the listing dummies.
LISTINGS = [
    ("XHKG", "9988.HK", "alibaba"),
    ("XNYS", "BABA", "alibaba"),
    ("XNAS", "AAPL", "apple"),
    ("XNAS", "MSFT", "microsoft"),
    ("XNAS", "NVDA", "nvidia"),
    ("XNAS", "BIDU", None),
]
n = 60
studies = []
for j in range(n):
    exchange, symbol, issuer = LISTINGS[j % len(LISTINGS)]
    relevance = float(np.round(rng.uniform(20, 100), 1))
    novelty = float(np.round(rng.uniform(0, 100), 1))
    earnings = bool(rng.uniform() < 0.4)
    studies.append(
        {
            "studyId": f"s{j:02d}",
            "newsId": f"n{j:02d}",
            "exchange": exchange,
            "symbol": symbol,
            "issuer": issuer,
            "day0": f"2025-{1 + j // 28:02d}-{1 + j % 28:02d}",
            "tags": ["earnings", "guidance"] if earnings else ["ai_model_launch"],
            "relevance": relevance,
            "novelty": novelty,
        }
    )
shock = {name: rng.normal(0, 0.01) for name in ["alibaba", "apple", "microsoft", "nvidia", "XNAS:BIDU"]}
for s in studies:
    e = 1.0 if "earnings" in s["tags"] else 0.0
    cluster = s["issuer"] or f"{s['exchange']}:{s['symbol']}"
    car = 0.001 + 0.0004 * s["relevance"] - 0.0002 * s["novelty"] + 0.02 * e + shock[cluster]
    car += rng.normal(0, 0.015) * (1 + e)  # heteroskedastic
    s["car"] = float(car)

listing_names = sorted({f"{s['exchange']}:{s['symbol']}" for s in studies})
dummies = listing_names[1:]
y = np.array([s["car"] for s in studies])
columns = [
    [s["relevance"] for s in studies],
    [s["novelty"] for s in studies],
    [1.0 if "earnings" in s["tags"] else 0.0 for s in studies],
] + [[1.0 if f"{s['exchange']}:{s['symbol']}" == d else 0.0 for s in studies] for d in dummies]
X = sm.add_constant(np.column_stack(columns))
clusters = [s["issuer"] or f"{s['exchange']}:{s['symbol']}" for s in studies]
groups = np.array([sorted(set(clusters)).index(c) for c in clusters])
ols = sm.OLS(y, X).fit()
# use_t: p-values from t with n − k df (HC3) and G − 1 df (clusters), as the CLI documents (statsmodels' default
# for robust covariances is the normal).
hc3 = sm.OLS(y, X).fit(cov_type="HC3", use_t=True)
cl = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
print(
    json.dumps(
        {
            "generator": "services/cli/scripts/stored_regression_check.py "
            f"(numpy {np.__version__}, statsmodels {statsmodels.__version__})",
            "studies": studies,
            "terms": ["(intercept)", "relevance", "novelty", "tag:earnings"] + [f"listing={d}" for d in dummies],
            "estimate": ols.params.tolist(),
            "se_ols": ols.bse.tolist(),
            "p_ols": ols.pvalues.tolist(),
            "se_hc3": hc3.bse.tolist(),
            "p_hc3": hc3.pvalues.tolist(),
            "se_cluster": cl.bse.tolist(),
            "p_cluster": cl.pvalues.tolist(),
            "r2": ols.rsquared,
            "n": n,
            "clusters": len(set(clusters)),
        },
        indent=1,
    )
)
