"""AppTest on the real seed build: the app builds the embedded default when stale and shows the
issue's expectations (places, stances, dated events) in its panels."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture
def seed_app(tmp_path, monkeypatch):
    """The app on a copy of data/raw (a chosen raw folder) with no built data yet."""
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    data = tmp_path / "processed"
    monkeypatch.setenv("NEWSDASH_RAW_DIR", str(raw))
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(data))
    return data


def test_app_builds_missing_data_then_shows_the_seed(seed_app):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, [e.message for e in at.exception]
    assert (seed_app / "manifest.json").is_file(), "the app did not build the missing data folder"
    metrics = {m.label: int(m.value.replace(",", "")) for m in at.metric}
    built = {name: pl.read_parquet(seed_app / f"{name}.parquet").height for name in ("articles", "events")}
    assert metrics["Articles"] == built["articles"] == 1
    assert metrics["Events"] == built["events"] > 10
    at.session_state["tab"] = "Events"
    at.query_params["tab"] = "Events"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    table = next(d.value for d in at.dataframe if "QuadClass" in d.value.columns)
    dates = {str(d)[:10] for d in table["date"]}
    assert {"2021-12-30", "2022-01-10", "2022-01-12", "2022-01-13"} <= dates
    assert "Joe Biden" in set(table["source"])
