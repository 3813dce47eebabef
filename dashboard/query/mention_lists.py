"""Each held article's actors and places, by its row: what a filtered view's map, actors and place
filter read of the mention tables.

A store written by the build has them as the ``article_mentions`` table
(:func:`dashboard.derived.article_mentions`): one row per article, in the order and ``month=``
partitions of the ``articles`` table, with the lists of actor ids, place ids and the places' shown
mention counts. Read from the very files of the held articles, its rows are theirs: a view's
article mask (a Boolean over the held articles' rows) picks its articles' lists without looking up
an article id (at ten million events the 22 million ids of ``mention_counts`` took a second of CPU
to read; the lists of places 0.4 s). The ids read beside them are compared with the held articles'
ids, so a store that changed under the tables, or a file left out as unreadable, is never
misaligned: the lists are then computed from the per-article pairs
(:func:`dashboard.query.pairs.compute_pairs`), as for a store written before the table, corrected
tables or frames built in memory.
"""

from __future__ import annotations

import logging

import polars as pl

log = logging.getLogger(__name__)

#: The columns of each kind of list (:func:`compute_lists`), as ``article_mentions`` declares them.
LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "places": ("place_ids", "place_mention_counts"),
    "actors": ("actor_ids",),
}


def compute_lists(tables, kind: str) -> pl.DataFrame:
    """The ``kind`` lists (``"places"`` or ``"actors"``) of every held article of ``tables`` (a
    :class:`~dashboard.query.tables.Tables`), one row per row of ``tables.articles`` in its order.

    Returns
    -------
    polars.DataFrame
        ``places``: ``place_ids`` (a list of ids, sorted) and ``place_mention_counts`` (List[Int32],
        aligned: the place's mentions of a shown role, 0 when only of a hidden one); ``actors``:
        ``actor_ids`` (a list of ids, sorted). The ids are ``pl.Categorical`` when read from the
        store (4 bytes each: 22 million at ten million events), else String. Empty lists for an
        article without any.
        Read from the store's ``article_mentions`` when its rows are the held articles', else built
        from the per-article pairs (``tables._pairs``).
    """
    columns = LIST_COLUMNS[kind]
    stored = _stored(tables, columns)
    if stored is not None:
        return stored
    actors, shown, hidden_only = tables._pairs
    if kind == "actors":
        return _aligned(tables, actors.select(pl.col("article_id", "actor_id").cast(pl.String)),
                        {"actor_ids": pl.col("actor_id")})
    places = pl.concat([shown.select(pl.col("article_id", "place_id").cast(pl.String), pl.col("n").cast(pl.Int32)),
                        hidden_only.select(pl.col("article_id", "place_id").cast(pl.String), pl.lit(0, pl.Int32).alias("n"))])
    return _aligned(tables, places, {"place_ids": pl.col("place_id"), "place_mention_counts": pl.col("n")})


def _stored(tables, columns: tuple[str, ...]) -> pl.DataFrame | None:
    """``columns`` of the store's ``article_mentions`` when its rows are the held articles' (same ids,
    same order), else None (logged when the table is there but its rows are not the articles')."""
    if tables.article_mentions is None or not tables._stored_counts:
        return None
    read = tables.article_mentions.select("article_id", *columns).collect()
    held = tables.articles["article_id"]
    if read.height != held.len() or not read["article_id"].equals(held.cast(pl.String), check_names=False):
        log.warning("%s: the rows of article_mentions are not those of the articles held (the store changed, or a "
                    "file is unreadable); the lists are computed from mention_counts", tables.data_dir)
        return None
    return read.drop("article_id")


def _aligned(tables, pairs: pl.DataFrame, lists: dict[str, pl.Expr]) -> pl.DataFrame:
    """``pairs`` (``article_id`` String and the listed columns) as lists per held article, in the
    articles' order, sorted by their first column; empty lists for an article without a pair."""
    first = next(iter(lists.values()))
    grouped = (pairs.sort("article_id", first.meta.output_name()).group_by("article_id", maintain_order=True)
               .agg(**lists))
    ids = tables.articles.select(pl.col("article_id").cast(pl.String))
    out = ids.join(grouped, on="article_id", how="left", maintain_order="left").drop("article_id")
    return out.with_columns(pl.col(c).fill_null(pl.lit([], dtype=t)) for c, t in out.schema.items())


def view_mask(tables, view) -> pl.Series:
    """Which rows of ``tables.articles`` are the articles of ``view`` (Boolean, their order): the
    view's :attr:`~dashboard.query.filters.View.article_mask`, else its article ids looked up."""
    mask = view.article_mask
    if mask is not None:
        return mask
    ids = view.article_ids.cast(pl.String).implode()
    return tables.articles.select(pl.col("article_id").cast(pl.String).is_in(ids)).to_series()


def places_in(tables, mask: pl.Series) -> pl.DataFrame:
    """The places mentioned (a shown role) in the articles of ``mask`` (:func:`view_mask`):
    ``place_id`` (String) and ``mentions`` (UInt32, summed over the articles, at least 1); in no
    set order."""
    lists = tables.place_lists.filter(mask)
    return (lists.explode("place_ids", "place_mention_counts").filter(pl.col("place_mention_counts") > 0)
            .group_by(pl.col("place_ids").alias("place_id"))
            .agg(pl.col("place_mention_counts").sum().cast(pl.UInt32).alias("mentions"))
            .with_columns(pl.col("place_id").cast(pl.String)))


def actors_in(tables, mask: pl.Series) -> pl.Series:
    """The distinct actors (``actor_id``, String) named in the articles of ``mask`` (:func:`view_mask`)."""
    return tables.actor_lists.filter(mask)["actor_ids"].explode().drop_nulls().unique().cast(pl.String)


def mentioning(tables, place_ids: list[str]) -> pl.Series:
    """Ids (String) of the held articles with a mention of one of ``place_ids``, whatever its role."""
    wanted = pl.Series(place_ids, dtype=pl.String).implode()
    hit = tables.place_lists.select(pl.col("place_ids").list.eval(pl.element().cast(pl.String).is_in(wanted))
                                    .list.any()).to_series()
    return tables.articles["article_id"].cast(pl.String).filter(hit.fill_null(False))


def exploded(tables, kind: str) -> pl.DataFrame:
    """The lists of ``kind`` as one row per article and id, with the held ``article_id``: ``actors``
    (``article_id``, ``actor_id``) or ``places`` (``article_id``, ``place_id``, ``n`` UInt32, 0 when
    every mention has a hidden role)."""
    lists = tables.actor_lists if kind == "actors" else tables.place_lists
    names = {"actor_ids": "actor_id", "place_ids": "place_id", "place_mention_counts": "n"}
    columns = [names[c] for c in lists.columns]
    out = lists.rename({c: names[c] for c in lists.columns}).with_columns(tables.articles["article_id"])
    out = out.explode(columns).drop_nulls().select("article_id", *columns)
    return out.with_columns(pl.col(columns[0]).cast(pl.String), *([pl.col("n").cast(pl.UInt32)] if "n" in columns else []))
