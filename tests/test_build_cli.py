"""`python -m dashboard build`: progress, bad input reported, the store never half-written."""

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from dashboard import store
from dashboard.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "biden-putin-call.txt"


def test_build_reports_bad_files_and_goes_on(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    csv = tmp_path / "more.csv"
    csv.write_text("headline,body,date\nTalks,\"Russia and Ukraine met in Istanbul on Tuesday.\",2022-03-30\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(SEED), str(bad), str(csv), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert f"skipped {bad}: file is empty" in result.output
    articles = pl.read_parquet(out / "articles.parquet")
    assert sorted(articles["title"].to_list()) == ["Talks", "Ukraine: Biden and Putin favor diplomatic channels to get out of crisis"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["articles"] == 2 and manifest["problems"] == [f"{bad}: file is empty"]
    for name in store.TABLES:
        assert (out / f"{name}.parquet").is_file()


def test_nothing_readable_fails_and_keeps_the_previous_store(tmp_path):
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["build", str(SEED), "--out", str(out), "-q"]).exit_code == 0
    before = (out / "manifest.json").read_text()
    empty = tmp_path / "empty.md"
    empty.write_text("   ", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(empty), "--out", str(out), "-q"])
    assert result.exit_code == 1
    assert "empty.md: file is empty" in result.output
    assert (out / "manifest.json").read_text() == before


def test_failed_write_leaves_previous_store_readable(tmp_path, monkeypatch):
    out = tmp_path / "out"
    store.write_tables({"articles": store.TABLES["articles"].frame([{"article_id": "a", "text": "x"}])}, out)
    calls = {"n": 0}
    original = pl.DataFrame.write_parquet

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", failing)
    with pytest.raises(OSError):
        store.write_tables({}, out)
    monkeypatch.undo()
    assert store.scan(out, "articles").collect()["article_id"].to_list() == ["a"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]  # no temp folders left


def test_scan_reads_hive_partitioned_folders(tmp_path):
    folder = tmp_path / "events" / "year=2022"
    folder.mkdir(parents=True)
    store.TABLES["events"].frame([{"event_id": "e1", "cameo_code": "130", "cameo_root": 13}]).write_parquet(folder / "part.parquet")
    df = store.scan(tmp_path, "events").collect()
    assert df["event_id"].to_list() == ["e1"] and df.schema == store.TABLES["events"].schema


def test_staleness_compares_content_not_file_times(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.txt").write_text("x", encoding="utf-8")
    assert store.is_stale(raw, out)  # nothing built
    store.write_tables({}, out, manifest={"input_digests": {str(raw): store.raw_digest(raw)}})
    assert not store.is_stale(raw, out)
    import os, time
    later = time.time() + 10
    os.utime(raw / "a.txt", (later, later))  # a fresh checkout: new times, same content
    assert not store.is_stale(raw, out)
    (raw / "a.txt").write_text("y", encoding="utf-8")  # same size, other content
    assert store.is_stale(raw, out)
    (raw / "a.txt").write_text("x", encoding="utf-8")
    (raw / "b.txt").write_text("x", encoding="utf-8")  # a new file
    assert store.is_stale(raw, out)
    (raw / "b.txt").unlink()
    assert not store.is_stale(raw, out)


def test_build_notes_articles_without_publication_date(tmp_path):
    art = tmp_path / "undated.txt"
    art.write_text("Headline\n\nRussia warned Ukraine on Tuesday.", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(art), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0
    assert "note: 1 article(s) have no publication date" in result.output
