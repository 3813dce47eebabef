"""Pure Polars logic behind the dashboard views (no Streamlit here).

Loading the built tables, the typed :class:`Filters` of a view, applying them, the aggregations of the
map, stance and timeline panels, and the URL query-string encoding of a view, so that a copied link
reopens the same view. Every function is a plain function of frames and values, testable without a
browser.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
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
QUERY_KEYS: tuple[str, ...] = ("actor", "from", "to", "root", "quad", "place", "pair", "article")
#: Query-string keys owned by Streamlit / Community Cloud: kept, never warned about.
FOREIGN_QUERY_KEYS: frozenset[str] = frozenset({"embed", "embed_options"})
PAIR_SEPARATOR = "|"


# --------------------------------------------------------------------------------------------- tables
@dataclass(frozen=True)
class Tables:
    """The seven built tables as Polars frames with their declared schemas."""

    articles: pl.DataFrame
    entities: pl.DataFrame
    actors: pl.DataFrame
    places: pl.DataFrame
    place_mentions: pl.DataFrame
    events: pl.DataFrame
    quotes: pl.DataFrame

    @classmethod
    def empty(cls) -> "Tables":
        """Tables with no rows (declared schemas)."""
        return cls(**{name: TABLES[name].empty() for name in TABLES})

    @property
    def is_empty(self) -> bool:
        """True when there is neither an article nor an event to show."""
        return self.articles.height == 0 and self.events.height == 0


def scan_tables(data_dir: Path | str) -> dict[str, pl.LazyFrame]:
    """Lazy scans of every table of ``data_dir`` (missing tables are empty with their schema)."""
    return {name: store.scan(Path(data_dir), name) for name in TABLES}


def load_tables(data_dir: Path | str) -> Tables:
    """Collect every table of ``data_dir`` into a :class:`Tables`.

    Parameters
    ----------
    data_dir
        A built data folder (see :mod:`dashboard.store`); a missing folder gives empty tables.
    """
    scans = scan_tables(data_dir)
    return Tables(**dict(zip(scans, pl.collect_all(list(scans.values())))))


# -------------------------------------------------------------------------------------------- filters
@dataclass(frozen=True)
class Filters:
    """What the user chose: the filters of the view plus the selected stance pair and article.

    Empty tuples and ``None`` mean "no restriction". ``pair`` and ``article`` select what the stance
    and article panels show; they do not filter the other panels.
    """

    actors: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    roots: tuple[int, ...] = ()
    quads: tuple[int, ...] = ()
    places: tuple[str, ...] = ()
    pair: tuple[str, str] | None = None
    article: str | None = None

    def replace(self, **changes) -> "Filters":
        """A copy with ``changes`` applied."""
        return replace(self, **changes)

    @property
    def restricts_events(self) -> bool:
        """True when an event-level filter (actor, CAMEO root, QuadClass) is set."""
        return bool(self.actors or self.roots or self.quads)

    @property
    def has_dates(self) -> bool:
        """True when a date bound is set."""
        return self.date_from is not None or self.date_to is not None


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
    """Events matching the actor, date, CAMEO root, QuadClass and place filters of ``f``.

    An actor filter keeps events whose source *or* target is one of the actors. Dates compare the
    ``event_date`` calendar day; events without a date are dropped when a date bound is set.
    """
    ev = tables.events
    cond = pl.lit(True)
    if f.actors:
        cond = cond & (pl.col("source_actor_id").is_in(f.actors) | pl.col("target_actor_id").is_in(f.actors))
    if f.has_dates:
        cond = cond & _in_range(pl.col("event_date"), f.date_from, f.date_to).fill_null(False)
    if f.roots:
        cond = cond & pl.col("cameo_root").is_in(f.roots)
    if f.quads:
        cond = cond & pl.col("quad_class").is_in(f.quads)
    if f.places:
        cond = cond & pl.col("place_id").is_in(f.places)
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
        cond = cond & _in_range(local_date(pl.col("published"), tz), f.date_from, f.date_to).fill_null(False)
    if f.places:
        mentioning = tables.place_mentions.filter(pl.col("place_id").is_in(f.places))["article_id"].unique()
        cond = cond & pl.col("article_id").is_in(mentioning.implode())
    return art.filter(cond | pl.col("article_id").is_in(of_events.implode()))


@dataclass(frozen=True)
class View:
    """The filtered view: its events and articles."""

    events: pl.DataFrame
    articles: pl.DataFrame

    @property
    def article_ids(self) -> pl.Series:
        """Ids of the articles in the view."""
        return self.articles["article_id"]


def apply_filters(tables: Tables, f: Filters, tz: str = "UTC") -> View:
    """Apply ``f`` to ``tables``: the filtered events and articles (see :func:`filter_articles`)."""
    events = filter_events(tables, f)
    return View(events=events, articles=filter_articles(tables, f, events, tz))


def actor_ids_in_view(tables: Tables, view: View) -> pl.Series:
    """Distinct actors of the view: sources and targets of its events and actors named in its articles."""
    ids = pl.concat(
        [
            view.events["source_actor_id"],
            view.events["target_actor_id"],
            tables.entities.filter(pl.col("article_id").is_in(view.article_ids.implode()))["actor_id"],
        ]
    )
    return ids.drop_nulls().unique().sort()


def counts(tables: Tables, view: View) -> dict[str, int]:
    """Header counts of the view: ``articles``, ``actors``, ``places`` (map markers), ``events``."""
    return {
        "articles": view.articles.height,
        "actors": actor_ids_in_view(tables, view).len(),
        "places": map_points(tables, view).height,
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
    }
)


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
    mentions = (
        tables.place_mentions.filter(
            pl.col("article_id").is_in(view.article_ids.implode())
            & pl.col("place_id").is_not_null()
            & ~pl.col("role").fill_null("").is_in(HIDDEN_MENTION_ROLES)
        )
        .group_by("place_id")
        .agg(pl.len().cast(pl.UInt32).alias("mentions"))
    )
    events = (
        view.events.filter(pl.col("place_id").is_not_null())
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
        .with_columns(pl.col("mentions").fill_null(0), pl.col("events").fill_null(0))
        .select(list(MAP_POINT_SCHEMA))
        .cast(dict(MAP_POINT_SCHEMA))
    )
    return out.sort(["mentions", "name"], descending=[True, False], nulls_last=True)


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
def stance_table(tables: Tables, events: pl.DataFrame) -> pl.DataFrame:
    """Per (source, target) actor pair: event count, mean Goldstein, QuadClass shares, first/last date.

    Events without a source or a target actor are left out. Sorted by count (descending).
    """
    ev = events.filter(pl.col("source_actor_id").is_not_null() & pl.col("target_actor_id").is_not_null())
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


def pair_key(source_actor_id: str, target_actor_id: str) -> str:
    """The query-string form of a stance pair."""
    return f"{source_actor_id}{PAIR_SEPARATOR}{target_actor_id}"


def pair_evidence(tables: Tables, events: pl.DataFrame, pair: tuple[str, str]) -> pl.DataFrame:
    """The evidence of one pair: its events' sentences with article title and date, oldest first."""
    src, tgt = pair
    ev = events.filter((pl.col("source_actor_id") == src) & (pl.col("target_actor_id") == tgt))
    arts = tables.articles.select("article_id", "title", "published")
    return (
        ev.join(arts, on="article_id", how="left")
        .select(
            pl.col("event_date").alias("date"),
            "verb",
            pl.col("cameo_code").alias("CAMEO"),
            "goldstein",
            "negated",
            "sentence",
            pl.col("title").alias("article"),
            "published",
            "article_id",
        )
        .sort("date", nulls_last=True)
    )


# ----------------------------------------------------------------------------------------- timeline
def timeline_bin(events: pl.DataFrame) -> str:
    """Bin width for the timeline, from the span of the central 90 % of event dates:
    ``"1d"`` up to three months, ``"1w"`` up to two years, else ``"1mo"``."""
    dates = events["event_date"].drop_nulls()
    if dates.len() < 2:
        return "1d"
    lo, hi = dates.quantile(0.05, "lower"), dates.quantile(0.95, "higher")
    span = (hi - lo).days
    return "1d" if span <= 92 else "1w" if span <= 730 else "1mo"


def timeline_focus(events: pl.DataFrame) -> tuple[date, date] | None:
    """Date range covering the central 90 % of event dates (outliers such as a 2014 annexation in a
    2022 corpus stay reachable by zooming out); None without dated events."""
    dates = events["event_date"].drop_nulls()
    if dates.len() == 0:
        return None
    return dates.quantile(0.05, "lower"), dates.quantile(0.95, "higher")


def timeline(events: pl.DataFrame, every: str = "1d") -> pl.DataFrame:
    """Event counts per period (``event_date`` truncated to ``every``: ``1d``, ``1w``, ``1mo``) and
    QuadClass (``quad`` = QuadClass name), plus the mean Goldstein score; dated events only."""
    names = pl.DataFrame(
        {"quad_class": list(QUAD_CLASS_NAMES), "quad": list(QUAD_CLASS_NAMES.values())},
        schema={"quad_class": pl.Int32, "quad": pl.String},
    )
    return (
        events.filter(pl.col("event_date").is_not_null())
        .with_columns(pl.col("event_date").dt.truncate(every))
        .group_by("event_date", "quad_class")
        .agg(pl.len().alias("events"))
        .join(names, on="quad_class", how="left")
        .with_columns(pl.col("quad").fill_null("Unknown"))
        .sort("event_date", "quad_class")
    )


def events_table(tables: Tables, events: pl.DataFrame) -> pl.DataFrame:
    """The events panel's table: date, source, verb, target, CAMEO, Goldstein, sentence, article title."""
    arts = tables.articles.select("article_id", pl.col("title").alias("article"))
    return (
        _with_actor_names(events, tables)
        .join(arts, on="article_id", how="left")
        .select(
            pl.col("event_date").alias("date"),
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
        .sort("date", nulls_last=True)
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
    rows = tables.articles.filter(pl.col("article_id") == article_id)
    if rows.height == 0:
        return None
    actors = (
        tables.entities.filter((pl.col("article_id") == article_id) & pl.col("actor_id").is_not_null())
        .group_by("actor_id")
        .agg(pl.len().alias("mentions"))
        .join(tables.actors.unique("actor_id", keep="first"), on="actor_id", how="left")
        .select("name", "kind", "country", "role", "mentions", "actor_id")
        .sort(["mentions", "name"], descending=[True, False], nulls_last=True)
    )
    places = (
        tables.place_mentions.filter(pl.col("article_id") == article_id)
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
        tables.quotes.filter(pl.col("article_id") == article_id)
        .join(
            _actor_names(tables).rename({"actor_id": "speaker_actor_id", "name": "speaker"}),
            on="speaker_actor_id",
            how="left",
        )
        .sort("start", nulls_last=True)
        .select("speaker", "cue", "text", "kind")
    )
    return ArticleDetail(article=rows.row(0, named=True), actors=actors, places=places, quotes=quotes)


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
        article=article,
    )
    return f, warnings

