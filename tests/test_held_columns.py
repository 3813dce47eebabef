"""What the dashboard holds in memory of the articles: the columns only shown (the reader, downloads)
are left in the store and read for the articles shown, with the same values."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import query, store
from dashboard.query import Filters
from dashboard.query.tables import ARTICLE_SHOWN_COLUMNS
from dashboard.schema import TABLES
from tests.conftest import synthetic_tables


@pytest.mark.parametrize("layout", ["files", "hive"])
def test_the_articles_shown_only_columns_are_read_from_the_store_for_the_article_shown(tmp_path, layout):
    store.write_tables(synthetic_tables(), tmp_path / "s", layout=layout)
    tables = query.load_tables(tmp_path / "s")
    assert not set(ARTICLE_SHOWN_COLUMNS) & set(tables.articles.columns)
    record = tables.article_record("a1")
    assert record["authors"] == ["Steve Holland"] and record["datelines"] == ["Wilmington, Delaware", "Moscow"]
    assert record["n_words"] == 13 and record["published_precision"] == "datetime"
    full = query.export_frame(tables, query.apply_filters(tables, Filters()), "articles")
    assert full.schema == TABLES["articles"].schema
    assert full.filter(pl.col("article_id") == "a3")["authors"].to_list() == [["A. Writer"]]
