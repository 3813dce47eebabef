"""The :class:`Filters` of a view and applying them: the filtered events and articles (:class:`View`),
and the time-zone helpers of the date filters.

The sidebar (:mod:`dashboard.views.filters`) builds the :class:`Filters`; ``app.py`` applies them once per
rerun and hands the :class:`View` to every panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

import polars as pl

from dashboard import cameo
from dashboard.query.article_mask import article_mask
from dashboard.query.date_range import TYPED_RANGE_SEPARATORS, parse_date_range  # noqa: F401 (re-exported)
from dashboard.query.event_totals import stored_day_counts
from dashboard.query.tables import Tables, _plain

#: CAMEO root codes (01-20) and their names, as in the CAMEO 1.1b3 manual.
CAMEO_ROOT_NAMES: dict[int, str] = cameo.ROOT_NAMES


@dataclass(frozen=True)
class Filters:
    """What the user chose: the sidebar filters, the selections made on the charts, and the article.

    Empty tuples and ``None`` mean "no restriction". The chart selections filter like the sidebar:
    ``places`` (map) keeps events at and articles mentioning the places, ``pair`` (stance heatmap or
    network) keeps the events of one (source, target) actor pair, ``span`` (timeline) intersects the
    date range. ``article`` only chooses what the article reader shows.
    """

    actors: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    roots: tuple[int, ...] = ()
    quads: tuple[int, ...] = ()
    places: tuple[str, ...] = ()
    pair: tuple[str, str] | None = None
    span: tuple[date, date] | None = None
    article: str | None = None

    def replace(self, **changes) -> "Filters":
        """A copy with ``changes`` applied."""
        return replace(self, **changes)

    @property
    def restricts_events(self) -> bool:
        """True when an event-level filter (actor, CAMEO root, QuadClass, stance pair) is set."""
        return bool(self.actors or self.roots or self.quads or self.pair)

    @property
    def has_dates(self) -> bool:
        """True when a date bound (sidebar range or timeline span) is set."""
        return self.date_from is not None or self.date_to is not None or self.span is not None

    @property
    def date_range(self) -> tuple[date | None, date | None]:
        """The effective date bounds: the sidebar range intersected with the timeline span."""
        lo, hi = self.date_from, self.date_to
        if self.span is not None:
            lo = self.span[0] if lo is None else max(lo, self.span[0])
            hi = self.span[1] if hi is None else min(hi, self.span[1])
        return lo, hi

    @property
    def has_selection(self) -> bool:
        """True when a chart selection (map places, stance pair, timeline span) is set."""
        return bool(self.places or self.pair or self.span)


def local_date(expr: pl.Expr, tz: str) -> pl.Expr:
    """Calendar date of a ``Datetime(UTC)`` expression in time zone ``tz``.

    Converts before truncating, so 2019-12-31T18:45Z is 2020-01-01 in Asia/Kathmandu (DASH-1).
    Naive datetimes are taken as UTC.
    """
    return expr.dt.replace_time_zone("UTC", non_existent="null").dt.convert_time_zone(tz).dt.date()


def local_events(tables: Tables, tz: str) -> pl.DataFrame:
    """The events with the dates of those dated by their article's publication (``date_precision``
    ``publication``: the text names no date) on the publication's calendar day in ``tz``, the day the
    article itself is filtered by; dates from the text are calendar days already and stay.

    An article published 2022-01-09T20:00Z is on 10 January in Asia/Tokyo, and so are its undated
    events. Computed once per time zone (:meth:`Tables.memo`); ``tables.events`` itself for UTC.
    """
    ev = tables.events
    if tz == "UTC" or ev.height == 0 or "date_precision" not in ev.columns or "article_id" not in ev.columns:
        return ev

    def compute() -> pl.DataFrame:
        published = tables.articles.select(pl.col("article_id").cast(pl.String).alias("_aid"),
                                           local_date(pl.col("published"), tz).alias("_local_day"))
        joined = ev.with_columns(pl.col("article_id").cast(pl.String).alias("_aid")).join(
            published, on="_aid", how="left", maintain_order="left")
        by_publication = (pl.col("date_precision") == "publication") & pl.col("_local_day").is_not_null()
        return joined.with_columns(
            pl.when(by_publication).then(pl.col("_local_day")).otherwise(pl.col("event_date")).alias("event_date")
        ).drop("_aid", "_local_day")

    return tables.memo(("local_events", tz), compute)


def to_timezone(df: pl.DataFrame, tz: str) -> pl.DataFrame:
    """Convert every time-zone-aware Datetime column of ``df`` to ``tz`` (for display)."""
    exprs = [
        pl.col(name).dt.convert_time_zone(tz)
        for name, dtype in df.schema.items()
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None
    ]
    return df.with_columns(exprs) if exprs else df


def _in_range(expr: pl.Expr, lo: date | None, hi: date | None) -> pl.Expr:
    cond = pl.lit(True)
    if lo is not None:
        cond = cond & (expr >= lo)
    if hi is not None:
        cond = cond & (expr <= hi)
    return cond


def _day_counts(tables: Tables, tz: str) -> pl.DataFrame:
    """Event dates and local publication dates of the data counted per day (``d``, ``n``), nulls
    dropped, sorted by day: the dates themselves are never sorted. Computed once per time zone
    (:meth:`Tables.memo`: :func:`date_bounds` and :func:`default_date_range` both read it); read from
    the store's ``day_totals`` when it has them (:func:`~dashboard.query.event_totals.stored_day_counts`)."""
    def compute() -> pl.DataFrame:
        stored = stored_day_counts(tables, tz)
        if stored is not None:
            return stored
        parts = [local_events(tables, tz).lazy().select(pl.col("event_date").alias("d")),
                 tables.articles.lazy().select(local_date(pl.col("published"), tz).alias("d"))]
        counted = [p.drop_nulls().group_by("d").len("n") for p in parts]
        return pl.concat(counted).group_by("d").agg(pl.col("n").sum()).sort("d").collect()

    return tables.memo(("day_counts", tz), compute)


def date_bounds(tables: Tables, tz: str = "UTC") -> tuple[date, date] | None:
    """Earliest and latest date of the data (event dates and local publication dates), or None."""
    days = _day_counts(tables, tz)
    if days.height == 0:
        return None
    return days["d"][0], days["d"][-1]


#: Share of the dates left out at each end of the default date range (isolated outliers: a 1936
#: history mention, a page dated years ahead); the whole range stays choosable.
DEFAULT_RANGE_TRIM = 0.01


def default_date_range(tables: Tables, tz: str = "UTC", trim: float = DEFAULT_RANGE_TRIM) -> tuple[date, date] | None:
    """The default date range: the bulk of the dates of :func:`date_bounds`, without the ``trim``
    share at each end (the dates nearest to those quantiles), or None without dates.

    Equal to :func:`date_bounds` when nothing is trimmed (few dates, or no outliers).
    """
    days = _day_counts(tables, tz)
    if days.height == 0:
        return None
    total = int(days["n"].sum())
    k = int(round(trim * (total - 1)))
    ends = days["n"].cum_sum()  # ends[i]: how many dates are on or before day i

    def nth(i: int) -> date:  # the i-th date (0-based) of the sorted dates
        return days["d"][int(ends.search_sorted(i + 1, side="left"))]

    return nth(k), nth(total - 1 - k)


def _condition(f: Filters) -> pl.Expr:
    """The events' condition of ``f`` (nulls are False)."""
    cond = pl.lit(True)
    if f.actors:
        cond = cond & (pl.col("source_actor_id").is_in(f.actors) | pl.col("target_actor_id").is_in(f.actors))
    if f.has_dates:
        cond = cond & _in_range(pl.col("event_date"), *f.date_range).fill_null(False)
    if f.roots:
        cond = cond & pl.col("cameo_root").is_in(f.roots)
    if f.quads:
        cond = cond & pl.col("quad_class").is_in(f.quads)
    if f.places:
        cond = cond & pl.col("place_id").is_in(f.places)
    if f.pair:
        cond = cond & (pl.col("source_actor_id") == f.pair[0]) & (pl.col("target_actor_id") == f.pair[1])
    return cond.fill_null(False)


def _events_plan(tables: Tables, f: Filters, tz: str) -> pl.LazyFrame:
    """The plan of :func:`filter_events` (nothing computed)."""
    return local_events(tables, tz).lazy().filter(_condition(f))


def _masked(tables: Tables, f: Filters, tz: str, found: dict | None = None) -> pl.LazyFrame:
    """:func:`_events_plan` with its condition evaluated once: the events filtered by a boolean mask
    (a bit per event), so that every panel's query over the view filters by the mask instead of
    comparing the ids and dates again. The mask (Boolean, no nulls, one per row of
    ``tables.events`` in their order) goes to ``found["events_mask"]`` when given."""
    ev = local_events(tables, tz)
    keep = ev.lazy().select(_condition(f).alias("_keep")).collect().to_series()
    if found is not None:
        found["events_mask"] = keep
    return ev.lazy().filter(pl.lit(keep))


def filter_events(tables: Tables, f: Filters, tz: str = "UTC") -> pl.DataFrame:
    """Events matching the actor, date (and span), CAMEO root, QuadClass, place and pair filters of ``f``.

    An actor filter keeps events whose source *or* target is one of the actors. Dates compare the
    ``event_date`` calendar day, in ``tz`` for events dated by their publication
    (:func:`local_events`); events without a date are dropped when a date bound is set.
    """
    return _plain(tables.with_event_ids(_events_plan(tables, f, tz).collect()))


def _articles_plan(tables: Tables, f: Filters, events: pl.LazyFrame | pl.DataFrame, tz: str,
                   found: dict | None = None) -> pl.LazyFrame:
    """The plan of :func:`filter_articles`: the articles' rows in their order, filtered by a boolean
    mask (collected, and kept in ``found["article_mask"]`` when given): those of the distinct ids of
    ``events`` when only they are kept, else the articles the article-level condition keeps plus
    those of the others that ``events`` name."""
    art = tables.articles.lazy()
    if f.restricts_events:  # the articles' ids in the events' dtype (Categorical at scale): compared as integers
        keys = tables.article_keys
        of_events = events.lazy().select("article_id").drop_nulls().unique().collect()["article_id"]
        mask = keys.is_in(of_events.cast(keys.dtype).implode())
    else:
        cond = pl.lit(True)
        if f.has_dates:
            cond = cond & _in_range(local_date(pl.col("published"), tz), *f.date_range).fill_null(False)
        if f.places:
            mentioning = tables.articles_mentioning(f.places)
            cond = cond & pl.col("article_id").is_in(mentioning.implode())
        mask = article_mask(art, cond.fill_null(False), events)
    if found is not None:
        found["article_mask"] = mask
    return art.filter(pl.lit(mask))


def filter_articles(tables: Tables, f: Filters, events: pl.DataFrame, tz: str = "UTC") -> pl.DataFrame:
    """Articles of the view.

    With an actor, root or QuadClass filter: the articles of the filtered ``events``. Otherwise the
    articles published (calendar day in ``tz``) in the date range and mentioning a selected place,
    plus the articles of the filtered ``events`` (an article of 2022 about the events of 2014 is in
    a 2014 view).
    """
    return _plain(_articles_plan(tables, f, events, tz).collect())


@dataclass(frozen=True)
class View:
    """The filtered view: its events and articles, as Polars plans over the tables.

    Nothing is copied when a view is made, and nothing is computed until a panel asks:
    :attr:`events_plan` is built on first use (the filter's condition evaluated once, as a mask) and
    the panels aggregate it and :attr:`articles_plan`, collecting only what they show (counts,
    top-N, a page of rows). A panel whose result is cached for the view's :attr:`key` computes
    nothing. :attr:`events` and :attr:`articles` collect the whole filtered frames (once per view),
    for the panels that list every row.
    """

    #: The events' plan, or a function building it (called once, on first use).
    events_source: pl.LazyFrame | Callable[[], pl.LazyFrame]
    #: The articles' plan, or a function of the view building it (called once, on first use).
    articles_source: pl.LazyFrame | Callable[["View"], pl.LazyFrame]
    #: True when no filter applies: the view is every table row (lets aggregations skip the
    #: membership tests over the mention tables).
    complete: bool = False
    #: True when the view's articles are every article (no filter; a view :meth:`narrowed` from it
    #: keeps it): its per-article aggregates are the totals (:attr:`Tables.totals`).
    every_article: bool = False
    #: True when an event-level filter (actor, CAMEO root, QuadClass, pair) applies: the view's actors
    #: and places are then those of its events, not every one its articles name.
    restricts_events: bool = False
    #: The selected places (map selection or ``place=`` in the link): the view's places are these.
    places: tuple[str, ...] = ()
    #: What the view is of (the filters, the time zone and any narrowing such as asserted events only),
    #: hashable: a cache key for its results (None: not cacheable).
    key: tuple | None = None
    #: Gives collected rows of the events their ``event_id`` in place of the held row key
    #: (:meth:`Tables.with_event_ids`; None: the rows as they are).
    identify: Callable[[pl.DataFrame], pl.DataFrame] | None = field(default=None, compare=False, repr=False)
    #: Gives the ids of every held article in the events' dtype (:attr:`Tables.article_keys`), for
    #: :attr:`article_ids` (None: the ids as the articles hold them).
    keys: Callable[[], pl.Series] | None = field(default=None, compare=False, repr=False)
    _got: dict = field(default_factory=dict, compare=False, repr=False)
    _arts: dict = field(default_factory=dict, compare=False, repr=False)

    def _once(self, key: str, compute):
        if key not in self._got:
            self._got[key] = compute()
        return self._got[key]

    @property
    def events_plan(self) -> pl.LazyFrame:
        """The plan of the view's events."""
        src = self.events_source
        return src if isinstance(src, pl.LazyFrame) else self._once("events_plan", src)

    @property
    def articles_plan(self) -> pl.LazyFrame:
        """The plan of the view's articles."""
        src = self.articles_source
        return src if isinstance(src, pl.LazyFrame) else self._art("articles_plan", lambda: src(self))

    def _art(self, key: str, compute):
        """``compute()`` once for the view's articles (shared with the views :meth:`narrowed` from it)."""
        if key not in self._arts:
            self._arts[key] = compute()
        return self._arts[key]

    @property
    def events(self) -> pl.DataFrame:
        """The filtered events, collected (once), with String ids (``event_id`` included)."""
        return self._once("events", lambda: _plain(self.with_event_ids(self.events_plan.collect())))

    def with_event_ids(self, events: pl.DataFrame) -> pl.DataFrame:
        """``events`` (rows collected from :attr:`events_plan`) with their ``event_id`` in place of the
        held row key (:meth:`Tables.with_event_ids`)."""
        return events if self.identify is None else self.identify(events)

    @property
    def articles(self) -> pl.DataFrame:
        """The filtered articles, collected (once), with String ids."""
        return self._art("articles", lambda: _plain(self.articles_plan.collect()))

    @property
    def n_events(self) -> int:
        """Number of events in the view (counted, not collected)."""
        if "events" in self._got:
            return self._got["events"].height
        return self._once("n_events", lambda: self.events_plan.select(pl.len()).collect().item())

    @property
    def n_articles(self) -> int:
        """Number of articles in the view (counted, not collected)."""
        for key in ("articles", "article_ids"):
            if key in self._arts:
                return len(self._arts[key])
        return self._art("n_articles", lambda: self.articles_plan.select(pl.len()).collect().item())

    @property
    def article_ids(self) -> pl.Series:
        """Ids of the articles in the view: of :attr:`keys` by the view's :attr:`article_mask` (the
        events' dtype, Categorical at scale, for membership tests against the per-article
        aggregates' Categorical ids), else that column of the articles collected."""
        def compute() -> pl.Series:
            mask = self.article_mask
            if mask is not None and self.keys is not None:
                return self.keys().filter(mask)
            return self.articles_plan.select("article_id").collect()["article_id"]

        return self._art("article_ids", compute)

    @property
    def events_mask(self) -> pl.Series | None:
        """Which rows of the tables' events are the view's (Boolean, no nulls, in their order), when
        the view's events are the held events filtered so (a filtered view, not :meth:`narrowed`);
        None otherwise."""
        self.events_plan
        return self._got.get("events_mask")

    @property
    def article_mask(self) -> pl.Series | None:
        """Which rows of the tables' articles are the view's (Boolean, in their order), when the view
        found its articles so (no event-level filter); None otherwise."""
        self.articles_plan
        return self._arts.get("article_mask")

    def narrowed(self, narrow: Callable[[pl.LazyFrame], pl.LazyFrame], **changes) -> "View":
        """This view with its events narrowed by ``narrow`` (a function of the events' plan, called on
        first use) and its articles unchanged."""
        original = self
        return replace(self, events_source=lambda: narrow(original.events_plan),
                       articles_source=lambda _view: original.articles_plan, _got={}, _arts=self._arts, **changes)


def apply_filters(tables: Tables, f: Filters, tz: str = "UTC") -> View:
    """Apply ``f`` to ``tables``: the filtered events and articles (see :func:`filter_articles`), as
    plans (nothing is computed until a panel collects)."""
    if f.replace(article=None) == Filters():
        return View(local_events(tables, tz).lazy(), tables.articles.lazy(), complete=True, every_article=True,
                    key=(Filters(), tz), identify=tables.with_event_ids, keys=lambda: tables.article_keys)
    got: dict = {}  # the view's own: its events' mask goes there (View.events_mask)
    return View(lambda: _masked(tables, f, tz, got), lambda view: _articles_plan(tables, f, view.events_plan, tz, view._arts),
                restricts_events=f.restricts_events, places=f.places, key=(f.replace(article=None), tz),
                identify=tables.with_event_ids, keys=lambda: tables.article_keys, _got=got)
