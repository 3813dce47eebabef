"""The open tab's panel, drawn as a Streamlit fragment: switching tabs reruns the panel alone.

A third of what people do with the dashboard is switching tabs (``scripts/load_test.py``). A
whole-app rerun for it redraws the header, the sidebar's filters and every block around the panel,
about 35 of a run's ~47 messages, each one work on Streamlit's event loop, which holds the
interpreter lock that every session's run shares (RELIABILITY.md, "Load"). As a fragment
(``st.fragment``), a tab switch reruns only the panels, with the view of the last whole run; the
filters cannot have changed meanwhile, since any widget outside the fragment reruns the whole app.

Any other change made inside the panels (a map or chart selection, a chosen article, a correction
form, a sub-tab that is not a pure display choice) affects the filters, the header or the link,
so a fragment run that finds one reruns the whole app at once (``st.rerun(scope="app")``) before
drawing anything. What counts as such a change: any session-state value other than the
:data:`DISPLAY_KEYS` differing from the one left by the last run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import streamlit as st

#: Session-state key of the last run's snapshot (see :func:`state_changed`).
SNAPSHOT_KEY = "panels._snapshot"

_RUN = threading.local()  # ``whole``: True while a whole-app run draws (the fragment called inline)


@dataclass(frozen=True)
class Panels:
    """What the panels need from the whole run: its view and the callables that draw each tab.

    ``tabs``: the tab labels; ``tab_key``: the tabs' widget key (bound to the URL); ``display_keys``:
    session-state keys whose change only alters what the panels show (the open tab, a panel's own
    sub-tab); ``draw``: called with the :class:`~streamlit.delta_generator.DeltaGenerator` tabs
    (in ``tabs`` order) and returns the article chosen on the Articles tab (or the one in the
    filters); ``guard``: a context manager factory the fragment's own runs draw inside (the run slot
    and the drawing lock that the whole run holds around it).
    """

    tabs: tuple[str, ...]
    tab_key: str
    display_keys: frozenset[str]
    draw: Callable[[list], str | None]
    guard: Callable[[], Any]


@contextmanager
def whole_run(display_keys: frozenset[str]) -> Iterator[None]:
    """Mark the current thread as drawing a whole-app run (the panels' fragment is then inline);
    when the run's drawing ends without an exception, its session state is the new snapshot."""
    _RUN.whole = True
    try:
        yield
        _keep_snapshot(display_keys)
    finally:
        _RUN.whole = False


def in_whole_run() -> bool:
    """True while a whole-app run draws; False in a fragment-only rerun of the panels."""
    return getattr(_RUN, "whole", False)


def snapshot(state: Mapping[str, Any], ignore: frozenset[str]) -> dict[str, Any]:
    """A shallow copy of ``state`` without the ``ignore`` keys and the snapshot itself."""
    return {k: v for k, v in state.items() if k not in ignore and k != SNAPSHOT_KEY}


def state_changed(state: Mapping[str, Any], ignore: frozenset[str]) -> bool:
    """Whether any session-state value but the ``ignore`` keys differs from the last run's snapshot.

    Parameters
    ----------
    state
        ``st.session_state`` (or any mapping holding :data:`SNAPSHOT_KEY`).
    ignore
        Keys whose change is a pure display choice (:attr:`Panels.display_keys`).

    Returns
    -------
    bool
        True when there is no snapshot yet, when a key appeared or changed value, or when two values
        cannot be compared (such as arrays): the safe answer is a whole rerun. A key that is gone is
        no change: Streamlit drops the state of widgets a run did not draw (the previous tab's).
    """
    before = state.get(SNAPSHOT_KEY)
    if before is None:
        return True
    for k, v in snapshot(state, ignore).items():
        if k not in before:
            return True
        try:
            if bool(v != before[k]):
                return True
        except Exception:  # noqa: BLE001 - incomparable values: rerun the whole app
            return True
    return False


@st.fragment
def render(p: Panels) -> str | None:
    """Draw the tabs and the open one's panel; the chosen article (see :class:`Panels`).

    In a whole-app run this is called inline; on a tab switch Streamlit reruns it alone with the
    ``p`` of the last whole run. A rerun started by anything but a :attr:`Panels.display_keys`
    change reruns the whole app instead (:class:`streamlit.runtime.scriptrunner.RerunException`).
    """
    if in_whole_run():
        return _draw(p)
    if state_changed(st.session_state, p.display_keys):
        st.rerun(scope="app")
    with p.guard():
        return _draw(p)


def _draw(p: Panels) -> str | None:
    tabs = st.tabs(list(p.tabs), key=p.tab_key, bind="query-params")
    article = p.draw(tabs)
    if not in_whole_run():  # a whole run takes its snapshot once all of it is drawn (whole_run)
        _keep_snapshot(p.display_keys)
    return article


def _keep_snapshot(display_keys: frozenset[str]) -> None:
    """Store this run's session state as the snapshot :func:`state_changed` compares with."""
    st.session_state[SNAPSHOT_KEY] = snapshot(st.session_state, display_keys)
