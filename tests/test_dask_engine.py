"""The Dask engine builds the same tables as the local engine (issue 16).

The partitioned extraction is checked in-process first (any split gives the tables of the whole
batch), then a real 2-worker LocalCluster on loopback builds the same inputs as the local engine.
"""

import os
import shutil
import subprocess
import sys

import pytest
from polars.testing import assert_frame_equal

from dashboard import pipeline, store
from dashboard.settings import Settings
from tests.test_incremental import MORE, ROOT, SEED, TEXTS, _sorted, _write, assert_same_tables

# Actors whose aggregation crosses partitions: "Biden" alone merges into Joe Biden only when the
# whole batch is seen, and Zelenskiy's role comes from another article than his surname.
CROSS = {
    "a-biden.txt": "Call\n\nUS President Joe Biden spoke with European leaders on Monday about Ukraine.",
    "b-surname.txt": "Warning\n\nBiden warned Russia on Tuesday against an invasion of Ukraine.",
    "c-zelenskiy.txt": "Appeal\n\nZelenskiy appealed to NATO for more weapons on Wednesday.",
    "d-undated.md": "---\ntitle: Undated\n---\n\nThe Kremlin said Russia would respond to NATO.",
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    raw = _write(tmp_path_factory.mktemp("dask") / "raw", {**TEXTS, **CROSS})
    return [raw, SEED]


def _articles(inputs):
    from dashboard.ingest import iter_inputs

    return [a for r in iter_inputs(inputs, Settings.from_env()) for a in r.articles]


def assert_same(got: dict, expected: dict):
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert_frame_equal(_sorted(got[name]), _sorted(expected[name]))


def test_any_split_gives_the_tables_of_the_whole_batch(inputs):
    from dashboard.dask_engine import split

    articles = _articles(inputs)
    whole = pipeline.run(articles, Settings.from_env())
    assert "person:biden" not in whole["actors"]["actor_id"].to_list()  # merged into person:joe-biden
    for n in (2, len(articles)):
        parts = split(articles, n)
        assert [a for p in parts for a in p] == articles and all(parts)
        assert_same(pipeline.combine([pipeline.extract(p, Settings.from_env()) for p in parts]), whole)


def test_an_article_that_fails_is_reported_and_the_rest_stored(inputs, monkeypatch, tmp_path):
    from dashboard.nlp import Extractor

    original = Extractor.extract

    def flaky(self, article, doc):
        if "Wednesday" in article.text:
            raise RuntimeError("boom")
        return original(self, article, doc)

    monkeypatch.setattr(Extractor, "extract", flaky)
    report = pipeline.build(inputs, tmp_path / "out")
    failed = [p for p in report.errors if "extraction failed" in p.reason]
    assert len(failed) == 1 and failed[0].path.endswith("c-zelenskiy.txt") and "boom" in failed[0].reason
    assert report.counts["articles"] == len(TEXTS) + len(CROSS) + 1 - 1


def test_dask_build_on_a_local_cluster_equals_the_local_build(inputs, tmp_path):
    from dashboard.dask_engine import DaskEngine

    local, dask = tmp_path / "local", tmp_path / "dask"
    pipeline.build(inputs, local)
    seen = []
    engine = DaskEngine(workers=2, partitions=4)
    report = pipeline.build(inputs, dask, engine=engine, layout="hive",
                            progress=lambda done, total, label: seen.append((done, total)))
    assert seen[-1] == (len(TEXTS) + len(CROSS) + 1,) * 2
    assert report.added["articles"] == len(TEXTS) + len(CROSS) + 1
    # hive-partitioned by publication month; undated articles in the default partition
    months = sorted(p.name for p in (dask / "events").iterdir())
    assert "month=2021-12" in months and f"month={store.HIVE_NULL}" in months
    assert (dask / "actors.parquet").is_file() and store.read_manifest(dask)["layout"] == "hive"
    assert_same(store.read_tables(dask), store.read_tables(local))
    # incremental: a rerun adds nothing (and starts no cluster: nothing to extract)
    again = pipeline.build(inputs, dask, engine=engine, layout="hive")
    assert all(v == 0 for v in again.added.values())
    assert_same(store.read_tables(dask), store.read_tables(local))


def test_killed_hive_build_leaves_store_readable_and_rerun_completes(tmp_path):
    """The hive layout (what --engine dask writes) is swapped in as atomically as the files layout."""
    def cli(inputs, out, crash=None):
        env = {k: v for k, v in os.environ.items() if k != store.CRASH_ENV}
        env.update({store.CRASH_ENV: crash} if crash else {})
        return subprocess.run([sys.executable, "-m", "dashboard", "build", *map(str, inputs), "--out", str(out),
                               "-q", "--layout", "hive"], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)

    a, b = _write(tmp_path / "a", TEXTS), _write(tmp_path / "b", MORE)
    base, reference, work = tmp_path / "base", tmp_path / "reference", tmp_path / "work"
    pipeline.build([a], base, layout="hive")
    shutil.copytree(base, reference)
    pipeline.build([a, b], reference, layout="hive")
    shutil.copytree(base, work)
    killed = cli([a, b], work, crash="write:events")
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert_same_tables(base, work)
    rerun = cli([a, b], work)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert_same_tables(reference, work)
    assert (work / "events").is_dir() and not [p for p in tmp_path.iterdir() if p.name.startswith(".work.")]
