"""pandas imported after the first render, never while another session draws.

Nothing on the first render needs pandas (the Map tab's figure, the header and the sidebar draw
without it); the Events and Articles tables convert through it (:mod:`dashboard.views.grid`).
Importing it up front cost the first render ~0.4-0.7 s of CPU (one thread). But Plotly looks
pandas up in ``sys.modules`` without importing it (``_plotly_utils.optional_imports.get_module``,
``should_load=False``), so a chart drawn while another thread is half-way through importing pandas
sees a partly initialised module ("partially initialized module 'pandas' has no attribute
'Series'", found by ``scripts/load_test.py`` with concurrent first sessions). Hence:

* every pass draws inside :func:`drawing`, which, until pandas is imported whole, holds one lock
  (passes of the process's first seconds run one at a time, as the run slots mostly make them);
* :func:`import_later` imports pandas in a background thread under the same lock, after the first
  pass is drawn; a pass that imports pandas itself (a table) does it under the lock too.

Once pandas is in ``sys.modules`` whole (the lock released after its import), :func:`drawing` takes
no lock.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: What is imported after the first render (Plotly peeks at it in ``sys.modules``).
MODULE = "pandas"

_lock = threading.Lock()
_start_lock = threading.Lock()
_imported = threading.Event()
_started = threading.Event()


def _mark_if_imported() -> None:
    # called with _lock held: no thread is importing MODULE under it, so a module found is whole
    if MODULE in sys.modules:
        _imported.set()


@contextmanager
def drawing() -> Iterator[None]:
    """Hold while a pass draws: until :data:`MODULE` is imported whole, passes and its import in the
    background (:func:`import_later`) run one at a time; then nothing is held."""
    if _imported.is_set():
        yield
        return
    with _lock:
        _mark_if_imported()
        try:
            yield
        finally:
            _mark_if_imported()


def _import() -> None:
    with _lock:
        try:
            importlib.import_module(MODULE)
        finally:  # imported, or not installed: no thread is importing it any more
            _imported.set()


def _import_unlocked() -> None:
    try:
        importlib.import_module(MODULE)
    finally:
        _imported.set()


@contextmanager
def alongside() -> Iterator[None]:
    """Import :data:`MODULE` in a background thread while the block runs, and wait for it at the
    block's end (nothing when it is imported or its import was started).

    For a pass holding the drawing lock (:func:`drawing`: no other pass draws meanwhile) whose block
    neither draws nor touches :data:`MODULE`: the process's first load of the tables, where Polars
    works with the GIL released, so the import costs that pass little wall time and no later pass
    waits for it (a filter changed at once would wait ~0.5 s for the lock at ten million events).
    """
    thread = None
    with _start_lock:
        if not (_imported.is_set() or _started.is_set()):
            _started.set()
            thread = threading.Thread(target=_import_unlocked, name="newsdash-import", daemon=True)
    if thread is not None:
        thread.start()
    try:
        yield
    finally:
        if thread is not None:
            thread.join()


def import_later() -> threading.Thread | None:
    """Import :data:`MODULE` in a background thread (``newsdash-import``) under the drawing lock,
    once per process; the thread, or None when it is imported or its import was started."""
    if _imported.is_set() or _started.is_set():
        return None
    with _start_lock:  # not the drawing lock: a pass may call this while drawing
        if _started.is_set():
            return None
        _started.set()
    thread = threading.Thread(target=_import, name="newsdash-import", daemon=True)
    thread.start()
    return thread


def imported() -> bool:
    """True once :data:`MODULE` is imported whole and :func:`drawing` takes no lock."""
    return _imported.is_set()
