"""The held events without their ids (:mod:`dashboard.query.event_rows`): keyed by their row in the
store, their ``event_id`` read from the store for the rows that need one, the same as a full load."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import query, store
from dashboard.query import Filters
from dashboard.query.event_rows import StoreChanged
from tests.conftest import synthetic_tables


@pytest.fixture(scope="module")
def hive_store(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hive") / "processed"
    store.write_tables(synthetic_tables(), out, manifest={"inputs": ["synthetic"]}, layout="hive")
    return out


@pytest.mark.parametrize("layout", ["hive", "files"])
def test_held_rows_get_the_ids_a_full_load_has(tmp_path, layout):
    store.write_tables(synthetic_tables(), tmp_path / "d", manifest={"inputs": ["synthetic"]}, layout=layout)
    lazy, full = query.load_tables(tmp_path / "d"), query.load_tables(tmp_path / "d", full=True)
    assert "event_id" not in lazy.events.columns and query.EVENT_ROW in lazy.events.columns
    every = lazy.with_event_ids(lazy.events)
    assert every.columns[0] == "event_id" and query.EVENT_ROW not in every.columns
    assert every["event_id"].to_list() == full.events["event_id"].to_list()  # the store's order, both
    picked = [7, 2, 9, 0, 2]  # any rows, any order, repeated
    assert lazy.with_event_ids(lazy.events[picked])["event_id"].to_list() == full.events["event_id"].gather(picked).to_list()
    none = lazy.with_event_ids(lazy.events.clear())
    assert none.height == 0 and none.schema["event_id"] == pl.String


@pytest.mark.parametrize("f", [Filters(), Filters(actors=("country:RUS",)), Filters(places=("curated:donbas",)),
                               Filters(roots=(19,)), Filters(quads=(1, 2))])
def test_views_of_the_held_events_have_their_ids(hive_store, f):
    """The view's events, the filtered events, the newest rows and the rows shown with their text
    carry the ids a full load gives, and never the row key."""
    from dashboard.query.events import newest_events

    lazy, full = query.load_tables(hive_store), query.load_tables(hive_store, full=True)
    a, b = query.apply_filters(lazy, f), query.apply_filters(full, f)
    assert_frame_equal(a.events, b.events.select(a.events.columns))
    assert_frame_equal(query.filter_events(lazy, f), query.filter_events(full, f).select(a.events.columns))
    assert_frame_equal(newest_events(a, 3), newest_events(b, 3).select(a.events.columns))
    shown = lazy.with_event_columns(newest_events(a, 3))
    assert query.EVENT_ROW not in shown.columns
    assert_frame_equal(shown, full.with_event_columns(newest_events(b, 3)).select(shown.columns))


def test_ids_of_a_store_rebuilt_under_loaded_tables_are_not_matched(tmp_path):
    """A store rebuilt with other events under loaded tables: no id is given to the wrong row."""
    store.write_tables(synthetic_tables(), tmp_path / "d", layout="hive")
    lazy = query.load_tables(tmp_path / "d")
    fewer = synthetic_tables()
    fewer["events"] = fewer["events"].head(4)
    store.write_tables(fewer, tmp_path / "d", layout="hive")
    with pytest.raises(StoreChanged):
        lazy.with_event_ids(lazy.events.head(1))


def test_rows_without_a_store_read_null_ids(hive_store):
    """Tables built from held frames without a store: the ids, like every column not held, are nulls."""
    lazy = query.load_tables(hive_store)
    bare = query.Tables(**{n: getattr(lazy, n) for n in query.TABLES})
    ids = bare.with_event_ids(bare.events)["event_id"]
    assert ids.dtype == pl.String and ids.null_count() == bare.events.height


def test_prefetch_reads_the_ids_after_the_pairs(hive_store):
    lazy = query.load_tables(hive_store)
    lazy.prefetch_pairs()
    lazy.article_actors  # waits for the pairs, whose thread then starts the ids
    job = lazy._background.get("event_ids")
    assert job is not None
    assert job.result().to_list() == query.load_tables(hive_store, full=True).events["event_id"].to_list()
