"""Generates data/calendars/calendars.json from the PyPI package exchange-calendars (Apache-2.0).

Run through `npm run refdata:calendars` (scripts/refresh-calendars.sh makes the pinned venv). No holiday rule is
written here: sessions, open/close/break instants, early closes and ad hoc closures all come from the package. The
output is compact: per exchange the regular local open/close/break times per period (from the calendar's own
`open_times`, `close_times`, `break_*_times` definitions), the weekdays that are not sessions (holidays), the
non-weekdays that are sessions, and the sessions whose local times differ from the regular ones (early closes, half
days, late opens). Before writing, the compact form is expanded again and compared, session by session and instant by
instant, with the package's UTC schedule; any difference aborts the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import warnings
from importlib.metadata import version
from zoneinfo import ZoneInfo

import exchange_calendars as xc
import pandas as pd

FROM = pd.Timestamp("2000-01-01")
TO = pd.Timestamp("2030-12-31")

# MIC -> (name, calendar in exchange-calendars, note). XNAS and XASE are aliases of XNYS in the package (same
# holidays and hours for the regular session); XSHE has no calendar of its own there: the Shenzhen and Shanghai
# exchanges close on the same mainland-China market holidays, so XSHE uses the package's XSHG calendar.
EXCHANGES: list[tuple[str, str, str, str | None]] = [
    ("XNYS", "New York Stock Exchange", "XNYS", None),
    ("XNAS", "Nasdaq Stock Market", "XNAS", "alias of XNYS in exchange-calendars"),
    ("XASE", "NYSE American", "XASE", "alias of XNYS in exchange-calendars"),
    ("ARCX", "NYSE Arca", "ARCX", "alias of XNYS in exchange-calendars"),
    ("BATS", "Cboe BZX Exchange", "BATS", "alias of XNYS in exchange-calendars"),
    ("XHKG", "Hong Kong Exchanges and Clearing", "XHKG", None),
    ("XSHG", "Shanghai Stock Exchange", "XSHG", None),
    (
        "XSHE",
        "Shenzhen Stock Exchange",
        "XSHG",
        "exchange-calendars has no XSHE calendar; Shenzhen keeps the mainland-China market holidays of XSHG",
    ),
    ("XTKS", "Tokyo Stock Exchange", "XTKS", None),
    ("XKRX", "Korea Exchange", "XKRX", None),
    ("XTAI", "Taiwan Stock Exchange", "XTAI", None),
    ("XLON", "London Stock Exchange", "XLON", None),
    ("XETR", "Xetra (Deutsche Boerse)", "XETR", None),
    ("XPAR", "Euronext Paris", "XPAR", None),
    ("XSWX", "SIX Swiss Exchange", "XSWX", None),
    ("XASX", "Australian Securities Exchange", "XASX", None),
    ("XTSE", "Toronto Stock Exchange", "XTSE", None),
]

FIELDS = ("open", "breakStart", "breakEnd", "close")
SCHEDULE_COLUMNS = {"open": "open", "breakStart": "break_start", "breakEnd": "break_end", "close": "close"}


def hhmm(t: dt.time | None) -> str | None:
    if t is None:
        return None
    if t.second or t.microsecond:
        raise SystemExit(f"time {t} has seconds; the data format keeps HH:MM")
    return f"{t.hour:02d}:{t.minute:02d}"


def regular_periods(cal, first: pd.Timestamp, last: pd.Timestamp) -> list[dict]:
    """The calendar's regular local times as consecutive periods (merged when nothing changes)."""
    defs = {
        "open": cal.open_times,
        "breakStart": cal.break_start_times,
        "breakEnd": cal.break_end_times,
        "close": cal.close_times,
    }
    if cal.open_offset != 0 or cal.close_offset != 0:
        raise SystemExit(f"{cal.name}: open/close day offsets are not supported")
    changes = {first}
    for entries in defs.values():
        for start, _ in entries or ():
            if start is not None and first < pd.Timestamp(start) <= last:
                changes.add(pd.Timestamp(start))

    def at(entries, day: pd.Timestamp) -> str | None:
        current = None
        for start, t in entries or ():
            if start is None or pd.Timestamp(start) <= day:
                current = t
        return hhmm(current)

    periods: list[dict] = []
    for day in sorted(changes):
        p = {"from": day.strftime("%Y-%m-%d"), **{f: at(defs[f], day) for f in FIELDS}}
        if periods and all(periods[-1][f] == p[f] for f in FIELDS):
            continue
        periods.append(p)
    return periods


def weekmask_days(mask: str) -> set[int]:
    if len(mask) != 7 or set(mask) - {"0", "1"}:
        raise SystemExit(f"unsupported weekmask {mask!r}")
    return {i for i, c in enumerate(mask) if c == "1"}


def local_times(row, tz: ZoneInfo) -> dict:
    out = {}
    for f, col in SCHEDULE_COLUMNS.items():
        v = row[col]
        out[f] = None if pd.isna(v) else v.tz_convert(tz).strftime("%H:%M")
        if v is not None and not pd.isna(v) and v.tz_convert(tz).date() != row.name.date():
            raise SystemExit(f"{row.name.date()}: {f} falls on another local date")
    return out


def period_for(periods: list[dict], day: str) -> dict:
    current = periods[0]
    for p in periods:
        if p["from"] <= day:
            current = p
    return current


def utc_offsets(zone: str, first: pd.Timestamp, last: pd.Timestamp) -> list[list[int]]:
    """The zone's UTC offsets over the horizon as [from epoch second, offset minutes], from Python's tzdata (the
    zone rules the package itself uses), so the TypeScript loader converts local times without a time-zone library
    call per session. Found day by day, each change bisected to the minute."""
    tz = ZoneInfo(zone)
    utc = dt.timezone.utc

    def offset(sec: int) -> int:
        return int(dt.datetime.fromtimestamp(sec, tz).utcoffset().total_seconds() // 60)

    start = int(dt.datetime(first.year, first.month, first.day, tzinfo=utc).timestamp()) - 2 * 86400
    end = int(dt.datetime(last.year, last.month, last.day, tzinfo=utc).timestamp()) + 2 * 86400
    out = [[start, offset(start)]]
    sec = start
    while sec < end:
        nxt = sec + 86400
        if offset(nxt) != offset(sec):
            lo, hi = sec, nxt  # offset(lo) is the old one, offset(hi) the new one
            while hi - lo > 60:
                mid = (lo + hi) // 2 // 60 * 60
                if mid <= lo:
                    break
                if offset(mid) == offset(lo):
                    lo = mid
                else:
                    hi = mid
            out.append([hi, offset(hi)])
        sec = nxt
    return out


def build(mic: str, name: str, source: str, note: str | None) -> dict:
    cal_cls = type(xc.get_calendar(source, start="2020-01-02", end="2020-12-31"))
    lo = max(FROM, cal_cls.bound_min()) if cal_cls.bound_min() is not None else FROM
    hi = min(TO, cal_cls.bound_max()) if cal_cls.bound_max() is not None else TO
    cal = xc.get_calendar(source, start=lo, end=hi)
    tz = ZoneInfo(str(cal.tz))
    sched = cal.schedule
    sessions = [d.strftime("%Y-%m-%d") for d in sched.index]
    session_set = set(sessions)
    weekdays = weekmask_days(cal.weekmask)
    periods = regular_periods(cal, lo, hi)

    holidays: list[str] = []
    extra: list[str] = []
    for day in pd.date_range(lo, hi, freq="D"):
        iso = day.strftime("%Y-%m-%d")
        on_mask = day.weekday() in weekdays
        if on_mask and iso not in session_set:
            holidays.append(iso)
        elif not on_mask and iso in session_set:
            extra.append(iso)

    exceptions: dict[str, dict] = {}
    for iso, (_, row) in zip(sessions, sched.iterrows()):
        actual = local_times(row, tz)
        regular = period_for(periods, iso)
        if any(actual[f] != regular[f] for f in FIELDS):
            exceptions[iso] = actual

    out = {
        "mic": mic,
        "name": name,
        "timeZone": str(cal.tz),
        "source": {"calendar": source, **({"note": note} if note else {})},
        "horizon": {"first": lo.strftime("%Y-%m-%d"), "last": hi.strftime("%Y-%m-%d")},
        "firstSession": sessions[0],
        "lastSession": sessions[-1],
        "sessionCount": len(sessions),
        "weekmask": cal.weekmask,
        "utcOffsets": utc_offsets(str(cal.tz), lo, hi),
        "periods": periods,
        "holidays": holidays,
        "extraSessions": extra,
        "exceptions": exceptions,
    }
    verify(out, sched)
    return out


def expand(ex: dict) -> list[tuple[str, dict]]:
    """The compact form back to sessions with local times (what the TypeScript loader does)."""
    weekdays = weekmask_days(ex["weekmask"])
    holidays = set(ex["holidays"])
    extra = set(ex["extraSessions"])
    out = []
    for day in pd.date_range(ex["horizon"]["first"], ex["horizon"]["last"], freq="D"):
        iso = day.strftime("%Y-%m-%d")
        is_session = (day.weekday() in weekdays and iso not in holidays) or iso in extra
        if is_session:
            p = ex["exceptions"].get(iso) or period_for(ex["periods"], iso)
            out.append((iso, {f: p[f] for f in FIELDS}))
    return out


def verify(ex: dict, sched: pd.DataFrame) -> None:
    tz = ZoneInfo(ex["timeZone"])
    expanded = expand(ex)
    if len(expanded) != len(sched):
        raise SystemExit(f"{ex['mic']}: {len(expanded)} expanded sessions vs {len(sched)} in the package")
    for (iso, times), (day, row) in zip(expanded, sched.iterrows()):
        if iso != day.strftime("%Y-%m-%d"):
            raise SystemExit(f"{ex['mic']}: session {iso} vs {day.date()}")
        for f, col in SCHEDULE_COLUMNS.items():
            want = row[col]
            got = times[f]
            if got is None or pd.isna(want):
                if not (got is None and pd.isna(want)):
                    raise SystemExit(f"{ex['mic']} {iso} {f}: {got} vs {want}")
                continue
            h, m = map(int, got.split(":"))
            instant = dt.datetime(day.year, day.month, day.day, h, m, tzinfo=tz).astimezone(dt.timezone.utc)
            if pd.Timestamp(instant) != want:
                raise SystemExit(f"{ex['mic']} {iso} {f}: {instant} vs {want}")


def samples(exchanges: list[dict]) -> list[str]:
    """UTC instants straight from the package (not via the compact form) for the TypeScript loader's tests: the first
    session of every quarter and every session with non-regular times."""
    rows = ["mic,date,open,break_start,break_end,close"]
    for ex in exchanges:
        cal = xc.get_calendar(ex["source"]["calendar"], start=ex["horizon"]["first"], end=ex["horizon"]["last"])
        seen_quarters: set[tuple[int, int]] = set()
        for day, row in cal.schedule.iterrows():
            q = (day.year, (day.month - 1) // 3)
            iso = day.strftime("%Y-%m-%d")
            if q in seen_quarters and iso not in ex["exceptions"]:
                continue
            seen_quarters.add(q)
            cells = [
                "" if pd.isna(row[c]) else row[c].tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
                for c in ("open", "break_start", "break_end", "close")
            ]
            rows.append(",".join([ex["mic"], iso, *cells]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--samples", required=True)
    args = parser.parse_args()
    # A warning of the calendar package (e.g. a date past a precomputed range) must not pass quietly; pandas'
    # deprecation notices about the package's own calls are not about the data.
    warnings.filterwarnings("error", module="exchange_calendars")
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    exchanges = [build(*e) for e in EXCHANGES]
    doc = {
        "provenance": {
            "package": "exchange-calendars",
            "version": version("exchange-calendars"),
            "license": "Apache-2.0",
            "pandas": version("pandas"),
            "tzdata": version("tzdata"),
            "generated": dt.date.today().isoformat(),
            "requested": {"from": FROM.strftime("%Y-%m-%d"), "to": TO.strftime("%Y-%m-%d")},
            "command": "npm run refdata:calendars",
            "format": "see services/reference/README.md (Calendars)",
        },
        "exchanges": exchanges,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"), sort_keys=False)
        f.write("\n")
    with open(args.samples, "w", encoding="utf-8") as f:
        f.write("\n".join(samples(exchanges)) + "\n")
    for ex in exchanges:
        print(
            f"{ex['mic']}: {ex['horizon']['first']}..{ex['horizon']['last']} {ex['sessionCount']} sessions, "
            f"{len(ex['holidays'])} holidays, {len(ex['extraSessions'])} extra, {len(ex['exceptions'])} non-regular, "
            f"{len(ex['periods'])} periods",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
