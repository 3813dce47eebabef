"""Which articles are in a view that has no event-level filter: those its article-level condition
keeps (date range, places) plus the others that one of its events names.

Used by :func:`dashboard.query.filters.apply_filters` for the articles' mask of a view
(:attr:`~dashboard.query.filters.View.article_mask`).
"""

from __future__ import annotations

import polars as pl


def article_mask(art: pl.LazyFrame, cond: pl.Expr, events: pl.LazyFrame | pl.DataFrame) -> pl.Series:
    """Which rows of ``art`` are in a view: those ``cond`` keeps, and of the others those with an
    event in ``events``.

    Only the events of the articles ``cond`` leaves out are looked for (the default date range
    leaves out a few percent), not the distinct articles of every event of the view; their ids are
    cast to the events' dtype (Categorical at scale), not every event's id to the articles'.

    Parameters
    ----------
    art
        The articles (``article_id``, and the columns ``cond`` reads).
    cond
        The article-level condition of the view (Boolean, no nulls).
    events
        The view's events (``article_id``).

    Returns
    -------
    polars.Series
        Boolean, no nulls, one per row of ``art`` in its order.
    """
    inside = art.select(cond.alias("_in"), "article_id").collect().with_row_index("_row")
    outside = inside.filter(~pl.col("_in")).select("_row", "article_id")
    if outside.height == 0:
        return inside["_in"]
    ev = events.lazy()
    wanted = outside["article_id"].cast(ev.collect_schema()["article_id"])
    named = ev.select("article_id").filter(pl.col("article_id").is_in(wanted.implode())).unique().collect()["article_id"]
    rows = outside.filter(pl.col("article_id").is_in(named.cast(outside.schema["article_id"]).implode()))["_row"]
    return inside.select(pl.col("_in") | pl.col("_row").is_in(rows.implode())).to_series()
