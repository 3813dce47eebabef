"""Tables derived from the build tables when a store is written (:data:`dashboard.schema.DERIVED_TABLES`).

:func:`dashboard.store.write_tables` writes them beside the build tables, so the dashboard reads a
small table instead of aggregating the mention tables (tens of millions of rows at scale) when it
opens a store. Nothing here imports the dashboard's query layer or Streamlit.
"""

from __future__ import annotations

import polars as pl

from dashboard.schema import DERIVED_TABLES, HIDDEN_MENTION_ROLES, article_key


def mention_counts(entities: pl.LazyFrame | pl.DataFrame, place_mentions: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    """The ``mention_counts`` table (:data:`dashboard.schema.DERIVED_TABLES`) of ``entities`` and
    ``place_mentions``: one row per article and resolved actor or place, with the number of
    mentions (and, for a place, those of a hidden role) and the article's integer key
    (:func:`dashboard.schema.article_key`), sorted.

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
    base = [c for c in cols if c != "article_key"]  # the key: computed once, on the grouped rows
    pairs = pl.concat([actors.select(base), places.select(base)]).with_columns(
        article_key(pl.col("article_id")).alias("article_key"))
    return pairs.select(cols).sort(cols[:3], nulls_last=True)



def read_mention_pairs(counts: pl.LazyFrame, articles: pl.DataFrame | None) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """The per-article pairs the dashboard keeps, read from a store's ``mention_counts`` in one pass.

    With ``articles``, the rows are read by their ``article_key`` (integers) and joined to the keys
    of ``articles.article_id``, so the article ids (tens of millions of strings at scale) are
    neither read nor cast; without, the ids are read and cast to Categorical (the slower path, for
    stores written before ``article_key``).

    Parameters
    ----------
    counts
        A scan of ``mention_counts`` (declared schema; ``article_key`` null where the store lacks it).
    articles
        The held articles (at least ``article_id``, String or Categorical), or None to read the ids.

    Returns
    -------
    tuple of polars.DataFrame, or None
        (``article_id``, ``actor_id``) and (``article_id``, ``place_id``, ``n``: the mentions of a
        shown role, UInt32), ids Categorical (``article_id`` in the dtype of ``articles``); None when
        read by key and a row has no key, an article id has none, or a key is not one of the
        articles' (then call it again without ``articles``).
    """
    def plans(article: pl.Expr) -> list[pl.LazyFrame]:
        return [counts.filter(pl.col("actor_id").is_not_null())
                .select(article, pl.col("actor_id").cast(pl.Categorical)),
                counts.filter(pl.col("place_id").is_not_null())
                .select(article, pl.col("place_id").cast(pl.Categorical),
                        (pl.col("mentions") - pl.col("hidden_mentions")).cast(pl.UInt32).alias("n"))]

    if articles is None:
        return tuple(pl.collect_all(plans(pl.col("article_id").cast(pl.Categorical)), engine="streaming"))
    keys = articles.select(article_key(pl.col("article_id").cast(pl.String)).alias("article_key"),
                           "article_id").unique("article_key", keep="first")
    if keys.height == 0 or keys["article_key"].null_count():
        return None
    pairs = pl.collect_all(plans(pl.col("article_key")), engine="streaming")
    if any(df["article_key"].null_count() for df in pairs):
        return None
    pairs = [df.join(keys, on="article_key", how="left", maintain_order="left") for df in pairs]
    if any(df["article_id"].null_count() for df in pairs):  # a key of no held article
        return None
    return tuple(df.select("article_id", *df.columns[1:-1]) for df in pairs)
