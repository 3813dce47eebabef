"""Per-filter results cached across reruns (``st.cache_data``): a rerun whose filters did not change
(a click on a widget of another panel, a toggle, a tab switch back) recomputes nothing.

A result is keyed by the function, the loaded tables (their folder and the object
``st.cache_resource`` keeps for them, so a rebuild or new corrections give new keys) and the view's
:attr:`~dashboard.query.filters.View.key` (its filters, time zone and narrowing), plus the
function's own arguments. The tables and the view themselves are not hashed (``_`` arguments).
Results are small (aggregates, top-N, a page of rows): ``cache_data`` copies them on each hit.

Two more caches keep a rerun cheap (issue 17, load), both ``st.cache_resource`` (shared by every
session, never copied, so never changed after they are built): :func:`shared` keeps what a panel
sends per view (Plotly figures, :func:`figure`; the Arrow tables of ``st.dataframe``), so a rerun
of an unchanged view only serialises it; :func:`per_tables` keeps what does not depend on the
filters (the reader's article). All are bounded (``max_entries``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
import uuid

import polars as pl
import streamlit as st

from dashboard.query.events import asserted_view
from dashboard.query.filters import View
from dashboard.query.map import place_points
from dashboard.query.summary import counts
from dashboard.query.tables import Tables

#: Results kept (every function and view together). A filter state fills about eight (one per panel
#: part), so this keeps the last few dozen states of all sessions: with 20 sessions clicking every
#: 3 s, the states they come back to within seconds (a tab switch back, a selection cleared).
MAX_ENTRIES = 256
#: Figures and tables kept by :func:`shared` (for every session; the map, with its country outlines,
#: and the events table, about 1 MB at 2,000 rows, are the largest).
MAX_SHARED = 64
#: Articles kept by :func:`per_tables` (the reader's, with their text).
MAX_ARTICLES = 64


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
    return _run(f"{fn.__module__}.{fn.__qualname__}", _tables_key(tables), repr(view.key), args, _fn=fn, _tables=tables,
                _view=view)


@st.cache_resource(max_entries=MAX_ARTICLES, show_spinner=False)
def _run_tables(name: str, tables_key: tuple, args: tuple, _fn: Callable, _tables: Tables):
    return _fn(_tables, *args)


def _tables_key(tables: Tables) -> tuple:
    return str(tables.data_dir), tables.memo(("cache token",), lambda: uuid.uuid4().hex)


def per_tables(fn: Callable, tables: Tables, *args: Hashable):
    """``fn(tables, *args)``, computed once per tables and ``args`` (what does not depend on the
    filters, e.g. one article of the reader), shared by every session.

    Parameters
    ----------
    fn
        A function of the tables and hashable arguments.
    tables
        The loaded tables (a rebuild or new corrections give new keys).
    *args
        Further arguments of ``fn`` (part of the key).

    Returns
    -------
    object
        What ``fn`` returns: the same object for every caller with the same key (never copied), so
        callers must not change it.
    """
    return _run_tables(f"{fn.__module__}.{fn.__qualname__}", _tables_key(tables), args, _fn=fn, _tables=tables)


@st.cache_resource(max_entries=MAX_SHARED, show_spinner=False)
def _shared(name: str, tables_key: tuple, view_key: str, args: tuple, _build: Callable):
    return _build()


def shared(name: str, build: Callable[[], object], tables: Tables, view: View, *args: Hashable):
    """``build()``, something a panel sends for ``view`` (a Plotly figure, an Arrow table), built
    once per tables, view key and ``args`` and shared by every session (``st.cache_resource``, no copy).

    A rerun that draws the same view again (a tab switch, a place selected on the map, which
    leaves the map's own view as it was) then only serialises it: building costs more than sending.
    What is built must never be changed afterwards (``st.plotly_chart`` serialises a copy of a
    figure, ``Figure.to_dict``; an Arrow table is immutable).

    Parameters
    ----------
    name
        What is built (part of the key: one view has several figures and tables).
    build
        Builds it from ``view`` and ``args`` only (a closure over them).
    tables, view
        The loaded tables and the view drawn; a view without a key is not cached.
    *args
        Everything else it depends on (a selection to outline, a map style, …).

    Returns
    -------
    object
        What ``build`` returns (the same object for every caller with the same key).
    """
    if view.key is None:
        return build()
    return _shared(name, _tables_key(tables), repr(view.key), args, _build=build)


def figure(name: str, build: Callable[[], object], tables: Tables, view: View, *args: Hashable):
    """A Plotly figure of ``view``, built once per tables, view key and ``args`` and shared by every
    session: :func:`shared` (see there for the parameters; the figure must never be changed)."""
    return shared(name, build, tables, view, *args)


def left_out(tables: Tables, view: View, unasserted: bool) -> int:
    """How many events of ``view`` are left out as not asserted (0 with ``unasserted``; for
    :func:`per_view`)."""
    return asserted_view(view, unasserted)[1]


def summary(tables: Tables, view: View, unasserted: bool) -> tuple[pl.DataFrame, dict[str, int], int]:
    """The places of the view's asserted events (all with ``unasserted``;
    :func:`~dashboard.query.map.place_points`, without the actors' names the map adds), the header
    counts and how many events were left out (for :func:`per_view`)."""
    factual, left_out = asserted_view(view, unasserted)
    points = place_points(tables, factual)
    return points, counts(tables, view, points=points), left_out
