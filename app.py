"""News event dashboard (Streamlit entry point): ``streamlit run app.py``.

Thin on purpose: page config, settings, building the embedded default data when stale, sidebar
filters, then the panels of :mod:`dashboard.views`. All data logic is in :mod:`dashboard.query`
(loading in ``tables``, the filters in ``filters``, the header counts in ``summary``).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

# Imported whole before any session draws a chart: Plotly looks numpy and pandas up in sys.modules
# without importing them (get_module(should_load=False)), so while one session's thread is still
# importing one another's saw the half-initialised module ("partially initialized module 'pandas'
# has no attribute 'Series'", found by scripts/load_test.py with concurrent first sessions). numpy
# here (the map's figure needs it); pandas, which the first render never uses, after it, under the
# lock every pass draws in until then (dashboard.views.late_imports).
import numpy  # noqa: F401
import streamlit as st

from dashboard import corrections, store
from dashboard.query.events import asserted_view
from dashboard.query.filters import View, apply_filters
from dashboard.query.url import TAB_QUERY_KEY
from dashboard.settings import Settings, env_from_secrets
from dashboard.views import articles, cache, correct, data, downloads, events, filters, late_imports, panels, selection, stances
from dashboard.views import corrections as corrections_view
from dashboard.views import map as map_view
from dashboard.views.safe import md

#: The panels, as tabs; the open one is the ``tab`` query parameter of the URL.
TABS = ("Map", "Stances", "Events", "Articles", "Corrections")
TAB_KEY = TAB_QUERY_KEY
#: Session-state keys whose change only alters what the open panel shows: the tab, the stance
#: panel's own sub-tab. Changing one reruns the panels alone (dashboard.views.panels).
DISPLAY_KEYS = frozenset({TAB_KEY, stances.VIEW_KEY})

# A Material icon, not an emoji: an emoji page icon makes Streamlit import its emoji table to check it
# (streamlit.emojis, ~80 ms of CPU in the first render of every server process; the Material names: ~5 ms).
st.set_page_config(page_title="News events", page_icon=":material/map:", layout="wide")


def ensure_built(settings: Settings) -> None:
    """Build the embedded default data folder from ``raw_dir`` when it is stale.

    The default data folder is (re)built from the default raw folder; another data folder is
    built only when a raw folder was chosen too (``NEWSDASH_RAW_DIR``), otherwise it is shown as it is.
    """
    defaults = Settings()
    default_data = Path(settings.data_dir).resolve() == Path(defaults.data_dir).resolve()
    chosen_raw = Path(settings.raw_dir).resolve() != Path(defaults.raw_dir).resolve()
    if not (default_data or chosen_raw):
        return
    raw = Path(settings.raw_dir)
    if not data.looks_stale(str(raw), str(settings.data_dir)):
        return
    with data.build_lock():
        if not store.is_stale(raw, settings.data_dir):
            return
        with st.status("Building the data from the raw articles…", expanded=True) as status:
            bar = st.progress(0.0, text="Starting")

            def progress(done: int, total: int, label: str) -> None:
                bar.progress(min(done / total, 1.0) if total else 0.0, text=f"{md(label)} ({done}/{total})")  # a title

            try:
                from dashboard import pipeline  # imported lazily: heavy (spaCy)

                pipeline.build(inputs=[raw], out_dir=settings.data_dir, settings=settings, progress=progress)
            except Exception as exc:  # show the previous build (if any) rather than a traceback page
                status.update(label="Build failed", state="error")
                st.error(f"Building the data failed: {md(exc)}")
                return
            status.update(label="Data built", state="complete", expanded=False)
            data.looks_stale.clear()


def header(settings: Settings, manifest: dict, numbers: dict[str, int]) -> None:
    """Title, data folder with build time, and the counts of the filtered view."""
    st.title("News events")
    st.caption(f"Data: `{settings.data_dir}` · built {manifest.get('built_at', 'unknown')}")
    for col, (name, value) in zip(st.columns(4), numbers.items()):
        col.metric(name.capitalize(), f"{value:,}")


def main() -> None:
    """Run one pass of the app."""
    env_from_secrets(st.secrets)  # online geocoder keys from st.secrets, never the repository
    settings = Settings.from_env()
    ensure_built(settings)
    from dashboard.views import upload  # sidebar: add files to the data (incremental build)

    upload.render(settings)
    try:
        with drawing(settings), panels.whole_run(DISPLAY_KEYS):  # builds above never hold a slot
            show(settings)
            if late_imports.imported():  # once per process, with pandas in: later full garbage
                data.settle_heap()  # collections skip what lives as long as the server
    finally:  # also after a pass stopped early (st.stop, a rerun): passes draw one at a time until then
        late_imports.import_later()  # pandas (the tables' conversion), once the first pass is drawn


@contextmanager
def drawing(settings: Settings):
    """A run slot and the drawing lock (until pandas is in), around a whole run or a panels' run."""
    with data.run_slot(settings.concurrent_runs), late_imports.drawing():
        yield


def show(settings: Settings) -> None:
    """Draw the page: header, filters and the open panel (one script run's share of the work)."""
    manifest = store.read_manifest(settings.data_dir)
    raw = data.read_data(settings.data_dir, manifest)
    key = (str(settings.data_dir), str(manifest.get("built_at", "")), corrections.stamp(settings.data_dir))
    with late_imports.alongside():  # pandas imported while the process's first load runs in Polars
        tables, applied, loaded = data.corrected_tables(*key)
    editor = correct.Editor(Path(settings.data_dir), settings.is_read_only,
                            corrections.dictionary_path(settings.data_dir, settings.actor_dictionary), raw,
                            Path(settings.cache_dir))
    if tables.is_empty:
        st.title("News events")
        st.info(
            f"No data in `{settings.data_dir}` yet. Build a corpus with `python -m dashboard build …` "
            "or point `NEWSDASH_DATA_DIR` to a built data folder."
        )
        return

    tz = settings.display_timezone
    bounds, default, labels, listed = data.static_info(*key, tz)
    filters.init_from_url(tables, bounds, TABS, default)
    selection.sync()
    f = filters.sidebar(tables, bounds, labels, default, listed)
    correct.actor_form(editor, tables, labels, f.actors)
    unasserted = filters.include_unasserted()
    view = apply_filters(tables, f, tz)

    # Cross-filtering: each selectable panel shows the view without its own selection, so the
    # other places, pairs and dates stay choosable.
    def without(**unset) -> View:
        return apply_filters(tables, f.replace(**unset), tz) if any(getattr(f, k) for k in unset) else view

    # Stances, map colours and timeline count asserted events unless the switch says otherwise.
    points, numbers, left_out = cache.per_view(cache.summary, tables, view, unasserted)  # once per filter state
    factual = asserted_view(view, unasserted, left_out)[0]
    header(settings, manifest, numbers)
    filters.show_url_warnings()
    if numbers["events"] == 0 and numbers["articles"] == 0:
        st.info("Nothing matches these filters. Widen the date range or remove a filter.")
    downloads.render(tables, view)

    # Only the open tab runs (and is sent): the tab is bound to the URL (``?tab=Stances``), so a
    # shared link opens on the same panel. The tabs are a fragment: switching reruns them alone.
    def draw(tabs: list) -> str | None:
        tab_map, tab_stances, tab_events, tab_articles, tab_corr = tabs
        article = f.article
        if tab_map.open:
            with tab_map:
                map_data = without(places=())
                shown, left = (factual, left_out) if map_data is view else asserted_view(
                    map_data, unasserted, cache.per_view(cache.left_out, tables, map_data, unasserted))
                map_view.render(tables, shown, settings.map_style, points if map_data is view else None)
                filters.left_out_caption(left)
                correct.place_form(editor, tables, view, f.places)
        if tab_stances.open:
            with tab_stances:
                stances.render(tables, without(pair=None), view, unasserted)
        if tab_events.open:
            with tab_events:
                events.render(tables, without(span=None), view, tz, unasserted)
                correct.event_form(editor, tables, view, labels)
        if tab_articles.open:
            with tab_articles:
                article = articles.render(tables, view, tz)
                correct.article_form(editor, tables, article)
        if tab_corr.open:
            with tab_corr:
                corrections_view.render(editor, loaded, applied)
        return article

    article = panels.render(panels.Panels(TABS, TAB_KEY, DISPLAY_KEYS, draw, lambda: drawing(settings)))
    filters.write_url(f.replace(article=article), default, bounds)
    # Once this pass is drawn, the per-article pairs (what every filtered view needs, seconds at
    # ten million events) are computed in the background: no pass waits for them unless it needs them.
    tables.prefetch_pairs()

main()
