"""The actor-stance panel: source × target pairs with their evidence sentences."""

from __future__ import annotations

import plotly.express as px
import polars as pl
import streamlit as st

from dashboard import query
from dashboard.views.filters import URL_PAIR_KEY

KEY = "stances"
PAIR_KEY = f"{KEY}.pair"
HEATMAP_MAX_ACTORS = 30


def _heatmap(table: pl.DataFrame):
    top = (
        pl.concat([table.select(a=pl.col("source"), n=pl.col("events")), table.select(a=pl.col("target"), n=pl.col("events"))])
        .group_by("a")
        .agg(pl.col("n").sum())
        .sort("n", descending=True)
        .head(HEATMAP_MAX_ACTORS)["a"]
    )
    sub = table.filter(pl.col("source").is_in(top.implode()) & pl.col("target").is_in(top.implode()))
    fig = px.density_heatmap(
        sub.to_pandas(),
        x="target",
        y="source",
        z="mean goldstein",
        histfunc="avg",
        color_continuous_scale="RdBu",
        range_color=(-10, 10),
        labels={"mean goldstein": "mean Goldstein"},
    )
    fig.update_layout(height=420, margin={"l": 0, "r": 0, "t": 10, "b": 0},
                      coloraxis_colorbar_title="mean Goldstein")
    return fig


def render(tables: query.Tables, view: query.View) -> tuple[str, str] | None:
    """Draw the stance table, a heatmap and the evidence of the chosen pair.

    Returns
    -------
    tuple of (str, str) or None
        The chosen (source, target) actor ids when it is not the default first pair (for the URL).
    """
    st.subheader("Actor stances")
    table = query.stance_table(tables, view.events)
    if table.height == 0:
        st.info("No events with both a source and a target actor in this view.")
        return None
    st.dataframe(
        table.drop("source_actor_id", "target_actor_id"),
        key=f"{KEY}.table",
        hide_index=True,
        column_config={
            "mean goldstein": st.column_config.NumberColumn(format="%.2f"),
            "first": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "last": st.column_config.DateColumn(format="YYYY-MM-DD"),
            **{c: st.column_config.ProgressColumn(c, min_value=0, max_value=1, format="percent")
               for c in table.columns if c.startswith("share ")},
        },
    )
    if table.height > 1:
        st.plotly_chart(_heatmap(table), key=f"{KEY}.heatmap")

    keys = [query.pair_key(s, t) for s, t in table.select("source_actor_id", "target_actor_id").iter_rows()]
    labels = dict(zip(keys, (f"{s} → {t} ({n})" for s, t, n in table.select("source", "target", "events").iter_rows())))
    wanted = st.session_state.pop(URL_PAIR_KEY, None)
    if wanted is not None and query.pair_key(*wanted) in labels:
        st.session_state[PAIR_KEY] = query.pair_key(*wanted)
    if st.session_state.get(PAIR_KEY) not in labels:
        st.session_state.pop(PAIR_KEY, None)
    chosen = st.selectbox("Evidence of the pair", options=keys, format_func=labels.get, key=PAIR_KEY)
    src, tgt = chosen.split(query.PAIR_SEPARATOR)
    evidence = query.pair_evidence(tables, view.events, (src, tgt))
    st.dataframe(
        evidence.drop("article_id"),
        key=f"{KEY}.evidence",
        hide_index=True,
        column_config={
            "date": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "sentence": st.column_config.TextColumn(width="large"),
        },
    )
    return None if chosen == keys[0] else (src, tgt)
