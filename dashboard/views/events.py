"""The events panel: a timeline by QuadClass and the table of coded events with their sentences."""

from __future__ import annotations

from datetime import timedelta

import plotly.express as px
import streamlit as st

from dashboard import query
from dashboard.schema import QUAD_CLASS_NAMES

KEY = "events"
BIN_LABELS = {"1d": "day", "1w": "week", "1mo": "month"}
QUAD_COLORS = {
    "Verbal cooperation": "#74add1",
    "Material cooperation": "#313695",
    "Verbal conflict": "#f46d43",
    "Material conflict": "#a50026",
    "Unknown": "#9e9e9e",
}


def render(tables: query.Tables, view: query.View) -> None:
    """Draw the timeline (events per day stacked by QuadClass) and the events table."""
    st.subheader("Events")
    if view.events.height == 0:
        st.info("No events in this view.")
        return
    every = query.timeline_bin(view.events)
    counts = query.timeline(view.events, every)
    if counts.height:
        fig = px.bar(
            counts.to_pandas(),
            x="event_date",
            y="events",
            color="quad",
            category_orders={"quad": list(QUAD_CLASS_NAMES.values())},
            color_discrete_map=QUAD_COLORS,
            labels={"event_date": "date", "quad": "QuadClass"},
        )
        fig.update_layout(barmode="stack", height=320, margin={"l": 0, "r": 0, "t": 10, "b": 0}, bargap=0.1)
        focus = query.timeline_focus(view.events)
        if focus is not None:
            pad = {"1d": 1, "1w": 7, "1mo": 31}[every]
            fig.update_xaxes(range=[focus[0] - timedelta(days=pad), focus[1] + timedelta(days=pad)])
        st.caption(f"Events per {BIN_LABELS[every]}, stacked by QuadClass; the view shows the central 90 % "
                   "of dates (zoom out or double-click for all).")
        st.plotly_chart(fig, key=f"{KEY}.timeline")
    undated = view.events.height - int(counts["events"].sum() or 0)
    if undated:
        st.caption(f"{undated} event(s) without a date are in the table but not on the timeline.")
    st.dataframe(
        query.events_table(tables, view.events).drop("article_id"),
        key=f"{KEY}.table",
        hide_index=True,
        column_config={
            "date": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "goldstein": st.column_config.NumberColumn(format="%.1f"),
            "sentence": st.column_config.TextColumn(width="large"),
        },
    )
