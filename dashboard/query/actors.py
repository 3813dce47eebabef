"""Actor names and labels for the views, and the actors of a view.

Shared by the other query modules; the labels feed the sidebar's actor filter
(:mod:`dashboard.views.filters`).
"""

from __future__ import annotations

import polars as pl

from dashboard.query.filters import View
from dashboard.query.tables import Tables


def actor_ids_in_view(tables: Tables, view: View) -> pl.Series:
    """Distinct actors of the view: sources and targets of its events, and the actors named in its
    articles unless an event-level filter applies (then an actor filter with a QuadClass counts the
    actors of the matching events, not every actor their articles name)."""
    parts = [view.events["source_actor_id"], view.events["target_actor_id"]]
    if not view.restricts_events:
        named = tables.article_actors if view.complete else tables.article_actors.filter(
            pl.col("article_id").is_in(view.article_ids.implode()))
        parts.append(named["actor_id"].unique().cast(pl.String))
    ids = pl.concat(parts)
    return ids.drop_nulls().unique().sort()


def actor_labels(tables: Tables) -> dict[str, str]:
    """``actor_id -> "Name (kind, country)"`` for every actor, ordered by name."""
    rows = tables.actors.unique("actor_id", keep="first").sort(pl.col("name").str.to_lowercase(), nulls_last=True)
    out = {}
    for r in rows.iter_rows(named=True):
        detail = ", ".join(x for x in (r["kind"], r["country"]) if x)
        name = r["name"] or r["actor_id"]
        out[r["actor_id"]] = f"{name} ({detail})" if detail else name
    return out


def actor_names(tables: Tables) -> pl.DataFrame:
    """``actor_id`` and canonical ``name`` of every actor, one row per id (to join onto events, quotes
    and mentions)."""
    return tables.actors.select("actor_id", "name").unique("actor_id", keep="first")


def with_actor_names(df: pl.DataFrame, tables: Tables) -> pl.DataFrame:
    """``df`` (events, or rows with ``source_actor_id`` and ``target_actor_id``) with ``source`` and
    ``target`` name columns; an actor without a name is shown by its id."""
    names = actor_names(tables)
    return df.join(
        names.rename({"actor_id": "source_actor_id", "name": "source"}), on="source_actor_id", how="left"
    ).join(names.rename({"actor_id": "target_actor_id", "name": "target"}), on="target_actor_id", how="left").with_columns(
        pl.coalesce("source", "source_actor_id").alias("source"),
        pl.coalesce("target", "target_actor_id").alias("target"),
    )
