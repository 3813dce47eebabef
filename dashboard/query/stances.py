"""The stance panel's data: per actor pair counts, Goldstein and QuadClass shares, the heatmap
cells, the network layout and a pair's evidence sentences.

Shown by :mod:`dashboard.views.stances`.
"""

from __future__ import annotations

import math

import polars as pl

from dashboard.query.actors import with_actor_names
from dashboard.query.events import asserted_plan, date_label
from dashboard.query.tables import Tables, _plain
from dashboard.schema import QUAD_CLASS_NAMES


def unattributed_groups(tables: Tables) -> list[str]:
    """Ids of the group actors with no country ("troops", "soldiers", "militants"): who they are
    is unknown, so a stance towards or from them says little (see :func:`stance_table`)."""
    actors = tables.actors
    return actors.filter((pl.col("kind") == "group") & pl.col("country").is_null())["actor_id"].cast(pl.String).to_list()


def stance_table(tables: Tables, events: pl.DataFrame | pl.LazyFrame, groups: bool = False,
                 unasserted: bool = False) -> pl.DataFrame:
    """Per (source, target) actor pair: event count, mean Goldstein, QuadClass shares, first/last date.

    Events without a source or a target actor are left out, and so are things acted upon (actors of
    kind ``object``, "a bridge"): stances are between actors. Events that are not asserted ("if
    Russia decides to invade Ukraine", "Would Russia attack?", "no evidence that…": see
    :func:`dashboard.query.events.asserted_only`) are left out unless ``unasserted`` is True: they
    did not happen. So are groups with no country
    (:func:`unattributed_groups`: "troops", "soldiers") unless ``groups`` is True. Sorted by count
    (descending). ``events`` may be a plan (a view's :attr:`~dashboard.query.filters.View.events_plan`):
    only the aggregate is collected.
    """
    ev = asserted_plan(events, unasserted).select(
        "source_actor_id", "target_actor_id", "quad_class", "goldstein", "event_date").filter(
        pl.col("source_actor_id").is_not_null() & pl.col("target_actor_id").is_not_null())
    shares = [
        (pl.col("quad_class") == q).mean().fill_null(0).alias(f"share {name.lower()}")
        for q, name in QUAD_CLASS_NAMES.items()
    ]
    # The actors left out are tested on the pairs, after grouping: a pair's rows all share its actors.
    left_out = pl.col("source_actor_id").str.starts_with("object:") | pl.col("target_actor_id").str.starts_with("object:")
    vague = [] if groups else unattributed_groups(tables)
    if vague:
        left_out = left_out | pl.col("source_actor_id").is_in(vague) | pl.col("target_actor_id").is_in(vague)
    agg = ev.group_by("source_actor_id", "target_actor_id").agg(
        pl.len().alias("events"),
        pl.col("goldstein").mean().alias("mean goldstein"),
        *shares,
        pl.col("event_date").min().alias("first"),
        pl.col("event_date").max().alias("last"),
    ).with_columns(pl.col("source_actor_id", "target_actor_id").cast(pl.String)).filter(~left_out).collect()
    out = with_actor_names(agg, tables)
    first = ["source", "target", "events", "mean goldstein"]
    rest = [c for c in out.columns if c not in first]
    return out.select(first + rest).sort(["events", "source", "target"], descending=[True, False, False])


def top_stance_actors(table: pl.DataFrame, n: int) -> list[str]:
    """Ids of the ``n`` actors with the most events (as source or target) in a :func:`stance_table`."""
    if table.height == 0:
        return []
    both = pl.concat(
        [
            table.select(pl.col("source_actor_id").alias("a"), pl.col("source").alias("name"), "events"),
            table.select(pl.col("target_actor_id").alias("a"), pl.col("target").alias("name"), "events"),
        ]
    )
    ranked = both.group_by("a").agg(pl.col("events").sum(), pl.col("name").first()).sort(
        ["events", "name"], descending=[True, False]
    )
    return ranked.head(n)["a"].to_list()


def stance_matrix(table: pl.DataFrame, max_actors: int = 30) -> tuple[pl.DataFrame, list[str]]:
    """The cells of the stance heatmap: rows of ``table`` whose source and target are among the
    ``max_actors`` busiest actors, plus those actors' ids (axis order, busiest first)."""
    top = top_stance_actors(table, max_actors)
    cells = table.filter(pl.col("source_actor_id").is_in(top) & pl.col("target_actor_id").is_in(top))
    return cells, top


def stance_network(table: pl.DataFrame, max_actors: int = 20) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Nodes and directed edges of the stance network, laid out on a circle (no graph library).

    Returns
    -------
    nodes
        ``actor_id``, ``name``, ``events`` (as source or target), ``x``, ``y`` — busiest first,
        clockwise from the top.
    edges
        One row per (source, target) pair among the nodes: the stance-table columns plus ``x0``,
        ``y0``, ``x1``, ``y1`` (the arrow, shifted sideways so A→B and B→A do not overlap, and
        shortened so it ends at the node's rim) and ``xm``, ``ym`` (its middle).
    """
    top = top_stance_actors(table, max_actors)
    n = len(top)
    both = pl.concat(
        [
            table.select(pl.col("source_actor_id").alias("actor_id"), pl.col("source").alias("name"), "events"),
            table.select(pl.col("target_actor_id").alias("actor_id"), pl.col("target").alias("name"), "events"),
        ]
    ).group_by("actor_id").agg(pl.col("name").first(), pl.col("events").sum())
    angle = {a: math.pi / 2 - 2 * math.pi * i / max(n, 1) for i, a in enumerate(top)}
    pos = {a: (0.0, 0.0) if n == 1 else (math.cos(t), math.sin(t)) for a, t in angle.items()}
    nodes = (
        pl.DataFrame({"actor_id": top, "x": [pos[a][0] for a in top], "y": [pos[a][1] for a in top]},
                     schema={"actor_id": pl.String, "x": pl.Float64, "y": pl.Float64})
        .join(both, on="actor_id", how="left")
        .select("actor_id", "name", "events", "x", "y")
    )
    edges = table.filter(
        pl.col("source_actor_id").is_in(top) & pl.col("target_actor_id").is_in(top)
        & (pl.col("source_actor_id") != pl.col("target_actor_id"))
    )
    coords = []
    for src, tgt in edges.select("source_actor_id", "target_actor_id").iter_rows():
        (x0, y0), (x1, y1) = pos[src], pos[tgt]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        off = 0.035  # to the right of the direction of travel
        sx, sy = x0 + uy * off + ux * 0.07, y0 - ux * off + uy * 0.07
        ex, ey = x1 + uy * off - ux * 0.09, y1 - ux * off - uy * 0.09
        coords.append((sx, sy, ex, ey, (sx + ex) / 2, (sy + ey) / 2))
    cols = ["x0", "y0", "x1", "y1", "xm", "ym"]
    geo = pl.DataFrame(coords, schema={c: pl.Float64 for c in cols}, orient="row")
    return nodes, pl.concat([edges, geo], how="horizontal")


def pair_evidence(tables: Tables, events: pl.DataFrame | pl.LazyFrame, pair: tuple[str, str]) -> pl.DataFrame:
    """The evidence of one pair: its events' sentences with article title and date (written to its
    precision, as in :func:`dashboard.query.events.events_table`), oldest first."""
    src, tgt = pair
    ev = _plain(events.lazy().filter((pl.col("source_actor_id") == src) & (pl.col("target_actor_id") == tgt)).collect())
    arts = _plain(tables.articles.filter(pl.col("article_id").is_in(ev["article_id"].unique().implode()))
                  .select("article_id", "title", "published", "url"))
    return (
        tables.with_event_columns(ev).join(arts, on="article_id", how="left")
        .sort("event_date", nulls_last=True, maintain_order=True)
        .select(
            date_label().alias("date"),
            "verb",
            pl.col("cameo_code").alias("CAMEO"),
            "goldstein",
            "modality",
            "negated",
            "sentence",
            pl.col("title").alias("article"),
            "published",
            "url",
            "article_id",
        )
    )
