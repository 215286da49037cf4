"""Synthetic Fama-French / Carhart fixtures and their expected event-study numbers (issue 11, part 3).

SYNTHETIC DATA: the factor files below are generated here from a fixed seed. They imitate the exact layout of the
Kenneth French data library's daily CSVs (description lines, a header whose first cell is empty, YYYYMMDD rows in
percent with padding, a blank line, a copyright line; CRLF line ends; momentum in its own file with a `Mom` column;
-99.99 for a missing value) but contain no French data, so no licence question arises. The copyright line is kept
because real files end with one; it names this generator, not Kenneth R. French.

Expected values are computed with numpy/statsmodels (OLS of R - RF on the factors, HC-free classic OLS), independently
of the TypeScript engine, and written to expected.json.

Run (from the repo root, in a venv with numpy, statsmodels):
  python services/engine/scripts/factor_fixtures.py services/engine/fixtures/factors
"""

import json
import sys
from pathlib import Path

import numpy as np
import statsmodels
import statsmodels.api as sm

SEED = 20251103
N_DAYS = 320
EST = (-200, -11)
WINDOWS = [(-1, 1), (0, 0), (0, 5)]
MODELS = {
    "ff3": ["mkt_rf", "smb", "hml"],
    "carhart": ["mkt_rf", "smb", "hml", "mom"],
    "ff5": ["mkt_rf", "smb", "hml", "rmw", "cma"],
}
HEADERS = {"mkt_rf": "Mkt-RF", "smb": "SMB", "hml": "HML", "rmw": "RMW", "cma": "CMA", "rf": "RF", "mom": "Mom   "}


def weekdays(n: int) -> list[str]:
    out, d = [], np.datetime64("2024-01-02")
    while len(out) < n:
        if np.is_busday(d):
            out.append(str(d))
        d += np.timedelta64(1, "D")
    return out


def french_file(path: Path, description: list[str], dates: list[str], cols: dict[str, np.ndarray]) -> None:
    lines = description + ["", "," + ",".join(HEADERS[c] for c in cols)]
    for i, d in enumerate(dates):
        vals = []
        for c, v in cols.items():
            x = v[i]
            vals.append("  -99.99" if np.isnan(x) else f"{x:8.3f}" if c == "rf" else f"{x:8.2f}")
        lines.append(d.replace("-", "") + "," + ",".join(vals))
    lines += ["", "Copyright 2026 newswindow synthetic fixture (not Kenneth R. French data)", ""]
    path.write_bytes("\r\n".join(lines).encode())


def main(out: Path) -> None:
    rng = np.random.default_rng(SEED)
    dates = weekdays(N_DAYS)
    # Factor returns in percent, rounded as the French files are (2 dp; RF 3 dp).
    f = {
        "mkt_rf": np.round(rng.normal(0.04, 1.0, N_DAYS), 2),
        "smb": np.round(rng.normal(0.0, 0.5, N_DAYS), 2),
        "hml": np.round(rng.normal(0.01, 0.5, N_DAYS), 2),
        "rmw": np.round(rng.normal(0.01, 0.35, N_DAYS), 2),
        "cma": np.round(rng.normal(0.0, 0.3, N_DAYS), 2),
        "mom": np.round(rng.normal(0.03, 0.7, N_DAYS), 2),
        "rf": np.round(rng.uniform(0.015, 0.022, N_DAYS), 3),
    }
    # The 3- and 5-factor files share Mkt-RF, SMB, HML and RF here (the real ones differ in SMB and HML: use one).
    three_dates = dates[:]
    mom = f["mom"].copy()
    mom_dates = dates[:]
    # Missing days: the momentum file lacks one session and marks another -99.99; the 3-factor file lacks one.
    gap_mom = dates[290]
    mom_dates.remove(gap_mom)
    mom = np.delete(mom, 290)
    mom[mom_dates.index(dates[300])] = np.nan
    gap_ff3 = dates[295]
    three_dates.remove(gap_ff3)
    keep3 = [i for i, d in enumerate(dates) if d != gap_ff3]
    desc3 = [
        "This file was created by a synthetic generator in the layout of CMPT_ME_BEME_RETS_DAILY (SYNTHETIC DATA).",
        "The Tbill return is the simple daily rate (synthetic).",
    ]
    french_file(
        out / "F-F_Research_Data_Factors_daily.CSV",
        desc3,
        three_dates,
        {c: f[c][keep3] for c in ["mkt_rf", "smb", "hml", "rf"]},
    )
    french_file(
        out / "F-F_Research_Data_5_Factors_2x3_daily.CSV",
        ["This file was created by a synthetic generator in the layout of the 5-factor 2x3 daily file (SYNTHETIC DATA)."],
        dates,
        {c: f[c] for c in ["mkt_rf", "smb", "hml", "rmw", "cma", "rf"]},
    )
    french_file(
        out / "F-F_Momentum_Factor_daily.CSV",
        [
            "This file was created by a synthetic generator in the layout of CMPT_ME_PRIOR_RETS_DAILY (SYNTHETIC DATA).",
            "It contains a momentum factor, constructed from seeded noise (SYNTHETIC DATA).",
            "Missing data are indicated by -99.99.",
        ],
        mom_dates,
        {"mom": mom},
    )

    # Stocks: simple returns R = RF + a + sum b F + e (decimals), closes rounded to 4 dp.
    loadings = {
        "AAA": (0.0002, [1.1, 0.4, -0.2, 0.3, 0.1, 0.2], 0.012),
        "BBB": (-0.0001, [0.8, -0.3, 0.5, -0.2, 0.3, -0.1], 0.015),
        "CCC": (0.0003, [1.4, 0.9, 0.1, 0.0, -0.4, 0.35], 0.02),
    }
    order = ["mkt_rf", "smb", "hml", "rmw", "cma", "mom"]
    fx = np.column_stack([f[c] / 100 for c in order])
    rf = f["rf"] / 100
    prices = ["date,symbol,close"]
    closes = {}
    for sym, (a, b, s) in loadings.items():
        r = rf + a + fx @ np.array(b) + rng.normal(0, s, N_DAYS)
        c = np.round(50 * np.cumprod(1 + r), 4)
        c[0] = 50.0
        closes[sym] = c
        prices += [f"{d},{sym},{c[i]:.4f}" for i, d in enumerate(dates)]
    (out / "prices.csv").write_text("\n".join(prices) + "\n")
    events = [("F1", "AAA", dates[230]), ("F2", "BBB", dates[289]), ("F3", "CCC", dates[296]), ("F4", "AAA", dates[305])]
    (out / "events.csv").write_text("event_id,symbol,event_date\n" + "".join(f"{e},{s},{d}\n" for e, s, d in events))

    # Expected numbers, from the files as written (re-read, so rounding and missing days are the engine's inputs).
    def read_french(path: Path) -> dict[str, dict[str, float]]:
        rows: dict[str, dict[str, float]] = {}
        header = None
        for line in path.read_text().splitlines():
            cells = [c.strip() for c in line.split(",")]
            if header is None:
                if len(cells) > 1 and cells[0] == "":
                    header = [c.lower().replace("-", "_") for c in cells[1:]]
                continue
            if len(cells[0]) != 8 or not cells[0].isdigit():
                if rows:
                    break
                continue
            d = f"{cells[0][:4]}-{cells[0][4:6]}-{cells[0][6:]}"
            rows[d] = {h: (np.nan if float(v) == -99.99 else float(v) / 100) for h, v in zip(header, cells[1:])}
        return rows

    ff3 = read_french(out / "F-F_Research_Data_Factors_daily.CSV")
    ff5 = read_french(out / "F-F_Research_Data_5_Factors_2x3_daily.CSV")
    momf = read_french(out / "F-F_Momentum_Factor_daily.CSV")
    sources = {"ff3": [ff3], "carhart": [ff3, momf], "ff5": [ff5]}

    expected = {
        "generator": f"services/engine/scripts/factor_fixtures.py (numpy {np.__version__}, statsmodels {statsmodels.__version__})",
        "estimation": list(EST),
        "windows": [list(w) for w in WINDOWS],
        "studies": [],
    }
    for model, names in MODELS.items():
        def factor_at(d: str, name: str) -> float:
            for src in sources[model]:
                if d in src and name in src[d]:
                    return src[d][name]
            return np.nan

        for ev, sym, d0date in events:
            day0 = dates.index(d0date)
            c = closes[sym]
            ret = np.full(N_DAYS, np.nan)
            ret[1:] = c[1:] / c[:-1] - 1
            rows = []
            for t in range(N_DAYS):
                x = [factor_at(dates[t], n) for n in names]
                rows.append((ret[t], factor_at(dates[t], "rf"), x))
            est = [t for t in range(day0 + EST[0], day0 + EST[1] + 1)]
            use = [t for t in est if not np.isnan(rows[t][0]) and not np.isnan(rows[t][1]) and not np.isnan(rows[t][2]).any()]
            y = np.array([rows[t][0] - rows[t][1] for t in use])
            X = sm.add_constant(np.array([rows[t][2] for t in use]))
            fit = sm.OLS(y, X).fit()
            alpha, betas = float(fit.params[0]), [float(b) for b in fit.params[1:]]
            sigma = float(np.sqrt(fit.ssr / fit.df_resid))
            XtXi = np.linalg.inv(X.T @ X)
            ar = {}
            car = {}
            for lo, hi in WINDOWS:
                for k in range(lo, hi + 1):
                    t = day0 + k
                    r, rft, x = rows[t]
                    ar[k] = None if np.isnan(r) or np.isnan(rft) or np.isnan(x).any() else float(r - rft - (alpha + np.dot(betas, x)))
            for lo, hi in WINDOWS:
                vals = [(k, ar[k]) for k in range(lo, hi + 1) if ar[k] is not None]
                x0 = np.array([[1.0] + list(rows[day0 + k][2]) for k, _ in vals])
                ones = np.ones(len(vals))
                # Var(CAR) / sigma^2 = T + 1' X0 (X'X)^-1 X0' 1 (Campbell, Lo & MacKinlay 1997, 4.4)
                vf = float(len(vals) + ones @ x0 @ XtXi @ x0.T @ ones)
                car[f"{lo}:{hi}"] = {"car": float(sum(v for _, v in vals)), "days": len(vals), "varianceFactor": vf}
            expected["studies"].append(
                {
                    "model": model,
                    "eventId": ev,
                    "estimationLength": len(use),
                    "alpha": alpha,
                    "betas": dict(zip(names, betas)),
                    "sigma": sigma,
                    "r2": float(fit.rsquared),
                    "ar": {str(k): v for k, v in ar.items()},
                    "windows": car,
                }
            )
    (out / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
