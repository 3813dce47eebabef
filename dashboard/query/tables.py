"""Loading the built tables for the dashboard: lazy scans and the :class:`Tables` record (with its
per-article reads from the store) following the memory plan (:mod:`dashboard.query.memory_plan`).

``app.py`` loads the tables once per data folder (``st.cache_resource``); every other query module
takes a :class:`Tables`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dashboard import storage, store
from dashboard.query.event_rows import EVENT_ROW, read_event_ids, with_event_ids  # noqa: F401 (EVENT_ROW re-exported)
from dashboard.query.lazy_table import LazyTable
from dashboard.query.memory_plan import (  # noqa: F401 (re-exported)
    ARTICLE_SHOWN_COLUMNS, EVENT_TEXT_COLUMNS, MEMORY_PLAN, MemoryPlan, scan_tables,
)
from dashboard.query import mention_lists
from dashboard.query.mention_lists import compute_lists
from dashboard.query.pairs import Deferred, compute_pairs, deferred
from dashboard.query.pairs import totals as pair_totals
from dashboard.schema import HIDDEN_MENTION_ROLES, TABLES  # noqa: F401 (HIDDEN_MENTION_ROLES re-exported)

log = logging.getLogger(__name__)


#: Per-article reads kept by a :class:`Tables` (the reader's article is read once, not on every rerun).
ARTICLE_CACHE_SIZE = 16
#: A table left in the store (or with columns not held) whose files take at most this many bytes is
#: read whole on its first per-article read and kept (a 1,800-article press-release store: 4.7 MB
#: on disk, 19 MB read): one article's rows are then a filter in memory (0.2-0.4 ms), not a read of
#: the file (5-20 ms: a file of one row group is decoded whole for one article's rows).
WHOLE_READ_MAX_BYTES = 32 * 2**20
#: Derived frames kept by a :class:`Tables` (:meth:`Tables.memo`): the views' cache token, the actor
#: names, the events' actor counts, the located places, and the events and day counts per display time
#: zone in use (two each).
MEMO_SIZE = 16



def _plain(df: pl.DataFrame) -> pl.DataFrame:
    """``df`` with its Categorical columns cast back to String (for small frames joined with others)."""
    cats = [n for n, t in df.schema.items() if isinstance(t, pl.Categorical)]
    return df.with_columns(pl.col(cats).cast(pl.String)) if cats else df


@dataclass(frozen=True)
class Tables:
    """The seven built tables as Polars frames, plus the data folder they were read from.

    The contract is deliberately loose so that millions of events fit in memory (see
    :data:`MEMORY_PLAN`): each held frame holds *at least* the columns its :data:`MEMORY_PLAN`
    entry lists (a frame with the full declared schema, as :meth:`empty` and the tests build, is fine
    too), and those columns may be ``Categorical`` where the declared dtype is String. ``entities``,
    ``place_mentions`` and ``quotes`` may be ``pl.LazyFrame`` scans of the store: use them through
    :attr:`article_actors`, :attr:`article_places`, :meth:`articles_mentioning` and
    :meth:`article_rows`. Everything else is read from ``data_dir`` on demand: one article's text and
    missing columns with :meth:`article_record` / :meth:`article_rows`, the sentences of shown events
    with :meth:`with_event_columns`, the view's with :func:`dashboard.query.export.export_frame`.
    Reads by article go to the article's ``month=`` partition only. With ``data_dir`` None (frames
    built in memory), missing columns read as nulls.

    Query functions never return Categorical columns for ids or labels the views join or compare with
    strings; per-article frames come back with their declared String dtypes.
    """

    articles: pl.DataFrame
    entities: pl.DataFrame | pl.LazyFrame
    actors: pl.DataFrame
    places: pl.DataFrame
    place_mentions: pl.DataFrame | pl.LazyFrame
    events: pl.DataFrame
    quotes: pl.DataFrame | pl.LazyFrame
    #: Built data folder (or store URL) the frames were read from (None: frames built in memory).
    data_dir: Path | str | None = None
    #: The store's ``mention_counts`` table (a lazy scan; :data:`dashboard.schema.DERIVED_TABLES`), read
    #: for :attr:`article_actors` and :attr:`article_places` while the mention tables are the store's
    #: scans; None (a store written before it, or frames in memory): they are computed from the mentions.
    mention_counts: pl.LazyFrame | None = None
    #: The store's ``mention_totals`` (``mention_counts`` summed per month; a lazy scan), read for
    #: :attr:`totals` with ``mention_counts``; None: the totals are summed from ``mention_counts``.
    mention_totals: pl.LazyFrame | None = None
    #: The store's ``article_mentions`` (each article's lists, in the articles' order; a lazy scan),
    #: read for :attr:`place_lists` and :attr:`actor_lists` with ``mention_counts``; None: they are
    #: built from the per-article pairs.
    article_mentions: pl.LazyFrame | None = None
    #: The store's ``day_totals`` and ``actor_totals`` (the events counted per day and per actor, with
    #: the articles per publication day; lazy scans), read for the date range and the events' actor
    #: counts (:mod:`dashboard.query.event_totals`); None (a store written before them, corrected
    #: tables, frames in memory): those are counted from the held frames.
    day_totals: pl.LazyFrame | None = None
    actor_totals: pl.LazyFrame | None = None
    #: Actor ids merged by corrections -> the actor they now are, applied to rows read from the store.
    actor_remap: dict = field(default_factory=dict, compare=False, repr=False)
    _cache: dict = field(default_factory=dict, compare=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)
    _memo: dict = field(default_factory=dict, compare=False, repr=False)
    _background: dict = field(default_factory=dict, compare=False, repr=False)
    _whole: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def empty(cls) -> "Tables":
        """Tables with no rows (declared schemas)."""
        return cls(**{name: TABLES[name].empty() for name in TABLES})

    @property
    def is_empty(self) -> bool:
        """True when there is neither an article nor an event to show."""
        return self.articles.height == 0 and self.events.height == 0

    def _deferred(self, name: str, compute) -> Deferred:
        return deferred(self._background, self._lock, name, compute)  # made on first use or after a failure

    @property
    def _pairs(self) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        """:func:`dashboard.query.pairs.compute_pairs`, computed once (the lists of a store written
        without ``article_mentions``, of corrected tables or of frames in memory are built from them)."""
        return self._deferred("pairs", lambda: compute_pairs(self)).result()

    def _lists(self, kind: str) -> pl.DataFrame:
        lists = compute_lists(self, kind)
        if kind == "actors" and EVENT_ROW in self.events.columns and self.data_dir is not None:
            self._deferred("event_ids", self._read_event_ids).start()  # then the events' ids, once
        return lists

    @property
    def place_lists(self) -> pl.DataFrame:
        """Each held article's places (:func:`~dashboard.query.mention_lists.compute_lists`
        ``"places"``: ``place_ids``, ``place_mention_counts``; one row per row of :attr:`articles`),
        computed once (waits for :meth:`prefetch_pairs`)."""
        return self._deferred("place_lists", lambda: self._lists("places")).result()

    @property
    def actor_lists(self) -> pl.DataFrame:
        """Each held article's actors (``actor_ids``; one row per row of :attr:`articles`), computed
        once after :attr:`place_lists` when prefetched, then the events' ids."""
        return self._deferred("actor_lists", lambda: self._lists("actors")).result()

    def _both_lists(self) -> bool:
        self.place_lists, self.actor_lists  # the places first: an actor filter's map needs only them
        return True

    def prefetch_pairs(self) -> None:
        """Start reading the articles' lists (:attr:`place_lists`, then :attr:`actor_lists`, then
        the held events' ids: :attr:`event_ids`) in a background thread (nothing if started or
        done), and the articles' :attr:`article_keys` in another: the first filter finds them ready,
        the first events shown their ids; a view of every article never waits for them (:attr:`totals`)."""
        self._deferred("lists", self._both_lists).start()
        if not self._keys_held:
            self._deferred("article_keys", self._article_keys).start()

    @property
    def _keys_held(self) -> bool:
        """True when the articles' ids are held in the events' dtype already."""
        return "article_id" not in self.events.columns or self.articles.schema["article_id"] == self.events.schema["article_id"]

    def _article_keys(self) -> pl.Series:
        ids = self.articles["article_id"]
        return ids if self._keys_held else ids.cast(self.events.schema["article_id"])

    @property
    def article_keys(self) -> pl.Series:
        """The ``article_id`` of every held article (in their order) in the dtype of the held events'
        ``article_id``: Categorical at scale, where the articles hold theirs as strings (the first
        render reads them so: 0.8 s of CPU less at ten million events than inserting 1.4 million ids
        into the Categorical mapping), so that views compare the events' and the per-article
        aggregates' ids with them as integers. Cast once (started by :meth:`prefetch_pairs`)."""
        if self._keys_held:
            return self.articles["article_id"]
        return self._deferred("article_keys", self._article_keys).result()

    def _read_event_ids(self) -> pl.Series:
        return read_event_ids(self.data_dir, self.events.height)

    @property
    def event_ids(self) -> pl.Series:
        """The ``event_id`` of every held event, by its :data:`~dashboard.query.event_rows.EVENT_ROW`
        (read from the store once; waits for :meth:`prefetch_pairs`). Raises
        :class:`~dashboard.query.event_rows.StoreChanged` when the store was rebuilt under these tables."""
        return self._deferred("event_ids", self._read_event_ids).result()

    def with_event_ids(self, events: pl.DataFrame) -> pl.DataFrame:
        """``events`` (rows of :attr:`events`) with their ``event_id`` (first column) in place of the row
        key: :func:`dashboard.query.event_rows.with_event_ids`."""
        return with_event_ids(events, None if self.data_dir is None else lambda: self.event_ids)

    @property
    def pairs_ready(self) -> bool:
        """True once the articles' lists (:attr:`place_lists`, :attr:`actor_lists`) are there
        (reading them does not wait)."""
        jobs = [self._background.get(n) for n in ("place_lists", "actor_lists")]
        return all(job is not None and job.ready and not job.failed for job in jobs)

    @property
    def totals(self) -> tuple[pl.DataFrame, pl.Series]:
        """:func:`dashboard.query.pairs.totals` (places' mentions, actors named over every article),
        computed once, from the store's ``mention_counts`` without waiting for the pairs when it can."""
        return self._deferred("totals", lambda: pair_totals(self, lambda: self._pairs)).result()

    @property
    def article_actors(self) -> pl.DataFrame:
        """Distinct (``article_id``, ``actor_id``) pairs of the entity mentions (of :attr:`actor_lists`;
        ``article_id`` as the articles hold it)."""
        return mention_lists.exploded(self, "actors")

    @property
    def _place_pairs(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(``article_id``, ``place_id``) of :attr:`place_lists`: with a shown mention (counted in
        ``n``), and hidden-only (without ``n``)."""
        places = mention_lists.exploded(self, "places")
        return places.filter(pl.col("n") > 0), places.filter(pl.col("n") == 0).drop("n")

    @property
    def _stored_counts(self) -> bool:
        """True when the per-article aggregates are read from the store's ``mention_counts`` (the
        mention tables are the store's own scans, not frames changed by corrections)."""
        return self.mention_counts is not None and isinstance(self.entities, pl.LazyFrame) and isinstance(
            self.place_mentions, pl.LazyFrame)

    @property
    def article_places(self) -> pl.DataFrame:
        """Place mentions counted per (``article_id``, ``place_id``) in ``n``, hidden roles left out."""
        return self._place_pairs[0]

    def articles_mentioning(self, place_ids: Iterable[str]) -> pl.Series:
        """Ids (String) of the articles with a mention of one of ``place_ids``, whatever its role."""
        return mention_lists.mentioning(self, list(place_ids))

    def months_of(self, article_ids: Iterable[str]) -> set[str | None]:
        """Publication months (``YYYY-MM``, None when undated) of ``article_ids``: the ``month=``
        partitions of the store that hold their rows."""
        ids = pl.Series(list(article_ids), dtype=pl.String)
        held = self.articles.schema["article_id"]  # the ids cast to it (no cast of every article's id)
        found = self.articles.select("article_id", "published").filter(pl.col("article_id").is_in(ids.cast(held).implode()))
        months = set(found.select(pl.col("published").dt.strftime("%Y-%m"))["published"].to_list())
        return months | ({None} if found.height < ids.n_unique() else set())

    def memo(self, key: tuple, compute):
        """``compute()``, computed once per ``key`` for these tables (derived frames every session
        shares, e.g. the events in a display time zone); at most :data:`MEMO_SIZE` are kept."""
        with self._lock:
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._lock:
            while len(self._memo) >= MEMO_SIZE:
                self._memo.pop(next(iter(self._memo)))
            self._memo[key] = value
        return value

    def clear_article_cache(self) -> None:
        """Forget the per-article reads (benchmarks time cold reads with it)."""
        with self._lock:
            self._cache.clear()
            self._whole.clear()

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

        From memory when the frame is held and has every wanted column, else from the stored table
        read whole when it is small (:data:`WHOLE_READ_MAX_BYTES`), else read from ``data_dir`` (the
        article's month partition only; cached for the last :data:`ARTICLE_CACHE_SIZE` reads).
        """
        declared = TABLES[name].schema
        columns = tuple(declared) if columns is None else tuple(columns)
        frame: pl.DataFrame | pl.LazyFrame = getattr(self, name)
        missing = [c for c in columns if c not in frame.collect_schema().names()]
        lazy = isinstance(frame, pl.LazyFrame)
        if (missing or lazy) and self.data_dir is not None:  # every column is read: one read serves every caller
            whole = self._stored_whole(name)
            rows = whole.filter(pl.col("article_id") == article_id) if whole is not None else self._cached(
                (name, article_id), lambda: (store.scan(self.data_dir, name, months=self.months_of([article_id]))
                                             .filter(pl.col("article_id") == article_id).collect()))
            rows = rows.select(columns)
            actor_cols = [c for c in columns if c.endswith("actor_id")]
            if self.actor_remap and actor_cols:  # the store holds the ids before the analyst's merges
                rows = rows.with_columns(pl.col(c).replace(self.actor_remap) for c in actor_cols)
            return rows
        rows = frame.lazy().filter(pl.col("article_id").cast(pl.String) == article_id).collect()
        rows = rows.with_columns(pl.lit(None, dtype=declared[c]).alias(c) for c in missing)
        return rows.select(columns).cast({c: declared[c] for c in columns})

    def _stored_whole(self, name: str) -> pl.DataFrame | None:
        """Every row and declared column of stored table ``name``, read once when its files are small
        (:data:`WHOLE_READ_MAX_BYTES`); None otherwise (a store URL, a large table: read by article)."""
        with self._lock:
            if name in self._whole:
                return self._whole[name]
        size = store.stored_bytes(self.data_dir, name)
        whole = store.scan(self.data_dir, name).collect() if size is not None and size <= WHOLE_READ_MAX_BYTES else None
        with self._lock:
            return self._whole.setdefault(name, whole)

    def with_event_columns(self, events: pl.DataFrame, columns: Iterable[str] = EVENT_TEXT_COLUMNS) -> pl.DataFrame:
        """``events`` (rows of :attr:`events`) with ``columns`` added where they are not held: read
        from the store for these events only, from their articles' month partitions (nulls without
        a store). Meant for the rows shown or downloaded, not for the whole table. Their ``event_id``
        replaces the row key when it is not held (:meth:`with_event_ids`)."""
        events = self.with_event_ids(events)
        missing = [c for c in columns if c not in events.columns]
        if not missing:
            return events
        declared = TABLES["events"].schema
        if self.data_dir is None or events.height == 0:
            return events.with_columns(pl.lit(None, dtype=declared[c]).alias(c) for c in missing)
        ids = events["event_id"].cast(pl.String).unique().implode()
        whole = self._stored_whole("events")
        extra = (
            (whole.lazy() if whole is not None else
             store.scan(self.data_dir, "events", months=self.months_of(events["article_id"].cast(pl.String).unique())))
            .select("event_id", *missing).filter(pl.col("event_id").is_in(ids))
            .unique("event_id", keep="first").collect()
        )
        return events.join(extra, on="event_id", how="left", maintain_order="left")

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


def load_tables(data_dir: Path | str, *, full: bool = False) -> Tables:
    """Collect the tables of ``data_dir`` into a :class:`Tables`.

    Parameters
    ----------
    data_dir
        A built data folder (see :mod:`dashboard.store`) or a store URL (``s3://…``, ``gs://…``,
        any fsspec protocol; see :mod:`dashboard.storage`); a missing folder gives empty tables.
    full
        Keep every declared column and row of every table with its declared dtype (the whole store
        in memory: for scripts). By default only what the dashboard needs is held
        (:data:`MEMORY_PLAN`); the other tables stay lazy scans.
    """
    plan = None if full else MEMORY_PLAN
    held = [n for n in TABLES if full or plan.get(n, MemoryPlan()).held]
    scans = scan_tables(data_dir, plan, held)
    frames = dict(zip(held, pl.collect_all([scans[n] for n in held])))
    # the other tables are scanned when first read (the first render reads none of them)
    lazy = {n: LazyTable.deferred(lambda n=n: scan_tables(data_dir, plan, (n,))[n]) for n in TABLES if n not in frames}
    loc = storage.location(data_dir)
    counts = None
    if not full and store.has_table(loc, "mention_counts"):
        counts = LazyTable.deferred(lambda: store.scan(loc, "mention_counts", categorical=True))
    elif not full and frames.get("articles") is not None and frames["articles"].height:
        # a store written before mention_counts: the aggregates are computed from the mention tables
        # on first use (a stream over every mention: tens of seconds at ten million events)
        log.warning("%s has no mention_counts table (written before it was added): the per-article "
                    "aggregates are computed from the mention tables; rebuild the store to skip that", loc)
    totals = store.scan(loc, "mention_totals") if counts is not None and store.has_table(loc, "mention_totals") else None
    lists = store.scan(loc, "article_mentions", categorical=True) if counts is not None and store.has_table(loc, "article_mentions") else None
    # the events' totals of the build (a store written before them: counted from the held events)
    events_totals = {n: store.scan(loc, n) for n in ("day_totals", "actor_totals") if not full and store.has_table(loc, n)}
    return Tables(**frames, **lazy, data_dir=loc, mention_counts=counts, mention_totals=totals,
                  article_mentions=lists, **events_totals)
