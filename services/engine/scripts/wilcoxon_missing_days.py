"""Independent expected values for the Wilcoxon-with-missing-days regression test (issue 11, part 1).

Written apart from the TypeScript engine: numpy for the market model, scipy.stats.wilcoxon for the p-value.
Inputs: the estudy2 oracle prices (../shared/oracle/prices.csv next to the clone). Case: all 12 oracle events,
market model, log returns, estimation [-250, -11], estudy2's multi_day = TRUE rule (a return across missing closes is
assigned to the day the price reappears), with ALFA's closes on E01's relative days 0 and +1 deleted.

Run:  python services/engine/scripts/wilcoxon_missing_days.py ../shared/oracle > \
        services/engine/src/__fixtures__/wilcoxon-missing-days.json
"""

import csv
import json
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy.stats import rankdata, wilcoxon

DELETED = {("ALFA", "2025-02-25"), ("ALFA", "2025-02-26")}
EST = (-250, -11)
DAYS = range(-1, 6)


def main(oracle: Path) -> None:
    closes: dict[str, dict[str, float]] = {}
    with open(oracle / "prices.csv", newline="") as f:
        for row in csv.DictReader(f):
            if (row["symbol"], row["date"]) in DELETED:
                continue
            closes.setdefault(row["symbol"], {})[row["date"]] = float(row["close"])
    calendar = sorted(closes["MKT"])

    def log_returns(symbol: str) -> np.ndarray:
        out = np.full(len(calendar), np.nan)
        last = None
        for t, d in enumerate(calendar):
            p = closes[symbol].get(d)
            if p is None:
                continue
            if last is not None:
                out[t] = np.log(p / last)  # multi-day: the whole move lands on the reappearance day
            last = p
        return out

    mkt = log_returns("MKT")
    ars: dict[int, list[float]] = {d: [] for d in DAYS}
    with open(oracle / "events.csv", newline="") as f:
        events = list(csv.DictReader(f))
    for ev in events:
        r = log_returns(ev["symbol"])
        day0 = next(i for i, d in enumerate(calendar) if d >= ev["event_date"])
        t = np.arange(day0 + EST[0], day0 + EST[1] + 1)
        y, x = r[t], mkt[t]
        keep = ~np.isnan(y) & ~np.isnan(x)
        beta, alpha = np.polyfit(x[keep], y[keep], 1)
        for d in DAYS:
            a = r[day0 + d] - (alpha + beta * mkt[day0 + d])
            if not np.isnan(a):
                ars[d].append(float(a))

    rows = []
    for d in DAYS:
        v = np.array(ars[d])
        nz = v[v != 0]
        ranks = rankdata(np.abs(nz))
        w_plus = float(ranks[nz > 0].sum())
        p = float(wilcoxon(v, alternative="two-sided", method="exact").pvalue)
        rows.append({"relDay": d, "n": int(len(nz)), "wPlus": w_plus, "p": p})
    json.dump(
        {
            "source": "services/engine/scripts/wilcoxon_missing_days.py (numpy "
            + np.__version__
            + ", scipy "
            + scipy.__version__
            + ")",
            "deleted": sorted(f"{s} {d}" for s, d in DELETED),
            "window": "[-1, +5], market model, log returns, estimation [-250, -11], multi-day",
            "days": rows,
        },
        sys.stdout,
        indent=2,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
