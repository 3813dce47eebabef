"""Lazy views: a filter change builds plans and the panels collect only what they show; per-filter
results are cached across reruns (dashboard.views.cache)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import query
from dashboard.query import Filters
from dashboard.query.events import asserted_view
from dashboard.views import cache


@pytest.fixture(scope="module")
def tables(synthetic_store) -> query.Tables:
    return query.load_tables(synthetic_store)


def _filters(tables) -> list[Filters]:
    actor = tables.events["source_actor_id"].drop_nulls()[0]
    return [Filters(), Filters(date_from=date(2022, 1, 1), date_to=date(2022, 1, 31)),
            Filters(actors=(actor,)), Filters(actors=(actor,), date_from=date(2022, 1, 1)), Filters(quads=(4,))]


def test_the_panels_never_collect_the_views_rows(tables):
    for f in _filters(tables):
        view = query.apply_filters(tables, f)
        assert isinstance(view.events_plan, pl.LazyFrame) and isinstance(view.articles_plan, pl.LazyFrame)
        points = query.map_points(tables, view)
        query.counts(tables, view, points=points)
        query.stance_table(tables, view.events_plan)
        every = query.timeline_bin(view.events_plan)
        query.timeline(view.events_plan, every), query.timeline_goldstein(view.events_plan, every)
        query.article_volume(view.articles_plan, every)
        asserted_view(view)
        assert "events" not in view._got and "articles" not in view._got, f


def test_the_plans_give_what_the_eager_filters_give(tables):
    for f in _filters(tables):
        view = query.apply_filters(tables, f)
        events = query.filter_events(tables, f)
        assert_frame_equal(view.events, events)
        if not view.complete:
            assert_frame_equal(view.articles, query.filter_articles(tables, f, events))
        assert (view.n_events, view.n_articles) == (view.events.height, view.articles.height)
        assert view.article_ids.to_list() == view.articles["article_id"].to_list()
        kept, left_out = query.events.asserted_only(view.events)
        narrowed, counted = asserted_view(view)
        assert counted == left_out and narrowed.events.height == kept.height
        assert (narrowed.key == view.key) == (left_out == 0)


def test_per_filter_results_are_computed_once_per_filter_state(tables):
    calls = []

    def work(t, v, extra):
        calls.append((v.key, extra))
        return v.n_events

    actor = tables.events["source_actor_id"].drop_nulls()[0]
    first = cache.per_view(work, tables, query.apply_filters(tables, Filters()), 1)
    again = cache.per_view(work, tables, query.apply_filters(tables, Filters()), 1)  # a rerun: a new View
    assert first == again and len(calls) == 1
    # a filtered view computes nothing (not even its mask) when its result is cached
    f = Filters(actors=(actor,), date_from=date(2022, 1, 1))
    cache.per_view(work, tables, query.apply_filters(tables, f), 1)
    rerun = query.apply_filters(tables, f)
    assert cache.per_view(work, tables, rerun, 1) == rerun.n_events and len(calls) == 2
    rerun = query.apply_filters(tables, f)
    cache.per_view(work, tables, rerun, 1)
    assert rerun._got == {}
    calls.clear()
    cache.per_view(work, tables, query.apply_filters(tables, Filters(actors=(actor,))), 1)
    cache.per_view(work, tables, query.apply_filters(tables, Filters()), 2)
    cache.per_view(work, tables, query.apply_filters(tables, Filters(), tz="Asia/Tokyo"), 1)
    assert len(calls) == 3
    # other tables (a rebuild, new corrections) never reuse a result
    cache.per_view(work, query.load_tables(tables.data_dir), query.apply_filters(tables, Filters()), 1)
    assert len(calls) == 4


def test_timeline_quantiles_from_days_equal_the_sorted_dates():
    """timeline_bin / timeline_focus count the dates per day; their 5 % and 95 % quantiles must be
    Series.quantile(q, "nearest") of the dates themselves."""
    import random

    from dashboard.query.timeline import _central_dates

    rng = random.Random(16)
    for _ in range(300):
        n = rng.randint(1, 60)
        days = [date(2020, 1, 1) + __import__("datetime").timedelta(days=rng.randint(0, rng.choice([3, 40, 900])))
                for _ in range(n)]
        dates = pl.Series("event_date", days + [None] * rng.randint(0, 3), dtype=pl.Date)
        got = _central_dates(pl.DataFrame({"event_date": dates}).lazy())
        want = dates.drop_nulls()
        assert got == (n, want.quantile(0.05, "nearest"), want.quantile(0.95, "nearest")), days
    assert _central_dates(pl.DataFrame({"event_date": pl.Series([None], dtype=pl.Date)})) == (0, None, None)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 7, 9, 10, 11])
def test_newest_events_are_the_first_by_date_then_order(tables, n):
    """newest_events (a per-day count, then the rows from the n-th newest day) gives the first n
    events sorted by date (newest first, undated last), ties in the view's order."""
    from dashboard.query.events import newest_events

    events = tables.events.with_columns(  # ties and undated events
        pl.when(pl.int_range(pl.len()) % 3 == 0).then(None).otherwise(pl.col("event_date")).alias("event_date"))
    t = query.Tables(**{**{n_: getattr(tables, n_) for n_ in query.TABLES}, "events": events})
    view = query.apply_filters(t, Filters(quads=(1, 2, 3, 4)))
    expected = (view.events.with_row_index("_row").sort(["event_date", "_row"], descending=[True, False],
                                                         nulls_last=True).head(n).sort("_row").drop("_row"))
    assert_frame_equal(newest_events(view, n), expected)
    from dashboard.query.events import first_newest

    for k in range(1, n + 1):  # the event form's newest rows are the first of the table's
        assert_frame_equal(first_newest(newest_events(view, n), k), newest_events(view, k))


@pytest.mark.parametrize("tz", ["UTC", "Asia/Kathmandu"])
def test_date_range_from_day_counts_equals_the_sorted_dates(tz):
    """date_bounds / default_date_range count the dates per day; they must give the dates a sort of
    every event date and local publication date gives."""
    import random
    from datetime import datetime, timedelta, timezone

    from dashboard.query.filters import local_date
    from dashboard.schema import TABLES

    rng = random.Random(7)
    for size in (1, 2, 5, 60, 400):
        days = [date(2019, 1, 1) + timedelta(days=rng.randint(0, rng.choice([2, 30, 3000]))) for _ in range(size)]
        events = TABLES["events"].frame([{"event_id": str(i), "article_id": "a", "event_date": d,
                                           "date_precision": "day"} for i, d in enumerate(days)] +
                                         [{"event_id": "undated", "article_id": "a"}])
        published = [datetime(2020, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=rng.randint(0, 90 * 24 * 60))
                     for _ in range(size // 2)]
        articles = TABLES["articles"].frame([{"article_id": f"a{i}", "published": p} for i, p in enumerate(published)])
        t = query.Tables(**{**{n: TABLES[n].empty() for n in TABLES}, "events": events, "articles": articles})
        dates = pl.concat([query.filters.local_events(t, tz).select(pl.col("event_date").alias("d")),
                           articles.select(local_date(pl.col("published"), tz).alias("d"))]).drop_nulls()["d"].sort()
        k = int(round(query.DEFAULT_RANGE_TRIM * (dates.len() - 1)))
        assert query.date_bounds(t, tz) == (dates.min(), dates.max())
        assert query.default_date_range(t, tz) == (dates[k], dates[dates.len() - 1 - k])
    assert query.date_bounds(query.Tables.empty()) is None and query.default_date_range(query.Tables.empty()) is None
