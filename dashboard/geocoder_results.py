"""Online geocoding, the text sent and the answer kept: the query of a toponym, its cache key, and a
service's result as a :class:`~dashboard.records.Place` (see :mod:`dashboard.geocoder`)."""

from __future__ import annotations

import hashlib
import unicodedata

from dashboard.records import Place, Resolution, Toponym


def normalise_query(query: str) -> str:
    """The cache key of a query: Unicode NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", query).casefold().split())


def query_for(toponym: Toponym) -> str:
    """The online query of a toponym: its text, with its qualifier ("Wilmington, Delaware")."""
    text = " ".join(toponym.text.split())
    q = (toponym.qualifier or "").strip()
    if q and normalise_query(q) not in normalise_query(text):
        text = f"{text}, {q}"
    return text


# OSM (Nominatim addresstype / place type) -> GeoNames feature class and code, best effort.
_BY_KIND = {
    "continent": ("L", "CONT"), "country": ("A", "PCLI"), "state": ("A", "ADM1"), "province": ("A", "ADM1"),
    "region": ("A", "ADM1"), "county": ("A", "ADM2"), "state_district": ("A", "ADM2"),
    "municipality": ("A", "ADM3"), "district": ("A", "ADM3"), "borough": ("P", "PPLX"),
    "city": ("P", "PPL"), "town": ("P", "PPL"), "village": ("P", "PPL"), "hamlet": ("P", "PPL"),
    "isolated_dwelling": ("P", "PPL"), "locality": ("P", "PPLL"), "suburb": ("P", "PPLX"),
    "quarter": ("P", "PPLX"), "neighbourhood": ("P", "PPLX"), "city_district": ("P", "PPLX"),
    "island": ("T", "ISL"), "islet": ("T", "ISL"), "archipelago": ("T", "ISLS"), "peak": ("T", "PK"),
    "volcano": ("T", "VLC"), "mountain_range": ("T", "MTS"), "valley": ("T", "VAL"), "desert": ("T", "DSRT"),
    "peninsula": ("T", "PEN"), "sea": ("H", "SEA"), "ocean": ("H", "OCN"), "bay": ("H", "BAY"),
    "strait": ("H", "STRT"), "river": ("H", "STM"), "stream": ("H", "STM"), "canal": ("H", "CNL"),
    "water": ("H", "LK"), "lake": ("H", "LK"), "aerodrome": ("S", "AIRP"), "airport": ("S", "AIRP"),
}
_BY_CLASS = {
    "boundary": ("A", "ADMD"), "place": ("P", "PPL"), "waterway": ("H", "STM"), "natural": ("T", "HLL"),
    "highway": ("R", "RD"), "railway": ("R", "RR"), "landuse": ("L", "AREA"), "military": ("S", "MILB"),
    "aeroway": ("S", "AIRP"), "amenity": ("S", "BLDG"), "building": ("S", "BLDG"), "tourism": ("S", "BLDG"),
    "historic": ("S", "HSTS"), "man_made": ("S", "BLDG"), "office": ("S", "BLDG"), "leisure": ("L", "PRK"),
}


def feature_of(raw: dict) -> tuple[str, str]:
    """GeoNames-like (feature class, feature code) of an online result, best effort."""
    props = raw.get("properties") if isinstance(raw.get("properties"), dict) else raw  # Photon: GeoJSON
    for key in ("addresstype", "type", "osm_value"):
        kind = props.get(key)
        if isinstance(kind, str) and kind.lower() in _BY_KIND:
            return _BY_KIND[kind.lower()]
    cls = props.get("class") or props.get("category") or props.get("osm_key")
    if isinstance(cls, str) and cls.lower() in _BY_CLASS:
        return _BY_CLASS[cls.lower()]
    return "L", "AREA"


def _osm_id(raw: dict) -> str | None:
    props = raw.get("properties") if isinstance(raw.get("properties"), dict) else raw
    osm_type, osm_id = props.get("osm_type"), props.get("osm_id")
    if not osm_type or osm_id in (None, ""):
        return None
    return f"osm:{str(osm_type)[0].upper()}{osm_id}"


def to_resolution(answer: dict, service: str) -> Resolution | None:
    """A cached answer as a :class:`Resolution` (None without usable coordinates; never (0, 0))."""
    lat, lon = answer.get("latitude"), answer.get("longitude")
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    raw = answer.get("raw") or {}
    props = raw.get("properties") if isinstance(raw.get("properties"), dict) else raw
    address = props.get("address") if isinstance(props.get("address"), dict) else {}
    label = answer.get("address") or ""
    name = props.get("name") or (label.split(",")[0].strip() if label else "") or "?"
    cc = address.get("country_code") or props.get("countrycode") or props.get("country_code")
    cc = cc.upper() if isinstance(cc, str) and len(cc) == 2 else None
    admin1 = None
    iso = address.get("ISO3166-2-lvl4") or address.get("ISO3166-2-lvl3")
    if isinstance(iso, str) and "-" in iso:
        admin1 = iso.split("-", 1)[1]
    fclass, fcode = feature_of(raw)
    place_id = _osm_id(raw)
    if place_id is None:
        digest = hashlib.sha1(f"{name}|{lat:.5f}|{lon:.5f}".encode()).hexdigest()[:12]
        place_id = f"{service}:{digest}"
    population = 0
    extratags = props.get("extratags") if isinstance(props.get("extratags"), dict) else {}
    try:
        population = int(str(extratags.get("population", "0")).replace(",", "").split(".")[0] or 0)
    except ValueError:
        population = 0
    try:
        importance = float(props["importance"])
    except (KeyError, TypeError, ValueError):
        importance = 0.5
    confidence = round(min(0.9, max(0.3, importance)), 3)
    place = Place(place_id=place_id, name=str(name), feature_class=fclass, feature_code=fcode, country_code=cc,
                  admin1=admin1, latitude=lat, longitude=lon, population=population, source=service)
    return Resolution(place, confidence)

