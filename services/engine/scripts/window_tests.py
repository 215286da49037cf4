"""Independent expected values for the window tests of issue 11, part 4 (written apart from the TypeScript engine).

On the estudy2 oracle prices (../shared/oracle, 12 events, market model by statsmodels OLS, log returns, estimation
[-250, -11], day 0 = first session on or after the event date, windows [-1,+1], [0,0], [0,+5]) it computes:
cross-sectional t of CARs; Patell and BMP on standardised CARs with the forecast-error correction
Var(CAR) = s^2 (T + 1' X0 (X'X)^-1 X0' 1) (s = s.d. of estimation ARs with n - 1, as estudy2's Patell);
their Kolari-Pynnonen adjustments with r = mean pairwise correlation of estimation ARs; Hall's skewness-adjusted t;
GRANK-T (Kolari & Pynnonen 2011) for each window and each day; Barber-Lyon BHARs against MKT with the conventional and
Lyon-Barber-Tsai skewness-adjusted t. Output: JSON on stdout.

Run:  python services/engine/scripts/window_tests.py ../shared/oracle > services/engine/src/__fixtures__/window-tests.json
"""

import csv
import json
import sys
from pathlib import Path

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import stats

EST = (-250, -11)
WINDOWS = [(-1, 1), (0, 0), (0, 5)]


def main(oracle: Path) -> None:
    px: dict[str, dict[str, float]] = {}
    with open(oracle / "prices.csv", newline="") as f:
        for r in csv.DictReader(f):
            px.setdefault(r["symbol"], {})[r["date"]] = float(r["close"])
    cal = sorted(px["MKT"])

    def logret(sym: str) -> np.ndarray:
        c = np.array([px[sym].get(d, np.nan) for d in cal])
        out = np.full(len(cal), np.nan)
        out[1:] = np.log(c[1:] / c[:-1])
        return out

    m = logret("MKT")
    with open(oracle / "events.csv", newline="") as f:
        events = list(csv.DictReader(f))
    ev = []
    for e in events:
        r = logret(e["symbol"])
        d0 = next(i for i, d in enumerate(cal) if d >= e["event_date"])
        t = np.arange(d0 + EST[0], d0 + EST[1] + 1)
        X = sm.add_constant(m[t])
        fit = sm.OLS(r[t], X).fit()
        a, b = fit.params
        est_ar = r[t] - (a + b * m[t])
        s = est_ar.std(ddof=1)
        XtXi = np.linalg.inv(X.T @ X)
        ev.append({"r": r, "d0": d0, "a": a, "b": b, "s": s, "est_ar": est_ar, "XtXi": XtXi, "L": len(t)})
    N = len(ev)
    corr = np.corrcoef(np.array([e["est_ar"] for e in ev]))
    rbar = float(corr[np.triu_indices(N, 1)].mean())

    def car_stats(lo: int, hi: int):
        cars, scars = [], []
        for e in ev:
            days = np.arange(e["d0"] + lo, e["d0"] + hi + 1)
            ar = e["r"][days] - (e["a"] + e["b"] * m[days])
            X0 = np.column_stack([np.ones(len(days)), m[days]])
            one = np.ones(len(days))
            vf = len(days) + one @ X0 @ e["XtXi"] @ X0.T @ one
            cars.append(ar.sum())
            scars.append(ar.sum() / (e["s"] * np.sqrt(vf)))
        return np.array(cars), np.array(scars)

    def grank(lo: int, hi: int):
        _, scars = car_stats(lo, hi)
        scar_star = scars / scars.std(ddof=1)
        T = EST[1] - EST[0] + 2
        U = np.empty((N, T))
        for j, e in enumerate(ev):
            g = np.append(e["est_ar"] / e["s"], scar_star[j])
            U[j] = stats.rankdata(g) / (T + 1) - 0.5
        ubar = U.mean(axis=0)
        su = np.sqrt((ubar**2).mean())
        z = ubar[-1] / su
        t = z * np.sqrt((T - 2) / (T - 1 - z * z))
        return float(t), float(2 * stats.t.sf(abs(t), T - 2))

    out = {
        "generator": f"services/engine/scripts/window_tests.py (numpy {np.__version__}, scipy {scipy.__version__}, statsmodels {statsmodels.__version__})",
        "rBar": rbar,
        "windows": [],
    }
    for lo, hi in WINDOWS:
        cars, scars = car_stats(lo, hi)
        n = len(cars)
        sd = cars.std(ddof=1)
        t_cs = cars.mean() / sd * np.sqrt(n)
        patell = scars.sum() / np.sqrt(sum((e["L"] - 2) / (e["L"] - 4) for e in ev))
        bmp = scars.mean() / scars.std(ddof=1) * np.sqrt(n)
        S = cars.mean() / sd
        g = n / ((n - 1) * (n - 2)) * ((cars - cars.mean()) ** 3).sum() / sd**3
        skew_t = np.sqrt(n) * (S + g * S * S / 3 + g * g * S**3 / 27 + g / (6 * n))
        bh = []
        for e in ev:
            days = np.arange(e["d0"] + lo, e["d0"] + hi + 1)
            bh.append(np.exp(e["r"][days]).prod() - np.exp(m[days]).prod())
        bh = np.array(bh)
        bsd = bh.std(ddof=1)
        bS = bh.mean() / bsd
        gl = ((bh - bh.mean()) ** 3).sum() / (n * bsd**3)
        lbt = np.sqrt(n) * (bS + gl * bS * bS / 3 + gl / (6 * n))
        gt, gp = grank(lo, hi)
        daily = [dict(zip(["relDay", "t", "p"], [d, *grank(d, d)])) for d in range(lo, hi + 1)]
        out["windows"].append(
            {
                "window": [lo, hi],
                "caar": float(cars.mean()),
                "car_t": [float(t_cs), float(2 * stats.t.sf(abs(t_cs), n - 1))],
                "car_patell": [float(patell), float(2 * stats.norm.sf(abs(patell)))],
                "car_bmp": [float(bmp), float(2 * stats.t.sf(abs(bmp), n - 1))],
                "car_patell_kp": [float(patell * np.sqrt(1 / (1 + (n - 1) * rbar)))],
                "car_bmp_kp": [float(bmp * np.sqrt((1 - rbar) / (1 + (n - 1) * rbar)))],
                "car_skew_t": [float(skew_t), float(2 * stats.norm.sf(abs(skew_t)))],
                "grank": [gt, gp],
                "bhar_mean": float(bh.mean()),
                "bhar_t": [float(bS * np.sqrt(n)), float(2 * stats.t.sf(abs(bS * np.sqrt(n)), n - 1))],
                "bhar_skew_t": [float(lbt), float(2 * stats.t.sf(abs(lbt), n - 1))],
                "dailyGrank": daily,
            }
        )
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
