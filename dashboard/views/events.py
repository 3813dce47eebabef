"""The events panel: the timeline (events per day, week or month stacked by QuadClass, with the mean
Goldstein score as a line), the article volume, and the table of coded events with their sentences.

Box-selecting (or clicking) bars of the timeline selects a span of dates: the other panels then show
only that span ("Clear selections" undoes it).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard.query.events import NEWEST_ROWS, asserted_view, events_table, newest_with_text
from dashboard.query.filters import View
from dashboard.query.tables import Tables
from dashboard.query.timeline import (
    article_volume, period_end, timeline, timeline_bin, timeline_focus, timeline_goldstein,
)
from dashboard.schema import QUAD_CLASS_NAMES
from dashboard.views import cache, figures, grid, QUAD_COLORS, column_config, selection
from dashboard.views.filters import left_out_caption

if TYPE_CHECKING:  # the tables' type only: pyarrow is imported when a table is first converted (grid)
    import pyarrow as pa

KEY = "events"
BIN_LABELS = {"1d": "day", "1w": "week", "1mo": "month"}
PAD_DAYS = {"1d": 1, "1w": 7, "1mo": 31}
#: Bar width of each bin, in milliseconds (a date axis): 80 % of the period. Without it Plotly sizes
#: a lone bar from the gaps between dates, and one 1990 event looks a decade wide.
BAR_WIDTH_MS = {every: 0.8 * days * 86_400_000 for every, days in PAD_DAYS.items()}
TABLE_MAX_ROWS = NEWEST_ROWS  # the events table: the newest rows of the view


def _iso(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.String)


def timeline_data(events: pl.DataFrame | pl.LazyFrame, every: str) -> tuple[pl.DataFrame, pl.DataFrame, tuple | None]:
    """What :func:`timeline_figure` draws: events per period and QuadClass, the mean Goldstein per
    period, and the focus range (pure)."""
    return timeline(events, every), timeline_goldstein(events, every), timeline_focus(events)


def timeline_figure(events: pl.DataFrame | pl.LazyFrame | None, every: str, span: tuple[date, date] | None = None,
                    data: tuple | None = None) -> go.Figure:
    """Stacked bars of events per period and QuadClass, mean Goldstein as a line on a second axis (pure).

    ``data``: :func:`timeline_data` of ``events`` when the caller has it already (``events`` unused).

    Every bar and line point carries ``[period start, period end]`` (ISO dates) in ``customdata``,
    so a selection maps back to dates (:func:`dashboard.query.selection.selected_span`). ``span`` is shaded.
    """
    counts, gold, focus = timeline_data(events, every) if data is None else data
    traces = []
    names = list(QUAD_CLASS_NAMES.values()) + ["Unknown"]
    for quad in names:
        part = counts.filter(pl.col("quad") == quad)
        if part.height == 0:
            continue
        traces.append({
            "type": "bar", "x": part["event_date"].to_list(), "y": part["events"].to_list(), "name": quad,
            "marker": {"color": QUAD_COLORS[quad]}, "width": BAR_WIDTH_MS[every],
            "customdata": part.select(_iso("event_date"), _iso("period_end")).rows(),
            "hovertemplate": f"{quad}<br>%{{customdata[0]}} … %{{customdata[1]}}: %{{y}} event(s)<extra></extra>",
            "xaxis": "x", "yaxis": "y",
        })
    if gold.height:
        g = gold.with_columns(period_end(every))
        traces.append({
            "type": "scatter", "x": g["event_date"].to_list(), "y": g["mean goldstein"].to_list(),
            "name": "mean Goldstein", "mode": "markers", "marker": {"size": 7, "symbol": "diamond", "color": "#222"},
            "customdata": g.select(_iso("event_date"), _iso("period_end")).rows(),
            "hovertemplate": "mean Goldstein %{y:.2f}<br>%{customdata[0]} … %{customdata[1]}<extra></extra>",
            "xaxis": "x", "yaxis": "y2",
        })
    pad = timedelta(days=PAD_DAYS[every])
    layout = figures.secondary_y_layout(
        xaxis={"range": [focus[0] - pad, focus[1] + pad] if focus is not None else None},
        yaxis={"title": {"text": "events"}},
        yaxis2={"title": {"text": "mean Goldstein"}, "range": [-10.5, 10.5], "tickmode": "linear", "tick0": -10,
                "dtick": 5, "showgrid": False, "zeroline": True, "zerolinecolor": "#bbb"},
        barmode="stack", height=360, margin={"l": 0, "r": 0, "t": 10, "b": 0}, bargap=0.1,
        legend={"orientation": "h", "y": -0.18}, dragmode="select", selectdirection="h", clickmode="event+select",
    )
    if span is not None:
        layout["shapes"] = [{"type": "rect", "x0": span[0], "x1": span[1] + timedelta(days=1), "xref": "x",
                             "y0": 0, "y1": 1, "yref": "y domain", "fillcolor": "#ffd54f", "opacity": 0.25,
                             "line": {"width": 0}, "layer": "below"}]
    return figures.make(traces, layout)


def volume_figure(articles: pl.DataFrame | pl.LazyFrame | None, every: str, tz: str,
                  volume: pl.DataFrame | None = None) -> go.Figure:
    """Articles published per period (pure); ``volume``: :func:`article_volume` of ``articles`` when the
    caller has it already."""
    vol = article_volume(articles, every, tz) if volume is None else volume
    trace = {"type": "bar", "x": vol["day"].to_list(), "y": vol["articles"].to_list(), "marker": {"color": "#607d8b"},
             "name": "articles", "hovertemplate": "%{x}: %{y} article(s)<extra></extra>"}
    return figures.make([trace], {"height": 260, "margin": {"l": 0, "r": 0, "t": 10, "b": 0}, "bargap": 0.1,
                                  "yaxis": {"title": {"text": "articles"}}})


def render(tables: Tables, all_dates: View, view: View, tz: str = "UTC", unasserted: bool = False) -> None:
    """Draw the timeline of ``all_dates`` (the view without the span selection; its asserted events
    only unless ``unasserted``, saying how many were left out), the article volume and the events
    table of ``view`` (every event, with its modality and negation)."""
    st.subheader("Events")
    n_all, dated_all = cache.per_view(_sizes, tables, all_dates)
    n_view, dated_view = cache.per_view(_sizes, tables, view)
    if n_all == 0 and n_view == 0:
        st.info("No events in this view.")
        return
    if dated_all == 0:
        st.info(f"None of the {n_view:,} event(s) here has a date (their articles have no "
                "publication date and the text names none), so there is no timeline: they are listed below.")
        _table(tables, view)
        return
    every, data, volume, left_out = cache.per_view(_timeline, tables, all_dates, unasserted, tz)
    span = selection.span()
    tab_events, tab_articles = st.tabs(["Events by QuadClass", "Article volume"])
    with tab_events:
        st.caption(f"Events per {BIN_LABELS[every]}, stacked by QuadClass; the diamonds are the mean Goldstein "
                   "score (right axis). The view shows the central 90 % of dates (double-click for all). "
                   "Drag across the bars (or click one) to select a span of dates.")
        fig = cache.figure("timeline", lambda: timeline_figure(None, every, span, data=data), tables, all_dates,
                           unasserted, tz, span)
        st.plotly_chart(fig, key=selection.chart_key(f"{KEY}.timeline"), on_select="rerun",
                        selection_mode=("points", "box"))
        left_out_caption(left_out)
    with tab_articles:
        st.caption(f"Articles published per {BIN_LABELS[every]} ({tz}).")
        st.plotly_chart(cache.figure("volume", lambda: volume_figure(None, every, tz, volume=volume), tables,
                                     all_dates, unasserted, tz), key=f"{KEY}.volume")
    undated = n_view - dated_view
    if undated:
        st.caption(f"{undated} event(s) without a date are in the table but not on the timeline.")
    _table(tables, view)


def _sizes(tables: Tables, view: View) -> tuple[int, int]:
    """The view's events and dated events (counted in one pass)."""
    row = view.events_plan.select(pl.len(), pl.col("event_date").is_not_null().sum()).collect().row(0)
    return int(row[0]), int(row[1])


def _timeline(tables: Tables, all_dates: View, unasserted: bool, tz: str) -> tuple:
    """The bin width, :func:`timeline_data`, the article volume and the events left out as not
    asserted, for the timeline of ``all_dates``."""
    shown, left_out = asserted_view(all_dates, unasserted)
    every = timeline_bin(shown.events_plan) if shown.n_events else "1d"
    return every, timeline_data(shown.events_plan, every), article_volume(shown.articles_plan, every, tz), left_out


def _newest(tables: Tables, view: View) -> tuple[pl.DataFrame, int]:
    """The events table (:func:`dashboard.query.events.events_table`) of the newest
    :data:`TABLE_MAX_ROWS` events of ``view``, and how many events the view has."""
    return events_table(tables, newest_with_text(tables, view, TABLE_MAX_ROWS)), view.n_events


def _shown(tables: Tables, view: View) -> tuple[pa.Table, int]:
    """The events table of ``view`` as sent (:func:`~dashboard.views.grid.to_arrow`, without the
    article ids) and how many events the view has."""
    table, n = _newest(tables, view)
    return grid.to_arrow(table.drop("article_id")), n


def _table(tables: Tables, view: View) -> None:
    """The events table of ``view`` (the newest :data:`TABLE_MAX_ROWS`); a click on a column header
    sorts by it. Built and converted once per view, for every session."""
    table, n = cache.shared("events.table", lambda: _shown(tables, view), tables, view)
    if n > TABLE_MAX_ROWS:
        st.caption(f"The newest {TABLE_MAX_ROWS:,} of {n:,} events (download them all below "
                   "the counts).")
    st.dataframe(
        table,
        key=f"{KEY}.table",
        hide_index=True,
        column_config=column_config(**{c: st.column_config.TextColumn(width="medium") for c in ("source", "target")},
                                    verb=st.column_config.TextColumn(width="small")),
    )
