"""Plotly figures made in one step from plain trace and layout dicts (:func:`make`).

Built property by property (``add_trace(go.Bar(...))``, ``update_layout``, ``make_subplots``,
``add_annotation``), a figure is validated and deep-copied value by value, element by element, even
with ``_validate=False``: 15-40 ms for a map or a timeline of a few hundred points, paid by every
view not seen before. The panels write their traces and layout as dicts in Plotly's JSON schema
(the keys ``fig.to_dict()`` shows, nested: ``{"title": {"text": …}}``, never ``title_text``), and the
figure is made once, unvalidated: the same JSON for a tenth of the time. The tests check the JSON
against figures built the slow way.
"""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import get_colorscale

#: Colour scale of the Goldstein score, diverging: red = conflict (-10), blue = cooperation (+10).
#: ColorBrewer's RdBu as Plotly (Python) expands the name: plotly.js has another "RdBu" of its own,
#: so the stops are sent, not the name.
GOLDSTEIN_SCALE: list[list] = get_colorscale("RdBu")


class Figure(go.Figure):
    """A ``go.Figure`` that is never changed once made (the panels' figures are shared by every
    session: :func:`dashboard.views.cache.figure`): :meth:`to_dict` is computed once.

    ``st.plotly_chart`` calls ``to_dict()`` on every rerun that shows the figure, which deep-copies
    every trace (2-3 ms for a map or a timeline); the dict it returns is only read (serialised to
    JSON).
    """

    def _initialize_layout_template(self) -> None:
        """Leave the default template out of the figure's properties: Plotly's constructor would
        validate and deep-copy the whole template into every figure (and ``to_dict`` copy it again),
        about half of the cost of making a small figure; :meth:`to_dict` adds it as it is."""

    def to_dict(self) -> dict:
        """The figure as a dict (computed once; do not change it), with Plotly's default template
        (``plotly.io.templates.default``, Streamlit's own once Streamlit is imported) in the layout
        when the figure sets none, as a ``go.Figure`` has it."""
        once = self.__dict__.get("_dict_once")
        if once is None:
            once = super().to_dict()
            if "template" not in once.setdefault("layout", {}) and pio.templates.default is not None:
                once["layout"]["template"] = _default_template(pio.templates.default)
            self.__dict__["_dict_once"] = once
        return once


def _default_template(default) -> dict:
    """The template ``default`` (a registered name or a template object) as a dict, made once per
    template object (shared: only read, as :meth:`Figure.to_dict` is)."""
    template = pio.templates[default] if isinstance(default, str) else default
    found = _TEMPLATES.get(id(template))
    if found is None or found[0] is not template:
        found = _TEMPLATES[id(template)] = (template, template.to_plotly_json())
    return found[1]


#: Default templates as dicts, by the id of the template object: ``(template, dict)``.
_TEMPLATES: dict[int, tuple] = {}


def make(traces: Iterable[dict], layout: dict) -> Figure:
    """A figure of ``traces`` (dicts with a ``"type"``: ``"bar"``, ``"scatter"``, ``"scattermap"``…)
    and ``layout``, keys whose value is None left out (unset, as Plotly's constructors leave them).

    The values are not validated: they come from the panels' own checked frames, and the keys must
    be Plotly's (an unknown key is sent to the browser as it is, where plotly.js ignores it).
    """
    return Figure(data=[_set(t) for t in traces], layout=_set(layout), _validate=False)


def _set(d: dict) -> dict:
    """``d`` without its None values (nested dicts too)."""
    return {k: _set(v) if isinstance(v, dict) else v for k, v in d.items() if v is not None}


def secondary_y_layout(**layout) -> dict:
    """The layout of one plot with a second y axis on the right (as Plotly's
    ``make_subplots(specs=[[{"secondary_y": True}]])`` makes it), merged with ``layout``: the traces
    of the right axis have ``"yaxis": "y2"``."""
    axes = {
        "xaxis": {"anchor": "y", "domain": [0.0, 0.94]},
        "yaxis": {"anchor": "x", "domain": [0.0, 1.0]},
        "yaxis2": {"anchor": "x", "overlaying": "y", "side": "right"},
    }
    for name, value in layout.items():
        axes[name] = {**axes[name], **value} if name in axes else value
    return axes
