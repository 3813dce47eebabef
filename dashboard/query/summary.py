"""The header counts of a view (articles, actors, places, events), shown by ``app.py``."""

from __future__ import annotations

import polars as pl

from dashboard.query.actors import actor_ids_in_view
from dashboard.query.filters import View
from dashboard.query.map import map_points
from dashboard.query.tables import Tables


def counts(tables: Tables, view: View, points: pl.DataFrame | None = None) -> dict[str, int]:
    """Header counts of the view: ``articles``, ``actors``, ``places`` (map markers), ``events``.

    ``points`` are ``map_points(tables, view)`` when the caller has them already.
    """
    return {
        "articles": view.articles.height,
        "actors": actor_ids_in_view(tables, view).len(),
        "places": (map_points(tables, view) if points is None else points).height,
        "events": view.events.height,
    }
