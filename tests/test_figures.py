"""The panels' figures are made from dicts without Plotly's validation (:mod:`dashboard.views.figures`):
each must be valid Plotly (a validating constructor accepts every key and value) and come out of
validation unchanged, so what the browser gets is what the slow, checked construction would send."""

from __future__ import annotations

import json
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard import query
from dashboard.query.filters import Filters
from dashboard.views import events as events_view
from dashboard.views import figures
from dashboard.views import map as map_view
from dashboard.views import stances


@pytest.fixture(scope="module")
def tables(synthetic_store) -> query.Tables:
    return query.load_tables(synthetic_store)


def _as_validated(fig: go.Figure) -> go.Figure:
    """``fig`` made again the slow way: Plotly's constructor validating every key and value (an
    unknown key or a bad value raises)."""
    spec = fig.to_dict()
    return go.Figure(data=spec["data"], layout=spec["layout"])


def _json(fig: go.Figure) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def _figures(tables) -> dict[str, go.Figure]:
    out = {}
    for name, f in {"all": Filters(), "conflict": Filters(quads=(4,)), "none": Filters(actors=("no such actor",))}.items():
        view = query.apply_filters(tables, f)
        for every in ("1d", "1w", "1mo"):
            out[f"timeline {name} {every}"] = events_view.timeline_figure(view.events, every)
        out[f"timeline {name} span"] = events_view.timeline_figure(view.events, "1w",
                                                                    span=(date(2022, 1, 1), date(2022, 1, 31)))
        out[f"volume {name}"] = events_view.volume_figure(view.articles, "1w", "UTC")
        pts = query.map_points(tables, view)
        out[f"map {name}"] = map_view.build_figure(pts, outlines=query.country_outlines(),
                                                   selected=tuple(pts["place_id"].head(1).to_list()))
        out[f"map {name} with empty"] = map_view.build_figure(pts, style="white-bg", with_empty=True)
        table = query.stance_table(tables, view.events)
        pair = tuple(table.select("source_actor_id", "target_actor_id").row(0)) if table.height else None
        out[f"heatmap {name}"] = stances.heatmap_figure(table, pair=pair)
        out[f"network {name}"] = stances.network_figure(table, pair=pair)
    return out


def test_panel_figures_are_valid_plotly_and_unchanged_by_validation(tables):
    figs = _figures(tables)
    assert any(len(f.data) for f in figs.values())
    for name, fig in figs.items():
        assert isinstance(fig, figures.Figure), name
        assert _json(fig) == _json(_as_validated(fig)), name


def test_a_made_figure_gives_the_same_dict_every_time_without_copying():
    fig = figures.make([{"type": "bar", "x": [1, 2], "y": [3, None], "name": None}], {"height": 100, "title": None})
    assert fig.to_dict() is fig.to_dict()  # st.plotly_chart calls it on every rerun
    assert "name" not in fig.to_dict()["data"][0] and "title" not in fig.to_dict()["layout"]  # None: unset
    assert fig.to_dict()["data"][0]["y"] == [3, None]  # values inside lists are kept


def test_two_axis_layout_is_plotlys_own():
    from plotly.subplots import make_subplots

    ours = figures.secondary_y_layout(yaxis2={"title": {"text": "right"}}, height=300)
    theirs = make_subplots(specs=[[{"secondary_y": True}]]).update_layout(yaxis2_title_text="right", height=300)
    layouts = [_json(fig)["layout"] for fig in (go.Figure(layout=ours), theirs)]
    for layout in layouts:
        layout.pop("template")
    assert layouts[0] == layouts[1]


@pytest.mark.parametrize("default", ["streamlit", "plotly_dark", None])
def test_a_made_figure_carries_the_default_template_as_a_plotly_figure_does(default):
    import streamlit  # noqa: F401  (registers and picks Streamlit's template, as in the app)

    before = pio.templates.default
    pio.templates.default = default
    try:
        ours = _json(figures.make([{"type": "bar", "x": [1], "y": [2]}], {"height": 100}))
        theirs = _json(go.Figure(data=[{"type": "bar", "x": [1], "y": [2]}], layout={"height": 100}))
        assert ours == theirs
        assert ("template" in ours["layout"]) == (default is not None)
        own = _json(figures.make([], {"template": {"layout": {"font": {"size": 9}}}}))["layout"]["template"]
        assert own == {"layout": {"font": {"size": 9}}}  # a template the figure sets is kept
    finally:
        pio.templates.default = before
