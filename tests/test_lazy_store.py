"""The dashboard at scale: hive-partitioned stores scanned lazily (partition and column push-down),
tables left in the store, and stores read through fsspec (``memory://``, ``file://``; never the
internet)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import query, store
from dashboard.query import Filters
from dashboard.schema import TABLES
from tests.conftest import synthetic_tables
from tests.synthetic import with_demonym_only


@pytest.fixture(scope="module")
def hive_store(tmp_path_factory) -> Path:
    """The synthetic tables written in the hive layout (a1 in 2021-12, a2 in 2022-01, a3 in 2022-02)."""
    out = tmp_path_factory.mktemp("hive") / "processed"
    store.write_tables(synthetic_tables(), out, manifest={"inputs": ["synthetic"]}, layout="hive")
    return out


def _sorted(df: pl.DataFrame) -> pl.DataFrame:
    return df.sort(pl.all().exclude(pl.List(pl.String)).cast(pl.String), nulls_last=True)


def test_hive_scan_reads_the_same_tables_as_the_files_layout(hive_store, synthetic_store):
    for name in TABLES:
        assert_frame_equal(_sorted(store.scan(hive_store, name).collect()),
                           _sorted(store.scan(synthetic_store, name).collect()))


def test_month_filter_is_pushed_down_to_the_partitions(hive_store, tmp_path):
    plan = store.scan(hive_store, "events", months=["2022-01"]).select("event_id").explain()
    assert "month=2022-01" in plan and "month=2021-12" not in plan and "month=2022-02" not in plan
    assert sorted(store.scan(hive_store, "events", months=["2022-01"]).collect()["article_id"].unique()) == ["a2"]
    # A partition never opened cannot fail the read: damage the data (not the footer) of another month.
    import shutil

    copy = tmp_path / "damaged"
    shutil.copytree(hive_store, copy)
    victim = next((copy / "events" / "month=2022-02").glob("*.parquet"))
    data = bytearray(victim.read_bytes())
    for i in range(4, min(len(data) // 2, 400)):
        data[i] ^= 0xFF
    victim.write_bytes(bytes(data))
    assert store.scan(copy, "events", months=["2022-01"]).collect().height == 3
    with pytest.raises(Exception):
        store.scan(copy, "events").collect()


def test_undated_articles_are_the_null_partition(tmp_path):
    tables = synthetic_tables()
    tables["articles"] = tables["articles"].with_columns(
        pl.when(pl.col("article_id") == "a3").then(None).otherwise(pl.col("published")).alias("published"))
    store.write_tables(tables, tmp_path / "s", layout="hive")
    assert (tmp_path / "s" / "events" / f"month={store.HIVE_NULL}").is_dir()
    undated = store.scan(tmp_path / "s", "events", months=[None]).collect()
    assert sorted(undated["article_id"].unique()) == ["a3"]


def test_load_tables_leaves_the_mention_tables_in_the_store(hive_store):
    t = query.load_tables(hive_store)
    for name in ("entities", "place_mentions", "quotes"):
        assert isinstance(getattr(t, name), query.LazyTable), name
    assert isinstance(t.events, pl.DataFrame) and isinstance(t.articles, pl.DataFrame)
    assert not set(query.EVENT_TEXT_COLUMNS) & set(t.events.columns)
    assert t.entities["actor_id"].null_count() == 0  # a column read from the store on demand
    assert t.months_of(["a2", "a3"]) == {"2022-01", "2022-02"}
    assert t.months_of(["unknown"]) == {None}
    # The shown events get their sentences from their months' partitions.
    shown = query.events_table(t, t.with_event_ids(t.events).filter(pl.col("event_id") == "e1"))
    assert shown["sentence"].to_list() == ["Biden warned Putin."]


def test_lazy_tables_give_the_same_views_as_tables_in_memory(hive_store, synthetic_store):
    lazy, full = query.load_tables(hive_store), query.load_tables(synthetic_store, full=True)
    for f in (Filters(), Filters(places=("2660646",)), Filters(actors=("country:RUS",))):
        a, b = query.apply_filters(lazy, f), query.apply_filters(full, f)
        assert sorted(a.article_ids.to_list()) == sorted(b.article_ids.to_list())
        assert query.counts(lazy, a) == query.counts(full, b)
        assert_frame_equal(query.map_points(lazy, a).sort("place_id"), query.map_points(full, b).sort("place_id"))
    for aid in ("a1", "a2", "a3"):
        assert_frame_equal(query.article_spans(lazy, aid), query.article_spans(full, aid))
        assert lazy.article_record(aid) == full.article_record(aid)
    events = query.export_frame(lazy, query.apply_filters(lazy, Filters()), "events")
    assert_frame_equal(_sorted(events), _sorted(query.export_frame(full, query.apply_filters(full, Filters()), "events")))


def _upload(fs, local: Path, root: str) -> None:
    for p in local.rglob("*"):
        if p.is_file():
            fs.pipe(f"{root}/{p.relative_to(local).as_posix()}", p.read_bytes())


@pytest.mark.parametrize("layout", ["files", "hive"])
def test_store_read_through_fsspec_memory_url(tmp_path, layout):
    fsspec = pytest.importorskip("fsspec")
    local = tmp_path / "local"
    store.write_tables(synthetic_tables(), local, manifest={"inputs": ["synthetic"]}, layout=layout)
    fs = fsspec.filesystem("memory")
    root = f"/newsdash-test-{layout}"
    _upload(fs, local, root)
    try:
        url = f"memory://{root}"
        assert store.read_manifest(url)["inputs"] == ["synthetic"]
        assert not store.is_stale(tmp_path / "raw", url)  # a remote store is never rebuilt by the app
        remote, here = query.load_tables(url), query.load_tables(local)
        assert remote.data_dir == url
        for name in ("articles", "events", "actors", "places"):
            assert_frame_equal(_sorted(getattr(remote, name)), _sorted(getattr(here, name)))
        assert_frame_equal(remote.article_actors.cast(pl.String).sort(pl.all()),
                           here.article_actors.cast(pl.String).sort(pl.all()))
        assert remote.article_record("a2")["text"].startswith("Russia demanded guarantees")
        assert remote.article_rows("quotes", "a1", ("text", "cue")).rows() == [("We will respond decisively", "said")]
        if layout == "hive":
            plan = store.scan(url, "events", months=["2022-01"]).select("event_id").collect()
            assert plan.height == 3
        assert store.scan(url, "ingest_report").collect().schema == \
            store.BUILD_TABLES["ingest_report"].schema
    finally:
        fs.rm(root, recursive=True)


def test_store_read_from_a_file_url(hive_store):
    t = query.load_tables(f"file://{hive_store}")
    assert t.data_dir == hive_store and t.events.height == 10
    assert json.loads((hive_store / "manifest.json").read_text())["layout"] == "hive"


def _pairs(tables: query.Tables) -> tuple[pl.DataFrame, ...]:
    shown, hidden_only = tables._place_pairs
    return tuple(df.cast({c: pl.String for c, t in df.schema.items() if t == pl.Categorical}).sort(pl.all())
                 for df in (tables.article_actors, shown, hidden_only))


@pytest.mark.parametrize("layout", ["files", "hive"])
def test_per_article_aggregates_come_from_the_stored_mention_counts(tmp_path, layout):
    """The build writes mention_counts; the dashboard reads its aggregates from it, and a store
    written before it (no mention_counts) gives the same aggregates computed from the mentions."""
    tables = with_demonym_only(synthetic_tables())
    new, old = tmp_path / "new", tmp_path / "old"
    for out in (new, old):
        store.write_tables(tables, out, layout=layout)
    import shutil

    shutil.rmtree(old / "mention_counts", ignore_errors=True)
    (old / "mention_counts.parquet").unlink(missing_ok=True)
    assert store.has_table(new, "mention_counts") and not store.has_table(old, "mention_counts")
    stored, computed = query.load_tables(new), query.load_tables(old)
    assert stored.mention_counts is not None and computed.mention_counts is None
    for a, b in zip(_pairs(stored), _pairs(computed)):
        assert_frame_equal(a, b)
    assert "demonym-only" in _pairs(stored)[2]["place_id"].to_list()
    assert stored.article_actors.height > 0 and _pairs(stored)[1].height > 0
    counts = store.scan(new, "mention_counts").collect()
    assert counts.filter(pl.col("actor_id").is_not_null() & pl.col("place_id").is_not_null()).height == 0
    # the panels built on them agree too
    for f in (Filters(), Filters(places=("demonym-only",))):
        assert_frame_equal(query.map_points(stored, query.apply_filters(stored, f)),
                           query.map_points(computed, query.apply_filters(computed, f)))


def test_a_month_read_lists_only_that_months_files(hive_store, tmp_path):
    """Per-article reads (months=...) open only their months' folders: a truncated file of another
    month is neither read nor even checked, until a whole-table scan finds it."""
    import shutil

    copy = tmp_path / "truncated"
    shutil.copytree(hive_store, copy)
    victim = next((copy / "entities" / "month=2022-02").glob("*.parquet"))
    victim.write_bytes(victim.read_bytes()[:20])
    rows = store.scan(copy, "entities", months=["2022-01"]).collect()
    assert set(rows["article_id"]) == {"a2"} and store.unreadable(copy) == {}
    assert store.scan(copy, "entities", months=["1999-01"]).collect().height == 0
    store.scan(copy, "entities").collect()  # the whole table: the truncated file is left out and named
    assert list(store.unreadable(copy)) == [str(victim)]


def _as_strings(folder: Path) -> None:
    """Rewrite every table file under ``folder`` (or the file ``folder``) as a store written before the
    categorical columns: its Categorical (dictionary) columns as plain strings."""
    for f in [folder] if folder.is_file() else folder.rglob("*.parquet"):
        df = pl.read_parquet(f, hive_partitioning=False)
        df.cast({c: pl.String for c, t in df.schema.items() if isinstance(t, pl.Categorical)}).write_parquet(f)


@pytest.mark.parametrize("layout", ["files", "hive"])
def test_categorical_columns_are_written_as_dictionaries_and_read_as_declared(tmp_path, layout):
    """The build writes each table's categorical columns typed Categorical (a dictionary per file);
    a scan gives the declared String columns, a scan with ``categorical=True`` Categorical ones with
    the same values."""
    out = tmp_path / "s"
    store.write_tables(synthetic_tables(), out, layout=layout)
    for name in ("events", "mention_counts"):
        table = store.STORED_TABLES[name]
        assert table.categorical
        path = store.table_path(out, name)
        files = [path] if path.is_file() else sorted(path.rglob("*.parquet"))
        for f in files:
            written = pl.read_parquet_schema(f)
            assert all(isinstance(written[c], pl.Categorical) for c in table.categorical), (f, written)
        plain, cats = store.scan(out, name).collect(), store.scan(out, name, categorical=True).collect()
        assert plain.schema == table.schema
        assert all(isinstance(cats.schema[c], pl.Categorical) for c in table.categorical)
        assert_frame_equal(cats.cast({c: pl.String for c in table.categorical}), plain)
        assert plain.height > 0


@pytest.mark.parametrize("layout", ["files", "hive"])
def test_a_store_written_before_the_categorical_columns_gives_the_same_dashboard(tmp_path, layout, caplog):
    """A store whose ids are plain strings (written before) opens with a warning and gives the same
    held frames, aggregates and panels; so does a store mixing both kinds of files."""
    new, old, mixed = tmp_path / "new", tmp_path / "old", tmp_path / "mixed"
    for out in (new, old, mixed):
        store.write_tables(synthetic_tables(), out, layout=layout)
    _as_strings(old)
    if layout == "hive":
        _as_strings(mixed / "events" / "month=2022-01")
        _as_strings(mixed / "mention_counts" / "month=2021-12")
    else:
        _as_strings(mixed / "events.parquet")
    assert not isinstance(pl.read_parquet_schema(store.table_path(old, "events") if layout == "files" else next(
        (old / "events").rglob("*.parquet")))["article_id"], pl.Categorical)
    fresh = query.load_tables(new)
    for other in (old, mixed):
        with caplog.at_level("WARNING", logger="dashboard.store"):
            caplog.clear()
            before = query.load_tables(other)
        assert any("written before its ids were stored as dictionaries" in r.getMessage() for r in caplog.records)
        for name in ("articles", "events"):
            assert_frame_equal(_sorted(getattr(before, name)), _sorted(getattr(fresh, name)))
            assert getattr(before, name).schema == getattr(fresh, name).schema
        for a, b in zip(_pairs(before), _pairs(fresh)):
            assert_frame_equal(a, b)
        for name in ("events", "mention_counts"):
            assert_frame_equal(_sorted(store.scan(other, name).collect()), _sorted(store.scan(new, name).collect()))
        for f in (Filters(), Filters(places=("2660646",)), Filters(actors=("country:RUS",))):
            a, b = query.apply_filters(before, f), query.apply_filters(fresh, f)
            assert query.counts(before, a) == query.counts(fresh, b)
            assert_frame_equal(query.map_points(before, a), query.map_points(fresh, b))


def test_a_store_written_before_can_be_rewritten_with_dictionary_ids(tmp_path):
    """``scripts/scale_store.py --rewrite-categorical`` turns a store written before into one whose
    categorical columns are dictionaries, with the same rows."""
    from scripts.scale_store import rewrite_categorical

    out = tmp_path / "s"
    store.write_tables(synthetic_tables(), out, layout="hive")
    _as_strings(out)
    before = {name: _sorted(store.scan(out, name).collect()) for name in ("events", "mention_counts")}
    assert rewrite_categorical(out) > 0
    for name, rows in before.items():
        for f in (out / name).rglob("*.parquet"):
            assert isinstance(pl.read_parquet_schema(f)["article_id"], pl.Categorical), f
        assert_frame_equal(_sorted(store.scan(out, name).collect()), rows)


def test_the_tables_left_in_the_store_are_scanned_on_first_use(hive_store, monkeypatch):
    """The mention tables, the quotations and mention_counts are not scanned (every file's footer
    read) by the load nor by the first render's panels, and read the same rows once used."""
    from dashboard.query.events import asserted_view

    scanned, real = [], store.scan
    monkeypatch.setattr(store, "scan", lambda data_dir, name, *a, **k: scanned.append((name, k.get("months"))) or real(
        data_dir, name, *a, **k))
    tables = query.load_tables(hive_store)
    lazy = ("entities", "place_mentions", "quotes", "mention_counts")
    dates = query.default_date_range(tables)
    view = query.apply_filters(tables, Filters(date_from=dates[0], date_to=dates[1]))
    query.counts(tables, view, points=query.map_points(tables, asserted_view(view)[0]))
    assert {"articles", "events"} <= {n for n, _ in scanned}
    assert not [n for n, months in scanned if n in lazy and months is None]  # no whole-table scan of them
    for name in lazy:
        table = getattr(tables, name)
        assert isinstance(table, query.LazyTable) and table.columns
        assert (name, None) in scanned  # scanned now
        direct = store.scan(hive_store, name, categorical=True).select(table.columns)
        if name == "entities":
            direct = direct.filter(pl.col("actor_id").is_not_null())
        assert_frame_equal(_sorted(table.collect()), _sorted(direct.collect().cast(dict(table.schema))))
