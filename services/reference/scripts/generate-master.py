#!/usr/bin/env python3
"""Generates the security master (data/master/issuers.jsonl, data/master/sources.json).

Sources, merged in this order (later sources add listings and aliases to the issuers they match):
  1. pytickersymbols (PyPI, MIT; version pinned in PYTICKERSYMBOLS_VERSION): index constituents with names,
     Yahoo/Google symbols, ISINs, industries, countries; records the package got wrong are corrected by ISIN from
     data/master/sources/pytickersymbols-corrections.csv (name and index memberships, one source URL per row);
     records filed under another company's name get theirs by Yahoo symbol from
     data/master/sources/pytickersymbols-records-by-symbol.csv (one source URL per row).
  2. data/master/sources/yfiua-constituents-hsi.csv: the Hang Seng Index constituents from the GitHub repository
     yfiua/index-constituents (Apache-2.0), commit in HSI_COMMIT.
  3. data/master/sources/dual-listings.csv: curated US <-> Hong Kong dual listings, one source URL per row.
  4. services/tagger/data/reference-data.json: the issuers the tagger knew before the master (ids kept, so similarity
     keys stay stable; ETFs and ADRs not in an index come from here).
  5. data/master/sources/ticker-history.csv and name-history.csv: curated dated facts (ticker changes, former names),
     one source URL per row. They replace the undated listings/aliases of the same symbol or name.

Run it through `npm run refdata:master` (creates the venv under ~/.cache/newswindow and installs the pinned package).
The output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from importlib.metadata import version
from pathlib import Path

PYTICKERSYMBOLS_VERSION = "1.17.10"
HSI_REPO = "yfiua/index-constituents"
HSI_COMMIT = "892385422a6710614a764fe9ce3f37c8da2e9aee"
HSI_COMMIT_DATE = "2026-07-01"

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "master" / "sources"
OUT = ROOT / "data" / "master"
TAGGER_DATA = ROOT.parent / "tagger" / "data" / "reference-data.json"

# Not an ISO 10383 MIC: "a US exchange the source does not name". Its sessions are XNYS's (all US equity venues share
# one calendar), its benchmark ^GSPC.
US_VENUE = "US"
# Google Finance exchange prefix -> (MIC, ISO 3166 country of the venue).
GOOGLE_PREFIX = {
    "NYSE": ("XNYS", "US"),
    "NASDAQ": ("XNAS", "US"),
    "NYSEAMERICAN": ("XASE", "US"),
    "NYSEARCA": ("ARCX", "US"),
    "FRA": ("XFRA", "DE"),
    "ETR": ("XETR", "DE"),
    "LON": ("XLON", "GB"),
    "TYO": ("XTKS", "JP"),
    "EPA": ("XPAR", "FR"),
    "AMS": ("XAMS", "NL"),
    "EBR": ("XBRU", "BE"),
    "BME": ("XMAD", "ES"),
    "STO": ("XSTO", "SE"),
    "HEL": ("XHEL", "FI"),
    "SWX": ("XSWX", "CH"),
    "BIT": ("XMIL", "IT"),
}
# Yahoo symbol suffix -> MIC, used when the Google prefix is missing.
YAHOO_SUFFIX = {
    "F": "XFRA",
    "DE": "XETR",
    "L": "XLON",
    "T": "XTKS",
    "PA": "XPAR",
    "AS": "XAMS",
    "BR": "XBRU",
    "MC": "XMAD",
    "ST": "XSTO",
    "HE": "XHEL",
    "SW": "XSWX",
    "MI": "XMIL",
    "HK": "XHKG",
}
MIC_COUNTRY = {mic: country for mic, country in GOOGLE_PREFIX.values()} | {"XHKG": "HK", "XMIL": "IT", "US": "US"}
# The default benchmark of a listing: the broad index of its market, as Yahoo spells it.
BENCHMARK = {
    "XNYS": "^GSPC",
    "XNAS": "^GSPC",
    US_VENUE: "^GSPC",
    "XASE": "^GSPC",
    "ARCX": "^GSPC",
    "XHKG": "^HSI",
    "XLON": "^FTSE",
    "XFRA": "^GDAXI",
    "XETR": "^GDAXI",
    "XPAR": "^FCHI",
    "XTKS": "^N225",
    "XAMS": "^AEX",
    "XBRU": "^BFX",
    "XMAD": "^IBEX",
    "XSTO": "^OMX",
    "XHEL": "^OMXH25",
    "XSWX": "^SSMI",
    "XMIL": "FTSEMIB.MI",
}
CURRENCY = {"XHKG": "HKD"}
US_MICS = {"XNYS", "XNAS", "XASE", "ARCX", US_VENUE}
# The exchange calendar a listing's sessions follow, where it is not the listing's own MIC.
CALENDAR = {"ARCX": "XNYS", US_VENUE: "XNYS", "XFRA": "XETR"}
# `traded_as` in pytickersymbols' Wikipedia metadata ("NYSE : AOS S&P 500 component") names the US venue when the
# Google symbol does not.
TRADED_AS = re.compile(r"\b(NYSE American|NYSE|Nasdaq|NASDAQ)\s*:\s*([A-Z][A-Z.\-]*)")
TRADED_AS_MIC = {"NYSE": "XNYS", "Nasdaq": "XNAS", "NASDAQ": "XNAS", "NYSE American": "XASE"}
COUNTRY_NAMES = {
    "United States": "US",
    "Germany": "DE",
    "Japan": "JP",
    "United Kingdom": "GB",
    "France": "FR",
    "Spain": "ES",
    "Netherlands": "NL",
    "Finland": "FI",
    "Sweden": "SE",
    "Switzerland": "CH",
    "Belgium": "BE",
    "Luxembourg": "LU",
    "Ireland": "IE",
    "Italy": "IT",
    "Denmark": "DK",
    "Austria": "AT",
    "Norway": "NO",
    "Hong Kong": "HK",
    "China": "CN",
}
SECTORS = [
    "Technology",
    "Information technology",
    "Financials",
    "Health Care",
    "Healthcare",
    "Industrials",
    "Consumer Discretionary",
    "Consumer Staples",
    "Energy",
    "Utilities",
    "Real Estate",
    "Materials",
    "Basic Materials",
    "Communication Services",
    "Telecommunications",
]


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    s = re.sub(r"-(inc|corp|corporation|co|ltd|plc|ag|se|sa|nv|n-v|s-a|group-holding-ltd|holdings-ltd|limited)$", "", s)
    return s or "issuer"


def sector_of(industries: list[str]) -> str | None:
    for candidate in SECTORS:
        if candidate in industries:
            return {"Information technology": "Technology", "Healthcare": "Health Care"}.get(candidate, candidate)
    return industries[0] if industries else None


def listing(mic, symbol, currency, share_class=None, valid_from=None, valid_to=None, isin=None, source=None):
    return {
        "mic": mic,
        "calendar": CALENDAR.get(mic, mic),
        "symbol": symbol,
        "currency": currency,
        "shareClass": share_class,
        "benchmark": BENCHMARK[mic],
        "validFrom": valid_from,
        "validTo": valid_to,
        "isin": isin,
        **({"source": source} if source else {}),
    }


def alias(name, kind, valid_from=None, valid_to=None, source=None):
    return {
        "name": name,
        "kind": kind,
        "validFrom": valid_from,
        "validTo": valid_to,
        **({"source": source} if source else {}),
    }


class Master:
    def __init__(self) -> None:
        self.issuers: dict[str, dict] = {}
        self.by_symbol: dict[str, str] = {}
        self.counts: Counter[str] = Counter()

    def new_issuer(self, base_id: str, name: str, source: str, **fields) -> dict:
        issuer_id, n = base_id, 2
        while issuer_id in self.issuers:
            issuer_id, n = f"{base_id}-{n}", n + 1
        issuer = {
            "id": issuer_id,
            "name": name,
            "aliases": [],
            "listings": [],
            "sector": fields.get("sector"),
            "country": fields.get("country"),
            "sources": [source],
        }
        self.issuers[issuer_id] = issuer
        self.counts[f"issuers:{source}"] += 1
        return issuer

    def add_listing(self, issuer: dict, new: dict, source: str) -> None:
        key = (new["mic"], new["symbol"], new["shareClass"], new["validFrom"])
        for existing in issuer["listings"]:
            if existing["symbol"] == new["symbol"] and existing["mic"] == new["mic"]:
                # Fill what the earlier source did not know; never move an existing listing.
                for field in ("isin", "shareClass", "validFrom", "validTo"):
                    if existing[field] is None and new[field] is not None and key[3] is None:
                        existing[field] = new[field]
                return
        issuer["listings"].append(new)
        self.by_symbol.setdefault(new["symbol"].upper(), issuer["id"])
        if source not in issuer["sources"]:
            issuer["sources"].append(source)
        self.counts[f"listings:{source}"] += 1

    def add_alias(self, issuer: dict, new: dict, source: str) -> None:
        if new["name"].strip() == "":
            return
        if any(a["name"].lower() == new["name"].lower() and a["validFrom"] == new["validFrom"] for a in issuer["aliases"]):
            return
        issuer["aliases"].append(new)
        self.counts[f"aliases:{source}"] += 1

    def find(self, symbol: str) -> dict | None:
        issuer_id = self.by_symbol.get(symbol.upper())
        return self.issuers.get(issuer_id) if issuer_id else None


def primary_venue(stock: dict, symbols: list[dict]) -> set[str]:
    """The venues (MICs) of the issuer's home listing: the Yahoo symbol that is the index's own ticker."""
    base = (stock.get("symbol") or "").upper().replace(".", "-")
    for s in symbols:
        yahoo = (s.get("yahoo") or "").upper()
        head = yahoo.rsplit(".", 1)[0] if "." in yahoo and yahoo.rsplit(".", 1)[1] in YAHOO_SUFFIX else yahoo
        if head.replace(".", "-") == base:
            mic = venue(stock, s)
            if mic:
                return US_MICS if mic in US_MICS else {mic}
    # No symbol names the home listing: a Frankfurt quote is a secondary one unless it is all there is.
    venues = {venue(stock, s) for s in symbols} - {None}
    return venues - {"XFRA"} if venues - {"XFRA"} else venues


def venue(stock: dict, s: dict) -> str | None:
    google = s.get("google") or ""
    yahoo = s.get("yahoo") or ""
    if ":" in google:
        prefix = google.split(":", 1)[0]
        if prefix in GOOGLE_PREFIX:
            return GOOGLE_PREFIX[prefix][0]
        return None  # OTC and other venues are not listings a study can use
    if "." in yahoo and yahoo.rsplit(".", 1)[1] in YAHOO_SUFFIX:
        return YAHOO_SUFFIX[yahoo.rsplit(".", 1)[1]]
    if s.get("currency") == "USD" and re.fullmatch(r"[A-Z]{1,5}(-[A-Z])?", yahoo):
        traded_as = ((stock.get("metadata") or {}).get("traded_as")) or ""
        for exch, ticker in TRADED_AS.findall(traded_as):
            if ticker.replace(".", "-") == yahoo.replace(".", "-"):
                return TRADED_AS_MIC[exch]
        for exch, _ in TRADED_AS.findall(traded_as):
            return TRADED_AS_MIC[exch]
        # A US index constituent whose venue the source does not state (NYSE, Nasdaq or Cboe): see US_VENUE.
        return US_VENUE
    return None


def load_corrections() -> dict[str, dict]:
    """Curated fixes of pytickersymbols records, by ISIN: the right name and index memberships (see the CSV's note)."""
    with open(SOURCES / "pytickersymbols-corrections.csv", newline="", encoding="utf-8") as f:
        return {row["isin"]: row for row in csv.DictReader(f)}


def corrected(stock: dict, corrections: dict[str, dict]) -> dict | None:
    isins = stock.get("isins") or []
    return corrections.get(isins[0]) if len(isins) == 1 else None


def load_records_by_symbol() -> dict[str, dict]:
    """Curated names of records the package files under another company's name, by Yahoo symbol (see the CSV's note)."""
    with open(SOURCES / "pytickersymbols-records-by-symbol.csv", newline="", encoding="utf-8") as f:
        return {row["symbol"]: row for row in csv.DictReader(f)}


def yahoo_symbols(stock: dict) -> set[str]:
    return {s["yahoo"] for s in stock.get("symbols") or [] if s.get("yahoo")}


def load_pytickersymbols(master: Master) -> None:
    from pytickersymbols import PyTickerSymbols

    installed = version("pytickersymbols")
    if installed != PYTICKERSYMBOLS_VERSION:
        sys.exit(f"pytickersymbols {installed} installed, the master is pinned to {PYTICKERSYMBOLS_VERSION}")
    source = "pytickersymbols"
    reader = PyTickerSymbols()
    corrections = load_corrections()
    by_symbol = load_records_by_symbol()
    # The package keeps one record per name (get_all_stocks), so a company filed under another's name ("SoftBank" for
    # both SoftBank Corp and SoftBank Group) is lost or merged: such records get their own name, and no ISIN, since
    # the one the package gives belongs to only one of them.
    renamed: dict[str, dict] = {}
    indices_of: dict[str, list[str]] = {}
    for index in sorted(reader.get_all_indices()):
        for stock in reader.get_stocks_by_index(index):
            fix = next((by_symbol[y] for y in sorted(yahoo_symbols(stock)) if y in by_symbol), None)
            name = stock["name"] if fix is None else fix["name"]
            if fix is not None and name not in renamed:
                renamed[name] = {**stock, "name": name, "isins": []}
                master.counts["issuers-renamed:pytickersymbols (data/master/sources/pytickersymbols-records-by-symbol.csv)"] += 1
            indices_of.setdefault(name, []).append(index)
    for stock in reader.get_all_stocks():
        fix = corrected(stock, corrections)
        if fix is not None:
            indices_of[fix["name"]] = fix["indices"].split(";") if fix["indices"] else []
            master.counts["issuers-corrected:pytickersymbols (data/master/sources/pytickersymbols-corrections.csv)"] += 1
    kept = [s for s in reader.get_all_stocks() if not yahoo_symbols(s) & by_symbol.keys()]
    stocks = sorted(
        [*({**s, "name": fix["name"]} if (fix := corrected(s, corrections)) else s for s in kept), *renamed.values()],
        key=lambda s: (s["name"], s.get("symbol") or ""),
    )
    for stock in stocks:
        symbols = stock.get("symbols") or []
        isins = stock.get("isins") or []
        country = COUNTRY_NAMES.get(stock.get("country") or "")
        home = primary_venue(stock, symbols)
        if country is None and isins:
            country = isins[0][:2]
        if country is None and home:
            country = MIC_COUNTRY.get(next(iter(sorted(home))))
        issuer = master.new_issuer(
            slug(stock["name"]),
            stock["name"],
            source,
            sector=sector_of(stock.get("industries") or []),
            country=country,
        )
        master.add_alias(issuer, alias(stock["name"], "short"), source)
        for s in symbols:
            mic = venue(stock, s)
            yahoo = s.get("yahoo")
            if mic is None or not yahoo or (home and mic not in home):
                master.counts["listings-dropped:pytickersymbols (OTC, unknown or secondary venue)"] += 1
                continue
            currency = s.get("currency") or CURRENCY.get(mic)
            # pytickersymbols lists one ISIN per share class in no stated order: keep it only when unambiguous.
            isin = isins[0] if len(isins) == 1 else None
            master.add_listing(issuer, listing(mic, yahoo, currency, isin=isin), source)
        issuer["indices"] = indices_of.get(stock["name"], [])


def load_hsi(master: Master) -> None:
    source = "hsi"
    with open(SOURCES / "yfiua-constituents-hsi.csv", newline="", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["Symbol"])
    for row in rows:
        symbol, name = row["Symbol"].strip(), row["Name"].strip()
        issuer = master.find(symbol)
        if issuer is None:
            issuer = master.new_issuer(slug(name), name, source, country="HK", sector=None)
            master.add_alias(issuer, alias(name, "short"), source)
        master.add_listing(issuer, listing("XHKG", symbol, "HKD"), source)
        issuer.setdefault("indices", []).append("HANG SENG")


def load_dual_listings(master: Master) -> None:
    source = "dual-listings"
    with open(SOURCES / "dual-listings.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        issuer = master.find(row["hk_symbol"]) or master.find(row["us_symbol"])
        if issuer is None:
            issuer = master.new_issuer(slug(row["name"]), row["name"], source, country="HK", sector=None)
            master.add_alias(issuer, alias(row["name"], "short"), source)
        other = master.find(row["us_symbol"])
        if other is not None and other is not issuer:
            sys.exit(f"dual-listings.csv: {row['us_symbol']} and {row['hk_symbol']} belong to different issuers")
        us_class = "ordinary" if row["us_symbol"] == "YUMC" else "ADS"
        master.add_listing(issuer, listing(row["us_mic"], row["us_symbol"], "USD", us_class), source)
        hk = listing("XHKG", row["hk_symbol"], "HKD", "ordinary", valid_from=row["hk_listed_from"])
        hk["source"] = row["source_url"]
        existing = next((l for l in issuer["listings"] if l["symbol"] == row["hk_symbol"]), None)
        if existing is not None:
            existing.update(shareClass="ordinary", validFrom=row["hk_listed_from"], source=row["source_url"])
        else:
            master.add_listing(issuer, hk, source)
        if source not in issuer["sources"]:
            issuer["sources"].append(source)


def load_tagger(master: Master) -> None:
    source = "tagger"
    data = json.loads(TAGGER_DATA.read_text(encoding="utf-8"))
    for entry in data["issuers"]:
        issuer = next((master.find(l["symbol"]) for l in entry["listings"] if master.find(l["symbol"])), None)
        if issuer is None:
            # Some US constituents come with a Frankfurt quote only (AMD.F): match them by name instead.
            names = {slug(n) for n in [entry["name"], *entry.get("aliases", [])]}
            issuer = master.issuers.get(entry["id"]) or next(
                (i for i in master.issuers.values() if slug(i["name"]) in names), None
            )
        if issuer is not None and source not in issuer["sources"]:
            issuer["sources"].append(source)
        if issuer is None:
            issuer = master.new_issuer(entry["id"], entry["name"], source, country=None, sector=None)
        elif issuer["id"] != entry["id"]:
            # The tagger's id is already in similarity keys and stored tags: it wins over the generated slug.
            del master.issuers[issuer["id"]]
            if entry["id"] in master.issuers:
                sys.exit(f"tagger id {entry['id']} is already the id of another issuer")
            old_id = issuer["id"]
            issuer["id"] = entry["id"]
            master.issuers[entry["id"]] = issuer
            for sym, iid in list(master.by_symbol.items()):
                if iid == old_id:
                    master.by_symbol[sym] = entry["id"]
            if source not in issuer["sources"]:
                issuer["sources"].append(source)
        master.add_alias(issuer, alias(entry["name"], "legal"), source)
        for name in entry.get("aliases", []):
            master.add_alias(issuer, alias(name, "short"), source)
        for l in entry["listings"]:
            mic = l["exchange"]
            master.add_listing(issuer, listing(mic, l["symbol"], l["currency"]), source)


def load_history(master: Master) -> None:
    source = "curated-history"
    with open(SOURCES / "ticker-history.csv", newline="", encoding="utf-8") as f:
        tickers = list(csv.DictReader(f))
    with open(SOURCES / "name-history.csv", newline="", encoding="utf-8") as f:
        names = list(csv.DictReader(f))
    curated_symbols = {r["symbol"] for r in tickers}
    curated_names = {r["name"].lower() for r in names}
    # A dated fact replaces what the generated sources said, undated, about the same symbol or name, on every issuer.
    for issuer in master.issuers.values():
        issuer["listings"] = [l for l in issuer["listings"] if l["symbol"] not in curated_symbols or l["mic"] not in US_MICS]
        issuer["aliases"] = [a for a in issuer["aliases"] if a["name"].lower() not in curated_names]
    for r in tickers:
        issuer = master.issuers.get(r["issuer"])
        if issuer is None:
            sys.exit(f"ticker-history.csv: unknown issuer id {r['issuer']}")
        new = listing(
            r["mic"],
            r["symbol"],
            r["currency"],
            r["share_class"] or None,
            r["valid_from"] or None,
            r["valid_to"] or None,
            r["isin"] or None,
            r["source_url"],
        )
        issuer["listings"].append(new)
        master.counts[f"listings:{source}"] += 1
        if source not in issuer["sources"]:
            issuer["sources"].append(source)
    for r in names:
        issuer = master.issuers.get(r["issuer"])
        if issuer is None:
            sys.exit(f"name-history.csv: unknown issuer id {r['issuer']}")
        issuer["aliases"].append(alias(r["name"], r["kind"], r["valid_from"] or None, r["valid_to"] or None, r["source_url"]))
        master.counts[f"aliases:{source}"] += 1
        if source not in issuer["sources"]:
            issuer["sources"].append(source)


def check(master: Master) -> None:
    """No symbol may name two listings on the same venue at the same time."""
    spans: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for issuer in master.issuers.values():
        for l in issuer["listings"]:
            spans.setdefault((l["mic"], l["symbol"]), []).append(
                (l["validFrom"] or "0000-00-00", l["validTo"] or "9999-99-99", issuer["id"])
            )
    for (mic, symbol), ranges in spans.items():
        ranges.sort()
        for (a_from, a_to, a_id), (b_from, _, b_id) in zip(ranges, ranges[1:]):
            if b_from < a_to:
                sys.exit(f"{mic}:{symbol} is listed twice at once: {a_id} from {a_from} and {b_id} from {b_from}")


def main() -> None:
    master = Master()
    load_pytickersymbols(master)
    load_hsi(master)
    load_dual_listings(master)
    load_tagger(master)
    load_history(master)
    for issuer in master.issuers.values():
        # A later source may have added the home listing of an issuer the index data knew only by a Frankfurt quote.
        elsewhere = [l for l in issuer["listings"] if l["mic"] != "XFRA"]
        if elsewhere and issuer["country"] != "DE" and len(elsewhere) < len(issuer["listings"]):
            master.counts["listings-dropped:secondary Frankfurt quote once the home listing is known"] += len(
                issuer["listings"]
            ) - len(elsewhere)
            issuer["listings"] = elsewhere
    check(master)
    issuers = sorted(master.issuers.values(), key=lambda i: i["id"])
    for issuer in issuers:
        issuer["listings"].sort(key=lambda l: (l["mic"], l["symbol"], l["validFrom"] or ""))
        issuer["indices"] = sorted(set(issuer.get("indices", [])))
    lines = [json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in issuers]
    (OUT / "issuers.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    per_source = Counter(s for i in issuers for s in i["sources"])
    summary = {
        "issuers": len(issuers),
        "listings": sum(len(i["listings"]) for i in issuers),
        "aliases": sum(len(i["aliases"]) for i in issuers),
        "issuersPerSource": dict(sorted(per_source.items())),
        "counts": dict(sorted(master.counts.items())),
    }
    sources = {
        "generatedBy": "services/reference/scripts/generate-master.py (npm run refdata:master)",
        "sources": [
            {
                "id": "pytickersymbols",
                "what": "index constituents with names, Yahoo/Google symbols, ISINs, industries",
                "package": f"pytickersymbols=={PYTICKERSYMBOLS_VERSION} (PyPI)",
                "license": "MIT",
                "corrections": "data/master/sources/pytickersymbols-corrections.csv (by ISIN, one source URL per row)",
                "recordsBySymbol": "data/master/sources/pytickersymbols-records-by-symbol.csv (by Yahoo symbol, one source URL per row)",
            },
            {
                "id": "hsi",
                "what": "Hang Seng Index constituents (Yahoo symbols, names)",
                "repository": f"https://github.com/{HSI_REPO}",
                "file": "docs/constituents-hsi.csv",
                "commit": HSI_COMMIT,
                "commitDate": HSI_COMMIT_DATE,
                "license": "Apache-2.0",
            },
            {
                "id": "dual-listings",
                "what": "US <-> Hong Kong dual listings with the Hong Kong listing date",
                "file": "data/master/sources/dual-listings.csv",
                "license": "facts, one source URL per row",
            },
            {
                "id": "tagger",
                "what": "the 51 issuers of the tagger's reference data (ids kept)",
                "file": "services/tagger/data/reference-data.json",
                "license": "project data",
            },
            {
                "id": "curated-history",
                "what": "dated ticker changes and former names",
                "file": "data/master/sources/ticker-history.csv, data/master/sources/name-history.csv",
                "license": "facts, one source URL per row",
            },
        ],
        "summary": summary,
    }
    (OUT / "sources.json").write_text(json.dumps(sources, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
