"""The map panel: one marker per place, sized by mentions, coloured by the mean Goldstein score.

Country outlines from ``countryinfo`` are drawn as a line layer, so the map still means something
offline when the tiles fail. Selecting markers (click, box or lasso) filters the other panels.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard.query.filters import View
from dashboard.query.map import country_outlines as outline_coordinates
from dashboard.query.map import MAP_CLUSTER_FROM, map_markers, map_viewport, place_points, with_top_actors
from dashboard.query.url import ALL_PLACES_QUERY_KEY
from dashboard.query.tables import Tables
from dashboard.views import cache, figures, safe, selection
from dashboard.views.figures import GOLDSTEIN_SCALE

KEY = "map"
#: The "Show places without events" toggle, bound to the query string (``allplaces=true``).
ALL_PLACES_KEY = ALL_PLACES_QUERY_KEY
NEUTRAL = "#9e9e9e"


@st.cache_resource(show_spinner=False, max_entries=1)
def country_outlines() -> tuple[np.ndarray, np.ndarray]:
    """Country outline coordinates (built once per process; see
    :func:`dashboard.query.map.country_outlines`)."""
    return outline_coordinates()


def chart_key() -> str:
    """Widget key of the current map chart (changes when the selections are cleared)."""
    return selection.chart_key(KEY)


def build_figure(
    points: pl.DataFrame,
    outlines: tuple[np.ndarray, np.ndarray] | None = None,
    style: str = "open-street-map",
    selected: tuple[str, ...] = (),
    with_empty: bool = False,
) -> go.Figure:
    """The Plotly figure of the map (pure: no Streamlit calls).

    Parameters
    ----------
    points
        Output of :func:`dashboard.query.map.map_points`.
    outlines
        ``(lons, lats)`` of the country outlines, NaN-separated; drawn first, not selectable.
    style
        Plotly map style (``open-street-map``, ``white-bg``, …).
    selected
        Place ids to draw with a ring (the current place filter).
    with_empty
        Draw the places without events too (grey, below the event markers).

    Returns
    -------
    plotly.graph_objects.Figure
        A ``scattermap`` figure (markers in the order of :func:`dashboard.query.map.map_markers`,
        the names of the largest places as a text layer on top); each marker carries ``[place_id,
        name, country, mentions, events, goldstein, top actors]`` in ``customdata``. From
        :data:`~dashboard.query.map.MAP_CLUSTER_FROM` markers on, they are clustered by zoom.
    """
    traces = []
    if outlines is not None:
        lons, lats = outlines
        traces.append({"type": "scattermap", "lon": lons, "lat": lats, "mode": "lines",
                       "line": {"width": 0.7, "color": "#7f8c8d"}, "hoverinfo": "skip", "showlegend": False,
                       "name": "countries"})
    markers = map_markers(points, with_empty)
    if markers.height:
        pts = markers.with_columns(  # names are drawn by Plotly, which reads HTML: escaped (safe.py)
            safe.plotly_column("name").fill_null(pl.col("place_id")),
            safe.plotly_column("country_code").fill_null("—"),
            pl.col("goldstein").round(2).cast(pl.String).fill_null("—").alias("goldstein_text"),
            safe.plotly_column("top_actors").fill_null("—"),
            safe.plotly_column("label"),
        )
        cluster = markers.height >= MAP_CLUSTER_FROM
        # Places without events stay neutral grey, in their own trace below the event markers (a
        # later trace is drawn above): the colour scale stays honest and they never hide an event.
        for neutral in (True, False):
            part = pts.filter(pl.col("goldstein").is_null() == neutral)
            if part.height:
                traces.append(_markers(part, selected, neutral=neutral, cluster=cluster))
        labels = pts.filter(pl.col("label").is_not_null())
        if labels.height and not cluster:
            traces.append(_labels(labels))
    center, zoom = map_viewport(markers if markers.height else points)
    return figures.make(traces, {"map": {"style": style, "center": center, "zoom": zoom},
                                 "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "height": 560, "dragmode": "pan"})


def _labels(labels: pl.DataFrame) -> dict:
    """The names of the largest places, written beside their markers (not hoverable, not selectable)."""
    return {
        "type": "scattermap",
        "lat": labels["latitude"].to_list(),
        "lon": labels["longitude"].to_list(),
        "mode": "markers+text",  # plotly offsets the text by its (scalar) marker size: NaN without markers
        "text": labels["label"].to_list(),
        "textposition": "top right",
        "textfont": {"size": 12, "color": "#212121"},
        "marker": {"size": 12, "opacity": 0},
        "hoverinfo": "skip",
        "showlegend": False,
        "name": "labels",
    }


HOVER = (
    "<b>%{customdata[1]}</b> (%{customdata[2]})<br>mentions: %{customdata[3]}"
    "<br>events: %{customdata[4]}<br>mean Goldstein: %{customdata[5]}"
    "<br>top actors: %{customdata[6]}<extra></extra>"
)


def _markers(pts: pl.DataFrame, selected: tuple[str, ...], neutral: bool, cluster: bool = False) -> dict:
    marker: dict = {"size": pts["size"].to_list(), "opacity": 0.85}
    if neutral:
        marker["color"] = NEUTRAL
    else:
        marker.update(
            color=pts["goldstein"].to_list(),
            colorscale=GOLDSTEIN_SCALE,
            cmin=-10,
            cmax=10,
            colorbar={"title": {"text": "Mean Goldstein", "side": "right"}, "thickness": 12,
                      "len": 0.85, "y": 0, "yanchor": "bottom"},
        )
    ids = pts["place_id"].to_list()
    return {
        "type": "scattermap",
        "lat": pts["latitude"].to_list(),
        "lon": pts["longitude"].to_list(),
        "mode": "markers",
        "marker": marker,
        "customdata": pts.select(
            "place_id", "name", "country_code", "mentions", "events", "goldstein_text", "top_actors"
        ).rows(),
        "hovertemplate": HOVER,
        "name": "places without events" if neutral else "places",
        "showlegend": False,
        "selectedpoints": [i for i, p in enumerate(ids) if p in selected] if selected else None,
        "cluster": {"enabled": True, "maxzoom": 7, "step": [1, 50, 500], "size": [14, 22, 32],
                    "color": NEUTRAL if neutral else "#546e7a", "opacity": 0.8} if cluster else None,
    }


def render(tables: Tables, view: View, style: str, points: pl.DataFrame | None = None) -> None:
    """Draw the map of ``view`` (its place filter ignored, so other places stay selectable).

    ``points`` are ``query.place_points(tables, view)`` when the caller has them already; the names
    of each place's actors (the hover's) are added once per view, for every session.
    """
    st.subheader("Map")
    places = cache.per_view(place_points, tables, view) if points is None else points
    points = cache.shared("map.points", lambda: with_top_actors(tables, view, places), tables, view)
    if points.height == 0:
        st.info("No places with coordinates in this view.")
        return
    selected = selection.places()
    # Ring the places of a filter restored from a link; a selection made on the chart is drawn by
    # Plotly itself (changing the figure under it could reset it).
    from_link = selected if not selection.seen_on_chart(KEY) else ()
    with_empty = st.toggle("Show places without events", key=ALL_PLACES_KEY, bind="query-params",
                           help="Places the articles mention where no event of this view happened "
                                "(grey markers, drawn below the event markers).")
    fig = cache.figure("map", lambda: build_figure(points, country_outlines(), style, from_link, with_empty),
                       tables, view, style, from_link, with_empty)
    empty = int((points["events"] == 0).sum())
    hidden = f" {empty:,} place(s) without events are hidden." if empty and not with_empty else ""
    if points.height - (0 if with_empty else empty) >= MAP_CLUSTER_FROM:
        hidden += " Nearby markers are grouped (the number is how many): zoom in to split them."
    st.caption(
        "One marker per place, sized by mentions, coloured by the mean Goldstein score of its events"
        + (" (grey: no events)" if with_empty else "") + "; the largest places are named. Click, box- or "
        "lasso-select places to filter the other panels; \"Clear selections\" in the sidebar undoes it."
        + hidden
    )
    st.plotly_chart(
        fig,
        key=chart_key(),
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
        config={"scrollZoom": True},
    )
    if selected:
        names = dict(zip(points["place_id"].to_list(), points["name"].to_list()))
        st.caption("Selected: " + ", ".join(safe.md(names.get(p) or p) for p in selected))
