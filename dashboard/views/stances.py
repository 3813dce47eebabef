"""The actor-stance panel: source × target pairs as a heatmap and a network, with the evidence
sentences of a chosen pair.

Clicking a heatmap cell or a network edge (or choosing the pair in the list) selects the pair: the
other panels then show only its events, and the evidence lists its sentences with the article's
title, date and link. The pair is a cross-filter like a map selection ("Clear selections" undoes it).
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st
from plotly.colors import sample_colorscale

from dashboard.query.filters import View
from dashboard.query.events import asserted_plan, asserted_view
from dashboard.query.stances import pair_evidence, stance_matrix, stance_network, stance_table
from dashboard.query.tables import Tables
from dashboard.query.url import GROUPS_QUERY_KEY, PAIR_SEPARATOR, pair_key
from dashboard.views import QUAD_COLORS, cache, column_config, figures, lazy, selection
from dashboard.views.figures import GOLDSTEIN_SCALE
from dashboard.views.safe import link_column, plotly_column, plotly_text
from dashboard.views.filters import left_out_caption

KEY = "stances"
PAIR_KEY = f"{KEY}.pair"
VIEW_KEY = f"{KEY}.view"
GROUPS_KEY = GROUPS_QUERY_KEY  # bound to the query string: a shared link keeps it
HEATMAP_MAX_ACTORS = 30
LABEL_MAX_CHARS = 40  # actor labels on the heatmap's axes; the cells' hover has the names whole
NETWORK_HEIGHT = 760
NETWORK_MAX_ACTORS = 20
TABLE_MAX_ROWS = 500
NONE = ""

_HOVER = (
    "<b>%{customdata[1]} → %{customdata[2]}</b><br>events: %{customdata[3]}"
    "<br>mean Goldstein: %{customdata[4]}<br>%{customdata[5]} … %{customdata[6]}<extra></extra>"
)


def _labels(ids: list[str], table: pl.DataFrame) -> dict[str, str]:
    """Actor id -> display name, at most :data:`LABEL_MAX_CHARS` characters, made unique (two
    actors with one name get their ids appended), escaped for Plotly (:mod:`dashboard.views.safe`)."""
    names = dict(table.select("source_actor_id", "source").iter_rows())
    names.update(dict(table.select("target_actor_id", "target").iter_rows()))
    out, seen = {}, {}
    for a in ids:
        name = names.get(a) or a
        if len(name) > LABEL_MAX_CHARS:  # long names would be cut at the plot's edge; the hover has them whole
            name = name[: LABEL_MAX_CHARS - 1].rstrip() + "…"
        out[a] = plotly_text(name if name not in seen else f"{name} [{a}]")
        seen[name] = a
    return out


def _custom(df: pl.DataFrame) -> list[list]:
    return df.select(
        pl.format("{}{}{}", "source_actor_id", pl.lit(PAIR_SEPARATOR), "target_actor_id"),
        plotly_column("source"),
        plotly_column("target"),
        "events",
        pl.col("mean goldstein").round(2).cast(pl.String).fill_null("—"),
        pl.col("first").cast(pl.String).fill_null("?"),
        pl.col("last").cast(pl.String).fill_null("?"),
    ).rows()


def heatmap_figure(table: pl.DataFrame, max_actors: int = HEATMAP_MAX_ACTORS,
                   pair: tuple[str, str] | None = None) -> go.Figure:
    """Source × target heatmap of mean Goldstein (pure).

    Cells are square markers of a scatter trace (Plotly heatmaps cannot be selected), each carrying
    ``[pair key, source, target, events, mean Goldstein, first, last]`` in ``customdata``; counts
    and dates are in the hover. ``pair`` is outlined.
    """
    cells, top = stance_matrix(table, max_actors)
    labels = _labels(top, table)
    order = [labels[a] for a in top]
    n = max(len(top), 1)
    size = max(8, min(30, int(560 / n)))
    outline = [2.5 if pair and (s, t) == pair else 0.5
               for s, t in cells.select("source_actor_id", "target_actor_id").iter_rows()]
    trace = {
        "type": "scatter",
        "x": [labels[a] for a in cells["target_actor_id"]],
        "y": [labels[a] for a in cells["source_actor_id"]],
        "mode": "markers",
        "marker": {
            "symbol": "square",
            "size": size,
            "color": cells["mean goldstein"].to_list(),
            "colorscale": GOLDSTEIN_SCALE,
            "cmin": -10,
            "cmax": 10,
            "line": {"width": outline, "color": "#222"},
            "colorbar": {"title": {"text": "mean<br>Goldstein"}, "thickness": 12},
        },
        "customdata": _custom(cells),
        "hovertemplate": _HOVER,
        "name": "pairs",
    }
    return figures.make([trace], {
        "xaxis": {"title": {"text": "target"}, "categoryorder": "array", "categoryarray": order, "tickangle": -40,
                  "showgrid": True, "gridcolor": "#eee", "automargin": True},
        "yaxis": {"title": {"text": "source"}, "categoryorder": "array", "categoryarray": order[::-1],
                  "showgrid": True, "gridcolor": "#eee", "automargin": True},
        "height": max(320, 140 + size * n), "margin": {"l": 0, "r": 0, "t": 10, "b": 0},
        "plot_bgcolor": "white", "clickmode": "event+select", "dragmode": "pan",
    })


def network_figure(table: pl.DataFrame, max_actors: int = NETWORK_MAX_ACTORS,
                   pair: tuple[str, str] | None = None) -> go.Figure:
    """Directed stance network (pure): nodes sized by events, arrows coloured by mean Goldstein.

    Each arrow has a selectable marker at its middle carrying the pair's ``customdata`` (as the
    heatmap's cells); nodes carry their actor id only.
    """
    nodes, edges = stance_network(table, max_actors)
    traces, annotations = [], []
    gmax = max(int(nodes["events"].max() or 1), 1) if nodes.height else 1
    scores = [g for g in edges["mean goldstein"].to_list() if g is not None]  # one call: ~1 ms each
    sampled = iter(sample_colorscale(GOLDSTEIN_SCALE, [(max(-10, min(10, g)) + 10) / 20 for g in scores]) if scores else ())
    for r in edges.iter_rows(named=True):
        colour = next(sampled) if r["mean goldstein"] is not None else "#999"
        chosen = pair == (r["source_actor_id"], r["target_actor_id"])
        annotations.append({
            "x": r["x1"], "y": r["y1"], "ax": r["x0"], "ay": r["y0"], "xref": "x", "yref": "y", "axref": "x",
            "ayref": "y", "showarrow": True, "arrowhead": 3, "arrowsize": 1.2, "arrowcolor": "#222" if chosen else colour,
            "arrowwidth": min(1.5 + r["events"] ** 0.5, 7), "opacity": 0.9, "text": "",
        })
    if edges.height:
        traces.append({
            "type": "scatter", "x": edges["xm"].to_list(), "y": edges["ym"].to_list(), "mode": "markers", "name": "pairs",
            "marker": {"size": 11, "color": edges["mean goldstein"].to_list(), "colorscale": GOLDSTEIN_SCALE,
                       "cmin": -10, "cmax": 10, "line": {"width": 1, "color": "#444"},
                       "colorbar": {"title": {"text": "mean<br>Goldstein"}, "thickness": 12}},
            "customdata": _custom(edges), "hovertemplate": _HOVER,
        })
    if nodes.height:
        traces.append({
            "type": "scatter", "x": nodes["x"].to_list(), "y": nodes["y"].to_list(), "mode": "markers", "name": "actors",
            "marker": {"size": [12 + 30 * (e / gmax) ** 0.5 for e in nodes["events"]], "color": "#f2f2f2",
                       "line": {"width": 1.5, "color": "#555"}},
            "customdata": nodes.select("actor_id", plotly_column("name"), "events").rows(),
            "hovertemplate": "<b>%{customdata[1]}</b><br>events: %{customdata[2]}<extra></extra>",
        })
    # Names as boxed annotations added after the arrows, so they are drawn above them (never under).
    for r in nodes.iter_rows(named=True):
        annotations.append({"x": r["x"], "y": r["y"], "xref": "x", "yref": "y", "text": plotly_text(r["name"]),
                            "showarrow": False, "yshift": 10 + 15 * (r["events"] / gmax) ** 0.5,
                            "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 12, "color": "#222"}, "borderpad": 1})
    return figures.make(traces, {
        "annotations": annotations or None,
        "xaxis": {"visible": False, "range": [-1.45, 1.45]},
        "yaxis": {"visible": False, "range": [-1.3, 1.3], "scaleanchor": "x"},
        "height": NETWORK_HEIGHT, "margin": {"l": 0, "r": 0, "t": 10, "b": 0}, "showlegend": False,
        "plot_bgcolor": "white", "clickmode": "event+select", "dragmode": "pan",
    })


def _choose_pair() -> None:
    value = st.session_state.get(PAIR_KEY) or NONE
    selection.set_pair(tuple(value.split(PAIR_SEPARATOR)) if value else None)


def _stances(tables: Tables, view: View, groups: bool, unasserted: bool) -> tuple[pl.DataFrame, int]:
    """The stance table of ``view`` and the number of its events left out as not asserted."""
    return (stance_table(tables, view.events_plan, groups=groups, unasserted=unasserted),
            asserted_view(view, unasserted)[1])


def _evidence(tables: Tables, view: View, pair: tuple[str, str], unasserted: bool) -> pl.DataFrame:
    """The evidence of ``pair`` among the view's (asserted, unless ``unasserted``) events."""
    return pair_evidence(tables, asserted_plan(view.events_plan, unasserted), pair)


def render(tables: Tables, all_pairs: View, view: View, unasserted: bool = False) -> None:
    """Draw the stance table, heatmap, network and the evidence of the selected pair.

    ``all_pairs`` is the view without the pair selection (every pair stays choosable); ``view`` is
    the full view (its events are the evidence). Only asserted events count unless ``unasserted``
    (the sidebar switch); how many were left out is said.
    """
    st.subheader("Actor stances")
    groups = st.toggle("Include groups with no country", key=GROUPS_KEY, bind="query-params",
                       help='Unattributed groups such as "troops", "soldiers" or "militants": whose they '
                            "are is unknown, so they are left out of the stances by default.")
    table, left_out = cache.per_view(_stances, tables, all_pairs, groups, unasserted)
    left_out_caption(left_out)
    if table.height == 0:
        st.info("No events with both a source and a target actor in this view"
                + ("." if groups else " (groups with no country left out)."))
        return
    pair = selection.pair()
    shown = f" (the {TABLE_MAX_ROWS} busiest of {table.height:,})" if table.height > TABLE_MAX_ROWS else ""
    box = lazy.expander(f"Pairs{shown}", f"{KEY}.pairs_open")
    if box is not None:  # closed: the table is neither built nor sent
        box.dataframe(
            table.head(TABLE_MAX_ROWS).drop("source_actor_id", "target_actor_id"),
            key=f"{KEY}.table",
            hide_index=True,
            column_config=column_config(
                **{"mean goldstein": st.column_config.NumberColumn(format="%.2f")},
                **{c: st.column_config.ProgressColumn(c, min_value=0, max_value=1, format="percent",
                                                      color=QUAD_COLORS.get(c.removeprefix("share ").capitalize()))
                   for c in table.columns if c.startswith("share ")},
            ),
        )
    st.caption("Mean Goldstein score per source → target pair (red: conflict, blue: cooperation). "
               "Click a cell or an arrow's dot to select the pair: the other panels show its events.")
    tab_heat, tab_net = st.tabs(["Heatmap", "Network"], key=VIEW_KEY, on_change="rerun")  # only the open one runs
    if tab_heat.open:
        with tab_heat:
            fig = cache.figure("heatmap", lambda: heatmap_figure(table, pair=pair), tables, all_pairs, groups,
                               unasserted, pair)
            st.plotly_chart(fig, key=selection.chart_key(f"{KEY}.heatmap"), on_select="rerun",
                            selection_mode=("points", "box"))
    if tab_net.open:
        with tab_net:
            fig = cache.figure("network", lambda: network_figure(table, pair=pair), tables, all_pairs, groups,
                               unasserted, pair)
            st.plotly_chart(fig, key=selection.chart_key(f"{KEY}.network"), on_select="rerun",
                            selection_mode=("points", "box"))

    keys = [pair_key(s, t) for s, t in table.select("source_actor_id", "target_actor_id").iter_rows()]
    labels = dict(zip(keys, (f"{s} → {t} ({n})" for s, t, n in table.select("source", "target", "events").iter_rows())))
    current = pair_key(*pair) if pair else NONE
    if current and current not in labels:
        keys.insert(0, current)
        labels[current] = current.replace(PAIR_SEPARATOR, " → ") + " (no events in this view)"
    st.session_state[PAIR_KEY] = current
    st.selectbox("Evidence of the pair", options=[NONE] + keys,
                 format_func=lambda k: labels.get(k, "— choose a pair (or click the heatmap) —"),
                 key=PAIR_KEY, on_change=_choose_pair)
    if pair is None:
        return
    evidence = cache.per_view(_evidence, tables, view, pair, unasserted)
    st.caption(f"{evidence.height} evidence sentence(s).")
    st.dataframe(
        evidence.drop("article_id").with_columns(link_column("url")),  # only http(s) links
        key=f"{KEY}.evidence",
        hide_index=True,
        column_config=column_config(
            published=st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
            url=st.column_config.LinkColumn("link", display_text="open"),
        ),
    )
