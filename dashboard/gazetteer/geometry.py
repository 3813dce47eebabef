"""Geometry helpers of the gazetteer builder: great-circle distance and country outlines.

Outlines are countryinfo's low-resolution GeoJSON (WGS84 degrees); distances are kilometres.
"""

from __future__ import annotations

import math

#: A first-level division point farther than this (km) outside its country's countryinfo outline is
#: a mis-geocoded entry (e.g. "Liverpool" placed in California) and is left out.
ADM1_OUTSIDE_KM = 100.0

def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees (geopy's ``great_circle``)."""
    from geopy.distance import great_circle

    return great_circle((lat1, lon1), (lat2, lon2)).km


def country_outlines(ci_all: dict[str, dict]) -> dict[str, list]:
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


def in_ring(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    inside, j = False, len(ring) - 1
    for i in range(len(ring)):
        (xi, yi), (xj, yj) = ring[i], ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def iso3166_2_points() -> dict[str, tuple[float, float]]:
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


def near_outline(polys: list | None, lat: float, lon: float) -> bool:
    """True when (lat, lon) is inside one of the country's (low-resolution) outlines or within
    :data:`ADM1_OUTSIDE_KM` of one; True when the country has no outline (nothing to check)."""
    if not polys:
        return True
    pad_lat = ADM1_OUTSIDE_KM / 111.0
    pad_lon = pad_lat / max(0.05, math.cos(math.radians(lat)))
    for (x0, y0, x1, y1), ring in polys:
        if x0 - pad_lon <= lon <= x1 + pad_lon and y0 - pad_lat <= lat <= y1 + pad_lat:
            if in_ring(lon, lat, ring):
                return True
            if any(abs(y - lat) <= pad_lat and abs(x - lon) <= pad_lon for x, y in ring):
                return True
    return False

