"""The per-article pairs computed off the first render's path: a view of every article reads the
store's totals without them, a filter waits for them (computed in the background or on demand),
and every panel gives the same rows whether they were ready, being computed or not started."""

from __future__ import annotations

import threading
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import query, store
from dashboard.query import Filters, mention_lists, pairs
from dashboard.query.events import asserted_view
from dashboard.query import tables as tables_module
from dashboard.schema import TABLES
from tests.conftest import synthetic_tables
from tests.synthetic import with_demonym_only

#: Filters whose views keep some articles (they need the pairs), and the view of every article.
FILTERS = (
    Filters(),
    Filters(actors=("country:RUS",)),
    Filters(actors=("person:joe-biden", "country:UKR")),
    Filters(places=("703448",)),
    Filters(places=("demonym-only",)),
    Filters(date_from=date(2022, 1, 1), date_to=date(2022, 12, 31)),
    Filters(places=("524901",), date_from=date(2022, 1, 1), date_to=date(2022, 12, 31)),
)


@pytest.fixture(scope="module", params=["files", "hive"])
def pair_store(request, tmp_path_factory):
    """The synthetic tables plus a demonym-only place mention, written with ``mention_counts``."""
    tables = with_demonym_only(synthetic_tables())
    # a hypothetical event: the app's map and stances leave it out (a view narrowed to asserted events)
    first = tables["events"]["event_id"][0]
    tables["events"] = tables["events"].with_columns(
        pl.when(pl.col("event_id") == first).then(pl.lit("hypothetical")).otherwise(pl.col("modality")).alias("modality"))
    out = tmp_path_factory.mktemp(f"pairs-{request.param}") / "processed"
    store.write_tables(tables, out, layout=request.param)
    return out


def _panels(tables: query.Tables, f: Filters) -> dict:
    """What the app shows of the view of ``f``, in comparable form."""
    view = query.apply_filters(tables, f)
    factual, left_out = asserted_view(view)  # what the app maps: the asserted events only
    points = query.map_points(tables, factual)
    return {
        "points": points.sort("place_id"),
        "all points": query.map_points(tables, view).sort("place_id"),
        "counts": query.counts(tables, view, points=points),
        "actors": query.actor_ids_in_view(tables, view).to_list(),
        "asserted actors": query.actor_ids_in_view(tables, factual).to_list(),
        "left out": left_out,
        "articles": sorted(view.article_ids.cast(pl.String).to_list()),
    }


def _assert_same(a: dict, b: dict) -> None:
    for frame in ("points", "all points"):
        assert_frame_equal(a[frame], b[frame])
    assert {k: v for k, v in a.items() if "points" not in k} == {k: v for k, v in b.items() if "points" not in k}


def _expected(tables: query.Tables, article_ids: list[str] | None) -> tuple[pl.DataFrame, list, pl.DataFrame]:
    """Places' mentions, actors and their article counts of ``article_ids`` (None: all) from the pairs."""
    shown, named = tables.article_places, tables.article_actors
    if article_ids is not None:
        shown = shown.filter(pl.col("article_id").cast(pl.String).is_in(article_ids))
        named = named.filter(pl.col("article_id").cast(pl.String).is_in(article_ids))
    places = (shown.group_by("place_id").agg(pl.col("n").sum().cast(pl.UInt32).alias("mentions"))
              .with_columns(pl.col("place_id").cast(pl.String)).sort("place_id"))
    counted = (named.group_by("actor_id").agg(pl.len().cast(pl.UInt32).alias("articles"))
               .with_columns(pl.col("actor_id").cast(pl.String)).sort("actor_id"))
    return places, sorted(counted["actor_id"].to_list()), counted


def test_totals_from_the_store_equal_the_totals_of_the_pairs(pair_store):
    stored = query.load_tables(pair_store)
    assert stored._stored_counts
    places, actors = stored.totals
    expected_places, expected_actors, counted = _expected(stored, None)
    assert_frame_equal(places.sort("place_id"), expected_places, check_column_order=False)
    assert_frame_equal(actors.sort("actor_id"), counted, check_column_order=False)
    assert "demonym-only" not in places["place_id"].to_list()  # hidden roles only: no mention counted
    assert places.height > 0 and actors.height > 0


@pytest.mark.parametrize("article_ids", [["a1"], ["a3"], ["a1", "a2"], ["a2", "a3"], ["a1", "a2", "a3"], []])
def test_the_store_counts_of_some_articles_equal_those_of_the_pairs(pair_store, article_ids):
    """Read for the articles (fewer than half of them) or for those left out (subtracted from the
    totals): the same rows as the pairs filtered to the articles."""
    tables = query.load_tables(pair_store)
    held = tables.articles.schema["article_id"]
    places, actors = pairs._of_articles(tables, pl.Series(article_ids, dtype=pl.String).cast(held), max_share=1.0)
    assert pairs._of_articles(tables, pl.Series(article_ids, dtype=pl.String).cast(held), max_share=0.0) is None or (
        len(article_ids) in (0, 3))  # nothing to read: the totals, or no article
    assert not tables.pairs_ready  # read from the store (the totals too), not from the pairs
    expected_places, expected_actors, _ = _expected(tables, article_ids)
    assert_frame_equal(places.sort("place_id"), expected_places, check_column_order=False)
    assert sorted(actors["actor_id"].to_list()) == expected_actors
    # the articles given as a Boolean over the held articles' rows (a view's article_mask): the same
    kept = tables.articles.select(pl.col("article_id").cast(pl.String).is_in(article_ids)).to_series()
    by_mask = pairs._of_articles(tables, None, max_share=1.0, kept=kept)
    assert_frame_equal(by_mask[0].sort("place_id"), places.sort("place_id"))
    assert_frame_equal(by_mask[1].sort("actor_id"), actors.sort("actor_id"))


def test_a_view_of_every_article_does_not_wait_for_the_pairs(pair_store, monkeypatch):
    """With the pairs' computation held back, the first render's panels are computed (they would
    never return if they waited), then every filter gives what a fresh load gives."""
    reference = query.load_tables(pair_store)
    expected = {f: _panels(reference, f) for f in FILTERS}
    release, started, calls = threading.Event(), threading.Event(), []

    def held_back(tables, kind):
        calls.append(kind)
        started.set()
        release.wait(timeout=60)
        return mention_lists.compute_lists(tables, kind)

    monkeypatch.setattr(tables_module, "compute_lists", held_back)
    monkeypatch.setattr(pairs, "STORE_READ_MAX_SHARE", 1.0)  # the store's counts of any view's articles
    tables = query.load_tables(pair_store)
    tables.prefetch_pairs()
    assert started.wait(timeout=60)
    first = _panels(tables, Filters())
    assert not tables.pairs_ready  # computed without them
    assert first["left out"] > 0  # the asserted view (events narrowed, every article) did not wait either
    _assert_same(first, expected[Filters()])
    for f in FILTERS:  # a filter by date or actor reads the store's counts of its articles meanwhile
        if not f.places:
            _assert_same(_panels(tables, f), expected[f])
    assert not tables.pairs_ready
    release.set()
    for f in FILTERS:
        _assert_same(_panels(tables, f), expected[f])
    assert tables.pairs_ready and calls == ["places", "actors"]  # each computed once, in the background


@pytest.mark.parametrize("prefetch", [False, True])
@pytest.mark.parametrize("share", [0.0, 0.5, 1.0])
def test_filters_give_the_same_rows_whether_the_pairs_were_ready_or_not(pair_store, prefetch, share, monkeypatch):
    """Pairs computed on demand by the first filter, or in the background and awaited, or a view's
    counts read from the store (up to ``share`` of the articles): the same rows as tables whose
    pairs were computed before any view."""
    monkeypatch.setattr(pairs, "STORE_READ_MAX_SHARE", share)
    ready = query.load_tables(pair_store)
    ready.article_actors, ready.article_places  # computed on demand, now ready
    assert ready.pairs_ready
    tables = query.load_tables(pair_store)
    if prefetch:
        tables.prefetch_pairs()
    for f in reversed(FILTERS):  # a filter first
        _assert_same(_panels(tables, f), _panels(ready, f))


def test_a_store_without_mention_counts_sums_its_totals_from_the_pairs(pair_store, tmp_path):
    import shutil

    old = tmp_path / "old"
    shutil.copytree(pair_store, old)
    shutil.rmtree(old / "mention_counts", ignore_errors=True)
    (old / "mention_counts.parquet").unlink(missing_ok=True)
    computed, stored = query.load_tables(old), query.load_tables(pair_store)
    assert not computed._stored_counts
    assert_frame_equal(computed.totals[0].sort("place_id"), stored.totals[0].sort("place_id"))
    assert_frame_equal(computed.totals[1].sort("actor_id"), stored.totals[1].sort("actor_id"))
    for f in FILTERS:
        _assert_same(_panels(computed, f), _panels(stored, f))


def test_deferred_computes_once_for_concurrent_callers():
    calls, gate = [], threading.Event()

    def compute():
        calls.append(1)
        gate.wait(timeout=60)
        return 42

    job = pairs.Deferred(compute)
    job.start()
    results = []
    threads = [threading.Thread(target=lambda: results.append(job.result())) for _ in range(4)]
    for t in threads:
        t.start()
    assert not job.ready
    gate.set()
    for t in threads:
        t.join(timeout=60)
    assert results == [42] * 4 and calls == [1] and job.ready and not job.failed
    job.start()  # already computed: nothing
    assert job.result() == 42 and calls == [1]


def test_a_failed_computation_raises_for_its_callers_and_is_tried_again(pair_store, monkeypatch):
    tables = query.load_tables(pair_store)
    real, attempts = mention_lists.compute_lists, []

    def flaky(t, kind):
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("store briefly unreadable")
        return real(t, kind)

    monkeypatch.setattr(tables_module, "compute_lists", flaky)
    with pytest.raises(OSError, match="briefly"):
        tables.article_actors
    assert not tables.pairs_ready
    assert tables.article_actors.height > 0 and len(attempts) == 2  # tried again
    assert tables.article_places.height > 0 and tables.pairs_ready and len(attempts) == 3


def _without(pair_store, tmp_path, name: str):
    """A copy of ``pair_store`` without the derived table ``name`` (a store written before it)."""
    import shutil

    old = tmp_path / f"without-{name}"
    shutil.copytree(pair_store, old)
    shutil.rmtree(old / name, ignore_errors=True)
    (old / f"{name}.parquet").unlink(missing_ok=True)
    return old


def test_the_totals_come_from_the_month_totals_without_reading_the_counts(pair_store):
    """The build's mention_totals give the totals: the per-article counts are not read for them
    (a scan of them that fails when read leaves the totals as they were)."""
    from dataclasses import replace

    stored = query.load_tables(pair_store)
    assert stored.mention_totals is not None and stored._stored_counts
    expected_places, _, counted = _expected(stored, None)

    def unreadable(_):
        raise OSError("mention_counts read for the totals")

    blocked = replace(stored, mention_counts=stored.mention_counts.with_columns(
        pl.col("mentions").map_batches(unreadable, return_dtype=pl.Int32)), _background={})
    with pytest.raises(Exception, match="mention_counts read"):
        blocked.mention_counts.collect()
    places, actors = blocked.totals
    assert_frame_equal(places.sort("place_id"), expected_places, check_column_order=False)
    assert_frame_equal(actors.sort("actor_id"), counted, check_column_order=False)


def test_a_store_without_mention_totals_gives_the_same_panels(pair_store, tmp_path, monkeypatch):
    """The totals summed from mention_totals (fast path) or from mention_counts (a store written
    before it): the same totals, and the same panels for every filter, the store's counts of the
    articles a view leaves out subtracted from either."""
    monkeypatch.setattr(pairs, "STORE_READ_MAX_SHARE", 1.0)
    old = _without(pair_store, tmp_path, "mention_totals")
    slow, fast = query.load_tables(old), query.load_tables(pair_store)
    assert slow.mention_totals is None and slow._stored_counts and fast.mention_totals is not None
    assert_frame_equal(slow.totals[0].sort("place_id"), fast.totals[0].sort("place_id"))
    assert_frame_equal(slow.totals[1].sort("actor_id"), fast.totals[1].sort("actor_id"))
    for f in FILTERS:  # a place filter reads the pairs: after the others
        if not f.places:
            _assert_same(_panels(slow, f), _panels(fast, f))
    assert not slow.pairs_ready and not fast.pairs_ready  # both read the store's counts, not the pairs
    for f in FILTERS:
        if f.places:
            _assert_same(_panels(slow, f), _panels(fast, f))


def test_the_month_totals_are_the_counts_summed_per_publication_month(pair_store):
    counts = store.scan(pair_store, "mention_counts").collect()
    months = store.scan(pair_store, "articles").select(
        "article_id", pl.col("published").dt.strftime("%Y-%m").alias("month")).collect()
    expected = (counts.join(months, on="article_id", how="left")
                .group_by("month", "actor_id", "place_id")
                .agg(pl.len().cast(pl.Int32).alias("articles"), pl.col("mentions").cast(pl.Int64).sum(),
                     pl.col("hidden_mentions").cast(pl.Int64).sum()))
    stored = store.scan(pair_store, "mention_totals").collect()
    assert stored["month"].n_unique() == 3  # the synthetic articles' three months, one row per month and id
    key = ["month", "actor_id", "place_id"]
    assert_frame_equal(stored.sort(key, nulls_last=True), expected.select(stored.columns).sort(key, nulls_last=True))


def test_month_totals_count_an_undated_article_under_a_null_month():
    from dashboard.derived import mention_totals

    counts = pl.DataFrame({"article_id": ["a", "b", "c", "c"], "actor_id": ["x", "x", None, "x"],
                           "place_id": [None, None, "p", None], "mentions": [2, 3, 4, 1],
                           "hidden_mentions": [0, 0, 1, 0]})
    months = pl.DataFrame({"article_id": ["a", "b", "c"], "month": ["2022-01", "2022-01", None]})
    out = mention_totals(counts, months).collect()
    assert out.schema == store.DERIVED_TABLES["mention_totals"].schema
    assert out.rows() == [("2022-01", "x", None, 2, 5, 0), (None, "x", None, 1, 1, 0), (None, None, "p", 1, 4, 1)]
