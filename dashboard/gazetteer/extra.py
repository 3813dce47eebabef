"""Curated and other packaged tables of the gazetteer: named regions (:mod:`dashboard.data_regions`,
each coordinate with its source), GeoNames' features outside every country (a table shipped in this
package) and airports (``airportsdata``)."""

from __future__ import annotations

from pathlib import Path

from dashboard import data_regions
from dashboard.gazetteer.names import MATCH_ALIAS, MATCH_ALTERNATE, MATCH_NAME
from dashboard.records import Place


def add_curated_regions(b) -> None:
    """The curated regions ("Donbas", "Crimea", "Gaza Strip", ...) with their aliases; their
    surface names are listed in ``b.regions`` for the entity ruler."""
    for slug, name, aliases, lat, lon, fcode, cc, src in data_regions.CURATED_REGIONS:
        ix = b.add(Place(
            place_id=f"curated:{slug}", name=name, feature_class="L", feature_code=fcode,
            country_code=cc, admin1=None, latitude=lat, longitude=lon, population=0, source=src,
        ))
        b.name(ix, name, MATCH_NAME)
        b.regions.append(name)
        for a in aliases:
            b.name(ix, a, MATCH_ALIAS)
            if a not in b.regions:
                b.regions.append(a)


#: GeoNames' features outside every country, derived by ``scripts/derive_no_country.py`` from
#: GeoNames' ``no-country.txt`` export (GeoNames, geonames.org, CC BY 4.0).
NO_COUNTRY_TABLE = Path(__file__).parent / "data" / "no_country.tsv"


def add_no_country(b) -> None:
    """Seas, oceans, gulfs, straits, regions ("Middle East", "Western Europe"), islands and
    mountains outside every country (:data:`NO_COUNTRY_TABLE`), with their GeoNames ids and points
    and their alternate names (Latin script) as alternate names."""
    with NO_COUNTRY_TABLE.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            gid, name, fclass, fcode, lat, lon, alts = line.rstrip("\n").split("\t")
            ix = b.add(Place(
                place_id=gid, name=name, feature_class=fclass, feature_code=fcode, country_code=None,
                admin1=None, latitude=float(lat), longitude=float(lon), population=0,
                source="GeoNames no-country.txt (geonames.org, CC BY 4.0), via dashboard/gazetteer/data/no_country.tsv",
            ))
            b.name(ix, name, MATCH_NAME)
            for alt in alts.split("|") if alts else ():
                b.name(ix, alt, MATCH_ALTERNATE)


def add_airports(b) -> None:
    """Airports from ``airportsdata`` (MIT; 28,000 airports keyed by ICAO code), by their full
    name ("Hartsfield-Jackson Atlanta International Airport"): feature S/AIRP, id ``airport:<ICAO>``.
    Codes (IATA "LHR") are not indexed: three capitals are too often other words."""
    try:
        import airportsdata
    except ImportError:
        return
    from importlib import metadata

    src = f"airportsdata {metadata.version('airportsdata')}"
    for icao, a in airportsdata.load("ICAO").items():
        if not a.get("name") or a.get("lat") is None:
            continue
        ix = b.add(Place(
            place_id=f"airport:{icao}", name=a["name"], feature_class="S", feature_code="AIRP",
            country_code=a.get("country") or None, admin1=None, latitude=float(a["lat"]),
            longitude=float(a["lon"]), population=0, source=src,
        ))
        b.name(ix, a["name"], MATCH_NAME)
