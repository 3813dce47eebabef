"""Browser tests of the corrections (issue 15): the real dashboard on the seed article in Chromium.

Each test corrects its own copy of the seed build through the forms, checks the panels, then (where
the issue asks) rebuilds the folder from the raw article with ``python -m dashboard build`` — a full
extraction: the tables and the manifest are removed first, the corrections file and the actor
dictionary stay — and checks that the correction holds. Marker ``browser``; screenshots go to
``docs/img/`` with ``SAVE_SCREENSHOTS=1``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts import streamlit_server as srv  # noqa: E402

pytestmark = pytest.mark.browser

if srv.chromium_path() is None:
    pytest.skip("Chromium not found (/usr/bin/chromium or $CHROMIUM): install Debian's chromium package",
                allow_module_level=True)
if not srv.have_playwright():
    pytest.skip("the playwright Python package is not installed (requirements-dev.txt)", allow_module_level=True)

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

RAW = ROOT / "data" / "raw"
#: Seed actors and events the tests correct (ids of the seed build; checked in ``seed``).
USA_REPS, USA, RUS_REPS = "group:usa-representative", "country:USA", "group:rus-representative"
WASHINGTON_DC, WASHINGTON_GB = "4140963", "2634715"
USA_THREATENS_RUSSIA = "131"  # the only asserted event of the pair United States -> Russia

#: The pair keys (``source|target``) of the stance heatmap of the open tab.
PAIRS_JS = """() => {
    const gd = [...document.querySelectorAll('[role="tabpanel"] .js-plotly-plot')]
        .find(g => g.offsetParent && g._fullData && g._fullData.some(t => t.name === 'pairs'));
    if (!gd) return null;
    return gd._fullData.find(t => t.name === 'pairs').customdata.map(cd => cd[0]);
}"""
#: Sum of the QuadClass bars of the visible timeline.
TIMELINE_TOTAL_JS = """(() => {
    const gd = [...document.querySelectorAll('[role="tabpanel"] .js-plotly-plot')].find(g => g.offsetParent && g._fullData);
    if (!gd) return -1;
    return gd._fullData.filter(t => t.type === 'bar' && t.yaxis === 'y' && t.name !== 'articles')
        .reduce((n, t) => n + Array.from(t.y).reduce((a, b) => a + (b || 0), 0), 0);
})"""


# --------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    """The seed article built once; each test works on a copy."""
    out = srv.build_data(RAW, tmp_path_factory.mktemp("corr-seed") / "processed")
    from dashboard.query.tables import load_tables

    t = load_tables(out, full=True)
    actors = set(t.actors["actor_id"].to_list())
    assert {USA_REPS, USA, RUS_REPS} <= actors, "the seed's actors changed: update the test's ids"
    assert WASHINGTON_DC in t.place_mentions["place_id"].to_list(), "the seed's places changed"
    return out


@pytest.fixture
def folder(seed, tmp_path) -> Path:
    out = tmp_path / "processed"
    shutil.copytree(seed, out)
    return out


@contextmanager
def server(folder: Path, read_only: bool = False):
    env = {"NEWSDASH_READ_ONLY": "true" if read_only else "false", "NEWSDASH_MAP_STYLE": "white-bg"}
    with srv.streamlit_server(folder, env=env, log_path=folder.parent / "streamlit.log") as url:
        yield url


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    yield page
    page.close()


def shot(page, name: str, tmp_path: Path) -> None:
    folder = ROOT / "docs" / "img" if os.environ.get("SAVE_SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def rebuild(folder: Path) -> None:
    """A full rebuild of ``folder`` from the raw article (tables and manifest removed first)."""
    for p in folder.glob("*.parquet"):
        p.unlink()
    (folder / "manifest.json").unlink()
    srv.build_data(RAW, folder)


# --------------------------------------------------------------------------------------- helpers
def widget(page, key: str):
    """The element of the widget with Streamlit key ``key`` (its ``st-key-…`` class)."""
    return page.locator(".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key))


def settle(page) -> None:
    page.wait_for_timeout(500)
    srv.wait_until_idle(page, 120_000)


def open_app(page, url: str, query: str = "") -> None:
    page.goto(url + (f"/?{query}" if query else "/"))
    srv.wait_until_idle(page, 180_000)  # the first run of a server loads the tables (slow on a busy machine)


def expand(page, title: str) -> None:
    srv.wait_until_idle(page, 120_000)
    page.locator('[data-testid="stExpander"] summary').filter(has_text=title).first.click()
    settle(page)


def pick(page, key: str, text: str, attempts: int = 3) -> None:
    """Choose the option containing ``text`` in the select box ``key`` (typing filters the options).

    A rerun that lands while the list is open (the app finishing an earlier run on a slow machine)
    redraws the box and closes its list, so the typed text is lost; the pick is then tried again
    from an idle app, up to ``attempts`` times. An option that never appears still fails the test.
    """
    for attempt in range(attempts):
        srv.wait_until_idle(page, 120_000)
        box = widget(page, key).locator("input")
        box.click()
        box.fill(text)
        try:
            page.get_by_role("option").filter(has_text=text).first.click(timeout=30_000)
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
            continue
        settle(page)
        return


def fill(page, key: str, text: str) -> None:
    box = widget(page, key).locator("input")
    box.fill(text)
    box.press("Enter")
    settle(page)


def choose(page, key: str, label: str) -> None:
    widget(page, key).get_by_text(label, exact=True).click()
    settle(page)


def press(page, key: str) -> None:
    widget(page, key).locator("button").click()
    settle(page)


def name_once(page, form: str) -> None:
    if widget(page, f"corr.who.{form}").count():
        fill(page, f"corr.who.{form}", "Test Analyst")


def actor_options(page, text: str) -> list[str]:
    """The options of the sidebar's actor filter that contain ``text``."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Actors")
    box.locator("input").click()
    box.locator("input").fill(text)
    page.wait_for_timeout(500)
    found = [o.inner_text() for o in page.get_by_role("option").all()]
    box.locator("input").fill("")
    page.mouse.click(900, 20)  # a click outside closes the list
    page.wait_for_timeout(300)
    return [o for o in found if text in o]


def stance_pairs(page) -> list[str]:
    srv.open_tab(page, "Stances")
    page.wait_for_function("(" + PAIRS_JS + ")() !== null", timeout=30_000)
    return page.evaluate(PAIRS_JS)


def marker_ids(page) -> set[str]:
    srv.open_tab(page, "Map")
    srv.wait_for_map(page)
    return {m["id"] for m in srv.map_markers(page)}


# --------------------------------------------------------------------------------------- tests
def test_merge_two_actors_one_row_in_the_filter_and_the_stances_after_a_rebuild(page, folder, tmp_path):
    with server(folder) as url:
        open_app(page, url, "unasserted=true")  # the representatives' talks are planned (future) events
        assert actor_options(page, "American representatives")
        assert f"{USA_REPS}|{RUS_REPS}" in stance_pairs(page)
        expand(page, "Correct an actor")
        pick(page, "corr.actor.id", "American representatives")
        choose(page, "corr.actor.action", "Merge it into another actor")
        pick(page, "corr.actor.into", "United States")
        name_once(page, "actor")
        press(page, "corr.actor.save")
        expect(page.get_by_text("Saved: merge American representatives into United States")).to_be_visible()
        assert actor_options(page, "American representatives") == []
        pairs = stance_pairs(page)
        assert f"{USA}|{RUS_REPS}" in pairs and not [p for p in pairs if USA_REPS in p]
        srv.open_tab(page, "Corrections")
        expect(page.get_by_text("Undo a correction")).to_be_visible()
        shot(page, "browser-corrections-panel", tmp_path)
        assert "- American representatives" in (folder / "actor_dictionary.yaml").read_text()  # an alias of United States
        rebuild(folder)
        open_app(page, url, "unasserted=true")
        assert actor_options(page, "American representatives") == []
        pairs = stance_pairs(page)
        assert f"{USA}|{RUS_REPS}" in pairs and not [p for p in pairs if USA_REPS in p]
        srv.open_tab(page, "Corrections")
        expect(page.get_by_text("could not be applied")).to_have_count(0)


def test_move_a_place_mention_to_the_right_namesake_changes_the_map_after_a_rebuild(page, folder, tmp_path):
    with server(folder) as url:
        open_app(page, url, f"allplaces=true&place={WASHINGTON_DC}")
        ids = marker_ids(page)
        assert WASHINGTON_DC in ids and WASHINGTON_GB not in ids
        expand(page, "Move a place mention")
        choose(page, "corr.place.scope", "this mention")
        pick(page, "corr.place.to", f"[{WASHINGTON_GB}]")
        name_once(page, "place")
        press(page, "corr.place.save")
        expect(page.get_by_text("Saved: move 'Washington'")).to_be_visible()
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Places: Washington")  # the new one
        assert srv.metric_values(page)["Places"] == "1"
        page.get_by_role("button", name="Clear selections").click()
        settle(page)
        ids = marker_ids(page)
        assert WASHINGTON_GB in ids and WASHINGTON_DC not in ids
        page.wait_for_timeout(1000)
        shot(page, "browser-corrected-map", tmp_path)
        rebuild(folder)
        open_app(page, url, "allplaces=true")
        ids = marker_ids(page)
        assert WASHINGTON_GB in ids and WASHINGTON_DC not in ids


def test_reject_an_event_it_leaves_the_stances_and_the_timeline(page, folder):
    with server(folder) as url:
        open_app(page, url)
        assert f"{USA}|country:RUS" in stance_pairs(page)
        srv.open_tab(page, "Events")
        page.wait_for_function(TIMELINE_TOTAL_JS + "() > 0", timeout=30_000)
        before = page.evaluate(TIMELINE_TOTAL_JS)
        expand(page, "Reject or change an event")
        pick(page, "corr.event.id", f"United States → Russia · {USA_THREATENS_RUSSIA}")
        choose(page, "corr.event.action", "Reject it")
        name_once(page, "event")
        press(page, "corr.event.save")
        expect(page.get_by_text("Saved: reject event")).to_be_visible()
        page.wait_for_function(TIMELINE_TOTAL_JS + f"() === {before - 1}", timeout=30_000)
        assert f"{USA}|country:RUS" not in stance_pairs(page)


def test_export_then_import_into_another_build_gives_the_same_counts(page, folder, tmp_path):
    other = srv.build_data(RAW, tmp_path / "other" / "processed")  # another build of the same article
    with server(folder) as url:
        open_app(page, url)
        expand(page, "Correct an actor")
        pick(page, "corr.actor.id", "Jen Psaki")
        choose(page, "corr.actor.action", "Merge it into another actor")
        pick(page, "corr.actor.into", "United States")
        name_once(page, "actor")
        press(page, "corr.actor.save")
        srv.open_tab(page, "Events")
        expand(page, "Reject or change an event")
        pick(page, "corr.event.id", f"United States → Russia · {USA_THREATENS_RUSSIA}")
        press(page, "corr.event.save")
        corrected = srv.metric_values(page)
        srv.open_tab(page, "Corrections")
        with page.expect_download() as info:
            widget(page, "corr.panel.download").locator("button").click()
        exported = tmp_path / "corrections.jsonl"
        info.value.save_as(exported)
    assert len(exported.read_text().splitlines()) == 2
    with server(other) as url:
        open_app(page, url, "tab=Corrections")
        before = srv.metric_values(page)
        assert before != corrected
        widget(page, "corr.panel.import_0").locator('input[type="file"]').set_input_files(str(exported))
        settle(page)
        press(page, "corr.panel.import_go")
        expect(page.get_by_text("Imported 2 correction(s).")).to_be_visible()
        assert srv.metric_values(page) == corrected


def test_read_only_mode_refuses_every_edit(page, folder):
    edits = ("Correct an actor", "Move a place mention", "Reject or change an event", "Hide this article",
             "Undo a correction", "Import a colleague's corrections", "Add articles")
    from dashboard import corrections as corr

    corr.append(folder, [corr.Correction("reject_event", {"event_id": "none"}, who="x")])  # an undo to offer
    import polars as pl

    article = pl.read_parquet(folder / "articles.parquet")["article_id"][0]

    def visible_edits(url: str) -> list[str]:
        found = []
        for query in (f"place={WASHINGTON_DC}&allplaces=true", "tab=Events", f"tab=Articles&article={article}",
                      "tab=Corrections"):
            open_app(page, url, query)  # the link opens the tab
            page.wait_for_timeout(500)
            found += [e for e in edits if page.get_by_text(e).count()]
        return sorted(set(found))

    with server(folder) as url:
        assert visible_edits(url) == sorted(edits)  # the controls exist when edits are allowed
    with server(folder, read_only=True) as url:
        assert visible_edits(url) == []
        expect(page.get_by_text("Read-only: corrections, uploads and rebuilds are switched off")).to_be_visible()
