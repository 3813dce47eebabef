"""End-to-end tests of ``app.py`` with Streamlit's AppTest on the synthetic store."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.views.safe import md

APP = str(Path(__file__).resolve().parent.parent / "app.py")
FULL = {"Articles": "3", "Actors": "6", "Places": "5", "Events": "10"}


@pytest.fixture
def app_env(synthetic_store, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(synthetic_store))
    monkeypatch.setenv("NEWSDASH_RAW_DIR", str(tmp_path / "no-raw"))
    monkeypatch.setenv("NEWSDASH_DISPLAY_TIMEZONE", "UTC")
    return synthetic_store


def new_app(tab: str | None = None, **params) -> AppTest:
    """The app with URL query ``params``, opened on ``tab`` (only the open tab runs)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if tab:
        at.session_state["tab"] = tab
    return at


def open_tab(at: AppTest, tab: str) -> AppTest:
    """Switch to ``tab`` (as a click on it does: the tab's value and its URL parameter change)."""
    at.session_state["tab"] = tab
    at.query_params["tab"] = tab
    return ok(at.run())


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def events_table(at: AppTest):
    """The events panel's table (AppTest does not expose dataframe keys; it is the one with QuadClass)."""
    return next(d.value for d in at.dataframe if "QuadClass" in d.value.columns)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_app_runs_and_shows_counts(app_env):
    at = ok(new_app(tab="Events").run())
    assert metrics(at) == FULL
    assert not at.warning
    assert str(app_env) in at.caption[0].value
    assert at.query_params == {"tab": "Events"}
    table = events_table(at)
    assert len(table) == 10
    assert {"date", "source", "verb", "target", "CAMEO", "goldstein", "sentence", "article"} <= set(table.columns)


def test_actor_filter_changes_view_and_url(app_env):
    at = ok(new_app(tab="Events").run())
    ok(at.multiselect(key="flt.actor").set_value(["igo:nato"]).run())
    assert metrics(at) == {"Articles": "1", "Actors": "2", "Places": "1", "Events": "2"}
    assert at.query_params == {"actor": "igo:nato", "tab": "Events"}
    assert sorted(events_table(at)["verb"]) == ["demand", "meet"]
    open_tab(at, "Articles")
    assert at.selectbox(key="articles.article").value == "a2"


def test_date_range_filter_and_one_date_pick_keeps_range(app_env):
    at = ok(new_app().run())
    ok(at.date_input(key="flt.dates").set_value((date(2022, 1, 1), date(2022, 1, 31))).run())
    jan = {"Articles": "1", "Actors": "3", "Places": "1", "Events": "3"}
    assert metrics(at) == jan
    assert at.query_params == {"from": "2022-01-01", "to": "2022-01-31"}
    # DASH-1: mid-pick (only a start date) keeps the previous range instead of raising.
    ok(at.date_input(key="flt.dates").set_value((date(2021, 12, 1),)).run())
    assert metrics(at) == jan
    assert at.query_params == {"from": "2022-01-01", "to": "2022-01-31"}


def test_root_and_quad_filters(app_env):
    at = ok(new_app(tab="Events").run())
    ok(at.multiselect(key="flt.root").set_value([19]).run())
    assert metrics(at)["Events"] == "3" and metrics(at)["Articles"] == "2"
    assert at.query_params == {"root": "19", "tab": "Events"}
    ok(at.multiselect(key="flt.root").set_value([]).run())
    ok(at.multiselect(key="flt.quad").set_value([1, 2]).run())
    assert metrics(at)["Events"] == "3"
    assert set(events_table(at)["QuadClass"]) == {"Verbal cooperation", "Material cooperation"}
    assert at.query_params == {"quad": ["1", "2"], "tab": "Events"}


def test_query_params_restore_the_view(app_env):
    at = ok(new_app(actor="igo:nato", pair="country:RUS|igo:nato", article="a2").run())
    assert at.multiselect(key="flt.actor").value == ["igo:nato"]
    assert metrics(at) == {"Articles": "1", "Actors": "2", "Places": "1", "Events": "2"}
    assert not at.warning

    at = ok(new_app(**{"from": "2022-01-01", "to": "2022-01-31", "quad": "3"}).run())
    assert at.date_input(key="flt.dates").value == (date(2022, 1, 1), date(2022, 1, 31))
    assert at.multiselect(key="flt.quad").value == [3]
    assert metrics(at)["Events"] == "1"

    at = ok(new_app(pair="person:vladimir-putin|country:USA", tab="Stances").run())
    assert at.selectbox(key="stances.pair").value == "person:vladimir-putin|country:USA"
    assert at.query_params == {"pair": "person:vladimir-putin|country:USA", "tab": "Stances"}
    assert metrics(at)["Events"] == "1"  # the pair filters the other panels

    at = ok(new_app(span="2022-01-10..2022-01-31", place="2660646").run())
    assert metrics(at)["Events"] == "1" and metrics(at)["Articles"] == "1"
    assert at.query_params == {"place": "2660646", "span": "2022-01-10..2022-01-31"}


# AppTest does not keep a chart's selection between runs as the browser does (it sends the chart's
# empty default), so a test that makes several runs sets the selections it keeps again each run.
def selection_state(*points: list) -> dict:
    """A Plotly chart's selection state as ``st.plotly_chart(on_select="rerun")`` stores it."""
    return {"selection": {"points": [{"customdata": p} for p in points], "point_indices": list(range(len(points))),
                          "box": [], "lasso": []}}


def test_place_param_filters_like_a_map_selection(app_env):
    at = ok(new_app(place="curated:donbas").run())
    assert metrics(at)["Events"] == "2" and metrics(at)["Articles"] == "2"
    assert any("Donbas" in c.value for c in at.sidebar.caption)
    ok(at.button(key="sel.clear").click().run())
    assert metrics(at) == FULL
    assert "place" not in at.query_params
    assert not [b for b in at.button if b.key == "sel.clear"]  # nothing left to clear


def test_map_selection_filters_other_panels(app_env):
    at = ok(new_app().run())
    at.session_state["map.0"] = selection_state(["curated:donbas", "Donbas"])
    ok(at.run())
    assert metrics(at)["Events"] == "2"
    assert at.query_params == {"place": "curated:donbas"}
    # the selection outlives the map: another tab shows the selected place's events
    open_tab(at, "Events")
    assert metrics(at)["Events"] == "2"
    assert sorted(events_table(at)["verb"]) == ["annex", "fight"]


def test_heatmap_cell_selects_pair_then_clear_all(app_env):
    at = ok(new_app(tab="Stances").run())
    heat = selection_state(["country:RUS|igo:nato", "Russia", "NATO"])
    at.session_state["stances.heatmap.0"] = heat
    ok(at.run())
    assert metrics(at) == {"Articles": "1", "Actors": "2", "Places": "1", "Events": "2"}
    assert at.query_params == {"pair": "country:RUS|igo:nato", "tab": "Stances"}
    assert at.selectbox(key="stances.pair").value == "country:RUS|igo:nato"
    evidence = next(d.value for d in at.dataframe if "url" in d.value.columns)
    assert sorted(evidence["verb"]) == ["demand", "meet"] and set(evidence["article"]) == {"Talks in Geneva"}
    # A span on the timeline as well: both selections apply, one button clears both.
    at.session_state["stances.heatmap.0"] = heat
    at.session_state["events.timeline.0"] = selection_state(["2022-01-12", "2022-01-12"])
    ok(at.run())
    assert metrics(at)["Events"] == "1"
    assert at.query_params == {"pair": "country:RUS|igo:nato", "span": "2022-01-12..2022-01-12", "tab": "Stances"}
    ok(at.button(key="sel.clear").click().run())
    assert metrics(at) == FULL
    assert at.query_params == {"tab": "Stances"}


def test_network_edge_and_pair_list_select_pair(app_env):
    at = new_app(tab="Stances")
    at.session_state["stances.view"] = "Network"
    ok(at.run())
    assert "stances.network.0" in at.session_state and "stances.heatmap.0" not in at.session_state
    edge = selection_state(["country:RUS"], ["person:joe-biden|person:vladimir-putin"])
    at.session_state["stances.network.0"] = edge
    ok(at.run())
    assert metrics(at)["Events"] == "2"
    at.session_state["stances.network.0"] = edge
    ok(at.selectbox(key="stances.pair").set_value("country:USA|country:RUS").run())
    assert metrics(at)["Events"] == "1"
    assert at.query_params == {"pair": "country:USA|country:RUS", "tab": "Stances"}
    at.session_state["stances.network.0"] = edge
    ok(at.selectbox(key="stances.pair").set_value("").run())
    assert metrics(at) == FULL


def test_timeline_box_selects_span(app_env):
    at = ok(new_app().run())
    at.session_state["events.timeline.0"] = {"selection": {"points": [], "point_indices": [], "lasso": [],
                                                           "box": [{"x": ["2022-01-01 00:00", "2022-01-31 12:00"]}]}}
    ok(at.run())
    assert metrics(at)["Events"] == "3"
    assert at.query_params == {"span": "2022-01-01..2022-01-31"}
    # The sidebar date range is untouched: the span is a selection, cleared with the others.
    assert at.date_input(key="flt.dates").value == (date(2014, 3, 18), date(2022, 2, 24))


def test_downloads_offered_for_every_table(app_env):
    at = ok(new_app(actor="igo:nato").run())
    assert not at.get("download_button")  # closed: nothing counted or sent on a rerun
    at.session_state["downloads.open"] = True  # the user opens the expander
    at = ok(at.run())
    keys = {b.key for b in at.get("download_button")}
    assert keys == {f"downloads.{n}.{f}" for n in ("events", "actors", "places", "articles") for f in ("csv", "parquet")}


def test_bad_query_params_warn_and_are_ignored(app_env):
    at = ok(new_app(quad="9", actor=["country:RUS", "nobody"], **{"from": "not-a-date"}, colour="red").run())
    warnings = " ".join(w.value for w in at.warning)
    for bad in ("9", "nobody", "not-a-date", "colour"):
        assert md(bad) in warnings  # quoted from the link, so escaped (shown literally)
    assert at.multiselect(key="flt.actor").value == ["country:RUS"]
    assert metrics(at)["Events"] == "6"
    assert at.query_params == {"actor": "country:RUS"}


def test_article_text_is_shown_literally(app_env):
    """XSS: the article's ``<script>`` reaches the page only escaped, inside the highlighted text."""
    at = ok(new_app(article="a1", tab="Articles").run())
    assert at.selectbox(key="articles.article").value == "a1"
    body = next(h.value for h in at.html if "article-text" in h.value)
    plain = re.sub(r"</?mark[^>]*>", "", body)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in plain
    assert "<script" not in body.lower()
    assert all("<script" not in h.value.lower() for h in at.html)
    assert all("<script>" not in m.value for m in at.markdown)
    assert 'class="hl-actor"' in body and 'class="hl-place"' in body and 'class="hl-quote"' in body


def test_article_chips_set_filters(app_env):
    at = ok(new_app(article="a1", tab="Articles").run())
    chips = next(b for b in at.get("button_group") if b.key == "articles.actor_chips")
    ok(chips.set_value("person:joe-biden").run())
    assert at.multiselect(key="flt.actor").value == ["person:joe-biden"]
    assert at.query_params["actor"] == "person:joe-biden"
    places = next(b for b in at.get("button_group") if b.key == "articles.place_chips")
    ok(places.set_value("524901").run())
    assert at.query_params["place"] == "524901"


def test_filters_with_no_result_and_empty_store(app_env, tmp_path, monkeypatch):
    at = ok(new_app(actor="igo:nato", quad="4").run())
    assert metrics(at)["Events"] == "0"
    assert any("Nothing matches" in i.value for i in at.info)

    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(tmp_path / "empty"))
    at = ok(new_app().run())
    assert any("No data" in i.value for i in at.info)


def test_new_data_widens_the_date_range_when_the_whole_range_was_shown(tmp_path, monkeypatch):
    """After an upload adds later articles, the default (whole) date range follows the data."""
    import time

    import polars as pl

    from dashboard import store
    from tests.conftest import synthetic_tables

    out = tmp_path / "processed"
    tables = synthetic_tables()
    store.write_tables(tables, out)
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(out))
    monkeypatch.setenv("NEWSDASH_RAW_DIR", str(tmp_path / "no-raw"))
    at = ok(new_app().run())
    assert at.date_input(key="flt.dates").value == (date(2014, 3, 18), date(2022, 2, 24))
    later = tables["events"].head(1).with_columns(pl.lit("e-new").alias("event_id"),
                                                  pl.lit(date(2023, 5, 1)).alias("event_date"))
    time.sleep(1.1)  # a new build time (seconds) for the cache key
    store.write_tables({**tables, "events": pl.concat([tables["events"], later])}, out)
    ok(at.run())
    assert at.date_input(key="flt.dates").value == (date(2014, 3, 18), date(2023, 5, 1))
    assert metrics(at)["Events"] == "11"


def test_only_the_open_tab_runs_and_the_tab_is_in_the_url(app_env):
    at = ok(new_app().run())
    assert [t.label for t in at.tabs][:4] == ["Map", "Stances", "Events", "Articles"]
    assert not [d for d in at.dataframe if "QuadClass" in d.value.columns]  # the events panel did not run
    assert "stances.pair" not in at.session_state and "articles.article" not in at.session_state
    at = ok(new_app(tab="Stances", actor="igo:nato").run())
    assert at.selectbox(key="stances.pair").value == ""
    assert at.query_params == {"actor": "igo:nato", "tab": "Stances"}
    # an unknown tab in a link opens the first tab, without an exception
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["tab"] = "Nope"
    ok(at.run())
    assert "stances.pair" not in at.session_state
    assert "tab" not in at.query_params or at.query_params["tab"] == "Map"


def test_data_without_any_date_explains_instead_of_an_empty_timeline(tmp_path, monkeypatch):
    """Articles with no publication date and no date in the text: no date filter and no timeline,
    each replaced by a sentence saying why; the events are still listed."""
    import polars as pl

    from dashboard import store
    from tests.conftest import synthetic_tables

    tables = synthetic_tables()
    tables["events"] = tables["events"].with_columns(pl.lit(None, dtype=pl.Date).alias("event_date"))
    tables["articles"] = tables["articles"].with_columns(pl.lit(None).cast(tables["articles"]["published"].dtype)
                                                         .alias("published"))
    out = tmp_path / "processed"
    store.write_tables(tables, out)
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(out))
    monkeypatch.setenv("NEWSDASH_RAW_DIR", str(tmp_path / "no-raw"))
    at = ok(new_app(tab="Events").run())
    assert "flt.dates" not in at.session_state
    assert any("no dates in this data" in c.value for c in at.sidebar.caption)
    assert any("has a date" in i.value for i in at.info)
    assert not [c for c in at.get("plotly_chart")]
    assert len(events_table(at)) == 10


def test_stance_groups_toggle_is_in_the_url(app_env):
    """The "Include groups with no country" toggle is bound to the link (``groups=true``); a link
    with it opens with the toggle on, and off leaves the URL clean."""
    at = ok(new_app(tab="Stances").run())
    assert at.toggle(key="groups").value is False and "groups" not in at.query_params
    at = ok(new_app(tab="Stances", groups="true").run())
    assert at.toggle(key="groups").value is True
    assert at.query_params == {"groups": "true", "tab": "Stances"}
    assert not at.warning  # a bound key is not an unknown parameter


def test_unknown_tab_in_a_link_gets_the_usual_notice(app_env):
    """Issue 15: ``tab=Nope`` is reported like every other bad parameter (and the first tab opens)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["tab"] = "Nope"
    ok(at.run())
    assert any("tab" in w.value and "Nope" in w.value for w in at.warning)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["tab"] = "Events"
    ok(at.run())
    assert not at.warning and events_table(at) is not None


def test_upload_errors_are_as_visible_as_the_success(app_env):
    """A file that could not be used is an ``st.error`` beside the success box (a warning for
    warnings), not a grey caption."""
    at = new_app()
    at.session_state["upload_last"] = {
        "summary": "Added 1 article(s) and 0 event(s) from 2 file(s).",
        "lines": [("error", "bad.pdf — unsupported format"), ("warning", "a.txt — time zone assumed")],
    }
    ok(at.run())
    assert [s.value for s in at.sidebar.success] == ["Added 1 article(s) and 0 event(s) from 2 file(s)."]
    assert [e.value for e in at.sidebar.error] == ["error: " + md("bad.pdf — unsupported format")]
    assert [w.value for w in at.sidebar.warning] == ["warning: " + md("a.txt — time zone assumed")]
    assert not [c for c in at.sidebar.caption if "bad.pdf" in c.value]


def test_map_hides_places_without_events_behind_a_toggle_kept_in_the_link(app_env):
    """Issue 15: places without events are off by default (the caption says how many), one toggle
    shows them, and the toggle is in the shared link (``allplaces=true``) like the other toggles."""
    at = ok(new_app().run())
    assert at.toggle(key="allplaces").value is False and "allplaces" not in at.query_params
    assert any("without events are hidden" in c.value for c in at.caption)
    at = ok(new_app(allplaces="true").run())
    assert at.toggle(key="allplaces").value is True
    assert at.query_params == {"allplaces": "true"}
    assert not at.warning
    assert not any("without events are hidden" in c.value for c in at.caption)


def test_default_date_range_holds_the_bulk_and_outliers_stay_reachable(tmp_path, monkeypatch):
    """Issue 15: one 1936 mention and one event dated years ahead do not stretch the default range;
    the widget says so, "Show all dates" reaches them, and the links of both views round-trip."""
    from datetime import timedelta

    import polars as pl

    from dashboard import store
    from tests.conftest import synthetic_tables

    tables = synthetic_tables()
    first = tables["events"].head(1)
    bulk = [first.with_columns(pl.lit(f"b{i}").alias("event_id"), pl.lit(date(2022, 1, 1) + timedelta(days=i % 28))
                               .alias("event_date")) for i in range(120)]
    odd = [first.with_columns(pl.lit(f"o{d.year}").alias("event_id"), pl.lit(d).alias("event_date"))
           for d in (date(1936, 5, 1), date(2026, 6, 1))]
    tables["events"] = pl.concat([tables["events"], *bulk, *odd])
    out = tmp_path / "processed"
    store.write_tables(tables, out)
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(out))
    monkeypatch.setenv("NEWSDASH_RAW_DIR", str(tmp_path / "no-raw"))
    at = ok(new_app().run())
    lo, hi = at.date_input(key="flt.dates").value
    assert date(1936, 5, 1) < lo and hi < date(2026, 6, 1)  # the outliers are outside the default
    assert "1936-05-01" in at.date_input(key="flt.dates").help and "bulk" in at.date_input(key="flt.dates").help
    assert any("All dates: 1936-05-01 – 2026-06-01" in c.value for c in at.sidebar.caption)
    assert "from" not in at.query_params and "to" not in at.query_params  # the default link is plain
    bulk_events = int(metrics(at)["Events"])
    ok(at.button(key="flt.dates.all").click().run())
    assert at.date_input(key="flt.dates").value == (date(1936, 5, 1), date(2026, 6, 1))
    assert int(metrics(at)["Events"]) == tables["events"].height > bulk_events
    assert at.query_params == {"from": "1936-05-01", "to": "2026-06-01"}  # the whole range is kept in the link
    again = ok(new_app(**{"from": "1936-05-01", "to": "2026-06-01"}).run())
    assert again.date_input(key="flt.dates").value == (date(1936, 5, 1), date(2026, 6, 1))
    assert metrics(again)["Events"] == metrics(at)["Events"]


def test_typed_date_range_applies_on_enter(app_env):
    """Issue 15: a range typed in the sidebar applies when it is submitted (Enter), without waiting
    for the date widget to lose focus; a bad one is an error and changes nothing."""
    at = ok(new_app().run())
    ok(at.text_input(key="flt.dates.typed").input("2022-01-01 .. 2022-01-31").run())
    assert at.date_input(key="flt.dates").value == (date(2022, 1, 1), date(2022, 1, 31))
    assert metrics(at) == {"Articles": "1", "Actors": "3", "Places": "1", "Events": "3"}
    assert at.query_params == {"from": "2022-01-01", "to": "2022-01-31"}
    ok(at.text_input(key="flt.dates.typed").input("next week").run())
    assert any("Not a date range" in e.value for e in at.sidebar.error)
    assert at.date_input(key="flt.dates").value == (date(2022, 1, 1), date(2022, 1, 31))


def test_first_render_imports_neither_pandas_nor_the_readers(app_env, tmp_path):
    """The first pass (Map tab, the upload section closed) draws without pandas and without the
    file readers (:mod:`dashboard.ingest`) (a fresh process: the test run has imported them
    already); nor Streamlit's emoji table (:mod:`streamlit.emojis`, imported to check an emoji page
    icon or label); nor pyarrow (the Events and Articles tables' conversion,
    :mod:`dashboard.views.grid`). pandas is imported beside the process's first load of the tables
    (:func:`dashboard.views.late_imports.alongside`, entered once here, made a no-op) or after the
    pass (:func:`~dashboard.views.late_imports.import_later`), never by the drawing itself."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from dashboard.views import late_imports\n"
        "import contextlib\n"
        "later, alongside = [], []\n"
        "late_imports.import_later = lambda: later.append(1)  # what the pass leaves to after it: not run here\n"
        "late_imports.alongside = lambda: alongside.append(1) or contextlib.nullcontext()  # nor beside the load\n"
        f"at = AppTest.from_file({APP!r}, default_timeout=60).run()\n"
        "print(json.dumps({'exception': [e.message for e in at.exception], 'metrics': len(at.metric),\n"
        "                  'modules': sorted(m for m in ('pandas', 'dashboard.ingest', 'streamlit.emojis', 'pyarrow')\n"
        "                                   if m in sys.modules),\n"
        "                  'later': len(later), 'alongside': len(alongside)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(Path(APP).parent)})
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"exception": [], "metrics": 4, "modules": [], "later": 1, "alongside": 1}
