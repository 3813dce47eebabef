"""The per-article aggregates of the mention tables, computed off the first render's path.

A filtered view's map and actors read each held article's lists of places and actors
(:attr:`dashboard.query.tables.Tables.place_lists`, ``actor_lists``; :mod:`dashboard.query.mention_lists`:
the store's ``article_mentions``, 0.4 s of CPU each at ten million events, or built from the
per-article pairs of :func:`compute_pairs` for a store written before it). The first render (the
default date range: every article but the outliers') needs only what they sum to over its
articles: the places' mention counts and the actors named. :func:`totals` reads these over every
article from ``mention_totals`` (or ``mention_counts`` without its high-cardinality
``article_id``), and :func:`of_view` subtracts the few articles a view leaves out (or sums the few
it keeps), read from their ``month=`` partitions only. The lists are read once by
:class:`Deferred`: in a background thread started after a pass is drawn
(:meth:`~dashboard.query.tables.Tables.prefetch_pairs`) or by the first view that needs them,
whichever comes first. Polars releases the GIL while it collects, so the app's own thread keeps
running meanwhile.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Any, Callable

import polars as pl

from dashboard import store
from dashboard.schema import HIDDEN_MENTION_ROLES


class Deferred:
    """A value computed once: in a background thread (:meth:`start`) or by the first caller of
    :meth:`result`, whichever comes first; every later caller waits for that one computation.

    A computation that raised re-raises in every waiting caller; :attr:`failed` tells the owner to
    make a new :class:`Deferred` (a failure is not kept forever, e.g. a store briefly unreadable).
    """

    def __init__(self, compute: Callable[[], Any], name: str = "newsdash-deferred") -> None:
        self._compute = compute
        self._name = name
        self._future: Future = Future()
        self._claimed = False
        self._lock = threading.Lock()

    def _claim(self) -> bool:
        """True for the one caller that is to compute the value."""
        with self._lock:
            if self._claimed:
                return False
            self._claimed = True
            return True

    def _run(self) -> None:
        try:
            self._future.set_result(self._compute())
        except BaseException as exc:  # handed to every caller of result()
            self._future.set_exception(exc)

    def start(self) -> None:
        """Start computing in a daemon thread (nothing when already started or computed)."""
        if self._claim():
            threading.Thread(target=self._run, name=self._name, daemon=True).start()

    def result(self) -> Any:
        """The value: computed here if nobody started it, else waited for."""
        if self._claim():
            self._run()
        return self._future.result()

    @property
    def ready(self) -> bool:
        """True once the value (or its error) is there: :meth:`result` returns without waiting."""
        return self._future.done()

    @property
    def failed(self) -> bool:
        """True when the computation is over and raised."""
        return self._future.done() and self._future.exception() is not None


def deferred(jobs: dict, lock: threading.Lock, name: str, compute: Callable[[], Any]) -> Deferred:
    """``jobs[name]`` (under ``lock``): a :class:`Deferred` of ``compute``, made when there is none
    or when the last one failed."""
    with lock:
        job = jobs.get(name)
        if job is None or job.failed:
            job = jobs[name] = Deferred(compute, name=f"newsdash-{name}")
        return job


def compute_pairs(tables) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The per-article pairs of ``tables`` (a :class:`~dashboard.query.tables.Tables`).

    Returns
    -------
    (actors, shown places, hidden-only places)
        Distinct (``article_id``, ``actor_id``) of the entity mentions; the resolved place mentions
        per (``article_id``, ``place_id``) with a mention of a shown role, counted in ``n`` (UInt32,
        hidden roles left out); the (``article_id``, ``place_id``) pairs whose every mention has a
        hidden role. Ids Categorical when read from the store or its scans. From one scan of the
        store's ``mention_counts`` when the tables read it, else from the mention tables (a stream
        over every mention).
    """
    if tables._stored_counts:  # written by the build: one scan of mention_counts (its ids read once)
        counts = tables.mention_counts
        actors, places = pl.collect_all([
            counts.filter(pl.col("actor_id").is_not_null()).select(pl.col("article_id", "actor_id").cast(pl.Categorical)),
            counts.filter(pl.col("place_id").is_not_null()).select(
                pl.col("article_id", "place_id").cast(pl.Categorical),
                (pl.col("mentions") - pl.col("hidden_mentions")).cast(pl.UInt32).alias("n")),
        ], engine="streaming")
    else:  # the streaming engine: at a million events the in-memory engine's hash tables peak ~400 MB
        hidden = pl.col("role").is_in(HIDDEN_MENTION_ROLES).fill_null(False)
        actors = (tables.entities.lazy().select("article_id", "actor_id").filter(pl.col("actor_id").is_not_null())
                  .unique().collect(engine="streaming"))
        places = (
            tables.place_mentions.lazy().select("article_id", "place_id", "role")
            .filter(pl.col("place_id").is_not_null())
            .group_by("article_id", "place_id")
            .agg((~hidden).sum().cast(pl.UInt32).alias("n"))
            .with_columns(pl.col("article_id", "place_id").cast(pl.Categorical))
            .collect(engine="streaming")
        )
    return actors, places.filter(pl.col("n") > 0), places.filter(pl.col("n") == 0).drop("n")


def totals(tables, pairs: Callable[[], tuple] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """What a view of every article needs of the pairs: the places' mention counts and the actors
    named, over every article of ``tables``.

    Read from the store's ``mention_totals`` (a few thousand rows) when the tables read it, else
    from its ``mention_counts`` without the ``article_id`` (one scan of four low-cardinality
    columns; a store written before ``mention_totals``), else summed from the pairs (``pairs()``, by default
    :func:`compute_pairs`). Both give the same rows.

    Returns
    -------
    (places, actors)
        ``place_id`` (String) and ``mentions`` (UInt32: the place's mentions of a shown role, summed
        over its articles), one row per place with at least one; ``actor_id`` (String) and
        ``articles`` (UInt32: how many articles name it), one row per actor named. In no set order.
    """
    if tables._stored_counts and tables.mention_totals is not None:  # per month, written by the build
        places, actors = _counted(tables.mention_totals, articles=pl.col("articles").sum())
    elif tables._stored_counts:
        places, actors = _counted(tables.mention_counts, engine="streaming")
    else:
        actor_pairs, shown, _ = (pairs or (lambda: compute_pairs(tables)))()
        places, actors = _counted(pl.concat([
            shown.lazy().select(pl.col("article_id").cast(pl.String), pl.lit(None, pl.String).alias("actor_id"),
                                pl.col("place_id").cast(pl.String), pl.col("n").alias("mentions"),
                                pl.lit(0).alias("hidden_mentions")),
            actor_pairs.lazy().select(pl.col("article_id", "actor_id").cast(pl.String),
                                      pl.lit(None, pl.String).alias("place_id"), pl.lit(0).alias("mentions"),
                                      pl.lit(0).alias("hidden_mentions"))], how="vertical_relaxed"))
    return _shown(places), actors


def _counted(counts: pl.LazyFrame, engine: str = "auto",
             articles: pl.Expr | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``mention_counts`` rows (any subset) summed per place (``mentions`` of a shown role) and
    counted per actor (``articles``; ``articles`` given: that expression per actor instead, e.g. the
    sum of ``mention_totals.articles``), with String ids."""
    per_actor = pl.len() if articles is None else articles
    places, actors = pl.collect_all([
        counts.filter(pl.col("place_id").is_not_null()).group_by("place_id")
        .agg((pl.col("mentions") - pl.col("hidden_mentions")).cast(pl.Int64).sum().alias("mentions")),
        counts.filter(pl.col("actor_id").is_not_null()).group_by("actor_id")
        .agg(per_actor.cast(pl.UInt32).alias("articles")),
    ], engine=engine)
    return places.with_columns(pl.col("place_id").cast(pl.String)), actors.with_columns(pl.col("actor_id").cast(pl.String))


#: :func:`of_view` reads the store's counts of at most this share of the articles (those of the
#: view or those left out, whichever are fewer); beyond it the articles' lists are faster to wait for.
STORE_READ_MAX_SHARE = 0.1


def of_view(tables, view) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """:func:`totals` of the articles of ``view`` read from the store without the articles' lists,
    or None to use the lists: when they are read already (picking them is faster), when
    the tables do not read the store's ``mention_counts`` (corrected tables, a store written before
    it), or when more than :data:`STORE_READ_MAX_SHARE` of the articles would be read.

    The store's ``mention_counts`` rows of the view's articles, or, when they are the fewer, of the
    articles left out, subtracted from :func:`totals` (the default date range leaves out the
    outliers only): only the ``month=`` partitions of those articles are read. Kept with the view's
    articles (shared by the views narrowed from it).
    """
    if tables.pairs_ready or not tables._stored_counts:
        return None
    return view._art("store_totals", lambda: _of_articles(tables, None, kept=view.article_mask)
                     if view.article_mask is not None else _of_articles(tables, view.article_ids))


def _of_articles(tables, article_ids: pl.Series | None, max_share: float | None = None,
                 kept: pl.Series | None = None) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    arts = tables.articles.select("article_id", "published")
    if kept is None:  # which articles are the ids' (else given: a Boolean over the articles' rows)
        held = arts.schema["article_id"]
        kept = arts.select(pl.col("article_id").is_in(article_ids.cast(held).implode())).to_series()
    complement = arts.height - kept.sum() < kept.sum()
    part = arts.filter(~kept if complement else kept)
    if part.height > (STORE_READ_MAX_SHARE if max_share is None else max_share) * arts.height:
        return None
    months = part.select(pl.col("published").dt.strftime("%Y-%m").unique())["published"].to_list()
    ids = part["article_id"].cast(pl.String).implode()
    rows = (store.scan(tables.data_dir, "mention_counts", months=months, categorical=True)
            .filter(pl.col("article_id").cast(pl.String).is_in(ids)))
    places, actors = _counted(rows)
    if not complement:
        return _shown(places), actors
    all_places, all_actors = tables.totals
    places = (all_places.join(places, on="place_id", how="left", suffix="_out")
              .select("place_id", pl.col("mentions") - pl.col("mentions_out").fill_null(0)))
    actors = (all_actors.join(actors, on="actor_id", how="left", suffix="_out")
              .select("actor_id", pl.col("articles") - pl.col("articles_out").fill_null(0)))
    return _shown(places), actors.filter(pl.col("articles") > 0)


def _shown(places: pl.DataFrame) -> pl.DataFrame:
    """The places with a mention of a shown role, ``mentions`` as UInt32."""
    return places.filter(pl.col("mentions") > 0).with_columns(pl.col("mentions").cast(pl.UInt32))
