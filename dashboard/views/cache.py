"""Per-filter results cached across reruns (``st.cache_data``): a rerun whose filters did not change
(a click on a widget of another panel, a toggle, a tab switch back) recomputes nothing.

A result is keyed by the function, the loaded tables (their folder and the object
``st.cache_resource`` keeps for them, so a rebuild or new corrections give new keys) and the view's
:attr:`~dashboard.query.filters.View.key` (its filters, time zone and narrowing), plus the
function's own arguments. The tables and the view themselves are not hashed (``_`` arguments).
Results are small (aggregates, top-N, a page of rows): ``cache_data`` copies them on each hit.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
import uuid

import polars as pl
import streamlit as st

from dashboard.query.events import asserted_view
from dashboard.query.filters import View
from dashboard.query.map import map_points
from dashboard.query.summary import counts
from dashboard.query.tables import Tables

#: Results kept per function and view (a few filter states per session, several sessions).
MAX_ENTRIES = 64


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _run(name: str, tables_key: tuple, view_key: tuple, args: tuple, _fn: Callable, _tables: Tables, _view: View):
    return _fn(_tables, _view, *args)


def per_view(fn: Callable, tables: Tables, view: View, *args: Hashable):
    """``fn(tables, view, *args)``, computed once per tables, view key and ``args``.

    Parameters
    ----------
    fn
        A function of the tables, a view and hashable arguments, returning a picklable result.
    tables, view
        The loaded tables and the filtered view; a view without a key is not cached.
    *args
        Further arguments of ``fn`` (part of the key).

    Returns
    -------
    object
        What ``fn`` returns (a copy, when it comes from the cache).
    """
    if view.key is None:
        return fn(tables, view, *args)
    tables_key = (str(tables.data_dir), tables.memo(("cache token",), lambda: uuid.uuid4().hex))
    return _run(f"{fn.__module__}.{fn.__qualname__}", tables_key, repr(view.key), args, _fn=fn, _tables=tables,
                _view=view)


def summary(tables: Tables, view: View, unasserted: bool) -> tuple[pl.DataFrame, dict[str, int], int]:
    """The map points of the view's asserted events (all with ``unasserted``), the header counts and
    how many events were left out (for :func:`per_view`)."""
    factual, left_out = asserted_view(view, unasserted)
    points = map_points(tables, factual)
    return points, counts(tables, view, points=points), left_out
