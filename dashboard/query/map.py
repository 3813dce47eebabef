"""The map panel's data: one marker per place of the view, the viewport that fits them, and the
country outlines drawn offline.

Shown by :mod:`dashboard.views.map`.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from dashboard.query.actors import actor_names
from dashboard.query.filters import View
from dashboard.query.mention_lists import places_in, view_mask
from dashboard.query.pairs import of_view
from dashboard.query.tables import Tables

MAP_POINT_SCHEMA = pl.Schema(
    {
        "place_id": pl.String,
        "name": pl.String,
        "country_code": pl.String,
        "latitude": pl.Float64,
        "longitude": pl.Float64,
        "mentions": pl.UInt32,
        "events": pl.UInt32,
        "goldstein": pl.Float64,
        "top_actors": pl.String,
    }
)

#: Actors named in a map marker's hover (the most frequent sources and targets of its events).
MAP_TOP_ACTORS = 3
#: Places named on the map itself (the ones with most mentions); the others by hover.
MAP_LABELS = 8
#: From this many markers on, markers are aggregated by zoom (clusters that split as you zoom in).
MAP_CLUSTER_FROM = 1_000
#: Marker diameters in pixels: the smallest stays clickable, the largest covers few neighbours.
MARKER_MIN_PX, MARKER_MAX_PX = 8.0, 24.0


def map_points(tables: Tables, view: View) -> pl.DataFrame:
    """One row per place of the view, ready to plot: :func:`place_points` with the names of the
    actors of each place's events (:func:`with_top_actors`).

    Returns
    -------
    polars.DataFrame
        Columns of :data:`MAP_POINT_SCHEMA`, sorted by mentions (descending) then name.
    """
    return with_top_actors(tables, view, place_points(tables, view))


def place_points(tables: Tables, view: View) -> pl.DataFrame:
    """One row per place of the view with its counts, without the actors' names (what the header's
    count of places needs; the hover's names cost more than the rest, and only the map shows them).

    Mentions are the place mentions in the view's articles (demonym and metonymic roles excluded);
    ``events`` and the mean ``goldstein`` come from the view's events at the place (``goldstein`` is
    null when none). Places without valid coordinates — null, non-finite, out of range or (0, 0) —
    are never returned.

    Returns
    -------
    polars.DataFrame
        Columns of :data:`MAP_POINT_SCHEMA` but ``top_actors``, sorted by mentions (descending)
        then name.
    """
    if view.every_article:  # every article: the totals, without the per-article pairs
        mentions = tables.totals[0]
    elif (stored := of_view(tables, view)) is not None:  # the pairs not computed yet: from the store
        mentions = stored[0]
    else:  # the view's articles' lists, picked by their rows
        mentions = places_in(tables, view_mask(tables, view))
    events = (
        view.events_plan.select("place_id", "goldstein")  # the view's plan: nothing but this is read
        .filter(pl.col("place_id").is_not_null())
        .group_by("place_id")
        .agg(pl.len().cast(pl.UInt32).alias("events"), pl.col("goldstein").mean().alias("goldstein"))
        .with_columns(pl.col("place_id").cast(pl.String))  # after grouping (Categorical held ids)
        .collect()
    )
    schema = {k: v for k, v in MAP_POINT_SCHEMA.items() if k != "top_actors"}
    out = (
        mentions.join(events, on="place_id", how="full", coalesce=True)
        .join(_located_places(tables), on="place_id", how="inner")
        .with_columns(pl.col("mentions").fill_null(0), pl.col("events").fill_null(0))
        .select(list(schema))
        .cast(schema)
    )
    return out.sort(["mentions", "name"], descending=[True, False], nulls_last=True)


def with_top_actors(tables: Tables, view: View, points: pl.DataFrame) -> pl.DataFrame:
    """``points`` (:func:`place_points` of ``view``) with ``top_actors``: the :data:`MAP_TOP_ACTORS`
    actors most often source or target of each place's events in ``view`` (null without events).

    Returns
    -------
    polars.DataFrame
        Columns of :data:`MAP_POINT_SCHEMA`, rows and order of ``points``.
    """
    return (points.join(_top_actors_by_place(tables, view.events_plan), on="place_id", how="left",
                        maintain_order="left")
            .select(list(MAP_POINT_SCHEMA)).cast(dict(MAP_POINT_SCHEMA)))


def _located_places(tables: Tables) -> pl.DataFrame:
    """One row per place with valid coordinates (the first of its rows), once per tables."""
    def compute() -> pl.DataFrame:
        lat, lon = pl.col("latitude"), pl.col("longitude")
        valid = (
            lat.is_not_null()
            & lon.is_not_null()
            & lat.is_finite()
            & lon.is_finite()
            & lat.is_between(-90, 90)
            & lon.is_between(-180, 180)
            & ~((lat == 0) & (lon == 0))
        )
        return tables.places.unique("place_id", keep="first", maintain_order=True).filter(valid)

    return tables.memo(("located places",), compute)


def map_markers(points: pl.DataFrame, with_empty: bool = False, labels: int = MAP_LABELS) -> pl.DataFrame:
    """The markers to draw, in drawing order (a later marker is drawn above an earlier one).

    Parameters
    ----------
    points
        Output of :func:`map_points`.
    with_empty
        Keep the places without events (left out by default).
    labels
        How many places get their name written on the map (those with most mentions).

    Returns
    -------
    polars.DataFrame
        ``points`` plus ``size`` (diameter in pixels, from :data:`MARKER_MIN_PX` to
        :data:`MARKER_MAX_PX` by the square root of the mentions) and ``label`` (the name, or null).
        Places without events come first, then places with events, so event markers are drawn
        above them; within each, larger markers first, so a small marker is never hidden under a
        large one.
    """
    if not with_empty:
        points = points.filter(pl.col("events") > 0)
    top = max(int(points["mentions"].max() or 1), 1) if points.height else 1
    ranked = points.sort(["mentions", "events", "name"], descending=[True, True, False], nulls_last=True)
    named = set(ranked.head(labels)["place_id"].to_list())
    return (
        ranked.with_columns(
            (MARKER_MIN_PX + (MARKER_MAX_PX - MARKER_MIN_PX) * (pl.col("mentions").cast(pl.Float64) / top).sqrt())
            .alias("size"),
            pl.when(pl.col("place_id").is_in(list(named)))
            .then(pl.coalesce("name", "place_id"))
            .otherwise(None)
            .alias("label"),
        )
        .with_row_index("_rank")
        .sort([pl.col("events") > 0, "_rank"])
        .drop("_rank")
    )


def _top_actors_by_place(tables: Tables, events: pl.DataFrame | pl.LazyFrame, n: int = MAP_TOP_ACTORS) -> pl.DataFrame:
    """``place_id -> top_actors``: the ``n`` actors most often source or target of the place's events."""
    located = events.lazy().select("place_id", "source_actor_id", "target_actor_id").filter(pl.col("place_id").is_not_null())
    counted = (  # grouped before the ids are cast to String (Categorical held ids)
        pl.concat([located.select("place_id", pl.col("source_actor_id").alias("actor_id")),
                   located.select("place_id", pl.col("target_actor_id").alias("actor_id"))])
        .drop_nulls().group_by("place_id", "actor_id").len().collect()
        .cast({"place_id": pl.String, "actor_id": pl.String})
    )
    if counted.height == 0:
        return pl.DataFrame(schema={"place_id": pl.String, "top_actors": pl.String})
    return (
        counted
        .join(actor_names(tables), on="actor_id", how="left")
        .with_columns(pl.coalesce("name", "actor_id").alias("name"))
        .sort(["place_id", "len", "name"], descending=[False, True, False])
        .group_by("place_id", maintain_order=True)
        .agg(pl.col("name").head(n).str.join(", ").alias("top_actors"))
    )


def map_viewport(points: pl.DataFrame, width_px: int = 800, height_px: int = 520) -> tuple[dict, float]:
    """Centre ``{"lat", "lon"}`` and zoom that fit ``points`` (whole world when there are none)."""
    if points.height == 0:
        return {"lat": 20.0, "lon": 0.0}, 0.6
    lat_min, lat_max = points["latitude"].min(), points["latitude"].max()
    lon_min, lon_max = points["longitude"].min(), points["longitude"].max()
    center = {"lat": (lat_min + lat_max) / 2, "lon": (lon_min + lon_max) / 2}
    lon_span = max(lon_max - lon_min, 0.5)
    # Web-Mercator stretches latitudes; measure the span in projected units.
    def merc(la: float) -> float:
        la = max(min(la, 85.0), -85.0)
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(la) / 2)))

    lat_span = max(merc(lat_max) - merc(lat_min), 0.5)
    # MapLibre (plotly's scatter_map) shows the whole world in 512 px at zoom 0.
    zoom = min(math.log2(360 * width_px / (512 * lon_span)), math.log2(360 * height_px / (512 * lat_span)))
    if points.height == 1:
        zoom = 4.0
    return center, float(max(0.3, min(zoom - 0.4, 9.0)))


def country_outlines(decimals: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes (degrees, WGS84) of every country outline in ``countryinfo``'s GeoJSON.

    Rings are separated by NaN so a single line trace draws them all. Coordinates are rounded to
    ``decimals`` places (0.01° is about 1 km, finer than the map shows them at the zooms it opens
    at) and a point equal to the one before it is dropped; they are float32, which Plotly sends as
    a typed array (base64) instead of a JSON list: the outlines are most of the map's bytes, and
    sent with every rerun that draws the map. Countries without an outline are skipped.

    Returns
    -------
    tuple of numpy.ndarray
        ``(lons, lats)``, float32, the same length (about 10,000 points and one NaN per ring).
    """
    import countryinfo

    rings: list[np.ndarray] = []
    for country in countryinfo.all_countries():
        try:
            geo = country.geo_json()
        except Exception:  # countryinfo raises various errors for countries without GeoJSON
            continue
        for feature in (geo or {}).get("features", []):
            geom = feature.get("geometry") or {}
            polygons = geom.get("coordinates") or []
            if geom.get("type") == "Polygon":
                polygons = [polygons]
            elif geom.get("type") != "MultiPolygon":
                continue
            for polygon in polygons:
                for ring in polygon:
                    xy = np.round(np.asarray([p[:2] for p in ring], dtype=np.float64), decimals)
                    if len(xy) == 0:
                        continue
                    keep = np.ones(len(xy), dtype=bool)
                    keep[1:] = (xy[1:] != xy[:-1]).any(axis=1)
                    rings.append(xy[keep])
                    rings.append(np.full((1, 2), np.nan))
    if not rings:
        return np.empty(0, np.float32), np.empty(0, np.float32)
    xy = np.concatenate(rings).astype(np.float32)
    return xy[:, 0], xy[:, 1]
