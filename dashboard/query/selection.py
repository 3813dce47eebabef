"""Reading chart selections (``st.plotly_chart`` states): map places, a stance pair, a timeline span.

Plain functions of the selection dicts; :mod:`dashboard.views.selection` holds their state.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, timezone

from dashboard.query.url import PAIR_SEPARATOR


def selected_place_ids(selection: Mapping | None) -> tuple[str, ...]:
    """Place ids of a Plotly selection (``st.plotly_chart`` state), read from each point's custom data.

    Points without custom data (e.g. the country-outline trace) are skipped. Order is kept,
    duplicates dropped.
    """
    if not selection:
        return ()
    sel = selection.get("selection", selection) if isinstance(selection, Mapping) else {}
    out: list[str] = []
    for point in (sel or {}).get("points", []) or []:
        data = point.get("customdata", point.get("custom_data"))
        if isinstance(data, (list, tuple)) and data:
            data = data[0]
        if isinstance(data, str) and data and data not in out:
            out.append(data)
    return tuple(out)


def _selection_points(selection: Mapping | None) -> list[dict]:
    if not selection or not isinstance(selection, Mapping):
        return []
    sel = selection.get("selection", selection) or {}
    return [p for p in (sel.get("points", []) or []) if isinstance(p, Mapping)]


def _custom(point: Mapping) -> list:
    data = point.get("customdata", point.get("custom_data"))
    if data is None:
        return []
    return list(data) if isinstance(data, (list, tuple)) else [data]


def selected_pair(selection: Mapping | None) -> tuple[str, str] | None:
    """The (source, target) actor ids of a stance-chart selection, or None.

    Heatmap cells and network edges carry the pair key ``"source|target"`` as their first custom
    datum; other points (network nodes) are ignored. With several pairs selected, the first wins.
    """
    for point in _selection_points(selection):
        data = _custom(point)
        if data and isinstance(data[0], str):
            parts = data[0].split(PAIR_SEPARATOR)
            if len(parts) == 2 and all(parts):
                return parts[0], parts[1]
    return None


def _as_date(value) -> date | None:
    """A date from a Plotly axis value: ISO string (``2022-01-05 12:00``) or epoch milliseconds."""
    if isinstance(value, (int, float)) and math.isfinite(value):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc).date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def selected_span(selection: Mapping | None) -> tuple[date, date] | None:
    """The date span of a timeline selection, or None.

    Selected bars carry their period ``[start, end]`` (ISO dates) in custom data; the span covers
    them all. Without bars (a box over an empty stretch) the box's x range is used.
    """
    starts, ends = [], []
    for point in _selection_points(selection):
        data = _custom(point)
        if len(data) >= 2:
            lo, hi = _as_date(data[0]), _as_date(data[1])
            if lo is not None and hi is not None:
                starts.append(lo)
                ends.append(hi)
    if starts:
        return min(starts), max(ends)
    sel = (selection or {}).get("selection", selection) if isinstance(selection, Mapping) else None
    for box in (sel or {}).get("box", []) or []:
        xs = [d for d in (_as_date(x) for x in (box.get("x") or [])) if d is not None]
        if len(xs) >= 2:
            return min(xs), max(xs)
    return None
