"""The header counts of a view (articles, actors, places, events), shown by ``app.py``."""

from __future__ import annotations

import polars as pl

from dashboard.query.actors import actor_ids_in_view
from dashboard.query.filters import View
from dashboard.query.map import place_points
from dashboard.query.tables import Tables


def counts(tables: Tables, view: View, points: pl.DataFrame | None = None) -> dict[str, int]:
    """Header counts of the view: ``articles``, ``actors``, ``places`` (map markers), ``events``.

    Parameters
    ----------
    tables, view
        The tables and the filtered view.
    points
        ``place_points(tables, view)`` (or ``map_points``) when the caller has them already.

    Returns
    -------
    dict of str to int
        Every count follows every filter and selection: ``places`` are the view's places
        (:func:`view_places`), ``actors`` those of :func:`~dashboard.query.actors.actor_ids_in_view`.
    """
    return {
        "articles": view.n_articles,
        "actors": actor_ids_in_view(tables, view).len(),
        "places": view_places(view, place_points(tables, view) if points is None else points).height,
        "events": view.n_events,
    }


def view_places(view: View, points: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``points`` (map markers) that are places of ``view``.

    With a place selection only the selected places; with an event-level filter (actor, CAMEO root,
    QuadClass, pair) only the places of the matching events.

    Parameters
    ----------
    view
        The filtered view (its ``places`` and ``restricts_events``).
    points
        ``place_points(tables, view)`` or ``map_points(tables, view)``.

    Returns
    -------
    polars.DataFrame
        The rows of ``points`` that are places of the view.
    """
    if view.places:
        points = points.filter(pl.col("place_id").is_in(view.places))
    if view.restricts_events:
        points = points.filter(pl.col("events") > 0)
    return points
