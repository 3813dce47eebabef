"""The events' totals a build writes (``day_totals``, ``actor_totals``): the date range, the busiest
actors and the actors of a view read from them give what counting the held events gives; a store
written before them, corrected tables and other time zones count the events as before."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, datetime

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import corrections, query, store
from dashboard.derived import actor_totals, day_totals
from dashboard.query import Filters
from dashboard.query import filters as filters_module
from dashboard.query.actors import busiest_actors, event_actor_counts
from dashboard.query.corrected import apply_corrections
from dashboard.query.tables import read_event_ids
from dashboard.schema import DERIVED_TABLES
from tests.conftest import synthetic_tables

NAMES = ("day_totals", "actor_totals")


@pytest.fixture(scope="module", params=["files", "hive"])
def built(request, tmp_path_factory):
    """The synthetic tables written by the build, plus an undated event and an event with no actor."""
    tables = synthetic_tables()
    ev = tables["events"]
    extra = ev.head(2).with_columns(pl.Series("event_id", ["undated", "no-actors"]))
    extra = extra.with_columns(
        pl.when(pl.col("event_id") == "undated").then(None).otherwise(pl.col("event_date")).alias("event_date"),
        pl.when(pl.col("event_id") == "no-actors").then(None).otherwise(pl.col("source_actor_id")).alias("source_actor_id"),
        pl.when(pl.col("event_id") == "no-actors").then(None).otherwise(pl.col("target_actor_id")).alias("target_actor_id"),
    )
    tables["events"] = pl.concat([ev, extra])
    out = tmp_path_factory.mktemp(f"totals-{request.param}") / "processed"
    store.write_tables(tables, out, layout=request.param)
    return out


def _without(built, tmp_path):
    """A copy of ``built`` without the events' totals (a store written before them)."""
    old = tmp_path / "old"
    shutil.copytree(built, old)
    for name in NAMES:
        (old / f"{name}.parquet").unlink()
    return old


def _counted(tables: query.Tables) -> query.Tables:
    """``tables`` without their stored totals: everything counted from the held frames."""
    return replace(tables, day_totals=None, actor_totals=None, _memo={})


def test_the_build_writes_the_events_totals_with_their_schemas(built):
    for name in NAMES:
        assert store.has_table(built, name)
        assert store.scan(built, name).collect().schema == DERIVED_TABLES[name].schema
    days = store.scan(built, "day_totals").collect()
    ev = store.scan(built, "events").collect()
    arts = store.scan(built, "articles").collect()
    assert days["events"].sum() == ev["event_date"].drop_nulls().len()  # the undated event is not counted
    assert days["articles"].sum() == arts["published"].drop_nulls().len()
    assert days["day"].is_sorted() and days["day"].n_unique() == days.height
    actors = store.scan(built, "actor_totals").collect()
    assert actors["source_events"].sum() == ev["source_actor_id"].drop_nulls().len()
    assert actors["target_events"].sum() == ev["target_actor_id"].drop_nulls().len()


def test_read_totals_equal_the_counted_ones(built):
    """The date bounds, default range, per-day counts, actor counts, busiest actors and the actors of
    views that keep most events or every event: the same from the store's totals as counted."""
    stored = query.load_tables(built)
    assert stored.day_totals is not None and stored.actor_totals is not None
    counted = _counted(stored)
    assert_frame_equal(filters_module._day_counts(stored, "UTC"), filters_module._day_counts(counted, "UTC"))
    for a, b in zip(event_actor_counts(stored), event_actor_counts(counted)):
        assert_frame_equal(a.sort("actor_id"), b.sort("actor_id"))
    assert query.date_bounds(stored) == query.date_bounds(counted)
    assert query.default_date_range(stored) == query.default_date_range(counted)
    assert busiest_actors(stored, 3) == busiest_actors(counted, 3)
    lo, hi = query.date_bounds(stored)
    for f in (Filters(), Filters(date_from=lo + (hi - lo) / 10, date_to=hi), Filters(date_from=lo, date_to=lo)):
        got = query.actor_ids_in_view(stored, query.apply_filters(stored, f)).to_list()
        assert got == query.actor_ids_in_view(counted, query.apply_filters(counted, f)).to_list()


def test_the_stored_totals_are_read_not_the_events(built):
    """With the totals stored, the first render's counts are not counted from the held events:
    tables whose held events are emptied still give every day and actor."""
    stored = query.load_tables(built)
    expected = (filters_module._day_counts(_counted(stored), "UTC"), event_actor_counts(_counted(stored)))
    empty = replace(stored, events=stored.events.clear(), _memo={})
    assert_frame_equal(filters_module._day_counts(empty, "UTC"), expected[0])
    for a, b in zip(event_actor_counts(empty), expected[1]):
        assert_frame_equal(a.sort("actor_id"), b.sort("actor_id"))
    assert event_actor_counts(_counted(empty))[0].height == 0  # counted, they would be empty


def test_another_time_zone_counts_the_publication_days_in_it(built):
    """The stored publication days are UTC days: a view in another time zone counts its own (an
    article published 2021-12-30T23:00Z is on 31 December in Asia/Tokyo)."""
    stored = query.load_tables(built)
    tz = "Asia/Tokyo"
    assert_frame_equal(filters_module._day_counts(stored, tz), filters_module._day_counts(_counted(stored), tz))
    assert not filters_module._day_counts(stored, tz).equals(filters_module._day_counts(stored, "UTC"))


def test_a_store_written_before_the_totals_opens_and_counts(built, tmp_path):
    old = query.load_tables(_without(built, tmp_path))
    assert old.day_totals is None and old.actor_totals is None
    new = query.load_tables(built)
    assert query.date_bounds(old) == query.date_bounds(new)
    assert query.default_date_range(old) == query.default_date_range(new)
    assert busiest_actors(old, 4) == busiest_actors(new, 4)


def test_corrected_tables_count_their_own_events(built, tmp_path):
    """A correction that rejects events changes the counts: corrected tables do not read the
    build's totals."""
    data = tmp_path / "corrected"
    shutil.copytree(built, data)
    loaded = query.load_tables(data)
    rejected = loaded.events.filter(pl.col("source_actor_id").cast(pl.String) == busiest_actors(loaded, 1)[0])
    assert rejected.height
    ids = read_event_ids(data, loaded.events.height).gather(rejected["event_row"])
    corrections.append(data, [corrections.Correction("reject_event", {"event_id": e}, who="t") for e in ids])
    fixed, _, _ = apply_corrections(loaded, data)
    assert fixed.day_totals is None and fixed.actor_totals is None
    sources = dict(event_actor_counts(fixed)[0].iter_rows())
    assert sources.get(busiest_actors(loaded, 1)[0], 0) < dict(event_actor_counts(loaded)[0].iter_rows())[
        busiest_actors(loaded, 1)[0]]


def test_day_totals_take_a_naive_publication_time_as_utc_and_leave_out_nulls():
    events = pl.DataFrame({"event_date": [date(2022, 1, 1), None, date(2022, 1, 3)]})
    articles = pl.DataFrame({"published": [datetime(2022, 1, 1, 23, 30), None, datetime(2022, 1, 2, 0, 30)]})
    out = day_totals(events, articles).collect()
    assert out.schema == DERIVED_TABLES["day_totals"].schema
    assert out.rows() == [(date(2022, 1, 1), 1, 1), (date(2022, 1, 2), 0, 1), (date(2022, 1, 3), 1, 0)]
    aware = articles.with_columns(pl.col("published").dt.replace_time_zone("UTC"))
    assert day_totals(events, aware).collect().equals(out)


def test_actor_totals_count_sources_and_targets_apart():
    events = pl.DataFrame({"source_actor_id": ["a", "a", None, "b"], "target_actor_id": ["b", None, "c", "a"]})
    out = actor_totals(events).collect()
    assert out.schema == DERIVED_TABLES["actor_totals"].schema
    assert out.rows() == [("a", 2, 1), ("b", 1, 1), ("c", 0, 1)]
