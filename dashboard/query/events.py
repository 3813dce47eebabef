"""The events panel's table: coded events with dates written to their precision.

Shown by :mod:`dashboard.views.events` (below the timeline of :mod:`dashboard.query.timeline`).
"""

from __future__ import annotations

import polars as pl

from dashboard.query.actors import with_actor_names
from dashboard.query.tables import Tables
from dashboard.schema import QUAD_CLASS_NAMES


def date_label(date_col: str = "event_date", precision_col: str = "date_precision") -> pl.Expr:
    """An event date written to its precision: ``2014`` (year), ``2014-03`` (month), else ``2014-03-18``."""
    date = pl.col(date_col)
    return (pl.when(pl.col(precision_col) == "year").then(date.dt.strftime("%Y"))
            .when(pl.col(precision_col) == "month").then(date.dt.strftime("%Y-%m"))
            .otherwise(date.dt.strftime("%Y-%m-%d")))


def events_table(tables: Tables, events: pl.DataFrame) -> pl.DataFrame:
    """The events panel's table: date (a string written to its precision: ``2014`` for "in 2014"),
    source, verb, target, CAMEO, Goldstein, sentence, article title; newest first, undated last.

    A missing source or target is an empty string (an empty cell, not "None")."""
    arts = tables.articles.select("article_id", pl.col("title").alias("article"))
    return (
        with_actor_names(events, tables)
        .join(arts, on="article_id", how="left")
        .sort("event_date", descending=True, nulls_last=True, maintain_order=True)
        .select(
            date_label().alias("date"),
            pl.col("source").fill_null(""),
            "verb",
            pl.col("target").fill_null(""),
            pl.col("cameo_code").alias("CAMEO"),
            "goldstein",
            pl.col("quad_class").replace_strict(QUAD_CLASS_NAMES, default=None, return_dtype=pl.String).alias("QuadClass"),
            "sentence",
            "article",
            "article_id",
        )
    )
