"""Containers whose contents run only while they are open.

Streamlit runs (and sends) a closed ``st.expander``'s contents on every rerun unless the expander is
stateful (``key`` and ``on_change``): then its ``.open`` says whether the user has opened it, and the
contents can be skipped while it is closed. The correction forms hold select boxes of every actor or
event of the view (hundreds of kilobytes of options), so skipping them while closed is most of a
filter change's cost on a shared server (``scripts/rerun_cost.py``, RELIABILITY.md "Load").
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def expander(label: str, key: str, *, parent: DeltaGenerator | None = None, expanded: bool = False
             ) -> DeltaGenerator | None:
    """A keyed expander that reruns the app when opened or closed; the container while it is open.

    Parameters
    ----------
    label : str
        The expander's title (Markdown, as ``st.expander``).
    key : str
        Its widget key: ``st.session_state[key]`` is True while it is open (a test opens it by
        setting that value).
    parent : DeltaGenerator, optional
        Where it is drawn (``st.sidebar``, a column…); the main area by default.
    expanded : bool
        Whether it starts open.

    Returns
    -------
    DeltaGenerator or None
        The expander to draw the contents into (``with box: …``), or None while it is closed: the
        caller then draws nothing, and the contents cost nothing.
    """
    box = (parent or st).expander(label, expanded=expanded, key=key, on_change="rerun")
    return box if box.open else None
