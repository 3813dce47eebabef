"""The ``article_mentions`` table: each article's actors and places, written by the build in the
articles' own partitions and row order, read by the dashboard by row (no article id looked up), and
never misattributed when its rows are not the held articles'."""

from __future__ import annotations

import logging
import shutil

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import query, store
from dashboard.query import Filters
from tests.conftest import synthetic_tables
from tests.synthetic import with_demonym_only
from tests.test_query_pairs import FILTERS, _assert_same, _panels


@pytest.fixture(scope="module", params=["files", "hive"])
def built(request, tmp_path_factory):
    """The synthetic tables (plus a demonym-only place mention) written with each layout."""
    tables = with_demonym_only(synthetic_tables())
    out = tmp_path_factory.mktemp(f"mentions-{request.param}") / "processed"
    store.write_tables(tables, out, layout=request.param)
    return out, tables


def _copy(src, tmp_path, name):
    out = tmp_path / name
    shutil.copytree(src, out)
    return out


def test_the_build_writes_each_articles_lists_in_the_articles_order(built):
    out, tables = built
    arts = store.scan(out, "articles").select("article_id").collect()["article_id"]
    lists = store.scan(out, "article_mentions").collect()
    assert lists["article_id"].to_list() == arts.to_list()  # row by row, partition by partition
    for row in lists.iter_rows(named=True):
        aid = row["article_id"]
        actors = tables["entities"].filter((pl.col("article_id") == aid) & pl.col("actor_id").is_not_null())
        assert row["actor_ids"] == sorted(set(actors["actor_id"].to_list()))
        mentions = tables["place_mentions"].filter((pl.col("article_id") == aid) & pl.col("place_id").is_not_null())
        shown = mentions.group_by("place_id").agg((pl.col("role") != "demonym").sum().alias("n")).sort("place_id")
        assert row["place_ids"] == shown["place_id"].to_list()
        assert row["place_mention_counts"] == shown["n"].to_list()
    a1 = lists.filter(pl.col("article_id") == "a1").row(0, named=True)  # a place named only as a demonym: 0 shown
    assert a1["place_mention_counts"][a1["place_ids"].index("demonym-only")] == 0
    if (out / "article_mentions").is_dir():  # hive: the same files as the articles'
        assert sorted(p.relative_to(out / "article_mentions") for p in (out / "article_mentions").rglob("*.parquet")) == \
            sorted(p.relative_to(out / "articles") for p in (out / "articles").rglob("*.parquet"))


def test_the_lists_are_read_from_the_store_and_equal_those_of_the_pairs(built, tmp_path):
    out, _ = built
    stored = query.load_tables(out)
    assert stored.article_mentions is not None
    old = _copy(out, tmp_path, "before")  # a store written before the table
    shutil.rmtree(old / "article_mentions", ignore_errors=True)
    (old / "article_mentions.parquet").unlink(missing_ok=True)
    computed = query.load_tables(old)
    assert computed.article_mentions is None
    for kind in ("place_lists", "actor_lists"):
        assert_frame_equal(_as_strings(getattr(stored, kind)), _as_strings(getattr(computed, kind)))
    assert "pairs" not in stored._background  # the per-article pairs never computed
    assert "pairs" in computed._background
    for f in FILTERS:
        _assert_same(_panels(stored, f), _panels(computed, f))


def _as_strings(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(pl.col(c).cast(pl.List(pl.String)) for c in df.columns if c != "place_mention_counts")


def _reordered(out):
    """Reorder the rows of ``article_mentions``: one file's rows reversed (the files layout), or the
    contents of two ``month=`` files swapped (hive: one article a month here)."""
    files = sorted(out.glob("article_mentions/**/*.parquet")) or [out / "article_mentions.parquet"]
    if len(files) == 1:
        df = pl.read_parquet(files[0])
        assert df.height > 1
        df.reverse().write_parquet(files[0])
        return
    a, b = files[0].read_bytes(), files[1].read_bytes()
    files[0].write_bytes(b)
    files[1].write_bytes(a)


@pytest.mark.parametrize("damage", ["reordered", "missing file", "truncated"])
def test_lists_whose_rows_are_not_the_articles_are_never_used(built, tmp_path, damage, caplog):
    out, _ = built
    reference = query.load_tables(out)
    expected = {f: _panels(reference, f) for f in FILTERS}
    bad = _copy(out, tmp_path, "bad")
    if damage == "reordered":
        _reordered(bad)
    else:
        files = sorted(bad.glob("article_mentions/**/*.parquet")) or [bad / "article_mentions.parquet"]
        if damage == "missing file":
            files[0].unlink()
        else:
            files[0].write_bytes(files[0].read_bytes()[:40])
    tables = query.load_tables(bad)
    with caplog.at_level(logging.WARNING):
        lists = tables.place_lists
    assert lists.height == tables.articles.height
    if tables.article_mentions is not None:  # else its one file is gone: a store without the table
        assert "not those of the articles held" in caplog.text
    for f in FILTERS:
        _assert_same(_panels(tables, f), expected[f])


def test_a_place_filter_finds_the_articles_of_a_hidden_only_mention(built):
    out, _ = built
    tables = query.load_tables(out)
    assert tables.articles_mentioning(["demonym-only"]).to_list() == ["a1"]
    view = query.apply_filters(tables, Filters(places=("demonym-only",)))
    assert view.article_ids.cast(pl.String).to_list() == ["a1"]
