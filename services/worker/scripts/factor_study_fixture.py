"""Generates services/worker/src/__fixtures__/factor-study.json: synthetic event studies with their expected numbers
computed by numpy least squares, independently of the engine (the worker's factor-model tests check the pipeline's
studies, stored rows and tag aggregates against them).

Inputs: XNYS sessions from the repo's calendar data (services/reference/data/calendars/calendars.json: weekdays minus
holidays), a seeded random stock and benchmark, Fama-French-like daily factors (decimals, 4 digits as the French files'
2-digit percent) in the three datasets the Kenneth French library publishes them in (3 factors + RF, momentum, 5
factors + RF whose SMB differs from the 3-factor file's), with three factor days left out of every file (two in the
first event's estimation window: not in its sample; one in its event window: no abnormal return that day, a missing
day). Three events (day 0 at 10:00 New York: that day's close), each an earnings story.

Expected, per event, for the market model (log returns, OLS on the benchmark, sigma = sqrt(SSR/(L-2))) and for each
factor model (simple returns, OLS of R - RF on the model's factors, sigma = sqrt(SSR/(L-K-1))): L, alpha, the slopes,
sigma, the ARs of days -1..+5 (None on a missing factor day), and per event window the CAR (sum of the ARs present) and
the number of days present; per model the tag aggregate's CAAR per window (mean of the events' CARs) and the AAR per
day (mean of the ARs present) with its count.

Run: ~/.cache/newswindow/venv-factors/bin/python services/worker/scripts/factor_study_fixture.py (numpy needed), then
npx prettier --write services/worker/src/__fixtures__/factor-study.json.
"""

import datetime as dt
import json
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "services/worker/src/__fixtures__/factor-study.json"
EVENTS = ["2024-06-12", "2024-03-13", "2023-12-13"]
EST = (-250, -11)
DAYS = (-1, 5)
WINDOWS = [(-1, 1), (0, 0), (0, 5)]
MISSING_FACTOR_DAYS = (-100, -50, 3)  # relative to the first event
MODELS = {
    "ff3": ("F-F_Research_Data_Factors_daily", ["mkt_rf", "smb", "hml"]),
    "carhart": ("F-F_Research_Data_Factors_daily", ["mkt_rf", "smb", "hml", "mom"]),
    "ff5": ("F-F_Research_Data_5_Factors_2x3_daily", ["mkt_rf", "smb", "hml", "rmw", "cma"]),
}


def sessions():
    cal = next(e for e in json.loads((ROOT / "services/reference/data/calendars/calendars.json").read_text())["exchanges"] if e["mic"] == "XNYS")
    holidays = set(cal["holidays"])
    d, end, out = dt.date(2022, 9, 1), dt.date(2024, 7, 31), []
    while d <= end:
        iso = d.isoformat()
        if d.weekday() < 5 and iso not in holidays:
            out.append(iso)
        d += dt.timedelta(days=1)
    return out


def ols(X, y):
    X1 = np.column_stack([np.ones(len(y)), X])
    coef, *_ = np.linalg.lstsq(X1, y, rcond=None)
    resid = y - X1 @ coef
    return coef, float(resid @ resid)


def study(i0, ret, regressors, excess, have, k):
    """One event: OLS over the estimation days present, ARs over days -1..+5, CAR and days present per window."""
    est = [i0 + d for d in range(EST[0], EST[1] + 1) if have[i0 + d] and not np.isnan(ret[i0 + d])]
    coef, ssr = ols(regressors[est], ret[est] - excess[est])
    L = len(est)
    ar = {}
    for d in range(DAYS[0], DAYS[1] + 1):
        i = i0 + d
        ar[d] = None if not have[i] else float(ret[i] - excess[i] - coef[0] - regressors[i] @ coef[1:])
    windows = []
    for a, b in WINDOWS:
        present = [ar[d] for d in range(a, b + 1) if ar[d] is not None]
        windows.append({"start": a, "end": b, "car": float(sum(present)), "nDays": len(present)})
    return {
        "estimationLength": L,
        "alpha": float(coef[0]),
        "betas": [float(c) for c in coef[1:]],
        "sigma": float(np.sqrt(ssr / (L - k - 1))),
        "ar": {str(d): v for d, v in ar.items()},
        "windows": windows,
    }


def aggregate(studies):
    windows = []
    for w, (a, b) in enumerate(WINDOWS):
        cars = [s["windows"][w]["car"] for s in studies]
        windows.append({"start": a, "end": b, "caar": float(np.mean(cars)), "n": len(cars)})
    days = []
    for d in range(DAYS[0], DAYS[1] + 1):
        ars = [s["ar"][str(d)] for s in studies if s["ar"][str(d)] is not None]
        days.append({"relativeDay": d, "aar": float(np.mean(ars)), "n": len(ars)})
    return {"windows": windows, "days": days}


def main():
    days = sessions()
    n = len(days)
    rng = np.random.default_rng(20241203)
    f = {
        "mkt_rf": np.round(rng.normal(0.0004, 0.009, n), 4),
        "smb": np.round(rng.normal(0.0, 0.005, n), 4),
        "hml": np.round(rng.normal(0.0, 0.005, n), 4),
        "mom": np.round(rng.normal(0.0002, 0.006, n), 4),
        "rmw": np.round(rng.normal(0.0001, 0.003, n), 4),
        "cma": np.round(rng.normal(0.0, 0.003, n), 4),
    }
    smb5 = np.round(f["smb"] + rng.normal(0.0, 0.0006, n), 4)  # the 5-factor file's SMB is another portfolio sort
    rf = np.full(n, 0.0002)
    r = (
        0.0003 + rf + 1.15 * f["mkt_rf"] + 0.45 * f["smb"] - 0.35 * f["hml"] + 0.2 * f["mom"] + 0.3 * f["rmw"]
        - 0.25 * f["cma"] + rng.normal(0, 0.012, n)
    )
    event_index = [days.index(d) for d in EVENTS]
    for k, i0 in enumerate(event_index):
        r[i0] += (0.06, -0.04, 0.05)[k]
    bench_r = f["mkt_rf"] + rf + rng.normal(0, 0.001, n)
    stock = np.round(50 * np.cumprod(1 + r), 6)
    bench = np.round(400 * np.cumprod(1 + bench_r), 6)
    missing = {days[event_index[0] + k] for k in MISSING_FACTOR_DAYS}
    have = np.array([d not in missing for d in days])
    everywhere = np.ones(n, dtype=bool)

    simple = np.full(n, np.nan)
    simple[1:] = stock[1:] / stock[:-1] - 1
    log = np.full(n, np.nan)
    log[1:] = np.log(stock[1:] / stock[:-1])
    log_m = np.full(n, np.nan)
    log_m[1:] = np.log(bench[1:] / bench[:-1])

    expected = {}
    market = [study(i0, log, log_m[:, None], np.zeros(n), everywhere, 1) for i0 in event_index]
    for s in market:
        s["beta"] = s.pop("betas")[0]
    expected["market_model"] = {"studies": market, "aggregate": aggregate(market)}
    ff5_cols = {**f, "smb": smb5}
    for model, (_, names) in MODELS.items():
        cols = ff5_cols if model == "ff5" else f
        X = np.column_stack([cols[c] for c in names])
        studies = [study(i0, simple, X, rf, have, len(names)) for i0 in event_index]
        for s in studies:
            s["betas"] = dict(zip(names, s["betas"]))
        expected[model] = {"studies": studies, "aggregate": aggregate(studies)}

    def dataset(name, columns):
        return {
            "dataset": name,
            "days": [{"date": d, **{c: float(v[i]) for c, v in columns.items()}} for i, d in enumerate(days) if have[i]],
        }

    OUT.write_text(
        json.dumps(
            {
                "provenance": "synthetic; generated by services/worker/scripts/factor_study_fixture.py (numpy lstsq)",
                "events": [{"publishedAt": f"{d}T14:00:00Z", "day0": d} for d in EVENTS],
                "stock": {"symbol": "FFX", "closes": [[d, float(c)] for d, c in zip(days, stock)]},
                "benchmark": {"symbol": "FFBENCH", "closes": [[d, float(c)] for d, c in zip(days, bench)]},
                "factorDatasets": [
                    dataset("F-F_Research_Data_Factors_daily", {"mkt_rf": f["mkt_rf"], "smb": f["smb"], "hml": f["hml"], "rf": rf}),
                    dataset("F-F_Momentum_Factor_daily", {"mom": f["mom"]}),
                    dataset(
                        "F-F_Research_Data_5_Factors_2x3_daily",
                        {"mkt_rf": f["mkt_rf"], "smb": smb5, "hml": f["hml"], "rmw": f["rmw"], "cma": f["cma"], "rf": rf},
                    ),
                ],
                "missingFactorDays": sorted(missing),
                "expected": expected,
            },
            indent=1,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
