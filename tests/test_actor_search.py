"""Issue 13: the actor filter finds a canonical actor by any of its aliases.

The matching lives in :func:`dashboard.query.actors.find_actors` (no NLP in the views); the sidebar's
"find an actor by any name" box adds the best match to the actor filter (AppTest).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import store
from dashboard.query.actors import actor_labels, busiest_actors, find_actors
from dashboard.query.tables import load_tables as read_tables
from dashboard.schema import TABLES
from tests.conftest import synthetic_tables

APP = str(Path(__file__).resolve().parent.parent / "app.py")
ZELENSKY = "person:volodymyr-zelensky"


def tables_with_zelensky() -> dict[str, pl.DataFrame]:
    """The synthetic tables plus Zelensky, known by two other spellings, as the source of one event;
    and a second Zelensky-like name that is another person (Oleksandr Zelenskyi, no alias)."""
    tables = synthetic_tables()
    extra = TABLES["actors"].frame([
        dict(actor_id=ZELENSKY, name="Volodymyr Zelensky", kind="person", country="UKR", role="President",
             aliases=["Zelenskiy", "Volodymyr Zelenskyy", "President Zelensky"]),
        dict(actor_id="person:oleksandr-bondar", name="Oleksandr Bondar", kind="person", country="UKR",
             role=None, aliases=["Bondar"]),
    ])
    tables["actors"] = pl.concat([tables["actors"], extra])
    event = tables["events"].filter(pl.col("event_id") == "e8").with_columns(
        pl.lit("e11").alias("event_id"), pl.lit(ZELENSKY).alias("source_actor_id"), pl.lit("appeal").alias("verb"))
    tables["events"] = pl.concat([tables["events"], event])
    return tables


@pytest.fixture(scope="module")
def alias_store(tmp_path_factory):
    out = tmp_path_factory.mktemp("alias") / "processed"
    store.write_tables(tables_with_zelensky(), out, manifest={"inputs": ["synthetic"]})
    return out


@pytest.mark.parametrize("typed", ["Zelenskiy", "zelenskyy", "ZELENSKY", "Volodymyr Zelenskiy", "Zelen"])
def test_find_actors_matches_the_name_or_any_alias(alias_store, typed):
    tables = read_tables(alias_store)
    assert find_actors(tables, typed)[0] == ZELENSKY


def test_find_actors_ranks_and_refuses(alias_store):
    tables = read_tables(alias_store)
    assert find_actors(tables, "Putin") == ["person:vladimir-putin"]
    assert find_actors(tables, "Moscow") == ["country:RUS"]  # a country's alias
    assert find_actors(tables, "Kuleba") == [] and find_actors(tables, "  ") == []
    # "Biden" is an alias (a whole word) of Joe Biden: ranked before names that merely contain it
    assert find_actors(tables, "biden")[0] == "person:joe-biden"


def test_typing_an_alias_in_the_sidebar_filters_by_the_canonical_actor(alias_store, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(alias_store))
    monkeypatch.setenv("NEWSDASH_RAW_DIR", str(tmp_path / "no-raw"))
    monkeypatch.setenv("NEWSDASH_DISPLAY_TIMEZONE", "UTC")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["tab"] = "Events"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    at.date_input(key="flt.dates").set_value((date(2014, 1, 1), date(2022, 12, 31))).run()
    at.text_input(key="flt.actor.find").input("Zelenskiy").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.multiselect(key="flt.actor").value == [ZELENSKY]
    assert at.query_params.get("actor") == ZELENSKY
    assert any("Volodymyr Zelensky" in c.value for c in at.caption)
    table = next(d.value for d in at.dataframe if "QuadClass" in d.value.columns)
    assert table["verb"].to_list() == ["appeal"]
    at.text_input(key="flt.actor.find").input("Nobody Atall").run()
    assert at.multiselect(key="flt.actor").value == [ZELENSKY]
    assert any("No actor is named or known as" in c.value for c in at.caption)


def test_busiest_actors_ranks_by_events_then_fills_with_the_rest(alias_store):
    tables = read_tables(alias_store)
    ev = tables.events
    counts = pl.concat([ev["source_actor_id"].cast(pl.String), ev["target_actor_id"].cast(pl.String)]).drop_nulls()
    top = counts.value_counts(name="n").sort(["n", counts.name], descending=[True, False])
    n_with_events = top.height
    assert busiest_actors(tables, 2) == top[counts.name].head(2).to_list()
    every = busiest_actors(tables, 10_000)
    assert len(every) == len(set(every)) == tables.actors["actor_id"].n_unique()
    assert every[:n_with_events] == top[counts.name].to_list()  # actors of no event come last
    assert "person:oleksandr-bondar" in every[n_with_events:]
    assert busiest_actors(tables, 0) == []


def test_the_actor_filter_lists_the_busiest_and_finds_the_others(alias_store, tmp_path, monkeypatch):
    """With more actors than the filter lists, the busiest are offered, a chosen actor stays listed,
    and an unlisted actor is reached by name."""
    import shutil

    from dashboard.views import filters

    folder = tmp_path / "processed"  # a folder of its own: the listed actors are cached per folder
    shutil.copytree(alias_store, folder)
    monkeypatch.setattr(filters, "MAX_ACTOR_OPTIONS", 2)
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(folder))
    monkeypatch.setenv("NEWSDASH_RAW_DIR", str(tmp_path / "no-raw"))
    monkeypatch.setenv("NEWSDASH_DISPLAY_TIMEZONE", "UTC")
    busiest = busiest_actors(read_tables(folder), 2)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    box = at.multiselect(key="flt.actor")
    labels = actor_labels(read_tables(folder))
    assert sorted(box.options) == sorted(labels[a] for a in busiest)  # the option labels sent
    assert box.label == f"Actors · the 2 busiest of {len(labels)}"
    assert ZELENSKY not in busiest
    at.text_input(key="flt.actor.find").input("Zelenskiy").run()
    assert not at.exception, [e.message for e in at.exception]
    box = at.multiselect(key="flt.actor")
    assert box.value == [ZELENSKY]
    assert sorted(box.options) == sorted([*(labels[a] for a in busiest), labels[ZELENSKY]])  # chosen: listed too
