"""Chart selections (cross-filters): places on the map, a stance pair on the heatmap or network,
a span on the timeline — their state, syncing from the charts, and the one "Clear selections" control.

Every selectable chart is drawn with ``on_select="rerun"`` under a key from :func:`chart_key`. At the
start of a run :func:`sync` reads each chart's state; only a selection that differs from the last
one seen on that chart changes the filter, so a selection restored from a link survives reruns.
Clearing bumps a version that is part of every chart key, so the charts start with no selection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import streamlit as st

from dashboard.query.selection import selected_pair, selected_place_ids, selected_span
from dashboard.views.safe import md  # names come from the data (and ids from links): escaped

PLACES_KEY = "flt.place"
PAIR_KEY = "sel.pair"
SPAN_KEY = "sel.span"
VERSION_KEY = "sel.version"
CLEAR_KEY = "sel.clear"

#: Selectable charts: name -> (reader of the chart state, session key it sets, value when empty).
CHARTS: dict[str, tuple[Callable[[Mapping | None], object], str]] = {
    "map": (selected_place_ids, PLACES_KEY),
    "stances.heatmap": (selected_pair, PAIR_KEY),
    "stances.network": (selected_pair, PAIR_KEY),
    "events.timeline": (selected_span, SPAN_KEY),
}


def chart_key(name: str) -> str:
    """Widget key of chart ``name`` (changes when the selections are cleared)."""
    return f"{name}.{st.session_state.get(VERSION_KEY, 0)}"


def _last_key(name: str) -> str:
    return f"sel.last.{name}"


def sync() -> None:
    """Turn new chart selections into filters; call before the filters are read."""
    for name, (read, target) in CHARTS.items():
        key = chart_key(name)
        if key not in st.session_state:  # chart not drawn (yet): its selection is not news
            st.session_state[_last_key(name)] = None
            continue
        value = read(st.session_state.get(key))
        if value == () or value is None:
            value = None
        if value != st.session_state.get(_last_key(name)):
            st.session_state[_last_key(name)] = value
            if target == PLACES_KEY:
                st.session_state[target] = list(value or ())
            else:
                st.session_state[target] = value


def seen_on_chart(name: str) -> bool:
    """True when chart ``name`` itself holds the current selection (Plotly draws it)."""
    return st.session_state.get(_last_key(name)) is not None


def places() -> tuple[str, ...]:
    return tuple(st.session_state.get(PLACES_KEY) or ())


def pair() -> tuple[str, str] | None:
    value = st.session_state.get(PAIR_KEY)
    return tuple(value) if value else None


def span() -> tuple[date, date] | None:
    value = st.session_state.get(SPAN_KEY)
    return tuple(value) if value else None


def set_pair(value: tuple[str, str] | None) -> None:
    st.session_state[PAIR_KEY] = value


def set_places(value: tuple[str, ...]) -> None:
    st.session_state[PLACES_KEY] = list(value)


def seed(places_: tuple[str, ...], pair_: tuple[str, str] | None, span_: tuple[date, date] | None) -> None:
    """Set the selections (from a link)."""
    set_places(places_)
    st.session_state[PAIR_KEY] = pair_
    st.session_state[SPAN_KEY] = span_


def clear() -> None:
    """Clear every chart selection (callback of the "Clear selections" button)."""
    st.session_state[VERSION_KEY] = st.session_state.get(VERSION_KEY, 0) + 1
    for name in CHARTS:
        st.session_state[_last_key(name)] = None
    seed((), None, None)


def summary(labels: Mapping[str, str], place_names: Mapping[str, str]) -> None:
    """The selections box (in the sidebar): what is selected, and the one control that clears all."""
    items = []
    if places():
        items.append("Places: " + ", ".join(md(place_names.get(p) or p) for p in places()))
    if pair():
        src, tgt = pair()
        items.append(f"Pair: {md(labels.get(src) or src)} → {md(labels.get(tgt) or tgt)}")
    if span():
        lo, hi = span()
        items.append(f"Span: {lo.isoformat()} … {hi.isoformat()}")
    st.subheader("Selections")
    if not items:
        st.caption("None. Click or box-select on the map, the stance heatmap or network, or the timeline.")
        return
    for item in items:
        st.caption(item)
    st.button("Clear selections", key=CLEAR_KEY, on_click=clear, icon=":material/close:", type="primary")
