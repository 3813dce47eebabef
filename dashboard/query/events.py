"""The events panel's table: coded events with dates written to their precision, their modality and
negation; and the asserted events that the stances, the map colours and the timeline count.

Shown by :mod:`dashboard.views.events` (below the timeline of :mod:`dashboard.query.timeline`).
"""

from __future__ import annotations

import polars as pl

from dashboard.query.actors import with_actor_names
from dashboard.query.filters import View
from dashboard.query.tables import Tables, _plain
from dashboard.schema import QUAD_CLASS_NAMES


#: Seasons by the month they begin (TIMEX3 SP, SU, FA, WI).
_SEASON_NAMES = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}


def date_label(date_col: str = "event_date", precision_col: str = "date_precision") -> pl.Expr:
    """An event date written to its precision: ``2014`` (year), ``2014-03`` (month), ``2014-W11``
    (ISO week), ``2014-Q1``, ``2014-H2``, ``2014 spring``, ``1990s`` (decade), ``1900s`` (century),
    ``before 2014-03-18`` / ``now (2014-03-18)`` / ``after 2014-03-18`` (a ref such as "recently"
    on the publication date), else ``2014-03-18``."""
    d, p = pl.col(date_col), pl.col(precision_col)
    day, year = d.dt.strftime("%Y-%m-%d"), d.dt.strftime("%Y")
    n = ((d.dt.month() - 1) // 3 + 1).cast(pl.String)
    return (pl.when(p == "year").then(year)
            .when(p == "month").then(d.dt.strftime("%Y-%m"))
            .when(p == "week").then(d.dt.strftime("%G-W%V"))
            .when(p == "quarter").then(pl.concat_str(year, pl.lit("-Q"), n))
            .when(p == "half").then(pl.concat_str(year, pl.lit("-H"), ((d.dt.month() - 1) // 6 + 1).cast(pl.String)))
            .when(p == "season").then(pl.concat_str(year, pl.lit(" "), d.dt.month().replace_strict(
                _SEASON_NAMES, default="", return_dtype=pl.String)))
            .when(p == "decade").then(pl.concat_str(year, pl.lit("s")))
            .when(p == "century").then(pl.concat_str(year, pl.lit("s")))
            .when(p == "past_ref").then(pl.concat_str(pl.lit("before "), day))
            .when(p == "present_ref").then(pl.concat_str(pl.lit("now ("), day, pl.lit(")")))
            .when(p == "future_ref").then(pl.concat_str(pl.lit("after "), day))
            .otherwise(day))


#: The factuality the stances, the map colours and the timeline count by default (``events.modality``).
ASSERTED = "asserted"


def asserted_only(events: pl.DataFrame, include_all: bool = False) -> tuple[pl.DataFrame, int]:
    """The events that happened, and how many others were left out.

    Parameters
    ----------
    events : polars.DataFrame
        Rows of the ``events`` table (a missing ``modality`` counts as asserted).
    include_all : bool
        Keep every event (negated, denied, hypothetical, questions, future ones too).

    Returns
    -------
    tuple of (polars.DataFrame, int)
        The kept events and the number left out (0 when ``include_all``).
    """
    if include_all or "modality" not in events.columns:
        return events, 0
    kept = events.filter(_IS_ASSERTED)
    return kept, events.height - kept.height


#: Asserted or without a modality (String or Categorical: no cast of the column).
_IS_ASSERTED = ((pl.col("modality") == ASSERTED) | pl.col("modality").is_null()).fill_null(True)


def asserted_plan(events: pl.LazyFrame | pl.DataFrame, include_all: bool = False) -> pl.LazyFrame:
    """The plan of :func:`asserted_only`'s kept events (nothing counted or collected)."""
    lf = events.lazy()
    if include_all or "modality" not in lf.collect_schema().names():
        return lf
    return lf.filter(_IS_ASSERTED)


def asserted_view(view: View, include_all: bool = False, left_out: int | None = None) -> tuple[View, int]:
    """``view`` with only its asserted events (:func:`asserted_only`) and the number left out;
    its articles are unchanged. Counts the events (unless ``left_out``, the count, is given); collects none."""
    if include_all:
        return view, 0
    if left_out is None:
        if "modality" not in view.events_plan.collect_schema().names():
            return view, 0
        left_out = view.events_plan.select((~_IS_ASSERTED).sum()).collect().item()
    if not left_out:
        return view, 0
    key = None if view.key is None else (*view.key, ASSERTED)
    return view.narrowed(asserted_plan, complete=False, key=key), left_out


def newest_events(view: View, n: int) -> pl.DataFrame:
    """The newest ``n`` events of ``view`` (undated last; every event when it has no more), in the
    view's order, with String ids: a top-k of its plan, so its other events are never collected."""
    if view.n_events <= n:
        return view.events
    plan = view.events_plan
    # The date of the n-th newest event, from the events per day: only the rows on or after it are
    # collected (the newest n, plus the others of that day), never the view.
    per_day = (plan.select("event_date").drop_nulls().group_by("event_date").len()
               .sort("event_date", descending=True).collect())
    reached = per_day.filter(pl.col("len").cum_sum() >= n)
    if reached.height:  # the rows kept by a filter stay in the view's order: their index orders ties
        rows = plan.filter(pl.col("event_date") >= reached["event_date"][0]).collect().with_row_index("_row")
    else:  # fewer dated events than n: every dated one and the first undated ones, in the view's order
        indexed = plan.with_row_index("_row")
        undated = n - int(per_day["len"].sum())
        rows = pl.concat([indexed.filter(pl.col("event_date").is_not_null()).collect(),
                          indexed.filter(pl.col("event_date").is_null()).head(undated).collect()])
    newest = rows.sort(["event_date", "_row"], descending=[True, False], nulls_last=True).head(n)
    return _plain(view.with_event_ids(newest.sort("_row").drop("_row")))


#: Rows of the events panel's table (the newest of the view).
NEWEST_ROWS = 2_000


def newest_with_text(tables: Tables, view: View, n: int = NEWEST_ROWS) -> pl.DataFrame:
    """:func:`newest_events` of ``view`` with the columns only shown (sentence, verb, CAMEO code, …)
    read from the store for these rows; read once per view and ``n`` (the events table and the event
    form share it)."""
    return view._once(("newest with text", n), lambda: tables.with_event_columns(newest_events(view, n)))


def first_newest(events: pl.DataFrame, n: int) -> pl.DataFrame:
    """The newest ``n`` of ``events`` (rows of :func:`newest_events`, in the view's order): the same
    rows as :func:`newest_events` with ``n``, since its order (date, then the view's) is total."""
    ranked = events.with_row_index("_row").sort(["event_date", "_row"], descending=[True, False], nulls_last=True)
    return ranked.head(n).sort("_row").drop("_row")


def events_table(tables: Tables, events: pl.DataFrame) -> pl.DataFrame:
    """The events panel's table: date (a string written to its precision: ``2014`` for "in 2014"),
    source, verb, its modality and negation, target, CAMEO, Goldstein, sentence, article title; newest
    first, undated last.

    A missing source or target is an empty string (an empty cell, not "None")."""
    events = _plain(events)
    arts = _plain(tables.articles.filter(pl.col("article_id").is_in(events["article_id"].unique().implode()))
                  .select("article_id", pl.col("title").alias("article")))  # these rows' articles only
    return (
        with_actor_names(tables.with_event_columns(events), tables)
        .join(arts, on="article_id", how="left")
        .sort("event_date", descending=True, nulls_last=True, maintain_order=True)
        .select(
            date_label().alias("date"),
            pl.col("source").fill_null(""),
            "verb",
            "modality",
            "negated",
            pl.col("target").fill_null(""),
            pl.col("cameo_code").alias("CAMEO"),
            "goldstein",
            pl.col("quad_class").replace_strict(QUAD_CLASS_NAMES, default=None, return_dtype=pl.String).alias("QuadClass"),
            "sentence",
            "article",
            "article_id",
        )
    )
