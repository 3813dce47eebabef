"""Per-filter results cached across reruns and sessions: a rerun whose filters did not change (a
click on a widget of another panel, a toggle, a tab switch back) recomputes nothing.

A result is keyed by the function, the loaded tables (their folder and a token drawn once per
:class:`~dashboard.query.tables.Tables`, so a rebuild or new corrections give new keys) and the
view's :attr:`~dashboard.query.filters.View.key` (its filters, time zone and narrowing), plus the
function's own arguments (hashable). The tables and the view themselves are not hashed.

Three bounded maps (:class:`Lru`), shared by every session and never copied, so what they hold is
never changed after it is made: :func:`per_view` keeps what the panels compute per view
(aggregates, top-N, a page of rows); :func:`shared` what a panel sends per view (Plotly figures,
:func:`figure`; the Arrow tables of ``st.dataframe``), so a rerun of an unchanged view only
serialises it; :func:`per_tables` what does not depend on the filters (the reader's article). They
are plain dictionaries rather than ``st.cache_data``/``st.cache_resource``: those hash every
argument with Streamlit's hasher, read the function's signature and (``cache_data``) pickle each
result and unpickle it on every hit, about a tenth of a rerun's own work (issue 17, load).
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable

import polars as pl

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


class Lru:
    """A map of at most ``size`` results, the least recently used dropped first, shared by every
    session's thread. A result is computed outside the lock (two sessions asking at once may both
    compute it; the first stored is kept) and handed out as it is, never copied."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], object]):
        """The result stored under ``key``, or ``compute()`` stored and returned (nothing stored
        when it raises)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            value = self._items.setdefault(key, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._items.clear()


_run = Lru(MAX_ENTRIES)
_run_tables = Lru(MAX_ARTICLES)
_shared = Lru(MAX_SHARED)


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
        What ``fn`` returns: the same object for every caller with the same key (never copied), so
        callers must not change it.
    """
    if view.key is None:
        return fn(tables, view, *args)
    key = (f"{fn.__module__}.{fn.__qualname__}", _tables_key(tables), repr(view.key), args)
    return _run.get(key, lambda: fn(tables, view, *args))


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
    return _run_tables.get((f"{fn.__module__}.{fn.__qualname__}", _tables_key(tables), args), lambda: fn(tables, *args))


def shared(name: str, build: Callable[[], object], tables: Tables, view: View, *args: Hashable):
    """``build()``, something a panel sends for ``view`` (a Plotly figure, an Arrow table), built
    once per tables, view key and ``args`` and shared by every session (no copy).

    A rerun that draws the same view again (a tab switch, a place selected on the map, which
    leaves the map's own view as it was) then only serialises it: building costs more than sending.
    What is built must never be changed afterwards (``st.plotly_chart`` serialises a figure's
    ``to_dict()``, computed once for :class:`dashboard.views.figures.Figure`; an Arrow table is
    immutable).

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
    return _shared.get((name, _tables_key(tables), repr(view.key), args), build)


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
