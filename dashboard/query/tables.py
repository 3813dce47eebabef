"""Loading the built tables for the dashboard: the memory plan, lazy scans and the :class:`Tables`
record (with its per-article reads from the store).

``app.py`` loads the tables once per data folder (``st.cache_resource``); every other query module
takes a :class:`Tables`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import polars as pl

from dashboard import store
from dashboard.schema import TABLES

#: Place-mention roles that are not places being talked about (never drawn as markers).
#: Metonymic capitals ("Moscow said") still count as mentions of the place; they are only kept out
#: of event locations by the extraction stage.
HIDDEN_MENTION_ROLES: tuple[str, ...] = ("demonym",)


@dataclass(frozen=True)
class MemoryPlan:
    """How :func:`load_tables` keeps one table in memory.

    ``columns``: the columns kept (None: every declared column); ``categorical``: columns stored as
    ``pl.Categorical`` (repeated ids and labels cost 4 bytes a row instead of a string); ``rows``: a
    row filter (None: every row). What is left out stays in the store and is read on demand.
    """

    columns: tuple[str, ...] | None = None
    categorical: tuple[str, ...] = ()
    rows: pl.Expr | None = None


#: What the dashboard keeps in memory (at a million events the article texts alone are ~850 MB and
#: the entity mentions 7.4 million rows). Left out and read from the store when needed:
#: ``articles.text`` and ``source_path`` (the reader reads one article, a download the view's);
#: the entity mentions without an actor, and the columns no view uses (``sentence_id``, ``label``, …);
#: ``quotes.text`` and ``cue`` (read for the article shown in the reader).
MEMORY_PLAN: dict[str, MemoryPlan] = {
    "articles": MemoryPlan(
        columns=tuple(c for c in TABLES["articles"].schema if c not in ("text", "source_path")),
    ),
    "entities": MemoryPlan(
        columns=("article_id", "start", "end", "actor_id"),
        categorical=("article_id", "actor_id"),
        rows=pl.col("actor_id").is_not_null(),
    ),
    "place_mentions": MemoryPlan(
        columns=("article_id", "sentence_id", "start", "end", "text", "place_id", "role", "confidence"),
        categorical=("article_id", "text", "place_id", "role"),
    ),
    "quotes": MemoryPlan(
        columns=("quote_id", "article_id", "speaker_actor_id", "start", "end", "kind"),
        categorical=("article_id", "kind"),
    ),
}

#: Per-article reads kept by a :class:`Tables` (the reader's article is read once, not on every rerun).
ARTICLE_CACHE_SIZE = 16


def _plain(df: pl.DataFrame) -> pl.DataFrame:
    """``df`` with its Categorical columns cast back to String (for small frames joined with others)."""
    cats = [n for n, t in df.schema.items() if isinstance(t, pl.Categorical)]
    return df.with_columns(pl.col(cats).cast(pl.String)) if cats else df


@dataclass(frozen=True)
class Tables:
    """The seven built tables as Polars frames, plus the data folder they were read from.

    The contract is deliberately loose so that a million events fit in memory (see
    :data:`MEMORY_PLAN`): each frame holds *at least* the columns its :data:`MEMORY_PLAN` entry lists
    (a frame with the full declared schema, as :meth:`empty` and the tests build, is fine too), and
    those columns may be ``Categorical`` where the declared dtype is String. ``entities`` may hold
    only the mentions of an actor. Everything else is read from ``data_dir`` on demand: one
    article's text and missing columns with :meth:`article_record` / :meth:`article_rows`, the view's
    with :func:`dashboard.query.export.export_frame`. With ``data_dir`` None (frames built in memory),
    missing columns read as nulls.

    Query functions never return Categorical columns for ids or labels the views join or compare with
    strings; per-article frames come back with their declared String dtypes.
    """

    articles: pl.DataFrame
    entities: pl.DataFrame
    actors: pl.DataFrame
    places: pl.DataFrame
    place_mentions: pl.DataFrame
    events: pl.DataFrame
    quotes: pl.DataFrame
    #: Built data folder the frames were read from (None: frames built in memory).
    data_dir: Path | None = None
    #: Actor ids merged by corrections -> the actor they now are, applied to rows read from the store.
    actor_remap: dict = field(default_factory=dict, compare=False, repr=False)
    _cache: dict = field(default_factory=dict, compare=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    @classmethod
    def empty(cls) -> "Tables":
        """Tables with no rows (declared schemas)."""
        return cls(**{name: TABLES[name].empty() for name in TABLES})

    @property
    def is_empty(self) -> bool:
        """True when there is neither an article nor an event to show."""
        return self.articles.height == 0 and self.events.height == 0

    @cached_property
    def article_actors(self) -> pl.DataFrame:
        """Distinct (``article_id``, ``actor_id``) pairs of the entity mentions (computed once; the
        columns may be Categorical)."""
        # The streaming engine: at a million events the in-memory engine's hash tables peak ~400 MB.
        return (
            self.entities.lazy().select("article_id", "actor_id").filter(pl.col("actor_id").is_not_null()).unique()
            .collect(engine="streaming")
        )

    @cached_property
    def article_places(self) -> pl.DataFrame:
        """Place mentions counted per (``article_id``, ``place_id``), hidden roles left out (computed
        once; ``article_id`` may be Categorical, ``place_id`` is String)."""
        hidden = pl.col("role").is_in(HIDDEN_MENTION_ROLES).fill_null(False)
        return (
            self.place_mentions.lazy().select("article_id", "place_id", "role")
            .filter(pl.col("place_id").is_not_null() & ~hidden)
            .group_by("article_id", "place_id")
            .agg(pl.len().cast(pl.UInt32).alias("n"))
            .with_columns(pl.col("place_id").cast(pl.String))
            .collect(engine="streaming")  # as above
        )

    def clear_article_cache(self) -> None:
        """Forget the per-article reads (benchmarks time cold reads with it)."""
        with self._lock:
            self._cache.clear()

    def _cached(self, key: tuple, read):
        with self._lock:  # one Tables serves every session (st.cache_resource)
            if key in self._cache:
                return self._cache[key]
        value = read()
        with self._lock:
            while len(self._cache) >= ARTICLE_CACHE_SIZE:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = value
        return value

    def article_rows(self, name: str, article_id: str, columns: Iterable[str] | None = None) -> pl.DataFrame:
        """The rows of per-article table ``name`` for ``article_id``, with ``columns`` (default: every
        declared column) in their declared dtypes.

        From memory when the frame holds every wanted column, else read from ``data_dir`` (cached for
        the last :data:`ARTICLE_CACHE_SIZE` reads).
        """
        declared = TABLES[name].schema
        columns = tuple(declared) if columns is None else tuple(columns)
        frame: pl.DataFrame = getattr(self, name)
        missing = [c for c in columns if c not in frame.columns]
        if missing and self.data_dir is not None:  # every column is read, so one read serves every caller
            rows = self._cached(
                (name, article_id),
                lambda: store.scan(self.data_dir, name).filter(pl.col("article_id") == article_id).collect(),
            )
            rows = rows.select(columns)
            actor_cols = [c for c in columns if c.endswith("actor_id")]
            if self.actor_remap and actor_cols:  # the store holds the ids before the analyst's merges
                rows = rows.with_columns(pl.col(c).replace(self.actor_remap) for c in actor_cols)
            return rows
        rows = frame.filter(pl.col("article_id") == article_id)
        rows = rows.with_columns(pl.lit(None, dtype=declared[c]).alias(c) for c in missing)
        return rows.select(columns).cast({c: declared[c] for c in columns})

    def article_record(self, article_id: str) -> dict | None:
        """Every declared column of one article (text included, read from the store when it is not
        in memory) as a dict; None if the article is unknown."""
        if self.articles.filter(pl.col("article_id") == article_id).height == 0:
            return None
        rows = self.article_rows("articles", article_id)
        if rows.height == 0:  # the store was rebuilt without it under this (cached) Tables
            rows = self.articles.filter(pl.col("article_id") == article_id)
            rows = rows.with_columns(pl.lit(None, dtype=t).alias(c) for c, t in TABLES["articles"].schema.items()
                                     if c not in rows.columns)
        return rows.row(0, named=True)


def scan_tables(data_dir: Path | str, plan: Mapping[str, MemoryPlan] | None = None) -> dict[str, pl.LazyFrame]:
    """Lazy scans of every table of ``data_dir`` (missing tables are empty with their schema),
    narrowed by ``plan`` (e.g. :data:`MEMORY_PLAN`) when given."""
    scans = {name: store.scan(Path(data_dir), name) for name in TABLES}
    for name, p in (plan or {}).items():
        lf = scans[name]
        if p.rows is not None:
            lf = lf.filter(p.rows)
        cols = p.columns or tuple(TABLES[name].schema)
        scans[name] = lf.select(pl.col(c).cast(pl.Categorical) if c in p.categorical else pl.col(c) for c in cols)
    return scans


def load_tables(data_dir: Path | str, *, full: bool = False) -> Tables:
    """Collect the tables of ``data_dir`` into a :class:`Tables`.

    Parameters
    ----------
    data_dir
        A built data folder (see :mod:`dashboard.store`); a missing folder gives empty tables.
    full
        Keep every declared column and row with its declared dtype (the whole store in memory: for
        scripts). By default only what the dashboard needs is kept (:data:`MEMORY_PLAN`).
    """
    scans = scan_tables(data_dir, None if full else MEMORY_PLAN)
    frames = dict(zip(scans, pl.collect_all(list(scans.values()))))
    return Tables(**frames, data_dir=Path(data_dir))


def apply_corrections(tables: Tables, data_dir: Path | str | None = None):
    """``tables`` with the corrections of ``data_dir`` (default: ``tables.data_dir``) applied.

    See :mod:`dashboard.corrections` and :func:`dashboard.corrections_apply.apply`. The app calls it
    once per data folder, build and state of the corrections file (``st.cache_resource`` keyed by
    :func:`dashboard.corrections.stamp`), never on a filter change.

    Returns
    -------
    (Tables, dashboard.corrections_apply.Applied, dashboard.corrections.Loaded)
        The corrected tables (``tables`` itself when there is no correction), what was applied and
        what is orphaned (the target no longer exists), and the file as read (with its unreadable
        lines).
    """
    from dashboard import corrections
    from dashboard.corrections_apply import Applied, apply

    folder = data_dir if data_dir is not None else tables.data_dir
    loaded = corrections.read(folder) if folder is not None else corrections.Loaded([], [])
    active = loaded.active()
    if not active:
        return tables, Applied({}), loaded
    frames = {name: getattr(tables, name) for name in TABLES}
    applied = apply(frames, active)
    return Tables(**applied.tables, data_dir=tables.data_dir, actor_remap=applied.actor_remap), applied, loaded
