"""The loaded articles hold their ids as strings and the events theirs as Categorical: a view of a
date range finds its articles without casting them (the first render), :attr:`Tables.article_keys`
casts them once for the views that compare them with the events' or the per-article aggregates'
ids, and every view gives the articles and panels that tables of string ids give."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import query, store
from dashboard.query import Filters, pairs
from tests.conftest import synthetic_tables

FILTERS = (
    Filters(),
    Filters(date_from=date(2014, 1, 1), date_to=date(2014, 12, 31)),  # a1 only by its 2014 event
    Filters(date_from=date(2022, 1, 1), date_to=date(2022, 1, 31)),  # a2; a1 and a3 left out
    Filters(date_from=date(2021, 12, 30), date_to=date(2022, 1, 10)),
    Filters(actors=("country:RUS",)),
    Filters(actors=("igo:nato",), date_from=date(2022, 1, 1), date_to=date(2022, 12, 31)),
    Filters(places=("524901",)),
    Filters(roots=(4,)),
)


@pytest.fixture(scope="module", params=["files", "hive"])
def built(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"keys-{request.param}") / "processed"
    store.write_tables(synthetic_tables(), out, layout=request.param)
    return out


def _seen(tables: query.Tables, f: Filters) -> dict:
    view = query.apply_filters(tables, f)
    return {"articles": sorted(view.article_ids.cast(pl.String).to_list()),
            "counts": query.counts(tables, view),
            "points": query.map_points(tables, view).sort("place_id"),
            "listed": sorted(view.articles["article_id"].to_list())}


def test_the_articles_ids_are_held_as_strings_and_keyed_in_the_events_dtype(built):
    tables = query.load_tables(built)
    assert tables.articles.schema["article_id"] == pl.String
    assert tables.events.schema["article_id"] == pl.Categorical()
    keys = tables.article_keys
    assert keys.dtype == pl.Categorical()
    assert keys.cast(pl.String).to_list() == tables.articles["article_id"].to_list()


def test_a_date_range_view_finds_its_articles_without_the_keys(built, monkeypatch):
    """The first render's view (a date range, its articles' totals read from the store: here a
    third of the articles): its articles, counts and map without casting the articles' ids; an
    article published outside the range with an event in it is in the view."""
    monkeypatch.setattr(pairs, "STORE_READ_MAX_SHARE", 1.0)
    tables = query.load_tables(built)
    view = query.apply_filters(tables, Filters(date_from=date(2014, 1, 1), date_to=date(2014, 12, 31)))
    assert view.n_articles == 1 and view.articles["article_id"].to_list() == ["a1"]
    query.counts(tables, view, points=query.map_points(tables, view))
    assert "article_keys" not in tables._background and not tables.pairs_ready
    assert view.article_ids.dtype == pl.Categorical() and view.article_ids.cast(pl.String).to_list() == ["a1"]


@pytest.mark.parametrize("pairs_first", [False, True])
def test_every_view_gives_what_string_ids_give(built, pairs_first):
    """Each view's articles, counts and map points: the same from the loaded tables (string and
    Categorical ids, before or after the per-article pairs are computed) as from tables read whole
    with string ids."""
    loaded, strings = query.load_tables(built), query.load_tables(built, full=True)
    assert strings.events.schema["article_id"] == pl.String and strings.article_keys.dtype == pl.String
    if pairs_first:
        loaded.prefetch_pairs()
        loaded.article_places, loaded.article_keys
    for f in FILTERS:
        a, b = _seen(loaded, f), _seen(strings, f)
        assert_frame_equal(a.pop("points"), b.pop("points"))
        assert a == b, f
