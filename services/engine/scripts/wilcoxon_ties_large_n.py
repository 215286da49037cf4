"""Expected p-values of the signed-rank normal approximation with tie correction (n > 400), by scipy.stats.wilcoxon
(method="approx", correction=True, zero_method="wilcox"), on seeded samples with many ties (values rounded to 1e-3)
and zeros. Independent of the TypeScript engine.

Run:  python services/engine/scripts/wilcoxon_ties_large_n.py > services/engine/src/__fixtures__/wilcoxon-ties.json
"""

import json
import sys

import numpy as np
import scipy
from scipy.stats import rankdata, wilcoxon

rng = np.random.default_rng(400)
cases = []
for n, shift in [(450, 0.0), (600, 0.004), (1000, -0.002)]:
    x = np.round(rng.normal(shift, 0.02, n), 3)
    nz = x[x != 0]
    r = rankdata(np.abs(nz))
    _, counts = np.unique(np.abs(nz), return_counts=True)
    res = wilcoxon(x, zero_method="wilcox", correction=True, method="approx")
    cases.append(
        {
            "x": x.tolist(),
            "n": int(len(nz)),
            "wPlus": float(r[nz > 0].sum()),
            "tieSum": float((counts**3 - counts).sum()),
            "p": float(res.pvalue),
        }
    )
json.dump({"generator": f"wilcoxon_ties_large_n.py (numpy {np.__version__}, scipy {scipy.__version__})", "cases": cases}, sys.stdout)
sys.stdout.write("\n")
