"""Tests of the pure dashboard logic (:mod:`dashboard.query`) and the map figure builder."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal
import streamlit as st

from dashboard import query
from dashboard.query import Filters
from dashboard.schema import TABLES
from dashboard.views import map as map_view


@pytest.fixture(scope="module")
def tables(synthetic_store) -> query.Tables:
    return query.load_tables(synthetic_store)


def test_load_tables_full_has_declared_schemas(synthetic_store):
    full = query.load_tables(synthetic_store, full=True)
    for name, table in TABLES.items():
        assert getattr(full, name).schema == table.schema
    assert full.articles.height == 3 and full.events.height == 10 and full.entities.height == 5


def test_load_tables_keeps_the_memory_plan(tables):
    """The default load keeps the planned columns (Categorical where planned), not the article texts;
    the events keyed by their row in the store instead of their ids."""
    for name, table in TABLES.items():
        frame, plan = getattr(tables, name), query.MEMORY_PLAN.get(name, query.MemoryPlan())
        key = [plan.row_index] if plan.row_index else []
        assert frame.columns == key + list(plan.columns or table.schema), name
        for col, dtype in frame.schema.items():
            if col in key:
                assert dtype == pl.UInt32 and frame[col].to_list() == list(range(frame.height)), (name, col)
                continue
            assert dtype == (pl.Categorical() if col in plan.categorical else table.schema[col]), (name, col)
    assert query.MEMORY_PLAN["events"].row_index == query.EVENT_ROW and "event_id" not in tables.events.columns
    assert "text" not in tables.articles.columns and "text" not in tables.quotes.columns
    assert tables.articles.height == 3 and tables.events.height == 10
    assert tables.entities["actor_id"].null_count() == 0  # only the mentions of an actor


def test_article_text_and_quotes_read_lazily(tables):
    """The reader's text and quotations come from the store; downloads of articles carry the texts."""
    tables.clear_article_cache()
    record = tables.article_record("a2")
    assert record["text"].startswith("Russia demanded guarantees") and record["source_path"] == "raw/a2.txt"
    assert tables.article_record("missing") is None
    quotes = tables.article_rows("quotes", "a1", ("text", "cue"))
    assert quotes.rows() == [("We will respond decisively", "said")]
    mentions = tables.article_rows("place_mentions", "a2", ("text", "place_id"))
    assert mentions.schema == pl.Schema({"text": pl.String, "place_id": pl.String})  # no Categorical leaks
    view = query.apply_filters(tables, Filters(actors=("igo:nato",)))
    arts = query.export_frame(tables, view, "articles")
    assert arts.schema == TABLES["articles"].schema
    assert arts["text"].to_list() == [record["text"]]
    # Frames built in memory (no store) read missing columns as nulls.
    bare = query.Tables(**{**{n: TABLES[n].empty() for n in TABLES},
                          "articles": tables.articles, "quotes": tables.quotes})
    assert bare.article_record("a2")["text"] is None
    assert bare.article_rows("quotes", "a1", ("text", "kind")).rows() == [(None, "direct")]


@pytest.mark.parametrize("name", ["articles", "entities", "place_mentions", "quotes", "events"])
def test_small_stored_tables_are_read_whole_once_with_the_same_rows(synthetic_store, monkeypatch, name):
    """A small table is read from the store once, whole, for every article's rows afterwards; a large
    one by article (its month partitions); both give the same rows."""
    from dashboard.query import tables as tables_module

    reads = []
    scan = tables_module.store.scan
    def counted(data_dir, table, months=None, categorical=False):
        if not categorical:  # the memory plan's own scans (of a table not held) are Categorical: not counted
            reads.append(months)
        return scan(data_dir, table, months=months, categorical=categorical)

    monkeypatch.setattr(tables_module.store, "scan", counted)
    ids = query.load_tables(synthetic_store).articles["article_id"].cast(pl.String).to_list()
    by_size = {}
    for limit in (tables_module.WHOLE_READ_MAX_BYTES, 0):
        monkeypatch.setattr(tables_module, "WHOLE_READ_MAX_BYTES", limit)
        t = query.load_tables(synthetic_store)
        if name == "events":
            t.with_event_ids(t.events.head(1))  # the events' ids, read once from the store (event_rows)
        reads.clear()
        if name == "events":
            shown = t.events.filter(pl.col("article_id").cast(pl.String).is_in(ids[:2]))
            by_size[limit] = [t.with_event_columns(shown).sort("event_id")]
            by_size[limit].append(t.with_event_columns(t.events.head(1)))
        else:
            by_size[limit] = [t.article_rows(name, a) for a in ids + ["no such article"]]
        assert (reads == [None]) if limit else (len(reads) == len(by_size[limit]) and None not in reads)
    for small, large in zip(*by_size.values()):
        assert_frame_equal(small, large)


def test_missing_folder_gives_empty_tables(tmp_path):
    t = query.load_tables(tmp_path / "nothing")
    assert t.is_empty
    assert query.date_bounds(t) is None
    view = query.apply_filters(t, Filters())
    assert query.counts(t, view) == {"articles": 0, "actors": 0, "places": 0, "events": 0}
    assert query.stance_table(t, view.events).height == 0
    assert query.timeline(view.events).height == 0


def test_no_filter_counts(tables):
    view = query.apply_filters(tables, Filters())
    assert query.counts(tables, view) == {"articles": 3, "actors": 6, "places": 5, "events": 10}


def test_counts_follow_event_filters_and_place_selection(tables):
    """Issue 15: the header counts follow every filter and selection. An actor + QuadClass filter
    counts the actors and places of the matching events (not every one their articles name); a
    place selection counts the selected places."""
    view = query.apply_filters(tables, Filters(actors=("country:RUS",), quads=(4,)))
    assert view.article_ids.sort().to_list() == ["a1", "a3"]  # articles that name more actors and places
    assert query.counts(tables, view) == {"articles": 2, "actors": 2, "places": 1, "events": 2}
    assert query.actor_ids_in_view(tables, view).to_list() == ["country:RUS", "country:UKR"]
    view = query.apply_filters(tables, Filters(places=("curated:donbas",)))
    assert query.counts(tables, view)["places"] == 1
    assert query.map_points(tables, view).height > 1  # the map still offers the other places


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("f", [
    Filters(),  # every event: the events' actor counts
    Filters(date_from=date(2021, 12, 30), date_to=date(2022, 1, 31)),  # 6 of 10 kept: counts less those left out
    Filters(date_from=date(2022, 2, 1), date_to=date(2022, 12, 31)),  # 2 of 10 kept: the kept events' actors
    Filters(actors=("country:RUS",)),
    Filters(places=("curated:donbas",)),
], ids=["none", "most", "few", "actor", "place"])
def test_event_actors_of_a_view_are_its_events_sources_and_targets(synthetic_store, full, f):
    """The actors of a view's events (what the header's actor count starts from) are the distinct
    sources and targets of its events, whichever way they are found: for the view itself and for
    its asserted events (a narrowed view), from held (Categorical) or full tables."""
    from dashboard.query.actors import _event_actors
    from dashboard.query.events import asserted_view

    t = query.load_tables(synthetic_store, full=full)
    view = query.apply_filters(t, f)
    for v in (view, asserted_view(view, False, 1)[0]):
        rows = v.events
        want = [set(rows[c].drop_nulls().to_list()) for c in ("source_actor_id", "target_actor_id")]
        assert [set(s.to_list()) for s in _event_actors(t, v)] == want
    if f.date_from == date(2021, 12, 30):
        assert view.events_mask.sum() == 6 and "country:UKR" not in query.actor_ids_in_view(t, view).to_list()


def test_actor_filter_matches_source_or_target(tables):
    view = query.apply_filters(tables, Filters(actors=("igo:nato",)))
    assert sorted(view.events["event_id"]) == ["e5", "e6"]
    assert view.article_ids.to_list() == ["a2"]
    ukr = query.apply_filters(tables, Filters(actors=("country:UKR",)))
    assert sorted(ukr.events["event_id"]) == ["e10", "e4", "e8", "e9"]
    assert sorted(ukr.article_ids) == ["a1", "a3"]


def test_root_quad_and_date_filters(tables):
    assert sorted(query.filter_events(tables, Filters(roots=(19,)))["event_id"]) == ["e10", "e4", "e9"]
    assert sorted(query.filter_events(tables, Filters(quads=(1, 2)))["event_id"]) == ["e3", "e6", "e7"]
    jan = query.apply_filters(tables, Filters(date_from=date(2022, 1, 1), date_to=date(2022, 1, 31)))
    assert sorted(jan.events["event_id"]) == ["e5", "e6", "e7"]
    assert jan.article_ids.to_list() == ["a2"]
    # An article of 2021 about the events of 2014 is in a 2014 view; the undated event never is.
    y2014 = query.apply_filters(tables, Filters(date_from=date(2014, 1, 1), date_to=date(2014, 12, 31)))
    assert y2014.events["event_id"].to_list() == ["e4"]
    assert y2014.article_ids.to_list() == ["a1"]


def test_place_filter_events_at_and_articles_mentioning(tables):
    view = query.apply_filters(tables, Filters(places=("curated:donbas",)))
    assert sorted(view.events["event_id"]) == ["e4", "e9"]
    assert sorted(view.article_ids) == ["a1", "a3"]
    geneva = query.apply_filters(tables, Filters(places=("2660646",)))
    assert geneva.article_ids.to_list() == ["a2"]


@pytest.mark.parametrize("full", [False, True])
def test_articles_of_a_view_are_those_in_range_or_named_by_its_events(synthetic_store, full):
    """Without an event-level filter a view's articles are those published in the range (and
    mentioning a selected place) plus those of its events, in the articles' order, whatever the
    range and whether the ids are held as Categorical or String."""
    t = query.load_tables(synthetic_store, full=full)
    days = [None, date(2014, 1, 1), date(2021, 12, 31), date(2022, 1, 10), date(2022, 2, 24), date(2030, 1, 1)]
    places = [(), ("curated:donbas",), ("2660646",), ("524901", "2660646")]
    for lo in days:
        for hi in days:
            for pl_ids in places:
                f = Filters(date_from=lo, date_to=hi, places=pl_ids)
                view = query.apply_filters(t, f)
                of_events = set(view.events["article_id"].drop_nulls().to_list())
                mentioning = set(t.articles_mentioning(pl_ids).to_list()) if pl_ids else None
                expected = [
                    r["article_id"] for r in _plain_articles(t).iter_rows(named=True)
                    if r["article_id"] in of_events or (
                        (lo is None or (r["published"] is not None and r["published"].date() >= lo))
                        and (hi is None or (r["published"] is not None and r["published"].date() <= hi))
                        and (mentioning is None or r["article_id"] in mentioning))
                ]
                assert view.article_ids.cast(pl.String).to_list() == expected, f
                assert view.n_articles == len(expected)
                mask = view.article_mask  # the same articles, as a Boolean over the held ones (a filter was set)
                assert mask is None if f == Filters() else _plain_articles(t)["article_id"].filter(mask).to_list() == expected


def _plain_articles(t: query.Tables) -> pl.DataFrame:
    return t.articles.select(pl.col("article_id").cast(pl.String), "published")


def test_map_points_aggregates_and_excludes(tables):
    pts = query.map_points(tables, query.apply_filters(tables, Filters()))
    assert pts.schema == query.MAP_POINT_SCHEMA
    by_id = {r["place_id"]: r for r in pts.iter_rows(named=True)}
    assert set(by_id) == {"4145381", "524901", "2660646", "703448", "curated:donbas"}  # no null coords
    # Moscow: dateline and metonymic mentions counted ("Moscow said" still names the place),
    # demonyms not.
    assert by_id["524901"]["mentions"] == 2 and by_id["524901"]["goldstein"] is None
    assert by_id["curated:donbas"]["events"] == 2 and by_id["curated:donbas"]["goldstein"] == -10.0
    assert by_id["4145381"]["goldstein"] == 1.0


def test_map_viewport_fits_points(tables):
    pts = query.map_points(tables, query.apply_filters(tables, Filters()))
    center, zoom = query.map_viewport(pts)
    assert pts["latitude"].min() < center["lat"] < pts["latitude"].max()
    assert pts["longitude"].min() < center["lon"] < pts["longitude"].max()
    assert 0.3 <= zoom < 4
    assert query.map_viewport(pts.head(0)) == ({"lat": 20.0, "lon": 0.0}, 0.6)


def test_stances_and_evidence(tables):
    view = query.apply_filters(tables, Filters())
    st_table = query.stance_table(tables, view.events)
    row = st_table.filter((pl.col("source") == "Russia") & (pl.col("target") == "NATO")).row(0, named=True)
    assert row["events"] == 2 and row["mean goldstein"] == pytest.approx(-0.5)
    assert row["share verbal cooperation"] == 0.5 and row["share verbal conflict"] == 0.5
    assert (row["first"], row["last"]) == (date(2022, 1, 10), date(2022, 1, 12))
    assert st_table["events"].sum() == 9  # the event without a source is left out
    ev = query.pair_evidence(tables, view.events, ("person:joe-biden", "person:vladimir-putin"))
    assert ev["sentence"].to_list()[0] == "Biden warned Putin."
    assert set(ev["article"]) == {"Biden warns Putin over Ukraine"}


def test_timeline_and_events_table(tables):
    view = query.apply_filters(tables, Filters())
    tl = query.timeline(view.events)
    assert tl["events"].sum() == 9  # undated event not on the timeline
    row = tl.filter(pl.col("event_date") == date(2021, 12, 30), pl.col("quad_class") == 3).row(0, named=True)
    assert row["events"] == 2 and row["quad"] == "Verbal conflict"
    table = query.events_table(tables, view.events)
    assert table.columns[:11] == ["date", "source", "verb", "modality", "negated", "target", "CAMEO", "goldstein",
                                  "QuadClass", "sentence", "article"]
    # newest first, undated last (issue 15: the 2014 annexation is not on top)
    dated = table.filter(pl.col("date").is_not_null())
    assert dated["date"].to_list() == sorted(dated["date"].to_list(), reverse=True)
    assert dated["date"][0] == str(view.events["event_date"].max())
    oldest = dated.row(-1, named=True)
    assert (oldest["source"], oldest["target"], oldest["verb"]) == ("Russia", "Ukraine", "annex")
    assert table["date"][-1] is None
    # a missing actor is an empty cell, never null ("None" on screen)
    assert table["source"].null_count() == 0 and table["target"].null_count() == 0
    assert "" in table["source"].to_list()
    # dates are written to their precision: "in 2014" is 2014, not 2014-01-01
    yearly = view.events.head(1).with_columns(pl.lit("year").alias("date_precision"))
    assert query.events_table(tables, yearly)["date"].to_list() == [str(yearly["event_date"][0].year)]


def test_actor_labels_and_article_detail(tables):
    labels = query.actor_labels(tables)
    assert labels["person:joe-biden"] == "Joe Biden (person, USA)"
    assert labels["igo:nato"] == "NATO (igo)"
    detail = query.article_detail(tables, "a1")
    assert detail.article["title"] == "Biden warns Putin over Ukraine"
    assert set(detail.actors["name"]) == {"Joe Biden", "Vladimir Putin"}
    assert detail.quotes["text"].to_list() == ["We will respond decisively"]
    assert query.article_detail(tables, "missing") is None


def test_query_string_round_trip():
    f = Filters(
        actors=("person:joe-biden", "country:RUS"),
        date_from=date(2022, 1, 1),
        date_to=date(2022, 1, 31),
        roots=(13, 19),
        quads=(3,),
        places=("524901",),
        pair=("country:RUS", "igo:nato"),
        article="a2",
    )
    params = query.encode_query(f)
    assert params["actor"] == ["person:joe-biden", "country:RUS"] and params["pair"] == ["country:RUS|igo:nato"]
    back, warnings = query.decode_query(params)
    assert back == f and warnings == []
    assert query.encode_query(Filters()) == {}
    assert query.decode_query({}) == (Filters(), [])


def test_bad_params_are_ignored_with_warnings():
    params = {
        "actor": ["country:RUS", "bogus"],
        "from": "yesterday",
        "root": ["13", "99", "x"],
        "quad": "7",
        "pair": "only-one",
        "article": "zzz",
        "colour": "red",
        "embed": "true",
    }
    f, warnings = query.decode_query(params, actor_ids=["country:RUS"], place_ids=[], article_ids=["a1"])
    assert f == Filters(actors=("country:RUS",), roots=(13,))
    text = " ".join(warnings)
    for bad in ("bogus", "yesterday", "99", "7", "only-one", "zzz", "colour"):
        assert bad in text
    assert "embed" not in text
    reversed_range, w = query.decode_query({"from": "2022-02-01", "to": "2022-01-01"})
    assert (reversed_range.date_from, reversed_range.date_to) == (None, None) and w


def test_dash1_timezone_date_filter():
    """DASH-1: 2019-12-31T18:45Z is 2020-01-01 00:30 in Kathmandu and inside a 2020-01-01 filter."""
    art = TABLES["articles"].frame(
        [dict(article_id="k", title="t", published=datetime(2019, 12, 31, 18, 45, tzinfo=timezone.utc))]
    )
    t = query.Tables(**{**{n: TABLES[n].empty() for n in TABLES}, "articles": art})
    f = Filters(date_from=date(2020, 1, 1), date_to=date(2020, 1, 1))
    assert query.apply_filters(t, f, "Asia/Kathmandu").article_ids.to_list() == ["k"]
    assert query.apply_filters(t, f, "UTC").article_ids.to_list() == []
    assert query.date_bounds(t, "Asia/Kathmandu") == (date(2020, 1, 1), date(2020, 1, 1))
    shown = query.to_timezone(art, "Asia/Kathmandu")["published"][0]
    assert (shown.date(), shown.hour, shown.minute) == (date(2020, 1, 1), 0, 30)


def test_dash2_many_mentions_aggregated_without_null_points():
    """DASH-2: 20,000 mentions, 5 % without coordinates, an all-null hover column, selection by custom data."""
    n_places = 400
    places = TABLES["places"].frame(
        [
            dict(
                place_id=f"p{i}",
                name=f"Place {i}",
                country_code=None,  # hover column all null
                latitude=None if i % 20 == 0 else (0.0 if i == 1 else -40 + i * 0.2),
                longitude=None if i % 20 == 0 else (0.0 if i == 1 else -100 + i * 0.5),
            )
            for i in range(n_places)
        ]
    )
    mentions = TABLES["place_mentions"].frame(
        [dict(article_id=f"a{i % 50}", place_id=f"p{i % n_places}", role="literal") for i in range(20_000)]
    )
    articles = TABLES["articles"].frame([dict(article_id=f"a{i}", title=f"A{i}") for i in range(50)])
    t = query.Tables(
        **{**{n: TABLES[n].empty() for n in TABLES}, "places": places, "place_mentions": mentions, "articles": articles}
    )
    pts = query.map_points(t, query.apply_filters(t, Filters()))
    assert pts.height == n_places - n_places // 20 - 1  # one marker per place; null and (0, 0) dropped
    assert pts["mentions"].sum() == 20_000 * (pts.height / n_places)
    assert pts["latitude"].null_count() == 0 and pts["longitude"].null_count() == 0
    assert pts.filter((pl.col("latitude") == 0) & (pl.col("longitude") == 0)).height == 0

    fig = map_view.build_figure(pts, outlines=([0.0, 1.0, None], [0.0, 1.0, None]), style="white-bg",
                                with_empty=True)
    assert {tr.type for tr in fig.data} == {"scattermap"}
    markers = [tr for tr in fig.data if tr.mode == "markers"]
    assert sum(len(tr.lat) for tr in markers) == pts.height
    assert all(v is not None for tr in markers for v in tr.lat)
    assert fig.layout.map.center.lat is not None and fig.layout.map.zoom > 0

    picked = markers[0].customdata[3]
    selection = {"selection": {"points": [{"curve_number": 1, "point_index": 3, "customdata": list(picked)},
                                          {"curve_number": 0, "point_index": 0}]}}
    ids = query.selected_place_ids(selection)
    assert ids == (picked[0],)
    view = query.apply_filters(t, Filters(places=ids))
    expected = mentions.filter(pl.col("place_id") == picked[0])["article_id"].unique().sort()
    assert view.article_ids.sort().to_list() == expected.to_list()


def test_dash3_cache_data_on_polars_frames():
    """DASH-3: st.cache_data with a list[str] and a Datetime(UTC) column: no hashing error, hit, recompute."""
    calls = []

    @st.cache_data
    def summarise(df: pl.DataFrame) -> int:
        calls.append(1)
        return df.height

    df = pl.DataFrame(
        {
            "authors": [["a", "b"], [], ["c"]],
            "published": [datetime(2022, 1, d, tzinfo=timezone.utc) for d in (1, 2, 3)],
        },
        schema={"authors": pl.List(pl.String), "published": pl.Datetime("us", "UTC")},
    )
    assert summarise(df) == 3 and len(calls) == 1
    assert summarise(df.clone()) == 3 and len(calls) == 1  # same content: cache hit
    changed = df.with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(pl.lit(["z"])).otherwise(pl.col("authors")).alias("authors")
    )
    assert summarise(changed) == 3 and len(calls) == 2  # one changed cell: recomputed
    summarise.clear()


def test_country_outlines_cover_the_world():
    lons, lats = query.country_outlines()
    assert len(lons) == len(lats) > 5_000
    assert np.nanmin(lats) < -40 and np.nanmax(lats) > 60 and np.nanmin(lons) < -150 and np.nanmax(lons) > 150
    gaps = np.isnan(lons)
    assert gaps.sum() > 200 and (gaps == np.isnan(lats)).all()  # one gap per ring, in both
    assert not (gaps[1:] & gaps[:-1]).any()  # no empty ring


def test_the_outlines_are_sent_as_a_typed_array():
    """The outlines are most of the map's bytes and go with every rerun that draws the map: Plotly
    sends float arrays as base64 typed arrays, half the size of JSON numbers and far faster to encode."""
    import plotly.io as pio

    pts = pl.DataFrame({"place_id": ["p1"], "name": ["Kyiv"], "country_code": ["UKR"], "latitude": [50.45],
                        "longitude": [30.52], "mentions": [3], "events": [2], "goldstein": [-2.0],
                        "top_actors": ["Ukraine"]}, schema=query.MAP_POINT_SCHEMA)
    spec = pio.to_json(map_view.build_figure(pts, outlines=query.country_outlines()), validate=False)
    outline = json.loads(spec)["data"][0]
    assert outline["mode"] == "lines" and outline["lon"]["dtype"] == "f4" and "bdata" in outline["lon"]
    assert len(spec) < 200_000


# ----------------------------------------------------------------------------------- cross-filters
def test_pair_and_span_filters(tables):
    pair = query.apply_filters(tables, Filters(pair=("country:RUS", "igo:nato")))
    assert sorted(pair.events["event_id"]) == ["e5", "e6"]
    assert pair.article_ids.to_list() == ["a2"]
    span = query.apply_filters(tables, Filters(span=(date(2022, 1, 11), date(2022, 1, 31))))
    assert sorted(span.events["event_id"]) == ["e6", "e7"]
    # The span intersects the sidebar range.
    both = Filters(date_from=date(2022, 1, 1), date_to=date(2022, 1, 12), span=(date(2022, 1, 11), date(2022, 2, 28)))
    assert both.date_range == (date(2022, 1, 11), date(2022, 1, 12))
    assert query.filter_events(tables, both)["event_id"].to_list() == ["e6"]
    assert both.has_selection and not Filters(actors=("x",)).has_selection


def test_span_and_pair_in_the_query_string():
    f = Filters(pair=("country:RUS", "igo:nato"), span=(date(2022, 1, 1), date(2022, 1, 31)), places=("524901",))
    params = query.encode_query(f)
    assert params["span"] == ["2022-01-01..2022-01-31"]
    assert query.decode_query(params) == (f, [])
    for bad in ("2022-01-31..2022-01-01", "2022-01-01", "x..y", "2022-01-01..2022-02-30"):
        back, warnings = query.decode_query({"span": bad})
        assert back.span is None and any(bad in w for w in warnings), bad


def test_selection_readers():
    pt = {"customdata": ["country:RUS|igo:nato", "Russia", "NATO"], "curve_number": 0, "point_index": 2}
    node = {"customdata": ["country:RUS", "Russia", 3]}
    assert query.selected_pair({"selection": {"points": [node, pt]}}) == ("country:RUS", "igo:nato")
    assert query.selected_pair({"selection": {"points": [node]}}) is None
    assert query.selected_pair(None) is None and query.selected_pair({}) is None
    bars = {"selection": {"points": [{"customdata": ["2022-01-10", "2022-01-16"]},
                                     {"customdata": ["2022-01-03", "2022-01-09"]}], "box": []}}
    assert query.selected_span(bars) == (date(2022, 1, 3), date(2022, 1, 16))
    box = {"selection": {"points": [], "box": [{"x": ["2022-01-05 12:00:00", "2022-01-02 03:00"]}]}}
    assert query.selected_span(box) == (date(2022, 1, 2), date(2022, 1, 5))
    epoch = {"selection": {"points": [], "box": [{"x": [1641081600000, 1641340800000]}]}}
    assert query.selected_span(epoch) == (date(2022, 1, 2), date(2022, 1, 5))
    assert query.selected_span({"selection": {"points": [], "box": []}}) is None


def test_stance_matrix_and_network(tables):
    table = query.stance_table(tables, query.apply_filters(tables, Filters()).events)
    cells, top = query.stance_matrix(table, max_actors=3)
    assert len(top) == 3 and set(cells["source_actor_id"]) | set(cells["target_actor_id"]) <= set(top)
    assert top[0] == "country:RUS"  # the busiest actor
    nodes, edges = query.stance_network(table, max_actors=10)
    assert nodes.height == 6 and nodes["events"].sum() == 2 * table["events"].sum()
    assert edges.height == table.height
    assert all(abs(x) <= 1.01 for x in nodes["x"]) and edges["mean goldstein"].null_count() == 0
    # A→B and B→A are drawn apart.
    ru_ua = edges.filter((pl.col("source") == "Russia") & (pl.col("target") == "Ukraine")).row(0, named=True)
    ua_ru = edges.filter((pl.col("source") == "Ukraine") & (pl.col("target") == "Russia")).row(0, named=True)
    assert (round(ru_ua["xm"], 3), round(ru_ua["ym"], 3)) != (round(ua_ru["xm"], 3), round(ua_ru["ym"], 3))


def test_stance_figures_carry_pairs_in_custom_data(tables):
    from dashboard.views import stances

    table = query.stance_table(tables, query.apply_filters(tables, Filters()).events)
    heat = stances.heatmap_figure(table)
    assert heat.data[0].type == "scatter" and len(heat.data[0].customdata) == table.height
    first = {"selection": {"points": [{"customdata": list(heat.data[0].customdata[0])}]}}
    pair = query.selected_pair(first)
    assert pair in set(table.select("source_actor_id", "target_actor_id").iter_rows())
    net = stances.network_figure(table)
    pairs_trace = next(t for t in net.data if t.name == "pairs")
    arrows = [a for a in net.layout.annotations if a.showarrow]
    names = [a for a in net.layout.annotations if not a.showarrow]
    assert len(pairs_trace.customdata) == table.height and len(arrows) == table.height
    # issue 15: the names are boxed annotations drawn after (above) every arrow, on a larger figure
    assert list(net.layout.annotations).index(names[0]) > list(net.layout.annotations).index(arrows[-1])
    assert {a.text for a in names} >= {"Russia", "Ukraine"} and all(a.bgcolor for a in names)
    assert net.layout.height >= 700


def test_heatmap_labels_long_names_in_full_on_hover():
    """Issue 15: an actor's name up to 40 characters is written whole on the heatmap's axes; a
    longer one is cut on the axis but whole in the cell's hover."""
    from dashboard.views import stances

    short, long = "American representatives in Geneva", "The Ministry of Foreign Affairs of the Russian Federation"
    table = pl.DataFrame({"source_actor_id": ["a", "b"], "source": [short, long],
                          "target_actor_id": ["b", "a"], "target": [long, short],
                          "events": [2, 1], "mean goldstein": [1.0, -2.0],
                          "first": [date(2022, 1, 1)] * 2, "last": [date(2022, 1, 2)] * 2})
    heat = stances.heatmap_figure(table)
    assert short in heat.data[0].y and all(len(y) <= stances.LABEL_MAX_CHARS for y in heat.data[0].y)
    assert {long, short} <= {c[1] for c in heat.data[0].customdata} | {c[2] for c in heat.data[0].customdata}
    assert "customdata[1]" in heat.data[0].hovertemplate and "customdata[2]" in heat.data[0].hovertemplate


def test_timeline_goldstein_volume_and_figure(tables):
    from dashboard.views import events as events_view

    view = query.apply_filters(tables, Filters())
    g = query.timeline_goldstein(view.events, "1d")
    row = g.filter(pl.col("event_date") == date(2021, 12, 30)).row(0, named=True)
    assert row["events"] == 3 and row["mean goldstein"] == pytest.approx((-4.4 - 4.4 + 1.0) / 3)
    week = query.timeline(view.events, "1w")
    assert (week["period_end"] - week["event_date"]).dt.total_days().unique().to_list() == [6]
    vol = query.article_volume(view.articles, "1d", "UTC")
    assert vol["articles"].sum() == 3
    fig = events_view.timeline_figure(view.events, "1w", span=(date(2022, 1, 1), date(2022, 1, 31)))
    assert {t.type for t in fig.data} == {"bar", "scatter"}
    line = next(t for t in fig.data if t.type == "scatter")
    assert line.yaxis == "y2"
    bar = next(t for t in fig.data if t.type == "bar")
    span = query.selected_span({"selection": {"points": [{"customdata": list(bar.customdata[0])}]}})
    assert span[1] - span[0] == (date(2022, 1, 7) - date(2022, 1, 1))
    # a bar is as wide as its period (80 %), even a lone one far from the others
    assert bar.width == pytest.approx(0.8 * 7 * 86_400_000)


def test_map_points_top_actors(tables):
    pts = query.map_points(tables, query.apply_filters(tables, Filters()))
    by_id = {r["place_id"]: r for r in pts.iter_rows(named=True)}
    assert by_id["curated:donbas"]["top_actors"] == "Russia, Ukraine"
    assert by_id["524901"]["top_actors"] is None  # no events at Moscow
    fig = map_view.build_figure(pts, style="white-bg")
    assert "top actors" in fig.data[0].hovertemplate


@pytest.mark.parametrize("f", [Filters(), Filters(actors=("country:RUS",)), Filters(quads=(4,)),
                               Filters(places=("curated:donbas",)), Filters(date_from=date(2022, 1, 1), date_to=date(2022, 1, 31))])
def test_place_points_are_the_map_points_without_the_actors_names(tables, f):
    """The header counts places from :func:`place_points` (no actors' names); the map adds the names
    to the same rows: together they are :func:`map_points`, row for row."""
    from polars.testing import assert_frame_equal

    view = query.apply_filters(tables, f)
    places = query.place_points(tables, view)
    full = query.map_points(tables, view)
    assert places.columns == [c for c in query.MAP_POINT_SCHEMA if c != "top_actors"]
    assert_frame_equal(query.with_top_actors(tables, view, places), full)
    assert_frame_equal(full.drop("top_actors"), places)
    assert query.counts(tables, view, points=places) == query.counts(tables, view, points=full) == query.counts(tables, view)


def test_map_markers_events_above_empty_places_labels_and_sizes(tables):
    """Issue 15: places without events are left out by default and, when shown, drawn below the
    event markers; small markers are drawn above large ones; the largest places are named."""
    pts = query.map_points(tables, query.apply_filters(tables, Filters()))
    assert (pts["events"] == 0).any() and (pts["events"] > 0).any()
    default = query.map_markers(pts)
    assert default.height == int((pts["events"] > 0).sum()) and (default["events"] > 0).all()
    every = query.map_markers(pts, with_empty=True)
    assert every.height == pts.height
    has_events = (every["events"] > 0).to_list()
    assert has_events == sorted(has_events)  # no-event markers first: drawn below
    for part in (every.filter(pl.col("events") > 0), every.filter(pl.col("events") == 0)):
        assert part["size"].to_list() == sorted(part["size"].to_list(), reverse=True)  # small ones on top
    assert every["size"].min() >= query.MARKER_MIN_PX and every["size"].max() <= query.MARKER_MAX_PX
    top = pts.sort("mentions", descending=True).head(2)["name"].to_list()
    assert set(query.map_markers(pts, True, labels=2)["label"].drop_nulls()) == set(top)
    fig = map_view.build_figure(pts, style="white-bg", with_empty=True)
    assert [tr.name for tr in fig.data] == ["places without events", "places", "labels"]  # labels on top
    assert fig.data[2].marker.opacity == 0 and isinstance(fig.data[2].marker.size, (int, float))
    assert fig.data[0].marker.color == map_view.NEUTRAL and fig.data[2].hoverinfo == "skip"
    assert len(map_view.build_figure(pts, style="white-bg").data) == 2  # default: no grey trace


def test_map_with_ten_thousand_places_clusters_by_zoom():
    """10,000 places: markers are clustered by zoom (they split as you zoom in), no label layer
    crowds the map, and every marker keeps its place id for selection."""
    n = 10_000
    pts = pl.DataFrame(
        {
            "place_id": [f"p{i}" for i in range(n)],
            "name": [f"Place {i}" for i in range(n)],
            "country_code": ["UA"] * n,
            "latitude": [44 + (i % 100) * 0.08 for i in range(n)],
            "longitude": [22 + (i // 100) * 0.17 for i in range(n)],
            "mentions": [1 + i % 50 for i in range(n)],
            "events": [1 + i % 3 for i in range(n)],
            "goldstein": [float(i % 20 - 10) for i in range(n)],
            "top_actors": [None] * n,
        },
        schema=query.MAP_POINT_SCHEMA,
    )
    fig = map_view.build_figure(pts, style="white-bg")
    (markers,) = [tr for tr in fig.data if tr.mode == "markers"]
    assert len(markers.lat) == n and markers.cluster.enabled
    assert {c[0] for c in markers.customdata} == set(pts["place_id"])
    assert min(markers.marker.size) >= query.MARKER_MIN_PX
    few = map_view.build_figure(pts.head(50), style="white-bg")
    assert not any(tr.cluster and tr.cluster.enabled for tr in few.data if tr.mode == "markers")


def test_highlight_html_escapes_everything():
    text = 'Biden said "<script>alert(1)</script>" & <b>left</b>.'
    spans = [(0, 5, "actor", "actor: Joe <Biden>"), (6, 10, "verb", "event: say"),
             (11, 40, "quote", "quote"), (19, 24, "place", "place: alert"), (2, 4, "place", "dropped: overlaps")]
    out = query.highlight_html(text, spans)
    assert "<script" not in out and "<b>" not in out
    import html as html_lib
    import re

    plain = re.sub(r'</?mark[^>]*>', "", out.removeprefix(out[: out.index(">") + 1]).removesuffix("</div>"))
    assert plain == html_lib.escape(text, quote=True)  # every character of the text, escaped, in order
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in plain
    assert "&amp;</mark> &lt;b&gt;left&lt;/b&gt;." in out
    assert out.count('class="hl-actor"') == 1 and out.count('class="hl-quote"') == 1
    assert 'title="actor: Joe &lt;Biden&gt;"' in out
    assert "dropped" not in out
    # Bad offsets are ignored; no spans gives the escaped text only.
    assert query.highlight_html("a<b", [(5, 9, "actor", "x")]).endswith(">a&lt;b</div>")


def test_highlight_html_matches_the_plain_definition_on_random_spans():
    """The highlighting keeps, per layer, the spans a greedy pass by kind priority keeps (each checked
    against every kept span) and marks each piece with the span covering it (found by scanning the
    layer): the same HTML for random overlapping spans of every kind."""
    import html as html_lib
    import random

    from dashboard.query.articles import HIGHLIGHT_KINDS, _HIGHLIGHT_STYLE

    def plain(text, spans):
        order = {k: i for i, k in enumerate(HIGHLIGHT_KINDS)}

        def greedy(layer):
            kept = []
            for sp in sorted(layer, key=lambda x: (order.get(x[2], 99), x[0], -x[1])):
                if all(sp[1] <= k[0] or sp[0] >= k[1] for k in kept):
                    kept.append(sp)
            return sorted(kept)

        rows = [sp for sp in spans if 0 <= sp[0] < sp[1] <= len(text)]
        outer, inner = greedy([r for r in rows if r[2] == "quote"]), greedy([r for r in rows if r[2] != "quote"])
        cuts = sorted({0, len(text), *(p for sp in outer + inner for p in sp[:2])})

        def mark(sp, body):
            return (f'<mark class="hl-{sp[2]}" style="{_HIGHLIGHT_STYLE[sp[2]]}" '
                    f'title="{html_lib.escape(sp[3] or sp[2], quote=True)}">{body}</mark>')

        pieces = []
        for a, b in zip(cuts, cuts[1:]):
            body = html_lib.escape(text[a:b], quote=True)
            inn = next((r for r in inner if r[0] <= a and b <= r[1]), None)
            out = next((r for r in outer if r[0] <= a and b <= r[1]), None)
            body = mark(inn, body) if inn else body
            if pieces and pieces[-1][0] == out:
                pieces[-1] = (out, pieces[-1][1] + body)
            else:
                pieces.append((out, body))
        return "".join(mark(o, h) if o else h for o, h in pieces)

    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice("ab <&\"\n") for _ in range(rng.randint(0, 80)))
        spans = []
        for _ in range(rng.randint(0, 40)):
            s = rng.randint(-2, len(text) + 2)
            spans.append((s, s + rng.randint(-1, 15), rng.choice(HIGHLIGHT_KINDS), rng.choice(["x", "<y>", None])))
        got = query.highlight_html(text, spans)
        assert got[got.index(">") + 1:].removesuffix("</div>") == plain(text, spans), (text, spans)


def test_article_spans(tables):
    spans = query.article_spans(tables, "a1")
    kinds = dict(zip(spans["kind"], spans["ref"]))
    assert {"actor", "place", "quote"} <= set(spans["kind"])
    assert kinds["actor"] in {"person:joe-biden", "person:vladimir-putin"}
    assert spans.filter(pl.col("kind") == "place")["ref"].to_list() == ["524901"]
    assert query.article_spans(tables, "missing").height == 0


def test_article_spans_locate_event_verbs():
    text = "Russia warned NATO on Friday."
    art = TABLES["articles"].frame([dict(article_id="v", title="t", text=text)])
    ev = TABLES["events"].frame([dict(event_id="v:7:130:0", article_id="v", verb="warn", cameo_code="130",
                                      verb_start=7, verb_end=13)])
    t = query.Tables(**{**{n: TABLES[n].empty() for n in TABLES}, "articles": art, "events": ev})
    spans = query.article_spans(t, "v")
    assert spans.rows() == [(7, 13, "verb", "event: warn (CAMEO 130)", "130")]


def test_exports_csv_and_parquet(tables):
    import io

    view = query.apply_filters(tables, Filters(actors=("igo:nato",)))
    for name in query.EXPORT_NAMES:
        df = query.export_frame(tables, view, name)
        assert df.height > 0, name
        back = pl.read_parquet(io.BytesIO(query.frame_bytes(df, "parquet")))
        assert back.equals(df), name
        csv = pl.read_csv(io.BytesIO(query.frame_bytes(df, "csv")))
        assert csv.height == df.height and csv.columns == df.columns, name
    assert query.export_frame(tables, view, "events")["event_id"].sort().to_list() == ["e5", "e6"]
    actors = query.export_frame(tables, view, "actors")
    assert dict(zip(actors["actor_id"], actors["events_as_target"]))["igo:nato"] == 2
    with pytest.raises(ValueError):
        query.export_frame(tables, view, "nope")


def test_stances_leave_out_things_acted_upon(tables):
    pair = tables.events.filter(pl.col("source_actor_id").is_not_null() & pl.col("target_actor_id").is_not_null()).head(1)
    assert query.stance_table(tables, pair).height == 1
    thing = pair.with_columns(pl.lit("object:bridge").alias("target_actor_id"))
    assert query.stance_table(tables, thing).height == 0


def test_stances_leave_out_groups_with_no_country_unless_asked(tables):
    pair = tables.events.filter(pl.col("source_actor_id").is_not_null() & pl.col("target_actor_id").is_not_null()).head(1)
    groups = TABLES["actors"].frame([
        dict(actor_id="group:troops", name="troops", kind="group", country=None, role=None, party=None, aliases=[]),
        dict(actor_id="group:rus-troop", name="Russian troops", kind="group", country="RUS", role=None, party=None,
             aliases=[]),
    ])
    actors = pl.concat([query._plain(tables.actors).select(groups.columns), groups])
    t = query.Tables(**{**{n: getattr(tables, n) for n in TABLES}, "actors": actors})
    vague = pair.with_columns(pl.lit("group:troops").alias("source_actor_id"))
    known = pair.with_columns(pl.lit("group:rus-troop").alias("source_actor_id"))
    assert query.unattributed_groups(t) == ["group:troops"]
    assert query.stance_table(t, vague).height == 0
    assert query.stance_table(t, vague, groups=True)["source"].to_list() == ["troops"]
    assert query.stance_table(t, known)["source"].to_list() == ["Russian troops"]



def _imports(path) -> set[tuple[str, str | None]]:
    """Every import of a source file, at any depth: ``(module, None)`` for ``import module`` and
    ``(module, name)`` for ``from module import name``."""
    import ast

    out: set[tuple[str, str | None]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update((a.name, None) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.update((node.module, a.name) for a in node.names)
    return out


def test_query_layout_keeps_the_arrows_one_way():
    """app.py -> views -> query -> store and schema: nothing in dashboard/query imports Streamlit or a
    view, a view imports the query modules it shows (never the whole package), no query module is long."""
    from pathlib import Path

    root = Path(query.__file__).resolve().parent.parent
    modules = sorted((root / "query").glob("*.py"))
    assert {p.stem for p in modules} >= {"tables", "filters", "url", "map", "stances", "timeline", "articles", "export"}
    for path in modules:
        bad = {m for m, _ in _imports(path) if m.split(".")[0] == "streamlit" or m.startswith("dashboard.views")}
        bad |= {n for m, n in _imports(path) if m == "dashboard" and n == "views"}
        assert not bad, f"query/{path.name} imports {bad}"
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name
    for path in sorted((root / "views").glob("*.py")):
        whole = {(m, n) for m, n in _imports(path)
                 if m == "dashboard.query" or (m == "dashboard" and n == "query")}
        assert not whole, f"views/{path.name} imports the whole dashboard.query package: {whole}"


def test_default_date_range_trims_isolated_outliers_and_the_link_leaves_it_out():
    from dashboard.query.url import link_filters

    days = [date(2022, 1, 1) + __import__("datetime").timedelta(days=i % 30) for i in range(200)]
    events = TABLES["events"].frame([dict(event_id=f"e{i}", event_date=d) for i, d in
                                     enumerate(days + [date(1936, 1, 1), date(2026, 1, 1)])])
    t = query.Tables(**{**{n: TABLES[n].empty() for n in TABLES}, "events": events})
    full, default = query.date_bounds(t), query.default_date_range(t)
    assert full == (date(1936, 1, 1), date(2026, 1, 1))
    assert default == (date(2022, 1, 1), date(2022, 1, 30))
    few = query.Tables(**{**{n: TABLES[n].empty() for n in TABLES}, "events": events.tail(12)})
    assert query.default_date_range(few) == query.date_bounds(few)  # nothing trimmed from a few dates
    assert link_filters(Filters(date_from=default[0], date_to=default[1]), default, full) == Filters()
    assert link_filters(Filters(), default, full) == Filters(date_from=full[0], date_to=full[1])
    assert link_filters(Filters(), full, full) == Filters()
    some = Filters(date_from=date(2022, 1, 5), date_to=date(2022, 1, 9))
    assert link_filters(some, default, full) == some


def test_parse_date_range_typed_by_the_user():
    from dashboard.query.filters import parse_date_range

    bounds = (date(2014, 3, 18), date(2022, 2, 24))
    assert parse_date_range("2022-01-01 .. 2022-01-31", bounds) == (date(2022, 1, 1), date(2022, 1, 31))
    assert parse_date_range(" 2022-01-31 to 2022-01-01", bounds) == (date(2022, 1, 1), date(2022, 1, 31))
    assert parse_date_range("2022-01-05", bounds) == (date(2022, 1, 5), date(2022, 1, 5))
    assert parse_date_range("2010-01-01 – 2030-01-01", bounds) == bounds  # clamped to the data
    for bad in ("soon", "2022-13-01 .. 2022-01-31", "2022-01-01 .. 2022-01-02 .. 2022-01-03", "1990-01-01 .. 1991-01-01"):
        with pytest.raises(ValueError):
            parse_date_range(bad, bounds)


def test_derived_frames_do_not_push_the_views_cache_token_out(synthetic_store):
    """Every derived frame of a Tables (actor names, located places, events and day counts per time
    zone) fits its memo beside the views' cache token: were the token evicted, every cached view
    result would be recomputed under a new key."""
    from dashboard.query.map import place_points
    from dashboard.views import cache

    t = query.load_tables(synthetic_store)
    token = cache._tables_key(t)
    for tz in ("UTC", "Asia/Tokyo", "America/New_York"):
        view = query.apply_filters(t, Filters(actors=("country:RUS",)), tz)
        place_points(t, view)
        query.counts(t, view)
        query.date_bounds(t, tz)
    query.actor_names(t)
    assert cache._tables_key(t) == token
    assert query.actor_names(t) is query.actor_names(t)  # computed once
