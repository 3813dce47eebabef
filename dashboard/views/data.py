"""The data the app shows, loaded once per data folder and build and shared by every session.

The cached functions live here rather than in ``app.py``: Streamlit executes ``app.py`` afresh on
every rerun, and a ``st.cache_*`` decorator executed there rebuilds its cached-function wrapper each
time (hashing the function's source), a few milliseconds of every rerun of every session. A module
is imported once. Every cache is bounded (``max_entries`` or ``ttl``).
"""

from __future__ import annotations

import collections
import contextlib
import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import streamlit as st

from dashboard import store
from dashboard.query.actors import actor_labels, listed_actors
from dashboard.query.filters import date_bounds, default_date_range
from dashboard.query.corrected import apply_corrections
from dashboard.query.tables import Tables
from dashboard.query.tables import load_tables as read_tables
from dashboard.views import filters
from dashboard.views.safe import md


@st.cache_resource(max_entries=1)
def build_lock() -> threading.Lock:
    """The lock under which the embedded default data is (re)built: one build for every session."""
    return threading.Lock()


class FairSlots:
    """``n`` slots handed out in the order they were asked for (first come, first served).

    A ``threading.Semaphore`` is not fair: a released slot wakes the longest waiter, but a thread
    arriving meanwhile can take the slot first, and the woken one waits again at the back of the
    queue. Under load (twenty sessions) that sends a few runs to the back several times: the slowest
    interactions. Here a released slot is handed over to the first waiter directly.
    """

    def __init__(self, n: int) -> None:
        self._lock = threading.Lock()
        self._free = n
        self._waiters: collections.deque[threading.Lock] = collections.deque()

    def acquire(self, blocking: bool = True) -> bool:
        """Take a slot, waiting in turn unless ``blocking`` is False; True when taken."""
        with self._lock:
            if self._free and not self._waiters:
                self._free -= 1
                return True
            if not blocking:
                return False
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        turn.acquire()  # released by the run that hands its slot over
        return True

    def release(self) -> None:
        """Give a slot back: to the first waiter, or to the free ones."""
        with self._lock:
            if self._waiters:
                self._waiters.popleft().release()
            else:
                self._free += 1

    def __enter__(self) -> "FairSlots":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


@st.cache_resource(max_entries=4)
def _run_slots(n: int) -> FairSlots:
    return FairSlots(n)  # MUT


@contextlib.contextmanager
def run_slot(n: int) -> Iterator[None]:
    """Hold one of ``n`` slots shared by every session while the block runs (``n`` < 1: no limit).

    Streamlit runs each session's script in its own thread of one process, so runs share one
    interpreter lock; twenty runs at once each hand it over at every Polars call and all finish
    late, while one at a time finish in turn (``scripts/load_test.py``: p95 0.28-0.32 s against
    0.43-0.61 s at 20 sessions, RELIABILITY.md). Slots are given in turn (:class:`FairSlots`). A run
    stopped by a newer click releases its slot.
    """
    if n < 1:
        yield
        return
    with _run_slots(n):
        yield


_HEAP_SETTLED = threading.Event()


def settle_heap() -> bool:
    """Once per process, after the first script run: collect, then move every object alive to the
    interpreter's permanent generation (``gc.freeze()``), so that later full collections skip them.

    What is alive then is what lives as long as the server: the modules of Streamlit, Plotly
    (thousands of validator classes), pandas, Polars and this package, and the tables' Python parts.
    Python's cyclic collector walks every tracked object at each full (generation 2) collection,
    holding the interpreter lock: 90-170 ms, several times a minute under twenty sessions, every
    session's run waiting behind it (``scripts/load_test.py``, RELIABILITY.md). Frozen objects are
    still freed by reference counting; only cycles among them are never collected. (The technique
    and its caveats: the ``gc.freeze`` documentation, Python 3.7+.)

    Returns
    -------
    bool
        True for the call that froze the heap, False for every later one.
    """
    if _HEAP_SETTLED.is_set():
        return False
    with _SETTLE_LOCK:
        if _HEAP_SETTLED.is_set():
            return False
        gc.collect()
        gc.freeze()
        _HEAP_SETTLED.set()
        return True


_SETTLE_LOCK = threading.Lock()


@st.cache_data(ttl=10, max_entries=16, show_spinner=False)
def looks_stale(raw_dir: str, data_dir: str) -> bool:
    """Whether ``raw_dir``'s contents differ from those ``data_dir`` was built from (a digest, never
    file times); checked at most every 10 s per folder pair, and again under the build lock."""
    raw = Path(raw_dir)
    if not raw.is_dir() or not any(p.is_file() for p in raw.rglob("*")):
        return False
    return store.is_stale(raw, Path(data_dir))


@st.cache_resource(show_spinner="Loading tables…", max_entries=4)
def load_tables(data_dir: str, built_at: str) -> Tables:
    """The tables of ``data_dir``; ``built_at`` (from the manifest) invalidates the cache on rebuild.

    ``cache_resource``, not ``cache_data``: Polars frames are immutable, so every session can share
    them; ``cache_data`` would copy (pickle) every table on every rerun, which dominates the time of
    a filter change at a million events. Only the columns of
    :data:`dashboard.query.tables.MEMORY_PLAN` are held (no article texts); the reader reads its
    article from the store.
    """
    return read_tables(data_dir)


@st.cache_resource(show_spinner="Applying the corrections…", max_entries=4)
def corrected_tables(data_dir: str, built_at: str, stamp: str) -> tuple:
    """The tables with the corrections of the data folder applied, what was applied and the file as
    read; ``stamp`` (:func:`dashboard.corrections.stamp`) changes with every correction, ``built_at``
    with every rebuild, so a filter change never reapplies them."""
    return apply_corrections(load_tables(data_dir, built_at))


@st.cache_resource(show_spinner=False, max_entries=8)
def static_info(data_dir: str, built_at: str, stamp: str, tz: str) -> tuple:
    """What does not depend on the filters: the date bounds, the default date range and the actor
    labels of the (corrected) data, and the actors the actor filter lists."""
    tables = corrected_tables(data_dir, built_at, stamp)[0]
    labels = actor_labels(tables)
    return (date_bounds(tables, tz), default_date_range(tables, tz), labels,
            listed_actors(tables, filters.MAX_ACTOR_OPTIONS, labels))


def read_data(data_dir: Path, manifest: dict) -> Tables:
    """The tables of ``data_dir``, leaving out (and naming) files that cannot be read, so that a
    truncated or corrupted Parquet file costs its table, not the app.

    Raises
    ------
    Exception
        What reading raised, when :func:`dashboard.store.verify` finds no damaged file to blame.
    """
    key = (str(data_dir), str(manifest.get("built_at", "")))
    try:
        tables = load_tables(*key)
    except Exception as exc:  # a file whose footer reads but whose data does not
        bad = store.verify(data_dir)
        if not bad:
            raise
        load_tables.clear()
        tables = load_tables(*key)
        st.caption(f"(first read failed: {type(exc).__name__})")
    for path, reason in store.unreadable(data_dir).items():
        st.error(f"Cannot read `{path}`: {md(reason)}. Showing the rest of the data; rebuild the folder "
                 "(`python -m dashboard build …`) to repair it.")
    return tables
