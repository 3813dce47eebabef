"""The timeline's data: bin width, focus range, events per period and QuadClass, the mean Goldstein
line and the article volume.

Shown by :mod:`dashboard.views.events`.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import polars as pl

from dashboard.query.filters import local_date
from dashboard.schema import QUAD_CLASS_NAMES


def _central_dates(events: pl.DataFrame | pl.LazyFrame) -> tuple[int, date | None, date | None]:
    """The number of dated events and their 5 % and 95 % quantiles (``nearest``, as
    ``Series.quantile``), from the events per day: the dates themselves are never sorted."""
    per_day = (events.lazy().select("event_date").drop_nulls().group_by("event_date").len()
               .sort("event_date").collect())
    n = int(per_day["len"].sum()) if per_day.height else 0
    if n == 0:
        return 0, None, None
    ends = per_day["len"].cum_sum()  # ends[i]: how many dates are on or before day i

    def nearest(q: float) -> date:
        rank = min(max(math.floor((n - 1) * q + 0.5), 0), n - 1)  # Polars' nearest: (n - 1) q rounded half up
        day = per_day["event_date"][int(ends.search_sorted(rank + 1, side="left"))]
        return pl.Series([day], dtype=pl.Date).quantile(0.5, "nearest")  # the type Series.quantile gives

    return n, nearest(0.05), nearest(0.95)


def timeline_bin(events: pl.DataFrame | pl.LazyFrame) -> str:
    """Bin width for the timeline, from the span of the central 90 % of event dates:
    ``"1d"`` up to three months, ``"1w"`` up to two years, else ``"1mo"``."""
    n, lo, hi = _central_dates(events)
    if n < 2:
        return "1d"
    span = (hi - lo).days
    return "1d" if span <= 92 else "1w" if span <= 730 else "1mo"


def timeline_focus(events: pl.DataFrame | pl.LazyFrame) -> tuple[date, date] | None:
    """Date range covering the central 90 % of event dates (outliers such as a 2014 annexation in a
    2022 corpus stay reachable by zooming out); None without dated events."""
    n, lo, hi = _central_dates(events)
    return None if n == 0 else (lo, hi)


def timeline(events: pl.DataFrame | pl.LazyFrame, every: str = "1d") -> pl.DataFrame:
    """Event counts per period (``event_date`` truncated to ``every``: ``1d``, ``1w``, ``1mo``) and
    QuadClass (``quad`` = QuadClass name), with the last day of the period (``period_end``); dated
    events only."""
    names = pl.DataFrame(
        {"quad_class": list(QUAD_CLASS_NAMES), "quad": list(QUAD_CLASS_NAMES.values())},
        schema={"quad_class": pl.Int32, "quad": pl.String},
    )
    return (
        events.lazy().select("event_date", "quad_class")
        .filter(pl.col("event_date").is_not_null())
        .group_by("event_date", "quad_class").len()  # per day first: a few thousand rows to truncate
        .with_columns(pl.col("event_date").dt.truncate(every))
        .group_by("event_date", "quad_class")
        .agg(pl.col("len").sum().cast(pl.UInt32).alias("events"))
        .join(names.lazy(), on="quad_class", how="left")
        .with_columns(pl.col("quad").fill_null("Unknown"), period_end(every))
        .sort("event_date", "quad_class")
        .collect()
    )


def period_end(every: str, col: str = "event_date") -> pl.Expr:
    """``period_end``: the last day of the period of width ``every`` that starts on date column ``col``."""
    return (pl.col(col).dt.offset_by(every) - timedelta(days=1)).alias("period_end")


def timeline_goldstein(events: pl.DataFrame | pl.LazyFrame, every: str = "1d") -> pl.DataFrame:
    """Per period: the mean Goldstein score and the number of dated events (the timeline's line)."""
    return (
        events.lazy().select("event_date", "goldstein")
        .filter(pl.col("event_date").is_not_null())
        .group_by("event_date")  # per day first: a few thousand rows to truncate
        .agg(pl.col("goldstein").sum().alias("_sum"), pl.col("goldstein").count().alias("_n"), pl.len().alias("events"))
        .with_columns(pl.col("event_date").dt.truncate(every))
        .group_by("event_date")
        .agg(pl.col("_sum").sum(), pl.col("_n").sum(), pl.col("events").sum())
        .select("event_date", pl.when(pl.col("_n") > 0).then(pl.col("_sum") / pl.col("_n")).alias("mean goldstein"),
                "events")
        .sort("event_date")
        .collect()
    )


def article_volume(articles: pl.DataFrame | pl.LazyFrame, every: str = "1d", tz: str = "UTC") -> pl.DataFrame:
    """Articles published per period (local calendar day in ``tz``, truncated to ``every``)."""
    return (
        articles.lazy().select(local_date(pl.col("published"), tz).alias("day"))
        .drop_nulls()
        .with_columns(pl.col("day").dt.truncate(every))
        .group_by("day")
        .len("articles")
        .with_columns(period_end(every, "day"))
        .sort("day")
        .collect()
    )
