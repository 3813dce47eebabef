"""What keeps a rerun cheap (issue 17, load): figures and the reader's article are built once per
view (or article) and shared by every session, and what is sent is what a fresh build gives.

Behaviour only (what is built, how often, and what is sent); the CPU seconds a rerun costs are
printed by ``scripts/rerun_cost.py``, never asserted.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest

from dashboard.views import articles as articles_view
from dashboard.views import cache
from dashboard.views import events as events_view
from dashboard.views import map as map_view
from tests.test_app import metrics, new_app, ok, open_tab, selection_state

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app_env(synthetic_store, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(synthetic_store))
    monkeypatch.setenv("NEWSDASH_RAW_DIR", str(tmp_path / "no-raw"))
    monkeypatch.setenv("NEWSDASH_DISPLAY_TIMEZONE", "UTC")
    cache._shared.clear()  # the caches are the process's: start from none
    cache._run_tables.clear()
    return synthetic_store


def _counting(monkeypatch, module, name: str) -> list:
    """Replace ``module.name`` by a wrapper that records each call; returns the record."""
    calls, original = [], getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def _specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_map_figure_is_built_once_per_view_and_equals_a_fresh_build(app_env, monkeypatch):
    builds = _counting(monkeypatch, map_view, "build_figure")
    at = ok(new_app(tab="Map").run())
    first = _specs(at)
    assert len(builds) == 1 and len(first) == 1
    open_tab(at, "Events")
    ok(open_tab(at, "Map"))
    assert len(builds) == 1  # back on the map with the same filters: not built again
    assert _specs(at) == first
    cache._shared.clear()  # the same view built afresh sends the same figure
    ok(at.run())
    assert len(builds) == 2 and _specs(at) == first
    # A place selected on the map filters the other panels, not the map itself: no new figure.
    at.session_state["map.0"] = selection_state(["curated:donbas", "Donbas"])
    ok(at.run())
    assert metrics(at)["Events"] == "2"
    assert len(builds) == 2 and _specs(at) == first
    # Another filter is another view: its own figure.
    at.multiselect(key="flt.quad").set_value([4])
    ok(at.run())
    assert len(builds) == 3


def test_a_figure_is_shared_by_sessions(app_env, monkeypatch):
    builds = _counting(monkeypatch, events_view, "timeline_figure")
    one = ok(new_app(tab="Events").run())
    two = ok(new_app(tab="Events").run())
    assert len(builds) == 1
    assert _specs(one) == _specs(two)
    assert len(_specs(one)) == 2  # the timeline and the article volume


def test_timeline_figure_follows_its_span(app_env, monkeypatch):
    """The shaded span is part of the timeline figure's key: selecting one draws a new figure."""
    builds = _counting(monkeypatch, events_view, "timeline_figure")
    at = ok(new_app(tab="Events").run())
    at.session_state["events.timeline.0"] = selection_state(["2022-01-10", "2022-01-31"])
    ok(at.run())
    assert len(builds) == 2
    assert [a[2] for a in builds] == [None, (date(2022, 1, 10), date(2022, 1, 31))]


def test_reader_builds_an_article_once_for_every_session(app_env, monkeypatch):
    from dashboard.query.articles import article_spans, highlight_html
    from dashboard.query.tables import load_tables

    details = _counting(monkeypatch, articles_view, "article_detail")
    one = ok(new_app(tab="Articles").run())
    shown = next(h.value for h in one.html if "article-text" in h.value)
    open_tab(one, "Map")
    ok(open_tab(one, "Articles"))
    ok(new_app(tab="Articles").run())
    assert len(details) == 1
    article_id = one.selectbox(key=articles_view.ARTICLE_KEY).value
    tables = load_tables(app_env)
    text = tables.article_record(article_id)["text"]
    assert shown == highlight_html(text, article_spans(tables, article_id))


def test_streamlit_does_not_collect_garbage_after_every_run():
    """``runner.postScriptGC`` is off: Streamlit's full ``gc.collect(2)`` after every script run
    held the GIL for every session, whatever the run did (the interpreter still collects)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False


def test_events_table_is_converted_once_per_view_for_every_session(app_env, monkeypatch):
    from dashboard.views import grid

    conversions = _counting(monkeypatch, grid, "to_arrow")
    one = ok(new_app(tab="Events").run())
    table = next(d.value for d in one.dataframe if "QuadClass" in d.value.columns)
    open_tab(one, "Map")
    ok(open_tab(one, "Events"))
    two = ok(new_app(tab="Events").run())
    assert len(conversions) == 1  # the second visit and the second session reuse the Arrow table
    assert next(d.value for d in two.dataframe if "QuadClass" in d.value.columns).equals(table)
    one.multiselect(key="flt.quad").set_value([4])
    ok(one.run())
    assert len(conversions) == 2  # another view, another table


def test_to_arrow_sends_what_st_dataframe_makes_of_a_polars_frame():
    """The shared Arrow tables carry the same column types and values as Streamlit's own conversion
    of the Polars frame (plain strings, time zones, lists, nulls, categories)."""
    from datetime import datetime, timezone

    import polars as pl
    import pyarrow as pa
    from streamlit import dataframe_util

    from dashboard.views import grid

    df = pl.DataFrame({
        "actor": ["Vladimir Putin", None, "NATO <b>"],
        "n": [3, None, 1],
        "goldstein": [1.5, -10.0, None],
        "day": [date(2022, 1, 9), None, date(2022, 2, 24)],
        "published": [datetime(2022, 1, 9, 20, tzinfo=timezone.utc), None, datetime(2022, 2, 24, tzinfo=timezone.utc)],
        "authors": [["A. Writer"], [], None],
        "kind": pl.Series(["person", "igo", "person"], dtype=pl.Categorical),
        "asserted": [True, False, None],
    })

    def read(data: bytes) -> pa.Table:
        return pa.ipc.open_stream(data).read_all()

    ours = read(dataframe_util.convert_arrow_table_to_arrow_bytes(grid.to_arrow(df)))
    theirs = read(dataframe_util.convert_pandas_df_to_arrow_bytes(
        dataframe_util.convert_anything_to_pandas_df(df, ensure_copy=False)))
    assert ours.schema.remove_metadata() == theirs.schema.remove_metadata()
    assert ours.to_pylist() == theirs.to_pylist()


def test_script_runs_take_a_slot_in_turn_and_give_it_back_on_any_exit():
    """``concurrent_runs``: at most n runs draw at once, every session's runs share the slots, and a
    run that ends by an exception (a newer click stops it) frees its slot."""
    import threading

    from dashboard.views import data

    inside, most, full = [0], [0], threading.Condition()

    def run(fail: bool = False):
        try:
            with data.run_slot(2):
                with full:
                    inside[0] += 1
                    most[0] = max(most[0], inside[0])
                    full.notify_all()
                    full.wait_for(lambda: most[0] >= 2, timeout=5)  # until both slots were taken at once
                    inside[0] -= 1
                if fail:
                    raise RuntimeError("stopped")
        except RuntimeError:
            pass

    threads = [threading.Thread(target=run, args=(i % 3 == 0,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)  # no slot was lost to the failed runs
    assert most[0] == 2
    with data.run_slot(0):  # no limit: nothing is taken
        pass
    slots = data._run_slots(2)
    assert all(slots.acquire(blocking=False) for _ in range(2))  # both slots were given back
    slots.release()
    slots.release()


def test_view_caches_are_bounded_least_recently_used_and_never_copy():
    from dashboard.views.cache import Lru

    lru, calls = Lru(2), []

    def make(v):
        calls.append(v)
        return {"v": v}

    a = lru.get("a", lambda: make(1))
    assert lru.get("a", lambda: make(9)) is a and calls == [1]  # a hit: the same object, not recomputed
    lru.get("b", lambda: make(2))
    lru.get("a", lambda: make(9))  # a used last: b is the least recently used
    lru.get("c", lambda: make(3))
    assert len(lru) == 2 and lru.get("b", lambda: make(4)) == {"v": 4}  # b was dropped
    with pytest.raises(RuntimeError):
        lru.get("d", lambda: (_ for _ in ()).throw(RuntimeError("stopped by a newer click")))
    assert lru.get("d", lambda: make(5)) == {"v": 5}  # nothing was stored for the failed run
    lru.clear()
    assert len(lru) == 0


def test_run_slots_are_handed_over_in_the_order_asked_for():
    """A freed slot goes to the run that has waited longest, never to one that asks later."""
    import threading
    import time

    from dashboard.views.data import FairSlots

    slots, order = FairSlots(1), []
    slots.acquire()
    waiting = []

    def run(i: int) -> None:
        with slots:
            order.append(i)

    for i in range(6):
        t = threading.Thread(target=run, args=(i,))
        t.start()
        waiting.append(t)
        while len(slots._waiters) < i + 1:  # this run queues before the next one starts
            time.sleep(0.001)
    slots.release()
    assert not slots.acquire(blocking=False)  # the freed slot went to the first waiter: no one jumps the queue
    for t in waiting:
        t.join(timeout=10)
    assert order == list(range(6))
    assert slots.acquire(blocking=False) and not slots.acquire(blocking=False)  # the one slot is back


def test_the_app_draws_inside_a_run_slot(app_env, monkeypatch):
    from dashboard.views import data

    taken = []
    original = data.run_slot

    def spy(n):
        taken.append(n)
        return original(n)

    monkeypatch.setattr(data, "run_slot", spy)
    monkeypatch.setenv("NEWSDASH_CONCURRENT_RUNS", "3")
    at = ok(new_app(tab="Map").run())
    assert taken == [3] and metrics(at)["Events"]


def test_the_heap_alive_after_the_first_run_is_frozen_once_per_process():
    import gc

    from dashboard.views import data

    data._HEAP_SETTLED.clear()
    gc.unfreeze()  # earlier app runs in this process froze theirs
    assert gc.get_freeze_count() == 0
    try:
        alive = [object(), {"a": [1]}]  # tracked objects alive at the first run's end
        assert data.settle_heap() is True
        frozen = gc.get_freeze_count()
        assert frozen > 0 and gc.is_tracked(alive[1])
        assert data.settle_heap() is False and gc.get_freeze_count() == frozen  # never again
    finally:
        data._HEAP_SETTLED.set()


def test_a_run_of_the_app_settles_the_heap(app_env):
    from dashboard.views import data

    data._HEAP_SETTLED.clear()
    at = new_app()
    at.run()
    ok(at)
    assert data._HEAP_SETTLED.is_set()
