"""Pure Polars logic behind the dashboard views (no Streamlit here).

Loading the built tables, the typed :class:`Filters` of a view, applying them, the aggregations of the
map, stance and timeline panels, and the URL query-string encoding of a view, so that a copied link
reopens the same view. Every function is a plain function of frames and values, testable without a
browser.
"""

from __future__ import annotations

import html
import io
import math
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import polars as pl

from dashboard import cameo, store
from dashboard.schema import QUAD_CLASS_NAMES, TABLES

#: CAMEO root codes (01-20) and their names, as in the CAMEO 1.1b3 manual.
CAMEO_ROOT_NAMES: dict[int, str] = cameo.ROOT_NAMES

#: Place-mention roles that are not places being talked about (never drawn as markers).
#: Metonymic capitals ("Moscow said") still count as mentions of the place; they are only kept out
#: of event locations by the extraction stage.
HIDDEN_MENTION_ROLES: tuple[str, ...] = ("demonym",)

#: Query-string keys of a view, in the order they are written.
QUERY_KEYS: tuple[str, ...] = ("actor", "from", "to", "root", "quad", "place", "pair", "span", "article")
#: The open panel (tab) of the dashboard: a query parameter bound to ``st.tabs`` by Streamlit itself.
TAB_QUERY_KEY = "tab"
#: The stance panel's "Include groups with no country" toggle, bound to the query string the same way.
GROUPS_QUERY_KEY = "groups"
#: Query-string keys owned by Streamlit / Community Cloud (and the bound widgets): kept, never warned about.
FOREIGN_QUERY_KEYS: frozenset[str] = frozenset({"embed", "embed_options", TAB_QUERY_KEY, GROUPS_QUERY_KEY})
PAIR_SEPARATOR = "|"
#: Separator of the two dates of a timeline span in the query string (``span=2022-01-01..2022-01-31``).
SPAN_SEPARATOR = ".."


# --------------------------------------------------------------------------------------------- tables
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
        columns=("article_id", "start", "end", "text", "place_id", "role", "confidence"),
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
    with :func:`export_frame`. With ``data_dir`` None (frames built in memory), missing columns read
    as nulls.

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
            return rows.select(columns)
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


# -------------------------------------------------------------------------------------------- filters
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


def date_bounds(tables: Tables, tz: str = "UTC") -> tuple[date, date] | None:
    """Earliest and latest date of the data (event dates and local publication dates), or None."""
    dates = pl.concat(
        [
            tables.events.select(pl.col("event_date").alias("d")),
            tables.articles.select(local_date(pl.col("published"), tz).alias("d")),
        ]
    ).drop_nulls()
    if dates.height == 0:
        return None
    return dates["d"].min(), dates["d"].max()


def filter_events(tables: Tables, f: Filters) -> pl.DataFrame:
    """Events matching the actor, date (and span), CAMEO root, QuadClass, place and pair filters of ``f``.

    An actor filter keeps events whose source *or* target is one of the actors. Dates compare the
    ``event_date`` calendar day; events without a date are dropped when a date bound is set.
    """
    ev = tables.events
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
    return ev.filter(cond.fill_null(False))


def filter_articles(tables: Tables, f: Filters, events: pl.DataFrame, tz: str = "UTC") -> pl.DataFrame:
    """Articles of the view.

    With an actor, root or QuadClass filter: the articles of the filtered ``events``. Otherwise the
    articles published (calendar day in ``tz``) in the date range and mentioning a selected place,
    plus the articles of the filtered ``events`` (an article of 2022 about the events of 2014 is in
    a 2014 view).
    """
    of_events = events["article_id"].unique().drop_nulls()
    art = tables.articles
    if f.restricts_events:
        return art.filter(pl.col("article_id").is_in(of_events.implode()))
    cond = pl.lit(True)
    if f.has_dates:
        cond = cond & _in_range(local_date(pl.col("published"), tz), *f.date_range).fill_null(False)
    if f.places:
        mentioning = (
            tables.place_mentions.filter(pl.col("place_id").is_in(f.places))["article_id"].unique().cast(pl.String)
        )
        cond = cond & pl.col("article_id").is_in(mentioning.implode())
    return art.filter(cond | pl.col("article_id").is_in(of_events.implode()))


@dataclass(frozen=True)
class View:
    """The filtered view: its events and articles."""

    events: pl.DataFrame
    articles: pl.DataFrame
    #: True when no filter applies: the view is every table row (lets aggregations skip the
    #: membership tests over the mention tables).
    complete: bool = False

    @property
    def article_ids(self) -> pl.Series:
        """Ids of the articles in the view."""
        return self.articles["article_id"]


def apply_filters(tables: Tables, f: Filters, tz: str = "UTC") -> View:
    """Apply ``f`` to ``tables``: the filtered events and articles (see :func:`filter_articles`)."""
    if f.replace(article=None) == Filters():
        return View(events=tables.events, articles=tables.articles, complete=True)
    events = filter_events(tables, f)
    return View(events=events, articles=filter_articles(tables, f, events, tz))


def actor_ids_in_view(tables: Tables, view: View) -> pl.Series:
    """Distinct actors of the view: sources and targets of its events and actors named in its articles."""
    ids = pl.concat(
        [
            view.events["source_actor_id"],
            view.events["target_actor_id"],
            (tables.article_actors if view.complete
             else tables.article_actors.filter(pl.col("article_id").is_in(view.article_ids.implode())))["actor_id"]
            .unique().cast(pl.String),
        ]
    )
    return ids.drop_nulls().unique().sort()


def counts(tables: Tables, view: View, points: pl.DataFrame | None = None) -> dict[str, int]:
    """Header counts of the view: ``articles``, ``actors``, ``places`` (map markers), ``events``.

    ``points`` are ``map_points(tables, view)`` when the caller has them already.
    """
    return {
        "articles": view.articles.height,
        "actors": actor_ids_in_view(tables, view).len(),
        "places": (map_points(tables, view) if points is None else points).height,
        "events": view.events.height,
    }


# ------------------------------------------------------------------------------------------- labels
def actor_labels(tables: Tables) -> dict[str, str]:
    """``actor_id -> "Name (kind, country)"`` for every actor, ordered by name."""
    rows = tables.actors.unique("actor_id", keep="first").sort(pl.col("name").str.to_lowercase(), nulls_last=True)
    out = {}
    for r in rows.iter_rows(named=True):
        detail = ", ".join(x for x in (r["kind"], r["country"]) if x)
        name = r["name"] or r["actor_id"]
        out[r["actor_id"]] = f"{name} ({detail})" if detail else name
    return out


def _actor_names(tables: Tables) -> pl.DataFrame:
    return tables.actors.select("actor_id", "name").unique("actor_id", keep="first")


def _with_actor_names(df: pl.DataFrame, tables: Tables) -> pl.DataFrame:
    names = _actor_names(tables)
    return df.join(
        names.rename({"actor_id": "source_actor_id", "name": "source"}), on="source_actor_id", how="left"
    ).join(names.rename({"actor_id": "target_actor_id", "name": "target"}), on="target_actor_id", how="left").with_columns(
        pl.coalesce("source", "source_actor_id").alias("source"),
        pl.coalesce("target", "target_actor_id").alias("target"),
    )


# ---------------------------------------------------------------------------------------------- map
MAP_POINT_SCHEMA = pl.Schema(
    {
        "place_id": pl.String,
        "name": pl.String,
        "country_code": pl.String,
        "latitude": pl.Float64,
        "longitude": pl.Float64,
        "mentions": pl.UInt32,
        "events": pl.UInt32,
        "goldstein": pl.Float64,
        "top_actors": pl.String,
    }
)

#: Actors named in a map marker's hover (the most frequent sources and targets of its events).
MAP_TOP_ACTORS = 3


def map_points(tables: Tables, view: View) -> pl.DataFrame:
    """One row per place of the view, ready to plot.

    Mentions are the place mentions in the view's articles (demonym and metonymic roles excluded);
    ``events`` and the mean ``goldstein`` come from the view's events at the place (``goldstein`` is
    null when none). Places without valid coordinates — null, non-finite, out of range or (0, 0) —
    are never returned.

    Returns
    -------
    polars.DataFrame
        Columns of :data:`MAP_POINT_SCHEMA`, sorted by mentions (descending) then name.
    """
    per_article = tables.article_places
    if not view.complete:
        per_article = per_article.filter(pl.col("article_id").is_in(view.article_ids.implode()))
    mentions = per_article.group_by("place_id").agg(pl.col("n").sum().cast(pl.UInt32).alias("mentions"))
    events = (
        view.events.select("place_id", "goldstein")  # select before filtering: no copy of the sentences
        .filter(pl.col("place_id").is_not_null())
        .group_by("place_id")
        .agg(pl.len().cast(pl.UInt32).alias("events"), pl.col("goldstein").mean().alias("goldstein"))
    )
    lat, lon = pl.col("latitude"), pl.col("longitude")
    valid = (
        lat.is_not_null()
        & lon.is_not_null()
        & lat.is_finite()
        & lon.is_finite()
        & lat.is_between(-90, 90)
        & lon.is_between(-180, 180)
        & ~((lat == 0) & (lon == 0))
    )
    places = tables.places.unique("place_id", keep="first").filter(valid)
    out = (
        mentions.join(events, on="place_id", how="full", coalesce=True)
        .join(places, on="place_id", how="inner")
        .join(_top_actors_by_place(tables, view.events), on="place_id", how="left")
        .with_columns(pl.col("mentions").fill_null(0), pl.col("events").fill_null(0))
        .select(list(MAP_POINT_SCHEMA))
        .cast(dict(MAP_POINT_SCHEMA))
    )
    return out.sort(["mentions", "name"], descending=[True, False], nulls_last=True)


def _top_actors_by_place(tables: Tables, events: pl.DataFrame, n: int = MAP_TOP_ACTORS) -> pl.DataFrame:
    """``place_id -> top_actors``: the ``n`` actors most often source or target of the place's events."""
    located = events.select("place_id", "source_actor_id", "target_actor_id").filter(pl.col("place_id").is_not_null())
    if located.height == 0:
        return pl.DataFrame(schema={"place_id": pl.String, "top_actors": pl.String})
    pairs = pl.concat(
        [
            located.select("place_id", pl.col("source_actor_id").alias("actor_id")),
            located.select("place_id", pl.col("target_actor_id").alias("actor_id")),
        ]
    ).drop_nulls()
    return (
        pairs.group_by("place_id", "actor_id")
        .len()
        .join(_actor_names(tables), on="actor_id", how="left")
        .with_columns(pl.coalesce("name", "actor_id").alias("name"))
        .sort(["place_id", "len", "name"], descending=[False, True, False])
        .group_by("place_id", maintain_order=True)
        .agg(pl.col("name").head(n).str.join(", ").alias("top_actors"))
    )


def map_viewport(points: pl.DataFrame, width_px: int = 800, height_px: int = 520) -> tuple[dict, float]:
    """Centre ``{"lat", "lon"}`` and zoom that fit ``points`` (whole world when there are none)."""
    if points.height == 0:
        return {"lat": 20.0, "lon": 0.0}, 0.6
    lat_min, lat_max = points["latitude"].min(), points["latitude"].max()
    lon_min, lon_max = points["longitude"].min(), points["longitude"].max()
    center = {"lat": (lat_min + lat_max) / 2, "lon": (lon_min + lon_max) / 2}
    lon_span = max(lon_max - lon_min, 0.5)
    # Web-Mercator stretches latitudes; measure the span in projected units.
    def merc(la: float) -> float:
        la = max(min(la, 85.0), -85.0)
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(la) / 2)))

    lat_span = max(merc(lat_max) - merc(lat_min), 0.5)
    # MapLibre (plotly's scatter_map) shows the whole world in 512 px at zoom 0.
    zoom = min(math.log2(360 * width_px / (512 * lon_span)), math.log2(360 * height_px / (512 * lat_span)))
    if points.height == 1:
        zoom = 4.0
    return center, float(max(0.3, min(zoom - 0.4, 9.0)))


def selected_place_ids(selection: Mapping | None) -> tuple[str, ...]:
    """Place ids of a Plotly selection (``st.plotly_chart`` state), read from each point's custom data.

    Points without custom data (e.g. the country-outline trace) are skipped. Order is kept,
    duplicates dropped.
    """
    if not selection:
        return ()
    sel = selection.get("selection", selection) if isinstance(selection, Mapping) else {}
    out: list[str] = []
    for point in (sel or {}).get("points", []) or []:
        data = point.get("customdata", point.get("custom_data"))
        if isinstance(data, (list, tuple)) and data:
            data = data[0]
        if isinstance(data, str) and data and data not in out:
            out.append(data)
    return tuple(out)


def _selection_points(selection: Mapping | None) -> list[dict]:
    if not selection or not isinstance(selection, Mapping):
        return []
    sel = selection.get("selection", selection) or {}
    return [p for p in (sel.get("points", []) or []) if isinstance(p, Mapping)]


def _custom(point: Mapping) -> list:
    data = point.get("customdata", point.get("custom_data"))
    if data is None:
        return []
    return list(data) if isinstance(data, (list, tuple)) else [data]


def selected_pair(selection: Mapping | None) -> tuple[str, str] | None:
    """The (source, target) actor ids of a stance-chart selection, or None.

    Heatmap cells and network edges carry the pair key ``"source|target"`` as their first custom
    datum; other points (network nodes) are ignored. With several pairs selected, the first wins.
    """
    for point in _selection_points(selection):
        data = _custom(point)
        if data and isinstance(data[0], str):
            parts = data[0].split(PAIR_SEPARATOR)
            if len(parts) == 2 and all(parts):
                return parts[0], parts[1]
    return None


def _as_date(value) -> date | None:
    """A date from a Plotly axis value: ISO string (``2022-01-05 12:00``) or epoch milliseconds."""
    if isinstance(value, (int, float)) and math.isfinite(value):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc).date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def selected_span(selection: Mapping | None) -> tuple[date, date] | None:
    """The date span of a timeline selection, or None.

    Selected bars carry their period ``[start, end]`` (ISO dates) in custom data; the span covers
    them all. Without bars (a box over an empty stretch) the box's x range is used.
    """
    starts, ends = [], []
    for point in _selection_points(selection):
        data = _custom(point)
        if len(data) >= 2:
            lo, hi = _as_date(data[0]), _as_date(data[1])
            if lo is not None and hi is not None:
                starts.append(lo)
                ends.append(hi)
    if starts:
        return min(starts), max(ends)
    sel = (selection or {}).get("selection", selection) if isinstance(selection, Mapping) else None
    for box in (sel or {}).get("box", []) or []:
        xs = [d for d in (_as_date(x) for x in (box.get("x") or [])) if d is not None]
        if len(xs) >= 2:
            return min(xs), max(xs)
    return None


def country_outlines() -> tuple[list[float | None], list[float | None]]:
    """Longitudes and latitudes of every country outline in ``countryinfo``'s GeoJSON.

    Rings are separated by ``None`` so a single line trace draws them all (about 10,000 points).
    Countries without an outline are skipped.
    """
    import countryinfo

    lons: list[float | None] = []
    lats: list[float | None] = []
    for country in countryinfo.all_countries():
        try:
            geo = country.geo_json()
        except Exception:  # countryinfo raises various errors for countries without GeoJSON
            continue
        for feature in (geo or {}).get("features", []):
            geom = feature.get("geometry") or {}
            polygons = geom.get("coordinates") or []
            if geom.get("type") == "Polygon":
                polygons = [polygons]
            elif geom.get("type") != "MultiPolygon":
                continue
            for polygon in polygons:
                for ring in polygon:
                    lons.extend(float(p[0]) for p in ring)
                    lats.extend(float(p[1]) for p in ring)
                    lons.append(None)
                    lats.append(None)
    return lons, lats


# ------------------------------------------------------------------------------------------ stances
def unattributed_groups(tables: Tables) -> list[str]:
    """Ids of the group actors with no country ("troops", "soldiers", "militants"): who they are
    is unknown, so a stance towards or from them says little (see :func:`stance_table`)."""
    actors = tables.actors
    return actors.filter((pl.col("kind") == "group") & pl.col("country").is_null())["actor_id"].cast(pl.String).to_list()


def stance_table(tables: Tables, events: pl.DataFrame, groups: bool = False) -> pl.DataFrame:
    """Per (source, target) actor pair: event count, mean Goldstein, QuadClass shares, first/last date.

    Events without a source or a target actor are left out, and so are things acted upon (actors of
    kind ``object``, "a bridge"): stances are between actors. Hypothetical events ("if Russia
    decides to invade Ukraine", modality ``hypothetical``) are left out: they did not happen. So
    are groups with no country
    (:func:`unattributed_groups`: "troops", "soldiers") unless ``groups`` is True. Sorted by count
    (descending).
    """
    ev = events.filter(pl.col("modality").fill_null("") != "hypothetical").select(
        "source_actor_id", "target_actor_id", "quad_class", "goldstein", "event_date").filter(
        pl.col("source_actor_id").is_not_null() & pl.col("target_actor_id").is_not_null()
        & ~pl.col("source_actor_id").cast(pl.String).str.starts_with("object:")
        & ~pl.col("target_actor_id").cast(pl.String).str.starts_with("object:")
    )
    if not groups:
        vague = unattributed_groups(tables)
        if vague:
            ev = ev.filter(~pl.col("source_actor_id").cast(pl.String).is_in(vague)
                           & ~pl.col("target_actor_id").cast(pl.String).is_in(vague))
    shares = [
        (pl.col("quad_class") == q).mean().fill_null(0).alias(f"share {name.lower()}")
        for q, name in QUAD_CLASS_NAMES.items()
    ]
    agg = ev.group_by("source_actor_id", "target_actor_id").agg(
        pl.len().alias("events"),
        pl.col("goldstein").mean().alias("mean goldstein"),
        *shares,
        pl.col("event_date").min().alias("first"),
        pl.col("event_date").max().alias("last"),
    )
    out = _with_actor_names(agg, tables)
    first = ["source", "target", "events", "mean goldstein"]
    rest = [c for c in out.columns if c not in first]
    return out.select(first + rest).sort(["events", "source", "target"], descending=[True, False, False])


def top_stance_actors(table: pl.DataFrame, n: int) -> list[str]:
    """Ids of the ``n`` actors with the most events (as source or target) in a :func:`stance_table`."""
    if table.height == 0:
        return []
    both = pl.concat(
        [
            table.select(pl.col("source_actor_id").alias("a"), pl.col("source").alias("name"), "events"),
            table.select(pl.col("target_actor_id").alias("a"), pl.col("target").alias("name"), "events"),
        ]
    )
    ranked = both.group_by("a").agg(pl.col("events").sum(), pl.col("name").first()).sort(
        ["events", "name"], descending=[True, False]
    )
    return ranked.head(n)["a"].to_list()


def stance_matrix(table: pl.DataFrame, max_actors: int = 30) -> tuple[pl.DataFrame, list[str]]:
    """The cells of the stance heatmap: rows of ``table`` whose source and target are among the
    ``max_actors`` busiest actors, plus those actors' ids (axis order, busiest first)."""
    top = top_stance_actors(table, max_actors)
    cells = table.filter(pl.col("source_actor_id").is_in(top) & pl.col("target_actor_id").is_in(top))
    return cells, top


def stance_network(table: pl.DataFrame, max_actors: int = 20) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Nodes and directed edges of the stance network, laid out on a circle (no graph library).

    Returns
    -------
    nodes
        ``actor_id``, ``name``, ``events`` (as source or target), ``x``, ``y`` — busiest first,
        clockwise from the top.
    edges
        One row per (source, target) pair among the nodes: the stance-table columns plus ``x0``,
        ``y0``, ``x1``, ``y1`` (the arrow, shifted sideways so A→B and B→A do not overlap, and
        shortened so it ends at the node's rim) and ``xm``, ``ym`` (its middle).
    """
    top = top_stance_actors(table, max_actors)
    n = len(top)
    both = pl.concat(
        [
            table.select(pl.col("source_actor_id").alias("actor_id"), pl.col("source").alias("name"), "events"),
            table.select(pl.col("target_actor_id").alias("actor_id"), pl.col("target").alias("name"), "events"),
        ]
    ).group_by("actor_id").agg(pl.col("name").first(), pl.col("events").sum())
    angle = {a: math.pi / 2 - 2 * math.pi * i / max(n, 1) for i, a in enumerate(top)}
    pos = {a: (0.0, 0.0) if n == 1 else (math.cos(t), math.sin(t)) for a, t in angle.items()}
    nodes = (
        pl.DataFrame({"actor_id": top, "x": [pos[a][0] for a in top], "y": [pos[a][1] for a in top]},
                     schema={"actor_id": pl.String, "x": pl.Float64, "y": pl.Float64})
        .join(both, on="actor_id", how="left")
        .select("actor_id", "name", "events", "x", "y")
    )
    edges = table.filter(
        pl.col("source_actor_id").is_in(top) & pl.col("target_actor_id").is_in(top)
        & (pl.col("source_actor_id") != pl.col("target_actor_id"))
    )
    coords = []
    for src, tgt in edges.select("source_actor_id", "target_actor_id").iter_rows():
        (x0, y0), (x1, y1) = pos[src], pos[tgt]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        off = 0.035  # to the right of the direction of travel
        sx, sy = x0 + uy * off + ux * 0.07, y0 - ux * off + uy * 0.07
        ex, ey = x1 + uy * off - ux * 0.09, y1 - ux * off - uy * 0.09
        coords.append((sx, sy, ex, ey, (sx + ex) / 2, (sy + ey) / 2))
    cols = ["x0", "y0", "x1", "y1", "xm", "ym"]
    geo = pl.DataFrame(coords, schema={c: pl.Float64 for c in cols}, orient="row")
    return nodes, pl.concat([edges, geo], how="horizontal")


def pair_key(source_actor_id: str, target_actor_id: str) -> str:
    """The query-string form of a stance pair."""
    return f"{source_actor_id}{PAIR_SEPARATOR}{target_actor_id}"


def pair_evidence(tables: Tables, events: pl.DataFrame, pair: tuple[str, str]) -> pl.DataFrame:
    """The evidence of one pair: its events' sentences with article title and date (written to its
    precision, as in :func:`events_table`), oldest first."""
    src, tgt = pair
    ev = events.filter((pl.col("source_actor_id") == src) & (pl.col("target_actor_id") == tgt))
    arts = tables.articles.select("article_id", "title", "published", "url")
    return (
        ev.join(arts, on="article_id", how="left")
        .sort("event_date", nulls_last=True, maintain_order=True)
        .select(
            _date_label().alias("date"),
            "verb",
            pl.col("cameo_code").alias("CAMEO"),
            "goldstein",
            "negated",
            "sentence",
            pl.col("title").alias("article"),
            "published",
            "url",
            "article_id",
        )
    )


# ----------------------------------------------------------------------------------------- timeline
def timeline_bin(events: pl.DataFrame) -> str:
    """Bin width for the timeline, from the span of the central 90 % of event dates:
    ``"1d"`` up to three months, ``"1w"`` up to two years, else ``"1mo"``."""
    dates = events["event_date"].drop_nulls()
    if dates.len() < 2:
        return "1d"
    lo, hi = dates.quantile(0.05, "nearest"), dates.quantile(0.95, "nearest")
    span = (hi - lo).days
    return "1d" if span <= 92 else "1w" if span <= 730 else "1mo"


def timeline_focus(events: pl.DataFrame) -> tuple[date, date] | None:
    """Date range covering the central 90 % of event dates (outliers such as a 2014 annexation in a
    2022 corpus stay reachable by zooming out); None without dated events."""
    dates = events["event_date"].drop_nulls()
    if dates.len() == 0:
        return None
    return dates.quantile(0.05, "nearest"), dates.quantile(0.95, "nearest")


def timeline(events: pl.DataFrame, every: str = "1d") -> pl.DataFrame:
    """Event counts per period (``event_date`` truncated to ``every``: ``1d``, ``1w``, ``1mo``) and
    QuadClass (``quad`` = QuadClass name), with the last day of the period (``period_end``); dated
    events only."""
    names = pl.DataFrame(
        {"quad_class": list(QUAD_CLASS_NAMES), "quad": list(QUAD_CLASS_NAMES.values())},
        schema={"quad_class": pl.Int32, "quad": pl.String},
    )
    return (
        events.select("event_date", "quad_class")
        .filter(pl.col("event_date").is_not_null())
        .with_columns(pl.col("event_date").dt.truncate(every))
        .group_by("event_date", "quad_class")
        .agg(pl.len().alias("events"))
        .join(names, on="quad_class", how="left")
        .with_columns(pl.col("quad").fill_null("Unknown"), _period_end(every))
        .sort("event_date", "quad_class")
    )


def _period_end(every: str, col: str = "event_date") -> pl.Expr:
    return (pl.col(col).dt.offset_by(every) - timedelta(days=1)).alias("period_end")


def timeline_goldstein(events: pl.DataFrame, every: str = "1d") -> pl.DataFrame:
    """Per period: the mean Goldstein score and the number of dated events (the timeline's line)."""
    return (
        events.select("event_date", "goldstein")
        .filter(pl.col("event_date").is_not_null())
        .with_columns(pl.col("event_date").dt.truncate(every))
        .group_by("event_date")
        .agg(pl.col("goldstein").mean().alias("mean goldstein"), pl.len().alias("events"))
        .sort("event_date")
    )


def article_volume(articles: pl.DataFrame, every: str = "1d", tz: str = "UTC") -> pl.DataFrame:
    """Articles published per period (local calendar day in ``tz``, truncated to ``every``)."""
    return (
        articles.select(local_date(pl.col("published"), tz).alias("day"))
        .drop_nulls()
        .with_columns(pl.col("day").dt.truncate(every))
        .group_by("day")
        .len("articles")
        .with_columns(_period_end(every, "day"))
        .sort("day")
    )


def _date_label(date_col: str = "event_date", precision_col: str = "date_precision") -> pl.Expr:
    """An event date written to its precision: ``2014`` (year), ``2014-03`` (month), else ``2014-03-18``."""
    date = pl.col(date_col)
    return (pl.when(pl.col(precision_col) == "year").then(date.dt.strftime("%Y"))
            .when(pl.col(precision_col) == "month").then(date.dt.strftime("%Y-%m"))
            .otherwise(date.dt.strftime("%Y-%m-%d")))


def events_table(tables: Tables, events: pl.DataFrame) -> pl.DataFrame:
    """The events panel's table: date (a string written to its precision: ``2014`` for "in 2014"),
    source, verb, target, CAMEO, Goldstein, sentence, article title; sorted by date, undated last."""
    arts = tables.articles.select("article_id", pl.col("title").alias("article"))
    return (
        _with_actor_names(events, tables)
        .join(arts, on="article_id", how="left")
        .sort("event_date", nulls_last=True, maintain_order=True)
        .select(
            _date_label().alias("date"),
            "source",
            "verb",
            "target",
            pl.col("cameo_code").alias("CAMEO"),
            "goldstein",
            pl.col("quad_class").replace_strict(QUAD_CLASS_NAMES, default=None, return_dtype=pl.String).alias("QuadClass"),
            "sentence",
            "article",
            "article_id",
        )
    )


# ----------------------------------------------------------------------------------------- articles
@dataclass(frozen=True)
class ArticleDetail:
    """One article with what was found in it."""

    article: dict
    actors: pl.DataFrame
    places: pl.DataFrame
    quotes: pl.DataFrame


def article_detail(tables: Tables, article_id: str) -> ArticleDetail | None:
    """The article ``article_id`` with its actors, place mentions and quotes; None if unknown."""
    article = tables.article_record(article_id)
    if article is None:
        return None
    actors = (
        tables.article_rows("entities", article_id, ("actor_id",))
        .filter(pl.col("actor_id").is_not_null())
        .group_by("actor_id")
        .agg(pl.len().alias("mentions"))
        .join(tables.actors.unique("actor_id", keep="first"), on="actor_id", how="left")
        .select("name", "kind", "country", "role", "mentions", "actor_id")
        .sort(["mentions", "name"], descending=[True, False], nulls_last=True)
    )
    places = (
        tables.article_rows("place_mentions", article_id, ("text", "role", "place_id", "confidence"))
        .join(
            tables.places.unique("place_id", keep="first").select(
                "place_id", pl.col("name").alias("place"), "country_code", "latitude", "longitude"
            ),
            on="place_id",
            how="left",
        )
        .select("text", "role", "place", "country_code", "latitude", "longitude", "confidence", "place_id")
        .sort("text")
    )
    quotes = (
        tables.article_rows("quotes", article_id, ("speaker_actor_id", "cue", "text", "start", "kind"))
        .join(
            _actor_names(tables).rename({"actor_id": "speaker_actor_id", "name": "speaker"}),
            on="speaker_actor_id",
            how="left",
        )
        .sort("start", nulls_last=True)
        .select("speaker", "cue", "text", "kind")
    )
    return ArticleDetail(article=article, actors=actors, places=places, quotes=quotes)


#: Highlight kinds of the article reader, in priority order (an overlapping later span is dropped).
HIGHLIGHT_KINDS: tuple[str, ...] = ("actor", "place", "verb", "quote")
_HIGHLIGHT_STYLE = {
    "actor": "background:#cfe3ff;border-radius:3px;padding:0 1px",
    "place": "background:#d2f2cf;border-radius:3px;padding:0 1px",
    "verb": "background:#ffd9a8;border-radius:3px;padding:0 1px;font-weight:600",
    "quote": "background:#f1e6ff;font-style:italic",
}


def article_spans(tables: Tables, article_id: str) -> pl.DataFrame:
    """Character spans to highlight in an article: ``start``, ``end``, ``kind`` (actor, place, verb,
    quote), ``label`` (hover text) and ``ref`` (actor id, place id, CAMEO code or quote id).

    Event verbs come from ``events.verb_start``/``verb_end``. Spans with missing or out-of-range
    offsets are left out.
    """
    schema = {"start": pl.Int64, "end": pl.Int64, "kind": pl.String, "label": pl.String, "ref": pl.String}
    article = tables.article_record(article_id)
    if article is None:
        return pl.DataFrame(schema=schema)
    text = article["text"] or ""
    names = _actor_names(tables)
    actors = (
        tables.article_rows("entities", article_id, ("start", "end", "actor_id"))
        .filter(pl.col("actor_id").is_not_null())
        .join(names, on="actor_id", how="left")
        .select(
            "start", "end", pl.lit("actor").alias("kind"),
            pl.format("actor: {}", pl.coalesce("name", "actor_id")).alias("label"), pl.col("actor_id").alias("ref"),
        )
    )
    place_names = tables.places.unique("place_id", keep="first").select("place_id", pl.col("name").alias("pname"))
    places = (
        tables.article_rows("place_mentions", article_id, ("start", "end", "place_id", "role"))
        .filter(~pl.col("role").fill_null("").is_in(HIDDEN_MENTION_ROLES))
        .join(place_names, on="place_id", how="left")
        .select(
            "start", "end", pl.lit("place").alias("kind"),
            pl.format("place: {} ({})", pl.coalesce("pname", pl.lit("unresolved")), pl.col("role").fill_null("?"))
            .alias("label"),
            pl.col("place_id").alias("ref"),
        )
    )
    quotes = tables.article_rows("quotes", article_id, ("quote_id", "speaker_actor_id", "start", "end", "kind")).join(
        names.rename({"actor_id": "speaker_actor_id"}), on="speaker_actor_id", how="left"
    ).select(
        "start", "end", pl.lit("quote").alias("kind"),
        pl.format("quote ({}): {}", pl.col("kind").fill_null("?"), pl.coalesce("name", pl.lit("unknown speaker")))
        .alias("label"),
        pl.col("quote_id").alias("ref"),
    )
    verbs = tables.events.filter(pl.col("article_id") == article_id).select(
        pl.col("verb_start").alias("start"), pl.col("verb_end").alias("end"), pl.lit("verb").alias("kind"),
        pl.format("event: {} (CAMEO {})", "verb", "cameo_code").alias("label"), pl.col("cameo_code").alias("ref"),
    )
    out = pl.concat([f.cast(schema) for f in (actors, places, quotes, verbs)])
    return (
        out.filter(pl.col("start").is_not_null() & pl.col("end").is_not_null()
                   & (pl.col("start") >= 0) & (pl.col("end") > pl.col("start")) & (pl.col("end") <= len(text)))
        .unique(["start", "end", "kind"], keep="first", maintain_order=True)
        .sort("start", "end")
    )


def _non_overlapping(spans: list[tuple]) -> list[tuple]:
    """Greedy: spans sorted by kind priority then start; a span overlapping a kept one is dropped."""
    kept: list[tuple] = []
    order = {k: i for i, k in enumerate(HIGHLIGHT_KINDS)}
    for span in sorted(spans, key=lambda s: (order.get(s[2], 99), s[0], -s[1])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def highlight_html(text: str, spans: pl.DataFrame | Iterable[tuple]) -> str:
    """The article ``text`` as HTML with ``<mark>`` tags around the ``spans`` (see :func:`article_spans`).

    Every piece of article text goes through :func:`html.escape`, so markup in an article
    (``<script>``, tags, entities) is shown literally and never interpreted. Quotations are an outer
    layer; actors, places and verbs an inner one (overlaps within a layer keep the first by kind
    priority). Line breaks are kept with ``white-space: pre-wrap``.
    """
    text = text or ""
    rows = spans.select("start", "end", "kind", "label").rows() if isinstance(spans, pl.DataFrame) else list(spans)
    rows = [(int(s), int(e), k, lab) for s, e, k, lab, *_ in rows if 0 <= s < e <= len(text)]
    outer = _non_overlapping([r for r in rows if r[2] == "quote"])
    inner = _non_overlapping([r for r in rows if r[2] != "quote"])
    cuts = sorted({0, len(text), *(p for s, e, *_ in outer + inner for p in (s, e))})

    def active(layer: list[tuple], a: int, b: int):
        return next((r for r in layer if r[0] <= a and b <= r[1]), None)

    def mark(span: tuple, body: str) -> str:
        _, _, kind, label = span
        return (f'<mark class="hl-{kind}" style="{_HIGHLIGHT_STYLE[kind]}" '
                f'title="{html.escape(label or kind, quote=True)}">{body}</mark>')

    pieces: list[tuple[tuple | None, str]] = []  # (outer span, html), runs of one outer span merged
    for a, b in zip(cuts, cuts[1:]):
        body = html.escape(text[a:b], quote=True)
        inn, out_span = active(inner, a, b), active(outer, a, b)
        if inn:
            body = mark(inn, body)
        if pieces and pieces[-1][0] == out_span:
            pieces[-1] = (out_span, pieces[-1][1] + body)
        else:
            pieces.append((out_span, body))
    body = "".join(mark(o, h) if o else h for o, h in pieces)
    return '<div class="article-text" style="white-space:pre-wrap;line-height:1.6">' + body + "</div>"


# ---------------------------------------------------------------------------------------- downloads
#: Tables offered for download, in the order shown.
EXPORT_NAMES: tuple[str, ...] = ("events", "actors", "places", "articles")


def export_frame(tables: Tables, view: View, name: str) -> pl.DataFrame:
    """One download table of the view: ``events`` (with actor names and article title), ``actors``
    (of the view, with their event counts), ``places`` (map markers with mentions) or ``articles``."""
    if name == "events":
        arts = tables.articles.select("article_id", pl.col("title").alias("article_title"), pl.col("url").alias("article_url"))
        return _with_actor_names(view.events, tables).join(arts, on="article_id", how="left")
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
        extra = (
            store.scan(tables.data_dir, "articles").select("article_id", *missing)
            .filter(pl.col("article_id").is_in(ids)).unique("article_id", keep="first").collect()
        )
        articles = articles.join(extra, on="article_id", how="left", maintain_order="left")
    else:
        articles = articles.with_columns(pl.lit(None, dtype=declared[c]).alias(c) for c in missing)
    return articles.select(list(declared))


def frame_bytes(df: pl.DataFrame, fmt: str) -> bytes:
    """``df`` as ``csv`` (UTF-8, list columns joined with ``"; "``) or ``parquet`` bytes."""
    buf = io.BytesIO()
    if fmt == "parquet":
        df.write_parquet(buf)
    elif fmt == "csv":
        lists = [n for n, t in df.schema.items() if isinstance(t, pl.List)]
        df.with_columns(pl.col(n).list.join("; ") for n in lists).write_csv(buf)
    else:
        raise ValueError(f"unknown format {fmt!r}; expected csv or parquet")
    return buf.getvalue()


# -------------------------------------------------------------------------------------- query string
def encode_query(f: Filters) -> dict[str, list[str]]:
    """The query-string parameters of ``f`` (key -> values; repeated keys hold several values).

    Unset filters are left out, so the empty view has an empty query string.
    """
    out: dict[str, list[str]] = {}
    if f.actors:
        out["actor"] = list(f.actors)
    if f.date_from is not None:
        out["from"] = [f.date_from.isoformat()]
    if f.date_to is not None:
        out["to"] = [f.date_to.isoformat()]
    if f.roots:
        out["root"] = [str(r) for r in f.roots]
    if f.quads:
        out["quad"] = [str(q) for q in f.quads]
    if f.places:
        out["place"] = list(f.places)
    if f.pair:
        out["pair"] = [pair_key(*f.pair)]
    if f.span:
        out["span"] = [f"{f.span[0].isoformat()}{SPAN_SEPARATOR}{f.span[1].isoformat()}"]
    if f.article:
        out["article"] = [f.article]
    return out


def _values(raw) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    return [str(v).strip() for v in raw if str(v).strip() != ""]


def _dedupe(values: Iterable) -> tuple:
    return tuple(dict.fromkeys(values))


def decode_query(
    params: Mapping[str, str | list[str]],
    *,
    actor_ids: Iterable[str] | None = None,
    place_ids: Iterable[str] | None = None,
    article_ids: Iterable[str] | None = None,
) -> tuple[Filters, list[str]]:
    """Read :class:`Filters` from query-string ``params``; never raises.

    Parameters
    ----------
    params
        Key -> value or list of values (``st.query_params`` read with ``get_all``).
    actor_ids, place_ids, article_ids
        Known ids; when given, unknown ids are dropped with a warning.

    Returns
    -------
    tuple of (Filters, list of str)
        The filters and one human-readable warning per ignored value or key.
    """
    warnings: list[str] = []
    known_actors = None if actor_ids is None else set(actor_ids)
    known_places = None if place_ids is None else set(place_ids)
    known_articles = None if article_ids is None else set(article_ids)

    def known(key: str, values: list[str], universe: set | None) -> tuple[str, ...]:
        if universe is None:
            return _dedupe(values)
        bad = [v for v in values if v not in universe]
        if bad:
            warnings.append(f"Ignored unknown {key} in the link: {', '.join(bad)}")
        return _dedupe(v for v in values if v in universe)

    def ints(key: str, allowed: Iterable[int]) -> tuple[int, ...]:
        allowed = set(allowed)
        good, bad = [], []
        for v in _values(params.get(key)):
            try:
                n = int(v)
            except ValueError:
                n = None
            (good.append(n) if n in allowed else bad.append(v))
        if bad:
            warnings.append(f"Ignored invalid {key} value(s) in the link: {', '.join(bad)}")
        return _dedupe(good)

    def one_date(key: str) -> date | None:
        values = _values(params.get(key))
        if not values:
            return None
        try:
            return date.fromisoformat(values[-1])
        except ValueError:
            warnings.append(f"Ignored invalid date in the link: {key}={values[-1]}")
            return None

    unknown = [k for k in params if k not in QUERY_KEYS and k not in FOREIGN_QUERY_KEYS]
    if unknown:
        warnings.append(f"Ignored unknown parameter(s) in the link: {', '.join(sorted(unknown))}")

    date_from, date_to = one_date("from"), one_date("to")
    if date_from and date_to and date_from > date_to:
        warnings.append(f"Ignored the date range of the link: {date_from} is after {date_to}")
        date_from = date_to = None

    pair = None
    pair_values = _values(params.get("pair"))
    if pair_values:
        parts = pair_values[-1].split(PAIR_SEPARATOR)
        ok = len(parts) == 2 and all(parts)
        if ok and known_actors is not None:
            ok = all(p in known_actors for p in parts)
        if ok:
            pair = (parts[0], parts[1])
        else:
            warnings.append(f"Ignored invalid pair in the link: {pair_values[-1]}")

    span = None
    span_values = _values(params.get("span"))
    if span_values:
        parts = span_values[-1].split(SPAN_SEPARATOR)
        try:
            lo, hi = (date.fromisoformat(p) for p in parts) if len(parts) == 2 else (None, None)
        except ValueError:
            lo = hi = None
        if lo is not None and hi is not None and lo <= hi:
            span = (lo, hi)
        else:
            warnings.append(f"Ignored invalid span in the link: {span_values[-1]}")

    article = None
    article_values = _values(params.get("article"))
    if article_values:
        kept = known("article", article_values[-1:], known_articles)
        article = kept[0] if kept else None

    f = Filters(
        actors=known("actor", _values(params.get("actor")), known_actors),
        date_from=date_from,
        date_to=date_to,
        roots=ints("root", CAMEO_ROOT_NAMES),
        quads=ints("quad", QUAD_CLASS_NAMES),
        places=known("place", _values(params.get("place")), known_places),
        pair=pair,
        span=span,
        article=article,
    )
    return f, warnings

