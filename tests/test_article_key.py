"""The integer article key of ``mention_counts`` (``article_key``): derived from the article id one to
one, equal across tables, read instead of the ids by the dashboard, and a store written before it
still opens (with a warning, reading the ids) and shows the same panels."""

from __future__ import annotations

import hashlib
import logging
import shutil

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import derived, query, store
from dashboard.query import Filters
from dashboard.query.actors import actor_ids_in_view
from dashboard.schema import TABLES, article_key
from tests.conftest import synthetic_tables

#: The synthetic articles with ids like a build's (the first 16 hex digits of a SHA-1).
HEX = {a: hashlib.sha1(a.encode()).hexdigest()[:16] for a in ("a1", "a2", "a3")}


def _hex_tables() -> dict:
    tables = synthetic_tables()
    # a demonym-only mention of a place: its pair is kept apart (never drawn, still searchable)
    tables["place_mentions"] = pl.concat([tables["place_mentions"], TABLES["place_mentions"].frame([
        {"article_id": "a1", "sentence_id": 0, "start": 0, "end": 3, "text": "Xs", "place_id": "demonym-only",
         "role": "demonym", "confidence": 1.0}])])
    return {name: df.with_columns(pl.col("article_id").replace(HEX)) if "article_id" in df.columns else df
            for name, df in tables.items()}


def _plain(df: pl.DataFrame) -> pl.DataFrame:
    return df.cast({c: pl.String for c, t in df.schema.items() if t == pl.Categorical}).sort(pl.all())


def _pairs(tables: query.Tables) -> tuple[pl.DataFrame, ...]:
    shown, hidden_only = tables._place_pairs
    return tuple(_plain(df) for df in (tables.article_actors, shown, hidden_only))


FILTERS = (Filters(), Filters(places=("demonym-only",)), Filters(actors=("country:RUS",)),
           Filters(places=("524901",)))


def _same_panels(a: query.Tables, b: query.Tables) -> None:
    for x, y in zip(_pairs(a), _pairs(b)):
        assert_frame_equal(x, y)
    for f in FILTERS:
        va, vb = query.apply_filters(a, f), query.apply_filters(b, f)
        assert_frame_equal(query.map_points(a, va), query.map_points(b, vb))
        assert actor_ids_in_view(a, va).to_list() == actor_ids_in_view(b, vb).to_list()


def test_article_key_is_the_ids_hex_digits_and_null_for_other_ids():
    ids = pl.Series(["00000000000000ff", "ffffffffffffffff", *HEX.values(), "a1", "FFFFFFFFFFFFFFFF",
                     "0123456789abcdef0", None])
    keys = pl.select(article_key(pl.lit(ids))).to_series()
    assert keys.to_list()[:5] == [255, 2**64 - 1, *(int(h, 16) for h in HEX.values())]
    assert keys[5:].null_count() == 4  # not 16 lowercase hex digits: no key, so none is shared
    assert [f"{k:016x}" for k in keys[:5]] == ids[:5].to_list()


@pytest.fixture(params=["files", "hive"])
def stores(request, tmp_path):
    """The same tables written as a current store, one whose mention_counts lacks article_key (written
    before it) and one without mention_counts."""
    tables = _hex_tables()
    out = {k: tmp_path / k for k in ("new", "no_key", "no_counts")}
    for path in out.values():
        store.write_tables(tables, path, layout=request.param)
    for file in [out["no_key"] / "mention_counts.parquet", *(out["no_key"] / "mention_counts").rglob("*.parquet")]:
        if file.is_file():
            pl.read_parquet(file, hive_partitioning=False).drop("article_key").write_parquet(file)
    shutil.rmtree(out["no_counts"] / "mention_counts", ignore_errors=True)
    (out["no_counts"] / "mention_counts.parquet").unlink(missing_ok=True)
    return out


def test_keys_are_equal_across_tables(stores):
    counts = store.scan(stores["new"], "mention_counts").collect()
    assert counts.height > 0 and counts["article_key"].null_count() == 0
    assert counts["article_key"].to_list() == [int(a, 16) for a in counts["article_id"]]
    articles = store.scan(stores["new"], "articles").select(article_key(pl.col("article_id")).alias("k")).collect()
    assert set(counts["article_key"]) <= set(articles["k"])


def test_the_dashboard_reads_the_pairs_by_key_and_they_equal_those_from_the_mentions(stores, caplog):
    with caplog.at_level(logging.WARNING):
        keyed = query.load_tables(stores["new"])
        assert derived.read_mention_pairs(keyed.mention_counts, keyed.articles) is not None  # the key path
        _pairs(keyed)
    assert not [r for r in caplog.records if "article_key" in r.getMessage()]
    computed = query.load_tables(stores["no_counts"])
    assert computed.mention_counts is None
    assert keyed.article_actors.schema["article_id"] == keyed.articles.schema["article_id"]
    _same_panels(keyed, computed)


def test_a_store_written_before_article_key_opens_with_a_warning_and_the_same_panels(stores, caplog):
    old = query.load_tables(stores["no_key"])
    assert old.mention_counts is not None
    assert derived.read_mention_pairs(old.mention_counts, old.articles) is None  # no key: the ids are read
    with caplog.at_level(logging.WARNING):
        _pairs(old)
    assert any("article_key" in r.getMessage() for r in caplog.records)
    _same_panels(old, query.load_tables(stores["new"]))


def test_a_key_of_no_held_article_falls_back_to_the_ids():
    articles = pl.DataFrame({"article_id": [HEX["a1"]]})
    counts = derived.mention_counts(
        TABLES["entities"].frame([{"article_id": a, "actor_id": "country:RUS"} for a in (HEX["a1"], HEX["a2"])]),
        TABLES["place_mentions"].empty()).collect()
    assert derived.read_mention_pairs(counts.lazy(), articles) is None  # a2 is not among the articles
    actors, places = derived.read_mention_pairs(counts.lazy(), None)
    assert sorted(actors["article_id"].cast(pl.String)) == sorted([HEX["a1"], HEX["a2"]]) and places.height == 0
    keyed, _ = derived.read_mention_pairs(counts.filter(pl.col("article_id") == HEX["a1"]).lazy(), articles)
    assert keyed.rows() == [(HEX["a1"], "country:RUS")]


def test_the_articles_shown_only_columns_are_read_from_the_store_for_the_article_shown(stores):
    from dashboard.query.tables import ARTICLE_SHOWN_COLUMNS

    tables = query.load_tables(stores["new"])
    assert not set(ARTICLE_SHOWN_COLUMNS) & set(tables.articles.columns)
    record = tables.article_record(HEX["a1"])
    assert record["authors"] == ["Steve Holland"] and record["datelines"] == ["Wilmington, Delaware", "Moscow"]
    assert record["n_words"] == 13 and record["published_precision"] == "datetime"
    full = query.export_frame(tables, query.apply_filters(tables, Filters()), "articles")
    assert full.schema == TABLES["articles"].schema
    assert full.filter(pl.col("article_id") == HEX["a3"])["authors"].to_list() == [["A. Writer"]]
