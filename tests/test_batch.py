"""A build in several processes gives the tables of one process (issue 16, build throughput).

With ``n_process`` above 1 the articles are split into chunks and each chunk is parsed and extracted
in a worker process (:func:`dashboard.batch.extract_in_processes`); the partitions are combined like
the Dask engine's. The inputs are those of ``tests/test_dask_engine.py``: actors whose aggregation
crosses chunks ("Biden" alone merges into Joe Biden only when the whole batch is seen), and a
German text among them, stored but not extracted.
"""

import os

import pytest

from dashboard import batch, pipeline, store
from dashboard.settings import Settings
from tests.test_dask_engine import CROSS, _articles, assert_same
from tests.test_incremental import ROOT, SEED, TEXTS, _write, assert_same_tables

GERMAN = {"b2-german.txt": (ROOT / "tests" / "bad_inputs" / "german.txt").read_text(encoding="utf-8")}
N_EXTRACTED = len(TEXTS) + len(CROSS) + 1
N_ARTICLES = N_EXTRACTED + 1


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    raw = _write(tmp_path_factory.mktemp("batch") / "raw", {**TEXTS, **CROSS, **GERMAN})
    return [raw, SEED]


def test_chunks_keep_the_input_order_and_shrink_towards_the_end():
    size = len  # items are strings: their length is their weight
    items = ["x" * 100] * 96
    parts = batch.chunks(items, n_process=2, batch_size=32, weight=size)
    assert [x for p in parts for x in p] == items and all(parts)
    lengths = [len(p) for p in parts]
    # a quarter of the text first (1 / (2 * n_process)), then a quarter of what is left, ... down to one item
    assert lengths[:3] == [24, 18, 14] and lengths == sorted(lengths, reverse=True) and lengths[-1] == 1
    # a long text is a chunk of its own, the short ones around it are not held back by it
    items = ["a" * 10] * 30 + ["b" * 10_000] + ["c" * 10] * 30
    parts = batch.chunks(items, 2, 32, weight=size)
    assert [x for p in parts for x in p] == items
    assert ["b" * 10_000] in parts and ["a" * 10] * 30 in parts  # the short ones before it: one chunk
    assert max(len(p) for p in batch.chunks(["x"] * 10_000, 2, 32, weight=size)) == 32  # never above a spaCy batch
    assert batch.chunks([], 2, 32) == [] and batch.chunks(["x"], 4, 32, weight=size) == [["x"]]
    assert batch.chunks(["", ""], 2, 32, weight=size) == [[""], [""]]  # empty texts still count


def test_workers_take_the_heaviest_chunks_first():
    parts = [["aa"], ["b"], ["cccc", "d"], ["ee"]]
    assert batch.heaviest_first(parts, weight=len) == [2, 0, 3, 1]  # ties in input order


def test_two_processes_give_the_tables_of_one_in_the_same_order(inputs, monkeypatch, tmp_path):
    articles = _articles(inputs)
    one = pipeline.run(articles, Settings.from_env(n_process=1))
    assert "person:biden" not in one["actors"]["actor_id"].to_list()  # merged into person:joe-biden
    original, pids = batch.extract_rows, tmp_path / "pids"

    def noting_pid(*args, **kwargs):  # inherited by the forked workers
        with pids.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(batch, "extract_rows", noting_pid)
    seen = []
    # batch_size 1: one article per chunk, so every actor aggregation crosses the workers
    two = pipeline.run(articles + articles[:2], Settings.from_env(n_process=2, batch_size=1),
                       progress=lambda done, total, label: seen.append((done, total)))
    assert_same(two, one)
    for name in one:  # not only the same rows: the same order
        assert two[name].equals(one[name]), name
    assert sorted(seen) == [(i, N_EXTRACTED) for i in range(1, N_EXTRACTED + 1)]  # duplicates dropped first
    assert one["articles"].height == N_ARTICLES and one["articles"]["language"].to_list().count("de") == 1
    workers = pids.read_text().split()
    assert len(workers) == N_EXTRACTED and str(os.getpid()) not in workers  # parsed and extracted in the workers


def test_two_process_build_equals_one_process_build_and_reports_failures(inputs, monkeypatch, tmp_path):
    from dashboard.nlp import Extractor

    pipeline.build(inputs, tmp_path / "one", Settings.from_env(n_process=1))
    pipeline.build(inputs, tmp_path / "two", Settings.from_env(n_process=2, batch_size=2))
    assert_same_tables(tmp_path / "one", tmp_path / "two")

    original = Extractor.extract

    def flaky(self, article, doc):  # inherited by the forked workers
        if "Wednesday" in article.text:
            raise RuntimeError("boom")
        return original(self, article, doc)

    monkeypatch.setattr(Extractor, "extract", flaky)
    report = pipeline.build(inputs, tmp_path / "flaky", Settings.from_env(n_process=2, batch_size=2))
    failed = [p for p in report.errors if "extraction failed" in p.reason]
    assert len(failed) == 1 and failed[0].path.endswith("c-zelenskiy.txt") and "boom" in failed[0].reason
    assert report.counts["articles"] == N_ARTICLES - 1
    assert store.read_tables(tmp_path / "flaky")["articles"].height == N_ARTICLES - 1


def test_an_online_geocoder_keeps_the_extraction_in_one_process(inputs, monkeypatch):
    """One process asks the online service, so its rate limit holds (spaCy's processes parse only)."""
    def refuse(*args, **kwargs):
        raise AssertionError("extracted in worker processes with an online geocoder")

    monkeypatch.setattr(batch, "extract_in_processes", refuse)
    from dashboard import geo

    # any resolver stands for an online one here (no network in tests): the gazetteer's own
    monkeypatch.setattr(pipeline.geocoder, "resolver_for", lambda settings: geo.resolve_toponyms)
    articles = _articles(inputs)[:2]
    tables = pipeline.run(articles, Settings.from_env(n_process=2))
    assert tables["articles"].height == 2
