"""The dashboard says which events did not happen: modality and negation in the events table and the
evidence, and stances, map colours and timeline counting asserted events unless the switch (kept in
the link as ``unasserted=true``) is on."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import store
from tests.conftest import synthetic_tables

APP = str(Path(__file__).resolve().parent.parent / "app.py")
#: event id -> (modality, negated) given to the synthetic events: two of Russia's four events towards
#: Ukraine or NATO did not happen
NOT_ASSERTED = {"e9": ("hypothetical", False), "e6": ("denied", True)}


@pytest.fixture(scope="module")
def factual_store(tmp_path_factory):
    tables = synthetic_tables()
    ev = tables["events"]
    ids = list(NOT_ASSERTED)
    tables["events"] = ev.with_columns(
        pl.col("event_id").replace_strict({k: m for k, (m, _) in NOT_ASSERTED.items()}, default=pl.col("modality"))
        .alias("modality"),
        (pl.col("negated") | pl.col("event_id").is_in([k for k in ids if NOT_ASSERTED[k][1]])).alias("negated"),
    )
    out = tmp_path_factory.mktemp("factual") / "processed"
    store.write_tables(tables, out, manifest={"inputs": ["synthetic-factuality"]})
    return out


@pytest.fixture
def app(factual_store, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(factual_store))
    monkeypatch.setenv("NEWSDASH_RAW_DIR", str(tmp_path / "no-raw"))
    monkeypatch.setenv("NEWSDASH_DISPLAY_TIMEZONE", "UTC")

    def run(tab: str, **params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.session_state["tab"] = tab
        at.session_state["stances.pairs_open"] = True  # the pairs table is drawn only when opened
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at
    return run


def stance_rows(at: AppTest) -> dict[tuple[str, str], int]:
    table = next(d.value for d in at.dataframe if "mean goldstein" in d.value.columns)
    return {(r["source"], r["target"]): r["events"] for r in table.to_dict("records")}


def left_out_captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if "did not happen" in c.value]


def test_stances_count_asserted_events_and_say_how_many_were_left_out(app):
    at = app("Stances")
    rows = stance_rows(at)
    assert rows[("Russia", "Ukraine")] == 1 and ("Russia", "NATO") in rows  # the demand stays
    assert left_out_captions(at) and left_out_captions(at)[0].startswith("2 event(s)")
    assert at.toggle(key="unasserted").value is False and "unasserted" not in at.query_params


def test_the_switch_counts_every_event_and_is_kept_in_the_link(app):
    at = app("Stances", unasserted="true")
    assert at.toggle(key="unasserted").value is True
    assert stance_rows(at)[("Russia", "Ukraine")] == 2
    assert not left_out_captions(at)
    assert at.query_params == {"tab": "Stances", "unasserted": "true"}
    assert not at.warning  # a bound key is no unknown parameter


def test_events_table_lists_every_event_with_modality_and_negation(app):
    at = app("Events")
    table = next(d.value for d in at.dataframe if "QuadClass" in d.value.columns)
    assert {"modality", "negated"} <= set(table.columns)
    assert len(table) == 10
    by_verb = {r["verb"]: (r["modality"], r["negated"]) for r in table.to_dict("records")}
    assert by_verb["meet"] == ("denied", True) and by_verb["fight"] == ("hypothetical", False)
    assert left_out_captions(at)  # the timeline counts asserted events only


def test_evidence_of_a_pair_shows_modality(app):
    at = app("Stances", pair="country:RUS|igo:nato", unasserted="true")
    evidence = next(d.value for d in at.dataframe if "url" in d.value.columns)
    assert {"modality", "negated"} <= set(evidence.columns)
    assert dict(zip(evidence["verb"], evidence["modality"])) == {"demand": "asserted", "meet": "denied"}


def test_map_says_how_many_events_its_colours_leave_out(app):
    assert left_out_captions(app("Map"))
    assert not left_out_captions(app("Map", unasserted="true"))
