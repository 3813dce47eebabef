"""Downloads: the view's tables with every column, as CSV or Parquet bytes.

Shown by :mod:`dashboard.views.downloads`; the article texts are read from the store only here.
"""

from __future__ import annotations

import io

import polars as pl

from dashboard import store
from dashboard.query.actors import with_actor_names, actor_ids_in_view
from dashboard.query.filters import View
from dashboard.query.map import map_points
from dashboard.query.tables import Tables, _plain
from dashboard.schema import TABLES

#: Tables offered for download, in the order shown.
EXPORT_NAMES: tuple[str, ...] = ("events", "actors", "places", "articles")


def export_frame(tables: Tables, view: View, name: str) -> pl.DataFrame:
    """One download table of the view: ``events`` (with actor names and article title), ``actors``
    (of the view, with their event counts), ``places`` (map markers with mentions) or ``articles``."""
    if name == "events":
        arts = _plain(tables.articles.select("article_id", pl.col("title").alias("article_title"),
                                            pl.col("url").alias("article_url")))
        events = tables.with_event_columns(view.events, tuple(TABLES["events"].schema))
        return with_actor_names(events.select(list(TABLES["events"].schema)), tables).join(arts, on="article_id", how="left")
    if name == "actors":
        ids = actor_ids_in_view(tables, view)
        as_src = view.events.group_by(pl.col("source_actor_id").alias("actor_id")).len("events_as_source")
        as_tgt = view.events.group_by(pl.col("target_actor_id").alias("actor_id")).len("events_as_target")
        return (
            tables.actors.unique("actor_id", keep="first")
            .filter(pl.col("actor_id").is_in(ids.implode()))
            .join(as_src, on="actor_id", how="left")
            .join(as_tgt, on="actor_id", how="left")
            .with_columns(pl.col("events_as_source", "events_as_target").fill_null(0))
            .sort("name", nulls_last=True)
        )
    if name == "places":
        return map_points(tables, view).join(
            tables.places.unique("place_id", keep="first").select(
                "place_id", "feature_class", "feature_code", "admin1", "population", "source"
            ),
            on="place_id",
            how="left",
        )
    if name == "articles":
        return _full_articles(tables, view.articles)
    raise ValueError(f"unknown export {name!r}; expected one of {', '.join(EXPORT_NAMES)}")


def _full_articles(tables: Tables, articles: pl.DataFrame) -> pl.DataFrame:
    """``articles`` with every declared column: those not held in memory (the texts) are read from
    the store for these articles only (nulls without a store)."""
    declared = TABLES["articles"].schema
    missing = [c for c in declared if c not in articles.columns]
    if missing and tables.data_dir is not None:
        ids = articles["article_id"].unique().implode()
        months = tables.months_of(articles["article_id"].cast(pl.String).unique())  # their partitions only
        extra = (
            store.scan(tables.data_dir, "articles", months=months).select("article_id", *missing)
            .filter(pl.col("article_id").is_in(ids)).unique("article_id", keep="first").collect()
        )
        articles = articles.join(extra, on="article_id", how="left", maintain_order="left")
    else:
        articles = articles.with_columns(pl.lit(None, dtype=declared[c]).alias(c) for c in missing)
    return articles.select(list(declared))


#: A text cell a spreadsheet would run as a formula (OWASP "CSV injection"): ``=``, ``+``, ``-``,
#: ``@``, a tab or a carriage return first. In a CSV download such a cell gets a ``'`` in front,
#: which spreadsheets show as text and hide; the Parquet download keeps the values as they are.
FORMULA_START = r"^[=+\-@\t\r]"


def frame_bytes(df: pl.DataFrame, fmt: str) -> bytes:
    """``df`` as ``csv`` (UTF-8, list columns joined with ``"; "``, text cells that a spreadsheet would
    run as a formula prefixed with ``'``: see :data:`FORMULA_START`) or ``parquet`` bytes."""
    buf = io.BytesIO()
    if fmt == "parquet":
        df.write_parquet(buf)
    elif fmt == "csv":
        lists = [n for n, t in df.schema.items() if isinstance(t, pl.List)]
        df = df.with_columns(pl.col(n).list.join("; ") for n in lists)
        texts = [n for n, t in df.schema.items() if t in (pl.String, pl.Categorical)]
        df.with_columns(pl.when(pl.col(n).cast(pl.String).str.contains(FORMULA_START))
                        .then(pl.lit("'") + pl.col(n).cast(pl.String)).otherwise(pl.col(n).cast(pl.String)).alias(n)
                        for n in texts).write_csv(buf)
    else:
        raise ValueError(f"unknown format {fmt!r}; expected csv or parquet")
    return buf.getvalue()
