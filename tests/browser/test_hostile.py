"""Hostile input in the real page (issue 17): script tags, ``javascript:`` links, event-handler
attributes, Markdown and HTML in every field the app renders, opened in Chromium on every panel.

The store is built with ``python -m dashboard build`` from a JSON file whose title, text, source
and URL carry the payloads; the fields the extraction derives (actor and place names, quotations,
datelines) and the authors (which ingestion drops as junk when they hold markup) are then given
payloads in the built tables, so that every renderer meets one. Each payload tries to set
``window.__pwned``, to add an element of class ``inj`` or an ``<img src=x>``, and to render as
Markdown (``**XQ…md**``) or as a link; every marker starts with ``XQ``. The test fails when a payload
runs (a dialog, the flag), when an injected element or a ``javascript:`` link is in the DOM, when a
marker is inside markup (bold, link, heading, Plotly bold) or when a field expected on a panel is
not shown literally there (so the check cannot pass by showing nothing).

Marker ``browser``: ``python -m pytest -m browser tests/browser/test_hostile.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import quote

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


def payload(tag: str) -> str:
    """Every kind of injection at once, marked ``XQ<tag>``."""
    return (f"<img src=x onerror=\"window.__pwned='{tag}'\"><b class=\"inj\">XQ{tag}</b> **XQ{tag}md** "
            f"[XQ{tag}ln](javascript:window.__pwned='{tag}') <script>window.__pwned='{tag}'</script> :red[XQ{tag}]")


def short(tag: str) -> str:
    """A payload short enough for labels that are cut (heatmap axes: 40 characters)."""
    return f"<b class=\"inj\">XQ{tag}</b>**XQ{tag}md**"


TEXT = ("Joe Biden met Vladimir Putin in Geneva on Monday, the White House said. {p} \"We will keep talking "
        "with Moscow,\" Biden said after the meeting in Geneva. Russia and the United States agreed to hold "
        "more talks in Vienna next month, and Ukraine asked to join them in Kyiv.")

#: JavaScript: every sign that a payload ran or rendered as markup, in the page and its iframes.
INERT_JS = r"""() => {
  const bad = [];
  const docs = [document];
  document.querySelectorAll('iframe').forEach(f => { try { if (f.contentDocument) docs.push(f.contentDocument); } catch (e) {} });
  // what a payload would turn into (the app's own markup around hostile text, such as the article
  // title's heading or the reader's <mark> highlights, holds it as plain, escaped text)
  const markup = new Set(['b', 'strong', 'em', 'i', 'a', 'code', 'del', 's', 'script', 'img', 'li']);
  for (const d of docs) {
    const w = d.defaultView;
    if (w && w.__pwned !== undefined) bad.push('executed: ' + w.__pwned);
    d.querySelectorAll('.inj, img[src="x"], [onerror], [onload]').forEach(e => bad.push('element: ' + e.outerHTML.slice(0, 80)));
    d.querySelectorAll('script').forEach(s => { if (s.textContent.includes('__pwned')) bad.push('script element'); });
    d.querySelectorAll('a').forEach(a => {  // links, HTML or SVG (images may use data: URLs)
      const h = (a.getAttribute('href') || a.getAttribute('xlink:href') || '').trim().toLowerCase();
      if (h.startsWith('javascript') || h.startsWith('data:') || h.startsWith('vbscript')) bad.push('link: ' + h.slice(0, 60));
    });
    d.querySelectorAll('*').forEach(e => {
      if (markup.has(e.localName) && (e.textContent || '').includes('XQ')) {
        bad.push('markup <' + e.localName + '>: ' + e.textContent.slice(0, 60));
      }
    });
    d.querySelectorAll('tspan, text').forEach(e => {
      const style = (e.getAttribute('style') || '') + (e.getAttribute('font-weight') || '');
      // a payload's <b> turned into Plotly bold holds the marker alone; the app's own bold (a hover
      // label's title) around an escaped payload still shows the payload's tag as text
      const t = e.textContent || '';
      if (/bold|italic|700/.test(style) && t.includes('XQ') && !t.includes('<b class="inj">')) bad.push('plotly markup: ' + t.slice(0, 60));
    });
  }
  return bad;
}"""

TEXT_JS = """() => document.body.innerText + ' ' +
  Array.from(document.querySelectorAll('svg text, svg tspan')).map(t => t.textContent).join(' ')"""


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> dict:
    """A store built from hostile articles, then hostile names in its derived tables."""
    import polars as pl

    from dashboard import store

    raw = tmp_path_factory.mktemp("hostile-raw")
    articles = [{"title": payload("TITLE"), "text": TEXT.format(p=payload("TEXT")), "authors": ["Ann Lee"],
                 "url": "javascript:window.__pwned='URL'", "source": payload("SRC"),
                 "published": "2022-01-10T10:00:00Z"},
                {"title": "Second", "text": TEXT.format(p="A plain sentence."), "url": "data:text/html,<script>x</script>",
                 "published": "2022-01-09T10:00:00Z"}]
    (raw / "hostile.json").write_text(json.dumps(articles), encoding="utf-8")
    out = srv.build_data(raw, tmp_path_factory.mktemp("hostile") / "processed")

    def patch(table: str, **columns) -> pl.DataFrame:
        path = store.table_path(out, table)
        df = pl.read_parquet(path)
        df = df.with_columns(**{c: f(df) for c, f in columns.items()})
        df.write_parquet(path)
        return df

    actors = patch("actors", name=lambda d: pl.Series([short(f"ACT{i}") if i else payload("ACT0")
                                                       for i in range(d.height)]))
    places = patch("places", name=lambda d: pl.Series([short(f"PLACE{i}") for i in range(d.height)]))
    patch("place_mentions", text=lambda d: pl.Series([short("PM")] * d.height, dtype=pl.String))
    patch("quotes", text=lambda d: pl.Series([payload("QUOTE")] * d.height, dtype=pl.String))
    arts = patch("articles", authors=lambda d: pl.Series([[payload("AUTH")]] * d.height),
                 datelines=lambda d: pl.Series([[short("DATELINE")]] * d.height))
    events = pl.read_parquet(store.table_path(out, "events"))
    pair = events.drop_nulls(["source_actor_id", "target_actor_id"]).row(0, named=True)
    placed = events.drop_nulls("place_id")["place_id"].to_list() or places["place_id"].to_list()
    assert actors.height and places.height and pair, "the hostile text gave no actors, places or pairs"
    first = arts.sort("published", descending=True)["article_id"][0]
    return {"dir": out, "article": first, "pair": f"{pair['source_actor_id']}|{pair['target_actor_id']}",
            "place": placed[0]}


@pytest.fixture(scope="module")
def hostile_url(hostile_store, tmp_path_factory):
    logs = tmp_path_factory.mktemp("hostile-logs")
    with srv.streamlit_server(hostile_store["dir"], log_path=logs / "streamlit.log") as url:
        yield url


@pytest.fixture
def page(browser_context):
    """A fresh page (the session's Chromium, tests/browser/conftest.py) recording every dialog."""
    page = browser_context.new_page()
    page.dialogs = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    page.close()


def visit(page, url: str, query: str) -> str:
    """Open ``url?query``, wait for the run, check that nothing ran or rendered as markup; the page text."""
    page.goto(f"{url}/?{query}")
    srv.wait_until_idle(page, timeout_ms=120_000)  # generous: a busy machine, not a hang, is what it waits out
    page.wait_for_timeout(1500)  # let charts, maps and HTML blocks draw (and any payload try to run)
    assert page.evaluate(INERT_JS) == [], query
    assert page.dialogs == [], query
    return page.evaluate(TEXT_JS)


def test_article_fields_are_shown_literally(page, hostile_url, hostile_store):
    text = visit(page, hostile_url, f"tab=Articles&article={quote(hostile_store['article'])}")
    for tag in ("TITLE", "TEXT", "SRC", "AUTH"):
        assert f"**XQ{tag}md**" in text and f'<b class="inj">XQ{tag}</b>' in text, tag
    assert "<b class=\"inj\">XQDATELINE</b>" in text and "**XQACT" in text and "**XQPLACE" in text
    assert page.get_by_text("Open original").count() == 0  # javascript: URL: no link offered


def test_every_panel_and_subpanel_stays_inert(page, hostile_url, hostile_store):
    for tab in ("Map", "Events", "Articles", "Stances"):
        visit(page, hostile_url, f"tab={tab}")
    for sub in ("Network", "Heatmap"):  # the stance panel's own tabs
        page.get_by_role("tab", name=sub).click()
        srv.wait_until_idle(page)
        page.wait_for_timeout(1000)
        assert page.evaluate(INERT_JS) == [] and page.dialogs == []
    assert "XQACT" in page.evaluate(TEXT_JS)  # actor names drawn on the heatmap's axes, literally
    visit(page, hostile_url, "tab=Events")
    volume = page.get_by_role("tab", name="Article volume")
    if volume.count():
        volume.click()
        srv.wait_until_idle(page)
        assert page.evaluate(INERT_JS) == [] and page.dialogs == []


def test_selections_and_link_notices_are_shown_literally(page, hostile_url, hostile_store):
    text = visit(page, hostile_url, f"tab=Map&place={quote(hostile_store['place'])}")
    assert "**XQPLACE" in text  # the sidebar's selection box and the map's caption name the place
    text = visit(page, hostile_url, f"tab=Stances&pair={quote(hostile_store['pair'])}")
    assert "**XQACT" in text  # the pair in the selection box, the pair list
    img = "<img src=x onerror=\"window.__pwned='P'\">"
    text = visit(page, hostile_url, f"tab=Events&actor={quote(short('LINK'))}&span={quote(short('SPAN'))}"
                                    f"&place={quote(img)}&tab={quote(short('TAB'))}")
    assert "**XQLINKmd**" in text and "XQSPAN" in text and img in text  # the notices quote the link literally


def test_upload_report_shows_a_hostile_file_name_literally(page, hostile_url):
    visit(page, hostile_url, "tab=Map")
    page.get_by_text("Add articles").click()
    name = "**XQUPmd** <img src=x onerror=\"window.__pwned='UP'\"> [XQUPln](javascript:alert(1)).txt"
    page.locator('[data-testid="stSidebar"] input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": b""}])  # empty: refused, named in the report
    page.get_by_role("button", name="Add to the data").click()
    page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stAlert"]', timeout=60_000)
    srv.wait_until_idle(page)
    assert page.evaluate(INERT_JS) == [] and page.dialogs == []
    text = page.evaluate(TEXT_JS)
    assert "**XQUPmd**" in text and "the file is empty" in text


#: JavaScript: the text of the Plotly hover labels now shown (the figures' ``.hoverlayer``).
HOVER_JS = """() => Array.from(document.querySelectorAll('.hoverlayer .hovertext'))
  .map(h => Array.from(h.querySelectorAll('text')).map(t => t.textContent).join(' ')).join(' | ')"""


def hover_labels(page, points: list[tuple[float, float]]) -> str:
    """Move the mouse onto each page point, check the page stays inert; the hover labels' text."""
    seen = []
    for x, y in points:
        page.mouse.move(x, y)
        page.wait_for_timeout(300)
        assert page.evaluate(INERT_JS) == [] and page.dialogs == [], (x, y)
        seen.append(page.evaluate(HOVER_JS))
    page.mouse.move(1, 1)
    return " | ".join(seen)


def scatter_points(page, limit: int = 12) -> list[tuple[float, float]]:
    """Page centres of the SVG scatter markers drawn by Plotly (heatmap cells, network nodes and edges)."""
    boxes = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot .scatterlayer path.point'))
      .map(p => p.getBoundingClientRect()).filter(r => r.width > 0)
      .map(r => [r.left + r.width / 2, r.top + r.height / 2])""")
    return [tuple(b) for b in boxes[:limit]]


def test_hover_labels_show_names_literally(page, hostile_url, hostile_store):
    """Hover labels are drawn by Plotly only on hover, from its own pseudo-HTML: hover the map's
    places, the heatmap's cells and the network's nodes and edges for real."""
    visit(page, hostile_url, "tab=Map")
    srv.wait_for_map(page)
    markers = [m for m in srv.map_markers(page) if m["inside"]]
    assert markers, "no place marker inside the map"
    text = hover_labels(page, [(m["x"], m["y"]) for m in markers[:8]])
    assert "**XQPLACE" in text and '<b class="inj">XQPLACE' in text, text[:300]

    visit(page, hostile_url, "tab=Stances")
    shown = []
    for sub in ("Heatmap", "Network"):
        page.get_by_role("tab", name=sub).click()
        srv.wait_until_idle(page)
        page.wait_for_timeout(1000)
        points = scatter_points(page)
        assert points, f"no marker on the {sub}"
        shown.append(hover_labels(page, points))
    assert all("**XQACT" in t and '<b class="inj">XQACT' in t for t in shown), [t[:300] for t in shown]
