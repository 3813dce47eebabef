"""Incremental and safe store: reruns add nothing, new files only are extracted, a changed extraction
version reprocesses, and a build killed at any point leaves the store readable and completes on rerun."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import dashboard
from dashboard import pipeline, store
from dashboard.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "biden-putin-call.txt"

TEXTS = {
    "kyiv.txt": "Talks in Istanbul\n\nKYIV (Reuters) - Ukraine and Russia met in Istanbul on Tuesday, and "
                "President Volodymyr Zelenskiy said the talks were useful.",
    "grain.md": "---\ntitle: Grain deal\npublished: 2022-07-22\nurl: https://news.example/grain\n---\n\n"
                "Russia and Ukraine signed a deal in Istanbul to reopen Black Sea ports, the United Nations said.",
    "nato.txt": "NATO warns Moscow\n\nNATO Secretary General Jens Stoltenberg warned Russia on Friday against "
                "any attack on Ukraine.",
}
MORE = {
    "sanctions.txt": "Sanctions\n\nWASHINGTON (Reuters) - The United States imposed sanctions on Russian banks "
                     "on Thursday, the Treasury said.",
    "visit.txt": "Visit\n\nGerman Chancellor Olaf Scholz visited Kyiv on Monday and met President Zelenskiy.",
}


def _write(folder: Path, texts: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _sorted(df: pl.DataFrame) -> pl.DataFrame:
    keys = [c for c, t in df.schema.items() if not isinstance(t, pl.List)]
    return df.sort(keys, nulls_last=True) if df.height else df


def assert_same_tables(a: Path, b: Path, ordered: bool = False):
    ta, tb = store.read_tables(a), store.read_tables(b)
    for name in store.BUILD_TABLES:
        if ordered:
            assert_frame_equal(ta[name], tb[name])
        else:
            assert_frame_equal(_sorted(ta[name]), _sorted(tb[name]))


def test_same_folder_twice_gives_identical_tables(tmp_path):
    raw = _write(tmp_path / "raw", TEXTS)
    out, other = tmp_path / "out", tmp_path / "other"
    first = pipeline.build([raw, SEED], out)
    assert first.added["articles"] == 4
    snapshot = tmp_path / "snapshot"
    shutil.copytree(out, snapshot)
    second = pipeline.build([raw, SEED], out)
    assert all(v == 0 for v in second.added.values())
    assert_same_tables(snapshot, out, ordered=True)
    pipeline.build([raw, SEED], other)  # a fresh build of the same folder
    assert_same_tables(out, other, ordered=True)


def test_new_files_only_are_extracted(tmp_path, monkeypatch):
    raw = _write(tmp_path / "raw", TEXTS)
    out = tmp_path / "out"
    pipeline.build([raw], out)
    before = store.read_tables(out)
    seen = []
    original = pipeline.run

    def spy(articles, settings, progress=None):
        seen.append(sorted(Path(a.source_path).name for a in articles))
        return original(articles, settings, progress)

    monkeypatch.setattr(pipeline, "run", spy)
    _write(raw, MORE)
    report = pipeline.build([raw], out)
    assert seen == [["sanctions.txt", "visit.txt"]]
    assert report.added["articles"] == 2
    after = store.read_tables(out)
    # Everything stored before is still there, unchanged.
    for name in ("articles", "entities", "events", "quotes", "place_mentions"):
        kept = after[name].join(before[name].select("article_id").unique(), on="article_id", how="semi")
        assert_frame_equal(_sorted(kept), _sorted(before[name]))
    seen.clear()
    pipeline.build([raw], out)
    assert seen == []  # nothing new: no extraction at all


def test_extraction_version_change_reprocesses_stored_articles(tmp_path, monkeypatch):
    raw = _write(tmp_path / "raw", TEXTS)
    out = tmp_path / "out"
    pipeline.build([raw], out)
    before = store.read_tables(out)
    monkeypatch.setattr(dashboard, "EXTRACTION_VERSION", "test-next")
    assert store.is_stale(raw, out)
    seen = []
    original = pipeline.run
    monkeypatch.setattr(pipeline, "run", lambda arts, s, p=None: (seen.append(len(arts)), original(arts, s, p))[1])
    report = pipeline.build([SEED], out)  # only a new file given: the stored ones are re-extracted from their text
    assert report.reprocessed == 3 and seen == [4]
    assert store.read_manifest(out)["extraction_version"] == "test-next"
    after = store.read_tables(out)
    old_ids = before["articles"].select("article_id")
    assert_frame_equal(_sorted(after["events"].join(old_ids, on="article_id", how="semi")), _sorted(before["events"]))


def test_gdelt_stub_replaced_by_the_real_article(tmp_path):
    from tests.test_formats import _gdelt_line

    g = tmp_path / "20250304120000.export.CSV"
    g.write_text(_gdelt_line(SOURCEURL="https://news.example/grain") + "\n", encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build([g], out)
    raw = _write(tmp_path / "raw", {"grain.md": TEXTS["grain.md"]})
    pipeline.build([g, raw], out)
    arts = store.read_tables(out)["articles"]
    assert arts.height == 1 and arts["text"][0].startswith("Russia and Ukraine signed")
    events = store.read_tables(out)["events"]
    assert set(events.filter(pl.col("event_id") == "gdelt:1001")["article_id"]) == set(arts["article_id"])


# ------------------------------------------------------------------------------------ killed builds
KILL_POINTS = ["article:2", "write:events", "write:manifest", "swap"]


def _cli_build(inputs, out, crash=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(store.CRASH_ENV, None)
    if crash:
        env[store.CRASH_ENV] = crash
    return subprocess.run([sys.executable, "-m", "dashboard", "build", *map(str, inputs), "--out", str(out), "-q"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("point", KILL_POINTS)
def test_killed_build_leaves_store_readable_and_rerun_completes(tmp_path, point):
    a = _write(tmp_path / "a", TEXTS)
    b = _write(tmp_path / "b", MORE)
    base = tmp_path / "base"
    pipeline.build([a], base)
    reference = tmp_path / "reference"  # the uninterrupted build
    shutil.copytree(base, reference)
    pipeline.build([a, b, SEED], reference)

    work = tmp_path / "work"
    shutil.copytree(base, work)
    killed = _cli_build([a, b, SEED], work, crash=point)
    assert killed.returncode == -9, killed.stderr[-2000:]
    # The store still reads: as the previous build, or (killed after the new folder was complete,
    # between the renames) as the complete new build; never a mixture.
    try:
        assert_same_tables(base, work, ordered=True)
    except AssertionError:
        assert point == "swap"
        assert_same_tables(reference, work)
    rerun = _cli_build([a, b, SEED], work)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert_same_tables(reference, work)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".work.")]  # no leftovers
