"""Reliability of what the app shows and takes (issue 17): local days, bounded caches, escaping of
untrusted text, upload limits.

The Chromium test of the same escaping in the real page is ``tests/browser/test_hostile.py``.
"""

from __future__ import annotations

import ast
import tomllib
from datetime import date, datetime, timezone
from pathlib import Path

import polars as pl
import pytest

from dashboard import query
from dashboard.query import Filters
from dashboard.schema import TABLES
from dashboard.settings import Settings
from dashboard.views import safe

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------------------------ local days
def _tokyo_tables() -> query.Tables:
    """One article published 2022-01-09T20:00Z (10 January in Tokyo) with an event dated by its
    publication and one dated by its text (9 January, a calendar day in any zone)."""
    art = TABLES["articles"].frame([dict(article_id="t", title="t", published=datetime(2022, 1, 9, 20, tzinfo=timezone.utc))])

    def ev(i, day, precision):
        return dict(event_id=i, article_id="t", sentence_id=0, sentence="s", verb="meet", source_actor_id="a",
                    target_actor_id="b", cameo_code="040", cameo_root=4, quad_class=1, goldstein=1.0, negated=False,
                    modality="asserted", event_date=day, date_text=None if precision == "publication" else "Sunday",
                    date_precision=precision, place_id=None, quote_id=None)

    events = TABLES["events"].frame([ev("undated", date(2022, 1, 9), "publication"), ev("dated", date(2022, 1, 9), "day")])
    return query.Tables(**{**{n: TABLES[n].empty() for n in TABLES}, "articles": art, "events": events})


@pytest.mark.parametrize("tz, day, articles, events", [
    ("Asia/Tokyo", date(2022, 1, 10), ["t"], ["undated"]),  # the article's day: its undated event too
    ("Asia/Tokyo", date(2022, 1, 9), ["t"], ["dated"]),  # the text's date stays; the article comes with it
    ("UTC", date(2022, 1, 9), ["t"], ["dated", "undated"]),
    ("UTC", date(2022, 1, 10), [], []),
    ("America/New_York", date(2022, 1, 9), ["t"], ["dated", "undated"]),  # 15:00 on the 9th
])
def test_events_dated_by_publication_are_on_the_articles_local_day(tz, day, articles, events):
    t = _tokyo_tables()
    view = query.apply_filters(t, Filters(date_from=day, date_to=day), tz)
    assert view.article_ids.to_list() == articles
    assert sorted(view.events["event_id"]) == events


def test_local_days_reach_the_bounds_timeline_and_full_view():
    t = _tokyo_tables()
    assert query.date_bounds(t, "Asia/Tokyo") == (date(2022, 1, 9), date(2022, 1, 10))
    assert query.date_bounds(t, "UTC") == (date(2022, 1, 9), date(2022, 1, 9))
    full = query.apply_filters(t, Filters(), "Asia/Tokyo").events
    assert dict(full.select("event_id", "event_date").iter_rows()) == {"undated": date(2022, 1, 10),
                                                                        "dated": date(2022, 1, 9)}
    assert t.events["event_date"].to_list() == [date(2022, 1, 9)] * 2  # the stored table is untouched


# --------------------------------------------------------------------------------- bounded caches
def _cache_decorators():
    for path in [ROOT / "app.py", *sorted((ROOT / "dashboard").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                if isinstance(target, ast.Attribute) and target.attr in ("cache_data", "cache_resource"):
                    yield f"{path.relative_to(ROOT)}:{node.name}", dec


def test_every_streamlit_cache_is_bounded():
    """Every ``st.cache_data``/``st.cache_resource`` has ``max_entries`` or ``ttl`` (memory stays flat
    however many sessions and filter values come)."""
    found = dict(_cache_decorators())
    assert len(found) >= 5, found  # app.py's four and the map's outlines at least: the scan works
    unbounded = [name for name, dec in found.items()
                 if not isinstance(dec, ast.Call)
                 or not any(k.arg in ("max_entries", "ttl") and not (isinstance(k.value, ast.Constant) and k.value.value is None)
                            for k in dec.keywords)]
    assert unbounded == []


# ------------------------------------------------------------------------------------ escaping
HOSTILE = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "[click](javascript:window.__pwned=1)",
    "**bold** _it_ `code` ~~s~~ # head",
    ":red[red] :material/home: $x^2$",
    "line\n# heading\n===\n- item",
    "&lt;b&gt;entity&lt;/b&gt;",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escape_leaves_no_markup(text):
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("strikethrough").render(safe.md(text))
    inner = html.removeprefix("<p>").removesuffix("</p>\n")
    assert "<" not in inner.replace("&lt;", ""), html  # one paragraph of text, no element
    assert "\n" not in safe.md(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_plotly_escape_leaves_no_tag(text):
    out = safe.plotly_text(text)
    assert "<" not in out and ">" not in out
    back = out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert back == text  # Plotly draws the entities as the characters: the text is shown whole
    col = pl.DataFrame({"x": [text, None]}).select(safe.plotly_column("x"))["x"].to_list()
    assert col == [out, None]


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a?b=1", True), ("http://example.org", True), (" HTTPS://EXAMPLE.ORG/x ", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), ("java\tscript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False), ("vbscript:msgbox", False), ("//evil.example/x", False),
    ("/relative/path", False), ("https://", False), ("", False), (None, False), ("http://[::1", False),
])
def test_only_http_links_are_offered(url, ok):
    assert (safe.link(url) is not None) == ok
    assert pl.DataFrame({"u": [url]}, schema={"u": pl.String}).select(safe.link_column("u"))["u"].is_null().item() != ok


def test_figures_escape_names_from_the_data(tables_with_hostile_names):
    from dashboard.views import map as map_view
    from dashboard.views import stances

    t = tables_with_hostile_names
    view = query.apply_filters(t, Filters(), "UTC")
    fig = map_view.build_figure(query.map_points(t, view))
    texts = [str(v) for tr in fig.data for v in list(tr.customdata or []) + list(tr.text or [])]
    table = query.stance_table(t, view.events)
    heat, net = stances.heatmap_figure(table), stances.network_figure(table)
    texts += [str(v) for f in (heat, net) for tr in f.data for v in list(tr.customdata or []) + list(tr.x or [])]
    texts += [a.text for a in net.layout.annotations if a.text]
    assert any("&lt;b&gt;" in t for t in texts), texts  # the names are there, escaped
    assert not [t for t in texts if "<" in t]


@pytest.fixture
def tables_with_hostile_names(synthetic_store):
    t = query.load_tables(synthetic_store, full=True)
    actors = t.actors.with_columns(pl.format("<b>{}</b>", "name").alias("name"))
    places = t.places.with_columns(pl.format("<b>{}</b>", "name").alias("name"))
    return query.Tables(**{**{n: getattr(t, n) for n in TABLES}, "actors": actors, "places": places})


# --------------------------------------------------------------------------------------- uploads
def test_upload_limit_setting_matches_the_server_config():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == Settings().max_upload_mb


def test_uploads_are_limited_in_type_and_size():
    from dashboard.views.upload import check_uploads, upload_limit_mb

    settings = Settings.from_env({"NEWSDASH_MAX_UPLOAD_MB": "1"})
    big = b"x" * (1024 * 1024 + 1)
    files = [("a.txt", b"Text."), ("b.exe", b"MZ"), ("c.pdf", b"%PDF"), ("README", b"x"), ("d.csv", big),
             ("e.json.gz", b"\x1f\x8b"), ("f.md", b""), ("../g.html", b"<p>x</p>")]
    accepted, errors = check_uploads(files, settings)
    assert [n for n, _ in accepted] == ["a.txt", "e.json.gz", "../g.html"]
    assert [e.split(" — ")[0] for e in errors] == ["b.exe", "c.pdf", "README", "d.csv", "f.md"]
    assert "file type '.exe' is not accepted" in errors[0] and "without an extension" in errors[2]
    assert "over the 1 MB limit per file (setting max_upload_mb)" in errors[3] and "empty" in errors[4]
    assert upload_limit_mb(settings, server_mb=50) == 1 and upload_limit_mb(Settings(), server_mb=10) == 10


@pytest.mark.parametrize("name", [
    "../../outside.txt", "..\\..\\outside.txt", "/tmp/outside.txt", "%2e%2e%2foutside.txt", "..%2Foutside.txt",
    "uploads/../../outside.txt", "\u202e.txt", "a/./../../outside.txt", "....//....//outside.txt", "~/outside.txt",
    "C:\\Windows\\outside.txt", "outside.txt\x00.jpg", "\u2025/outside.txt", "．．/outside.txt",
])
def test_uploaded_file_names_never_place_data_outside_the_folders(tmp_path, name):
    """Whatever the name, every file the upload writes is inside the upload folder or the data folder."""
    from dashboard.views.upload import add_to_store, upload_dir

    settings = Settings.from_env({}, data_dir=str(tmp_path / "d" / "data"), raw_dir=str(tmp_path / "d" / "raw"))
    before, tmp_outside = set(tmp_path.rglob("*")), Path("/tmp/outside.txt").exists()
    text = b"Title\n\nFinland and Sweden signed a defence agreement in Helsinki on Monday, officials said.\n"
    add_to_store([(name, text)], settings)
    written = {p for p in set(tmp_path.rglob("*")) - before if p.is_file()}
    inside = [upload_dir(settings).resolve(), Path(settings.data_dir).resolve()]
    assert written and all(any(p.resolve().is_relative_to(d) for d in inside) for p in written), written
    assert not list((tmp_path / "d").glob("*outside*")) and Path("/tmp/outside.txt").exists() == tmp_outside


def test_a_symlink_in_the_upload_folder_is_not_followed_outside(tmp_path):
    from dashboard.views.upload import save_uploads

    folder, outside = tmp_path / "uploads", tmp_path / "outside.txt"
    folder.mkdir()
    outside.write_bytes(b"same")
    (folder / "x.txt").symlink_to(outside)
    with pytest.raises(ValueError, match="outside"):
        save_uploads([("x.txt", b"same")], folder)
    assert outside.read_bytes() == b"same"


def test_app_imports_what_plotly_peeks_at_before_any_chart():
    """Concurrent first sessions: Plotly reads ``sys.modules["pandas"]``/``["numpy"]`` without
    importing, so app.py imports numpy itself before any chart (an import waits for a module being
    imported by another thread; a look-up in sys.modules does not) and draws every pass under
    :func:`dashboard.views.late_imports.drawing` until pandas is imported after the first render."""
    from _plotly_utils.optional_imports import get_module

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    top = [a.name for node in tree.body if isinstance(node, ast.Import) for a in node.names]
    assert "numpy" in top and "pandas" not in top
    funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    # every pass draws inside app.drawing(), which holds late_imports.drawing(): a whole run ...
    guard = funcs["drawing"]
    assert "late_imports.drawing()" in {ast.unparse(i.context_expr) for w in ast.walk(guard)
                                         if isinstance(w, ast.With) for i in w.items}
    main = funcs["main"]
    calls = {ast.unparse(c.func) for c in ast.walk(main) if isinstance(c, ast.Call)}
    assert {"late_imports.import_later", "show"} <= calls
    drawn = [w for w in ast.walk(main) if isinstance(w, ast.With)
             and "drawing(settings)" in {ast.unparse(i.context_expr) for i in w.items}]
    assert drawn and any(isinstance(c, ast.Call) and ast.unparse(c.func) == "show"
                         for w in drawn for c in ast.walk(w))
    # ... and a rerun of the panels alone (its guard)
    panels = [c for c in ast.walk(funcs["show"]) if isinstance(c, ast.Call) and ast.unparse(c.func) == "panels.Panels"]
    assert panels and ast.unparse(panels[0].args[-1]) == "lambda: drawing(settings)"
    source = Path(get_module.__code__.co_filename).read_text(encoding="utf-8")
    assert "sys.modules.get(name" in source  # the reason for the gate is still there


@pytest.fixture
def late(tmp_path, monkeypatch):
    """:mod:`dashboard.views.late_imports` in a fresh state, its module a new one of ``tmp_path``
    that logs its import's start and end to ``log`` (it is whole once ``WHOLE`` is set)."""
    import sys
    import threading

    from dashboard.views import late_imports

    name = f"late_module_{tmp_path.name.replace('-', '_')}"
    log = tmp_path / "log"
    (tmp_path / f"{name}.py").write_text(
        "import pathlib, time\n"
        f"log = pathlib.Path({str(log)!r})\n"
        "log.write_text(log.read_text() + 'start ' if log.exists() else 'start ')\n"
        "time.sleep(0.3)\n"
        "log.write_text(log.read_text() + 'end')\n"
        "WHOLE = True\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(late_imports, "MODULE", name)
    for attr in ("_imported", "_started"):
        monkeypatch.setattr(late_imports, attr, threading.Event())
    monkeypatch.setattr(late_imports, "_lock", threading.Lock())
    yield late_imports, name, log
    sys.modules.pop(name, None)


def test_the_late_import_waits_for_the_pass_being_drawn(late):
    import sys
    import time

    late_imports, name, log = late
    assert not late_imports.imported()
    with late_imports.drawing():
        thread = late_imports.import_later()  # a pass starts it while drawing: no deadlock
        assert thread is not None and late_imports.import_later() is None  # once per process
        time.sleep(0.2)  # room for the thread to start, were it not held
        assert not log.exists() and name not in sys.modules
    thread.join(timeout=30)
    assert log.read_text() == "start end" and late_imports.imported()
    assert late_imports.import_later() is None


def test_a_pass_drawn_during_the_late_import_sees_the_module_whole(late):
    import sys
    import threading
    import time

    late_imports, name, log = late
    thread = late_imports.import_later()
    for _ in range(3000):  # until the import has started (its module half-initialised)
        if log.exists():
            break
        time.sleep(0.001)
    seen = {}

    def draw():
        with late_imports.drawing():
            seen["whole"] = getattr(sys.modules.get(name), "WHOLE", False)

    drawer = threading.Thread(target=draw)
    drawer.start()
    drawer.join(timeout=30)
    thread.join(timeout=30)
    assert log.read_text() == "start end" and seen == {"whole": True}


def test_once_imported_a_pass_takes_no_lock(late):
    import threading

    late_imports, name, log = late
    with late_imports.drawing():
        __import__(name)  # a pass that imports it itself (a table converted through pandas)
    assert late_imports.imported()
    done = threading.Event()

    def draw():
        with late_imports.drawing():
            done.set()

    with late_imports._lock:  # held elsewhere: a pass no longer waits for it
        drawer = threading.Thread(target=draw, daemon=True)
        drawer.start()
        drawer.join(timeout=30)
    assert done.is_set()


def test_the_first_load_imports_the_module_alongside_and_no_later_pass_waits(late):
    """:func:`late_imports.alongside` (the process's first load of the tables, inside a pass that
    holds the drawing lock): the module is imported in a thread meanwhile and whole when the block
    ends; nothing is imported again after the pass."""
    import threading
    import time

    late_imports, name, log = late
    with late_imports.drawing():
        with late_imports.alongside():
            for _ in range(3000):  # the import runs while the block does (the lock is the pass's)
                if log.exists():
                    break
                time.sleep(0.001)
            assert log.exists() and not late_imports.imported()
        assert log.read_text() == "start end" and late_imports.imported()
    assert late_imports.import_later() is None  # the pass's end: nothing left to import
    with late_imports.alongside():  # a later load: nothing started
        assert [t for t in threading.enumerate() if t.name == "newsdash-import"] == []
    with late_imports._lock:  # and no pass waits for the lock any more
        with late_imports.drawing():
            pass


def test_app_loads_the_tables_alongside_the_late_import():
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    show = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "show")
    blocks = [w for w in ast.walk(show) if isinstance(w, ast.With)
              and "late_imports.alongside()" in {ast.unparse(i.context_expr) for i in w.items}]
    assert blocks and any(isinstance(c, ast.Call) and ast.unparse(c.func) == "data.corrected_tables"
                          for w in blocks for c in ast.walk(w))
