"""Tables derived from the build tables when a store is written (:data:`dashboard.schema.DERIVED_TABLES`).

:func:`dashboard.store.write_tables` writes them beside the build tables, so the dashboard reads a
small table instead of aggregating the mention tables or the events (tens of millions of rows at
scale) when it opens a store. Nothing here imports the dashboard's query layer or Streamlit.
"""

from __future__ import annotations

import polars as pl

from dashboard.schema import DERIVED_TABLES, HIDDEN_MENTION_ROLES


def mention_counts(entities: pl.LazyFrame | pl.DataFrame, place_mentions: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    """The ``mention_counts`` table (:data:`dashboard.schema.DERIVED_TABLES`) of ``entities`` and
    ``place_mentions``: one row per article and resolved actor or place, with the number of
    mentions (and, for a place, those of a hidden role), sorted.

    Parameters
    ----------
    entities, place_mentions
        The mention tables (frames or lazy scans with at least the columns used).

    Returns
    -------
    polars.LazyFrame
        A plan with the declared schema of ``mention_counts``.
    """
    table = DERIVED_TABLES["mention_counts"]
    hidden = pl.col("role").is_in(HIDDEN_MENTION_ROLES).fill_null(False)
    actors = (
        entities.lazy().select(pl.col("article_id").cast(pl.String), pl.col("actor_id").cast(pl.String))
        .filter(pl.col("actor_id").is_not_null())
        .group_by("article_id", "actor_id").agg(pl.len().cast(pl.Int32).alias("mentions"))
        .with_columns(pl.lit(None, dtype=pl.String).alias("place_id"), pl.lit(0, dtype=pl.Int32).alias("hidden_mentions"))
    )
    places = (
        place_mentions.lazy().select(pl.col("article_id").cast(pl.String), pl.col("place_id").cast(pl.String),
                                     pl.col("role").cast(pl.String))
        .filter(pl.col("place_id").is_not_null())
        .group_by("article_id", "place_id")
        .agg(pl.len().cast(pl.Int32).alias("mentions"), hidden.sum().cast(pl.Int32).alias("hidden_mentions"))
        .with_columns(pl.lit(None, dtype=pl.String).alias("actor_id"))
    )
    cols = list(table.schema)
    return pl.concat([actors.select(cols), places.select(cols)]).sort(cols[:3], nulls_last=True)



def article_mentions(articles: pl.LazyFrame | pl.DataFrame, counts: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    """The ``article_mentions`` table (:data:`dashboard.schema.DERIVED_TABLES`): each article's
    actors and places, one row per row of ``articles`` in its order.

    Written beside the articles in the same ``month=`` partitions and the same row order, so that the
    dashboard reads the lists of the articles it holds by row (no article id to look up: at ten
    million events ``mention_counts`` has 22 million rows whose ids cost a second of CPU to read).

    Parameters
    ----------
    articles
        The articles (``article_id``) in the order they are written.
    counts
        The ``mention_counts`` rows (:func:`mention_counts`) of those articles.

    Returns
    -------
    polars.LazyFrame
        A plan with the declared schema of ``article_mentions``: ``actor_ids`` and ``place_ids``
        sorted, ``place_mention_counts`` aligned with ``place_ids``; empty lists for an article
        without any.
    """
    table = DERIVED_TABLES["article_mentions"]
    rows = counts.lazy().select(pl.col("article_id", "actor_id", "place_id").cast(pl.String),
                                (pl.col("mentions") - pl.col("hidden_mentions")).cast(pl.Int32).alias("shown"))
    actors = (rows.filter(pl.col("actor_id").is_not_null()).group_by("article_id")
              .agg(pl.col("actor_id").unique().sort().alias("actor_ids")))
    places = (rows.filter(pl.col("place_id").is_not_null()).group_by("article_id", "place_id")
              .agg(pl.col("shown").sum()).sort("article_id", "place_id")
              .group_by("article_id", maintain_order=True)
              .agg(pl.col("place_id").alias("place_ids"), pl.col("shown").alias("place_mention_counts")))
    empty = {c: pl.col(c).fill_null(pl.lit([], dtype=t)) for c, t in table.schema.items() if c != "article_id"}
    return (articles.lazy().select(pl.col("article_id").cast(pl.String))
            .join(actors, on="article_id", how="left", maintain_order="left")
            .join(places, on="article_id", how="left", maintain_order="left")
            .with_columns(**empty).select(list(table.schema)))


def mention_totals(counts: pl.LazyFrame | pl.DataFrame, months: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    """The ``mention_totals`` table (:data:`dashboard.schema.DERIVED_TABLES`): ``mention_counts``
    summed per publication month and actor or place.

    A view of every article (or of all but a few, whose ``mention_counts`` rows are subtracted)
    reads these few thousand rows instead of the tens of millions of per-article rows.

    Parameters
    ----------
    counts
        The ``mention_counts`` rows (:func:`mention_counts`).
    months
        ``article_id`` and ``month`` (``YYYY-MM``, the publication month in UTC; null when undated)
        of every article: the ``month=`` partition its rows are written to.

    Returns
    -------
    polars.LazyFrame
        A plan with the declared schema of ``mention_totals``: one row per month and actor or place,
        with ``articles`` (rows of ``mention_counts`` summed) and the summed ``mentions`` and
        ``hidden_mentions``; sorted. An article missing from ``months`` counts as undated.
    """
    table = DERIVED_TABLES["mention_totals"]
    months = months.lazy().select(pl.col("article_id").cast(pl.String), pl.col("month").cast(pl.String))
    keyed = counts.lazy().with_columns(pl.col("article_id").cast(pl.String)).join(months, on="article_id", how="left")
    cols = list(table.schema)
    return (
        keyed.group_by("month", pl.col("actor_id").cast(pl.String), pl.col("place_id").cast(pl.String))
        .agg(pl.len().cast(pl.Int32).alias("articles"), pl.col("mentions").cast(pl.Int64).sum(),
             pl.col("hidden_mentions").cast(pl.Int64).sum())
        .select(cols).sort(cols[:3], nulls_last=True)
    )


def day_totals(events: pl.LazyFrame | pl.DataFrame, articles: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    """The ``day_totals`` table (:data:`dashboard.schema.DERIVED_TABLES`): the events counted per
    ``event_date`` and the articles per publication day (UTC).

    The dashboard's date bounds and default date range (in UTC) read these few thousand rows instead
    of the date of every event.

    Parameters
    ----------
    events, articles
        The events (``event_date``) and the articles (``published``, UTC), frames or lazy scans.

    Returns
    -------
    polars.LazyFrame
        A plan with the declared schema of ``day_totals``: one row per day with an event or an
        article (nulls left out), sorted by day.
    """
    table = DERIVED_TABLES["day_totals"]
    per_event = events.lazy().select(pl.col("event_date").cast(pl.Date).alias("day")).drop_nulls().group_by("day").agg(
        pl.len().cast(pl.Int64).alias("events"))
    published = pl.col("published").dt.replace_time_zone("UTC", non_existent="null").dt.date()  # naive: taken as UTC
    per_article = articles.lazy().select(published.alias("day")).drop_nulls().group_by("day").agg(
        pl.len().cast(pl.Int64).alias("articles"))
    return (per_event.join(per_article, on="day", how="full", coalesce=True)
            .with_columns(pl.col("events", "articles").fill_null(0)).select(list(table.schema)).sort("day"))


def actor_totals(events: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    """The ``actor_totals`` table (:data:`dashboard.schema.DERIVED_TABLES`): how many events each actor
    is the source of and the target of.

    The dashboard ranks the busiest actors, and counts the actors of a view that keeps most events,
    from these rows instead of grouping every event.

    Parameters
    ----------
    events
        The events (``source_actor_id``, ``target_actor_id``), a frame or a lazy scan.

    Returns
    -------
    polars.LazyFrame
        A plan with the declared schema of ``actor_totals``: one row per actor of at least one event,
        sorted by ``actor_id``.
    """
    table = DERIVED_TABLES["actor_totals"]
    ev = events.lazy()
    counted = [
        ev.select(pl.col(column).cast(pl.String).alias("actor_id")).drop_nulls().group_by("actor_id").agg(
            pl.len().cast(pl.Int64).alias(name))
        for column, name in (("source_actor_id", "source_events"), ("target_actor_id", "target_events"))
    ]
    return (counted[0].join(counted[1], on="actor_id", how="full", coalesce=True)
            .with_columns(pl.col("source_events", "target_events").fill_null(0)).select(list(table.schema))
            .sort("actor_id"))
